namespace GrantTracker.Application.Features.Agreements.Definition;

/// <summary>
/// An agreement's whole definition as a file: the format of <c>seed/agreements/*.json</c>, extended with what the app can hold
/// (line names, national keys per line and as tables, activities' lines and project codes, requirement years, the status).
/// Read by <see cref="DefinitionReader"/>, written by <see cref="DefinitionWriter"/>, described for people in
/// <c>docs/agreement-definition.md</c> and for tools in <c>docs/agreement-definition.schema.json</c>. Property names are the JSON's,
/// camelCase; files (the agreement's PDF, decisions) are not part of it.
/// </summary>
/// <param name="Source">Where the definition was transcribed from (a seed document's number). Read, not stored.</param>
/// <param name="Status">"Aktiv" (the default) or "Utkast": a draft still being checked.</param>
/// <param name="PopulationSharePercent">The region's population share in per cent (1,259986), that the national keys are checked at.</param>
public sealed record AgreementDefinition(
    string Code,
    string Name,
    string Counterparty,
    string? DiaryNumber,
    int? Category,
    DateOnly StartDate,
    DateOnly EndDate,
    decimal? NationalTotal,
    decimal RegionAllocation,
    string? Responsible,
    string? Contact,
    string? DecisionBody,
    string? Description,
    string? Source,
    string? Status,
    decimal? PopulationSharePercent,
    IReadOnlyList<AreaDefinition> Areas,
    IReadOnlyList<CostObjectDefinition> CostObjects,
    IReadOnlyList<ConditionDefinition> Conditions,
    IReadOnlyList<ObligationDefinition> Obligations,
    IReadOnlyList<ActivityDefinition> Activities,
    IReadOnlyList<RequirementDefinition> Requirements);

/// <summary>A development area, or with a parent a sub-area; its amount, when stated, is a ceiling for the lines below it.</summary>
public sealed record AreaDefinition(
    string Code,
    string Name,
    decimal? Amount,
    IReadOnlyList<AreaDefinition> SubAreas,
    IReadOnlyList<LineDefinition> Lines,
    NationalKeyDefinition? National);

/// <summary>An allocation line: an amount for a year on a cost object.</summary>
/// <param name="Name">What the line is for ("Befolkningsdel"): tells two lines of one area apart.</param>
public sealed record LineDefinition(
    string Code,
    int Year,
    decimal Amount,
    string CostObject,
    bool RingFenced,
    IReadOnlyList<EarmarkDefinition> Earmarks,
    string? Name,
    string? Description,
    NationalKeyDefinition? National);

public sealed record EarmarkDefinition(string Name, decimal Amount);

/// <summary>
/// The national amount an area's or a line's money comes from and its rule. A pending key (the rule known, the figures not yet:
/// what a copy for next year carries) has amount 0 and no table rows.
/// </summary>
/// <param name="Rule">"populationShare", "basePlusShare" or "table".</param>
/// <param name="Share">This key's population share in per cent; without it the agreement's <c>populationSharePercent</c>.</param>
/// <param name="Region">For a table: the name of the region's own row.</param>
/// <param name="Source">Where the rule is stated. Read, not stored.</param>
public sealed record NationalKeyDefinition(
    decimal Amount,
    string Rule,
    decimal? BaseAmount,
    int? Regions,
    decimal? Share,
    string? Region,
    IReadOnlyList<RegionAmountDefinition>? Table,
    string? Source);

public sealed record RegionAmountDefinition(string Region, decimal Amount);

/// <summary>The months (yyyy-MM) in which a ledger cost object belongs to the agreement.</summary>
public sealed record CostObjectDefinition(string Code, string Name, string From, string To);

public sealed record ConditionDefinition(string Code, string Text, string? Source);

/// <param name="Kind">Slutredovisning, Redovisning, Handlingsplan, Manadsrapport, Tertialrapport, Delarsbokslut or Arsbokslut.</param>
/// <param name="Owner">Who answers for the report; without it the agreement's responsible.</param>
public sealed record ObligationDefinition(
    string Kind,
    string Title,
    string Recipient,
    DateOnly DueDate,
    bool DueDateAssumed,
    string? Note,
    string? Source,
    string? Owner);

/// <summary>
/// An activity, imported as a draft. It belongs to the line <see cref="LineCode"/> names; an older file names only the area and
/// the cost object, and the activity then belongs to that area's first line on the object.
/// </summary>
/// <param name="Budget">The older single budget, for the agreement's first year; <see cref="Budgets"/> states it per year.</param>
/// <param name="ProjectCode">The ledger's project code that books rows on this activity, and so on its line.</param>
/// <param name="Earmark">The name of the line's "varav" part the activity counts toward.</param>
public sealed record ActivityDefinition(
    int Number,
    string? CostObject,
    string? AreaCode,
    string? LineCode,
    string? ProjectCode,
    string? Goal,
    string Measure,
    string? FundsFor,
    decimal? Budget,
    IReadOnlyList<BudgetDefinition>? Budgets,
    string? Responsible,
    string? Earmark,
    DateOnly? StartDate,
    DateOnly? EndDate);

public sealed record BudgetDefinition(int Year, decimal Amount);

/// <summary>A reporting requirement; the kinds, reports and directions as in <c>docs/agreement-definition.md</c>.</summary>
public sealed record RequirementDefinition(
    string Code,
    string Section,
    string Kind,
    string Text,
    string? Report,
    string? Unit,
    decimal? Baseline,
    decimal? Target,
    string? Direction,
    string? Counted,
    string? DataSource,
    bool SplitBySex,
    int? FirstYear,
    int? LastYear);
