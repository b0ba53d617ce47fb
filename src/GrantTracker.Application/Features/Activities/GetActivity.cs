using GrantTracker.Application.Data;
using GrantTracker.Domain.Activities;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Features.Activities;

public sealed record GetActivityQuery(int Id) : IQuery<ActivityView?>;

public sealed record ActivityView(
    int Id,
    long Version,
    int AgreementId,
    string AgreementName,
    int Number,
    int? LineId,
    string? LineCode,
    string? AreaName,
    string CostObjectCode,
    decimal? LineAmount,
    bool LineRingFenced,
    decimal LineDecided,
    decimal LinePlanned,
    string? Goal,
    string Measure,
    string? FundsFor,
    string? ResponsiblePerson,
    string? ResponsibleUnit,
    string? PerformerName,
    PerformerKind PerformerKind,
    DateOnly? StartDate,
    DateOnly? EndDate,
    IReadOnlyList<BudgetYear> Budgets,
    Investment? Investment,
    ExitPlan? ExitPlan,
    ActivityStatus Status,
    DateOnly? DecisionDate,
    string? DecisionReference,
    string? DecisionNote,
    IReadOnlyList<ActivityTransition> Transitions,
    IReadOnlyList<string> Conditions,
    string? ProjectCode = null,
    string? Earmark = null,
    IReadOnlyList<string>? LineEarmarks = null,
    DateOnly? AgreementEnd = null,
    bool AgreementClosed = false)
{
    /// <summary>What has ended by <paramref name="today"/> (the entity's rule): preparing or granting then needs a reason (issue 25).</summary>
    public string? Ended(DateOnly today) => Activity.Ended(EndDate, AgreementEnd, today);

    public decimal TotalBudget => Budgets.Sum(b => b.Amount);

    public bool IsEditable => Status is ActivityStatus.Utkast or ActivityStatus.Beredd;

    /// <summary>The depreciation plan: what may be booked on the cost object each year.</summary>
    public IReadOnlyList<BudgetYear> DepreciationPlan => Investment is null
        ? []
        : Enumerable.Range(Investment.FirstYear, Investment.DepreciationYears).Select(y => new BudgetYear(y, Investment.DepreciationIn(y))).ToList();

    /// <summary>The line's decided activities exceed its amount; planned ones never make it over-committed.</summary>
    public bool OverCommitted => LineAmount is { } amount && LineDecided > amount;

    /// <summary>What a draft still needs before it can be prepared for decision (the entity's own check).</summary>
    public IReadOnlyList<GrantTracker.Domain.Common.Error> MissingForPreparation =>
        Activity.MissingForPreparation(TotalBudget, ResponsiblePerson, StartDate, EndDate, ExitPlan);
}

public sealed class GetActivityHandler(AppDbContext db, FiguresCache figures) : IQueryHandler<GetActivityQuery, ActivityView?>
{
    /// <summary>Once per change of the data (<see cref="FiguresCache"/>): seven statements a request before (issue 24). The page checks who may see it.</summary>
    public async ValueTask<ActivityView?> Handle(GetActivityQuery query, CancellationToken ct) =>
        await figures.GetAsync(db, query, token => ComputeAsync(query, token), ct);

    private async Task<ActivityView?> ComputeAsync(GetActivityQuery query, CancellationToken ct)
    {
        var a = await db.Activities.AsNoTracking().SingleOrDefaultAsync(x => x.Id == query.Id, ct);
        if (a is null)
        {
            return null;
        }
        var agreement = await db.Agreements.Where(g => g.Id == a.AgreementId).Select(g => new { g.Name, g.EndDate, g.Status }).SingleAsync(ct);
        var agreementName = agreement.Name;
        var line = a.AllocationLineId is { } lineId
            ? await db.AllocationLines.AsNoTracking().Where(l => l.Id == lineId)
                .Select(l => new { l.Code, l.Amount, l.RingFenced, AreaName = l.Area.Name }).SingleOrDefaultAsync(ct)
            : null;
        var (decided, planned) = a.AllocationLineId is { } id ? await ActivityLoader.LineBudgetsAsync(db, id, null, ct) : (0m, 0m);
        var earmarks = a.AllocationLineId is { } withParts
            ? await db.AllocationLines.AsNoTracking().Where(l => l.Id == withParts).SelectMany(l => l.Earmarks.Select(e => e.Name)).ToListAsync(ct)
            : [];
        var conditions = await db.AgreementConditions.AsNoTracking()
            .Where(c => c.AgreementId == a.AgreementId).OrderBy(c => c.Id).Select(c => c.Text).ToListAsync(ct);
        return new ActivityView(a.Id, a.Version, a.AgreementId, agreementName, a.Number, a.AllocationLineId, line?.Code, line?.AreaName,
            a.CostObjectCode, line?.Amount, line?.RingFenced ?? false, decided, planned, a.Goal, a.Measure, a.FundsFor, a.ResponsiblePerson,
            a.ResponsibleUnit, a.PerformerName, a.PerformerKind, a.StartDate, a.EndDate, a.Budgets.ToList(), a.Investment, a.ExitPlan,
            a.Status, a.DecisionDate, a.DecisionReference, a.DecisionNote, a.Transitions.ToList(), conditions, a.ProjectCode, a.Earmark, earmarks, agreement.EndDate,
            agreement.Status == GrantTracker.Domain.Agreements.AgreementStatus.Avslutad);
    }
}
