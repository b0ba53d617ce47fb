namespace GrantTracker.Application.Seeding;

/// <summary>The shape of the agreement files in <c>seed/agreements/</c>, transcribed from the seed documents.</summary>
public sealed record AgreementSeed(
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
    IReadOnlyList<AreaSeed> Areas,
    IReadOnlyList<CostObjectSeed> CostObjects,
    IReadOnlyList<ConditionSeed> Conditions,
    IReadOnlyList<ObligationSeed> Obligations,
    IReadOnlyList<ActivitySeed> Activities,
    decimal? PopulationSharePercent = null,
    IReadOnlyList<RequirementSeed>? Requirements = null);

/// <summary>
/// A reporting requirement the document states (<see cref="Domain.Agreements.ReportingRequirement"/>): kind "narrative", "indicator",
/// "count" or "sexBreakdown"; report "Slutredovisning" (default) or "Redovisning" (the VFU report); direction "atLeast", "atMost" or
/// "riseByPercent"; counted items separated by ";".
/// </summary>
public sealed record RequirementSeed(string Code, string Section, string Kind, string Text, string? Report, string? Unit, decimal? Baseline, decimal? Target,
    string? Direction, string? Counted, string? DataSource);

public sealed record AreaSeed(string Code, string Name, decimal? Amount, IReadOnlyList<AreaSeed>? SubAreas, IReadOnlyList<LineSeed>? Lines, NationalSeed? National = null);

/// <summary>The national amount an area comes from and its rule: "populationShare", or "basePlusShare" with a base per region.</summary>
public sealed record NationalSeed(decimal Amount, string Rule, decimal? BaseAmount, int? Regions, string? Source);

public sealed record LineSeed(string Code, int Year, decimal Amount, string CostObject, bool RingFenced, IReadOnlyList<EarmarkSeed>? Earmarks);

public sealed record EarmarkSeed(string Name, decimal Amount);

public sealed record CostObjectSeed(string Code, string Name, string From, string To);

public sealed record ConditionSeed(string Code, string Text, string? Source);

public sealed record ObligationSeed(string Kind, string Title, string Recipient, DateOnly DueDate, bool DueDateAssumed, string? Note, string? Source);

public sealed record ActivitySeed(int Number, string CostObject, string AreaCode, string? Goal, string Measure, string? FundsFor, decimal? Budget, string? Responsible);
