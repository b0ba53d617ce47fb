using GrantTracker.Application.Data;
using GrantTracker.Domain.Agreements;
using GrantTracker.Domain.Common;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Features.Agreements;

/// <summary>
/// The parts of an agreement's definition the officer edits beside its areas and lines: conditions, reporting obligations,
/// reporting requirements and cost-object periods, each with what decides whether it may still be changed or removed (a report's
/// statements, a sent file, the answers). Null for an unknown agreement. Answered through <see cref="FiguresCache"/>.
/// </summary>
public sealed record GetAgreementDefinitionQuery(int Id) : IQuery<AgreementDefinitionView?>;

public sealed record AgreementDefinitionView(
    int Id,
    string Code,
    string Name,
    long Version,
    int FirstYear,
    int LastYear,
    IReadOnlyList<DefinitionCondition> Conditions,
    IReadOnlyList<DefinitionObligation> Obligations,
    IReadOnlyList<DefinitionRequirement> Requirements,
    IReadOnlyList<DefinitionCostObject> CostObjects,
    IReadOnlyList<string> LineObjects)
{
    public IReadOnlyList<int> Years => [.. Enumerable.Range(FirstYear, LastYear - FirstYear + 1)];
}

/// <param name="StatementYears">The years whose final report states how the condition was met: it cannot be removed while they do.</param>
public sealed record DefinitionCondition(int Id, string Code, string Text, string? Source, IReadOnlyList<int> StatementYears);

/// <param name="FilesKept">Files sent for the report are kept: it was sent, even if reopened since.</param>
public sealed record DefinitionObligation(int Id, ObligationKind Kind, string Title, string Recipient, DateOnly DueDate, bool DueDateAssumed, string? Note,
    string? Source, ObligationStatus Status, DateOnly? SentOn, bool FilesKept, string? ChangeReason)
{
    /// <summary>A sent report's obligation changes only with a reason and is never removed.</summary>
    public bool Sent => Status == ObligationStatus.Inskickad || SentOn is not null || FilesKept;
}

/// <param name="AnsweredYears">The years with an answer or an evidence file: the requirement cannot be removed, nor these years left out of its years.</param>
public sealed record DefinitionRequirement(int Id, string Code, string Section, RequirementKind Kind, string Text, ObligationKind Report, string? Unit,
    decimal? Baseline, decimal? Target, TargetDirection? Direction, string? TargetText, string? Counted, string? DataSource, bool SplitBySex, int? FirstYear,
    int? LastYear, IReadOnlyList<int> AnsweredYears)
{
    /// <summary>The years it applies to, in words: "alla år", "2025", "2024–2025", "från 2025", "till och med 2024".</summary>
    public string YearsText => ReportingRequirement.YearsPhrase(FirstYear, LastYear);
}

/// <param name="LinesOnObject">How many of the agreement's lines book on the object.</param>
/// <param name="PeriodsOfObject">How many periods the object has in the agreement: the last one of an object with lines stays.</param>
public sealed record DefinitionCostObject(int Id, string Code, string Name, YearMonth From, YearMonth To, int LinesOnObject, int PeriodsOfObject);

public sealed class GetAgreementDefinitionHandler(AppDbContext db, FiguresCache cache) : IQueryHandler<GetAgreementDefinitionQuery, AgreementDefinitionView?>
{
    public async ValueTask<AgreementDefinitionView?> Handle(GetAgreementDefinitionQuery query, CancellationToken ct) =>
        await cache.GetAsync(db, query, token => ComputeAsync(query.Id, token), ct);

    private async Task<AgreementDefinitionView?> ComputeAsync(int id, CancellationToken ct)
    {
        var a = await db.Agreements.AsNoTrackingWithIdentityResolution().AsSplitQuery()
            .Include(x => x.Lines)
            .Include(x => x.CostObjects)
            .Include(x => x.Conditions)
            .Include(x => x.Obligations)
            .SingleOrDefaultAsync(x => x.Id == id, ct);
        if (a is null)
        {
            return null;
        }
        var statements = (await db.ConditionStatements.AsNoTracking().Where(s => s.AgreementId == id).Select(s => new { s.ConditionId, s.Year }).ToListAsync(ct))
            .ToLookup(s => s.ConditionId, s => s.Year);
        var obligationIds = a.Obligations.Select(o => o.Id).ToList();
        var withFiles = (await db.ObligationFiles.AsNoTracking().Where(f => obligationIds.Contains(f.ObligationId)).Select(f => f.ObligationId).Distinct().ToListAsync(ct))
            .ToHashSet();
        var requirements = await db.ReportingRequirements.AsNoTracking().Where(r => r.AgreementId == id).OrderBy(r => r.SortOrder).ThenBy(r => r.Id).ToListAsync(ct);
        var requirementIds = requirements.Select(r => r.Id).ToList();
        var answered = (await db.RequirementAnswers.AsNoTracking().Where(x => requirementIds.Contains(x.RequirementId)).Select(x => new { x.RequirementId, x.Year })
                .Concat(db.RequirementEvidence.AsNoTracking().Where(x => requirementIds.Contains(x.RequirementId)).Select(x => new { x.RequirementId, x.Year }))
                .ToListAsync(ct))
            .ToLookup(x => x.RequirementId, x => x.Year);

        return new AgreementDefinitionView(a.Id, a.Code, a.Name, a.Version, a.FirstYear, a.LastYear,
            a.Conditions.OrderBy(c => c.Id).Select(c => new DefinitionCondition(c.Id, c.Code, c.Text, c.Source, statements[c.Id].Distinct().Order().ToList())).ToList(),
            a.Obligations.OrderBy(o => o.DueDate).ThenBy(o => o.Id)
                .Select(o => new DefinitionObligation(o.Id, o.Kind, o.Title, o.Recipient, o.DueDate, o.DueDateAssumed, o.Note, o.Source, o.Status, o.SentOn,
                    withFiles.Contains(o.Id), o.ChangeReason))
                .ToList(),
            requirements.Select(r => new DefinitionRequirement(r.Id, r.Code, r.Section, r.Kind, r.Text, r.Report, r.Unit, r.Baseline, r.Target, r.Direction,
                    r.TargetText, r.Counted, r.DataSource, r.SplitBySex, r.FirstYear, r.LastYear, answered[r.Id].Distinct().Order().ToList()))
                .ToList(),
            a.CostObjects.OrderBy(o => o.CostObjectCode).ThenBy(o => o.From)
                .Select(o => new DefinitionCostObject(o.Id, o.CostObjectCode, o.Name, o.From, o.To, a.Lines.Count(l => l.CostObjectCode == o.CostObjectCode),
                    a.CostObjects.Count(p => p.CostObjectCode == o.CostObjectCode)))
                .ToList(),
            a.Lines.Select(l => l.CostObjectCode).Distinct().Order(StringComparer.Ordinal).ToList());
    }
}
