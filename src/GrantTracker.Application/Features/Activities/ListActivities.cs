using GrantTracker.Application.Data;
using GrantTracker.Domain.Activities;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Features.Activities;

/// <summary>The activity register across agreements, filtered; filtering happens in SQL.</summary>
public sealed record ListActivitiesQuery(
    int? AgreementId = null,
    int? LineId = null,
    ActivityStatus? Status = null,
    string? Responsible = null,
    string? Performer = null,
    string? CostObject = null,
    string? OnlyPerformer = null) : IQuery<ActivityList>;

public sealed record ActivityList(
    IReadOnlyList<ActivityListRow> Rows,
    IReadOnlyList<AgreementOption> Agreements,
    IReadOnlyList<LineOption> Lines,
    IReadOnlyList<string> CostObjects,
    decimal BudgetTotal)
{
    /// <summary>The listed decided activities' budgets: money the region has decided to spend.</summary>
    public decimal DecidedTotal => Rows.Where(r => r.Status.IsDecided()).Sum(r => r.Budget);

    /// <summary>The listed drafts' and prepared activities' budgets: plans.</summary>
    public decimal PlannedTotal => Rows.Where(r => r.Status.IsPlanned()).Sum(r => r.Budget);
}

public sealed record AgreementOption(int Id, string Name);

public sealed record LineOption(int Id, int AgreementId, string Label);

public sealed record ActivityListRow(
    int Id,
    int AgreementId,
    string AgreementName,
    int Number,
    string CostObjectCode,
    int? LineId,
    string? LineCode,
    string? AreaCode,
    string? Goal,
    string Measure,
    string? FundsFor,
    decimal Budget,
    string? ResponsiblePerson,
    string? ResponsibleUnit,
    string? PerformerName,
    PerformerKind PerformerKind,
    ActivityStatus Status,
    bool HasExitPlan,
    DateOnly? StartDate,
    DateOnly? EndDate);

public sealed class ListActivitiesHandler(AppDbContext db, FiguresCache cache) : IQueryHandler<ListActivitiesQuery, ActivityList>
{
    /// <summary>
    /// Once per change of the data (<see cref="FiguresCache"/>), keyed by the whole query, filters and
    /// <see cref="ListActivitiesQuery.OnlyPerformer"/> included: an Utförare's list is a key of its own and never another's answer.
    /// </summary>
    public async ValueTask<ActivityList> Handle(ListActivitiesQuery query, CancellationToken ct) =>
        await cache.GetAsync(db, query, token => ComputeAsync(query, token), ct);

    private async Task<ActivityList> ComputeAsync(ListActivitiesQuery query, CancellationToken ct)
    {
        var activities = db.Activities.AsNoTracking();
        if (query.AgreementId is { } agreementId)
        {
            activities = activities.Where(a => a.AgreementId == agreementId);
        }
        if (query.LineId is { } lineId)
        {
            activities = activities.Where(a => a.AllocationLineId == lineId);
        }
        if (query.Status is { } status)
        {
            activities = activities.Where(a => a.Status == status);
        }
        if (!string.IsNullOrWhiteSpace(query.CostObject))
        {
            activities = activities.Where(a => a.CostObjectCode == query.CostObject);
        }
        if (!string.IsNullOrWhiteSpace(query.Responsible))
        {
            var text = query.Responsible.Trim();
            activities = activities.Where(a => (a.ResponsiblePerson != null && a.ResponsiblePerson.Contains(text))
                                               || (a.ResponsibleUnit != null && a.ResponsibleUnit.Contains(text)));
        }
        if (query.OnlyPerformer is { } own)
        {
            // An Utförare sees only the activities it performs (exact name), never another provider's.
            activities = activities.Where(a => a.PerformerName == own);
        }
        if (!string.IsNullOrWhiteSpace(query.Performer))
        {
            var text = query.Performer.Trim();
            activities = activities.Where(a => a.PerformerName != null && a.PerformerName.Contains(text));
        }

        var rows = await (
                from a in activities
                join g in db.Agreements on a.AgreementId equals g.Id
                join l in db.AllocationLines on a.AllocationLineId equals l.Id into lines
                from l in lines.DefaultIfEmpty()
                join area in db.DevelopmentAreas on a.AreaId equals area.Id into areas
                from area in areas.DefaultIfEmpty()
                orderby g.StartDate, g.Name, a.Number
                select new
                {
                    a.Id, AgreementId = g.Id, AgreementName = g.Name, a.Number, a.CostObjectCode, a.AllocationLineId,
                    LineCode = l == null ? null : l.Code, AreaCode = area == null ? null : area.Code,
                    a.Goal, a.Measure, a.FundsFor, Budgets = a.Budgets.Select(b => b.Amount).ToList(),
                    a.ResponsiblePerson, a.ResponsibleUnit, a.PerformerName, a.PerformerKind, a.Status,
                    HasExitPlan = a.ExitPlan != null, a.StartDate, a.EndDate,
                })
            .AsSplitQuery()
            .ToListAsync(ct);

        var agreements = await db.Agreements.AsNoTracking().OrderBy(a => a.StartDate)
            .Select(a => new AgreementOption(a.Id, a.Name)).ToListAsync(ct);
        var lineOptions = await db.AllocationLines.AsNoTracking()
            .OrderBy(l => l.AgreementId).ThenBy(l => l.Code)
            .Select(l => new { l.Id, l.AgreementId, l.Code, AreaName = l.Area.Name, l.CostObjectCode })
            .ToListAsync(ct);
        var objects = await db.Activities.AsNoTracking().Select(a => a.CostObjectCode).Distinct().OrderBy(c => c).ToListAsync(ct);

        var result = rows.Select(r => new ActivityListRow(r.Id, r.AgreementId, r.AgreementName, r.Number, r.CostObjectCode, r.AllocationLineId,
                r.LineCode, r.AreaCode, r.Goal, r.Measure, r.FundsFor, r.Budgets.Sum(), r.ResponsiblePerson, r.ResponsibleUnit,
                r.PerformerName, r.PerformerKind, r.Status, r.HasExitPlan, r.StartDate, r.EndDate))
            .ToList();
        return new ActivityList(result, agreements,
            lineOptions.Select(l => new LineOption(l.Id, l.AgreementId, $"{l.Code} {l.AreaName} ({l.CostObjectCode})")).ToList(),
            objects, result.Sum(r => r.Budget));
    }
}
