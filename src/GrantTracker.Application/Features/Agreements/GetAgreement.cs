using GrantTracker.Application.Data;
using GrantTracker.Domain.Agreements;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Features.Agreements;

/// <summary>An agreement as a tree: areas, sub-areas and lines with totals per level.</summary>
/// <param name="OnlyPerformer">
/// For an Utförare: only the activities this provider performs, and none of the region's money (allocation, lines,
/// totals): a provider sees its own share and nothing else of the region's.
/// </param>
public sealed record GetAgreementQuery(int Id, string? OnlyPerformer = null) : IQuery<AgreementView?>;

public sealed record AgreementView(
    int Id,
    string Code,
    string Name,
    string Counterparty,
    string? DiaryNumber,
    int? Category,
    DateOnly StartDate,
    DateOnly EndDate,
    decimal? NationalTotal,
    decimal RegionAllocation,
    decimal LinesTotal,
    string? Responsible,
    string? Contact,
    string? DecisionBody,
    string? Description,
    AgreementStatus Status,
    long Version,
    IReadOnlyList<AreaNode> Areas,
    IReadOnlyList<CostObjectView> CostObjects,
    IReadOnlyList<ConditionView> Conditions,
    IReadOnlyList<ObligationView> Obligations,
    IReadOnlyList<ActivityRow> Activities,
    bool RegionMoneyShown = true)
{
    /// <summary>Every area and sub-area, depth first, for pickers.</summary>
    public IEnumerable<AreaNode> AllAreas() => Areas.SelectMany(a => a.SelfAndDescendants());
}

public sealed record AreaNode(int Id, string Code, string Name, decimal? Amount, decimal Total, int Depth, IReadOnlyList<AreaNode> SubAreas, IReadOnlyList<LineView> Lines)
{
    public bool IsLeaf => SubAreas.Count == 0;

    public IEnumerable<AreaNode> SelfAndDescendants() => new[] { this }.Concat(SubAreas.SelectMany(s => s.SelfAndDescendants()));
}

public sealed record LineView(int Id, int AreaId, string Code, int Year, decimal Amount, string CostObjectCode, bool RingFenced, IReadOnlyList<Earmark> Earmarks,
    string? Name = null, string? Description = null, NationalKey? National = null)
{
    /// <summary>The line's code with its name: "2.1.b Primärvård i landsbygd".</summary>
    public string Label => Name is null ? Code : $"{Code} {Name}";
}

public sealed record CostObjectView(int Id, string Code, string Name, string From, string To);

public sealed record ConditionView(string Code, string Text, string? Source);

public sealed record ObligationView(int Id, ObligationKind Kind, string Title, string Recipient, DateOnly DueDate, bool DueDateAssumed, string? Note);

public sealed record ActivityRow(int Id, int Number, string CostObjectCode, string? AreaCode, string? Goal, string Measure, string? FundsFor, decimal? Budget, string? Responsible, GrantTracker.Domain.Activities.ActivityStatus Status);

public sealed class GetAgreementHandler(AppDbContext db, FiguresCache cache) : IQueryHandler<GetAgreementQuery, AgreementView?>
{
    /// <summary>
    /// Once per change of the data (<see cref="FiguresCache"/>), keyed by the whole query: an Utförare's answer
    /// (<see cref="GetAgreementQuery.OnlyPerformer"/>) is another key than the region's.
    /// </summary>
    public async ValueTask<AgreementView?> Handle(GetAgreementQuery query, CancellationToken ct) =>
        await cache.GetAsync(db, query, token => ComputeAsync(query, token), ct);

    private async Task<AgreementView?> ComputeAsync(GetAgreementQuery query, CancellationToken ct)
    {
        var a = await db.Agreements.AsNoTrackingWithIdentityResolution().AsSplitQuery()
            .Include(x => x.Areas)
            .Include(x => x.Lines)
            .Include(x => x.CostObjects)
            .Include(x => x.Conditions)
            .Include(x => x.Obligations)
            .SingleOrDefaultAsync(x => x.Id == query.Id, ct);
        if (a is null)
        {
            return null;
        }
        var areaCodes = a.Areas.ToDictionary(x => x.Id, x => x.Code);
        var scoped = query.OnlyPerformer is not null;
        var activities = await db.Activities.AsNoTracking()
            .Where(x => x.AgreementId == a.Id && (!scoped || x.PerformerName == query.OnlyPerformer))
            .OrderBy(x => x.Number)
            .Select(x => new { x.Id, x.Number, x.CostObjectCode, x.AreaId, x.Goal, x.Measure, x.FundsFor, Budgets = x.Budgets.Select(b => b.Amount).ToList(), Responsible = x.ResponsiblePerson, x.Status })
            .ToListAsync(ct);

        AreaNode Node(DevelopmentArea area, int depth) => new(
            area.Id, area.Code, area.Name, area.Amount, a.AreaTotal(area), depth,
            a.Areas.Where(s => s.ParentId == area.Id).OrderBy(s => s.SortOrder).Select(s => Node(s, depth + 1)).ToList(),
            a.Lines.Where(l => l.AreaId == area.Id).OrderBy(l => l.Year).ThenBy(l => l.Code)
                .Select(l => new LineView(l.Id, l.AreaId, l.Code, l.Year, l.Amount, l.CostObjectCode, l.RingFenced, l.Earmarks.ToList(), l.Name, l.Description, l.National))
                .ToList());

        return new AgreementView(
            a.Id, a.Code, a.Name, a.Counterparty, a.DiaryNumber, a.Category, a.StartDate, a.EndDate, scoped ? null : a.NationalTotal,
            scoped ? 0 : a.RegionAllocation, scoped ? 0 : a.LinesTotal, a.Responsible, a.Contact, a.DecisionBody, a.Description, a.Status, a.Version,
            scoped ? [] : a.Areas.Where(x => x.ParentId is null).OrderBy(x => x.SortOrder).Select(x => Node(x, 0)).ToList(),
            a.CostObjects.OrderBy(o => o.CostObjectCode).ThenBy(o => o.From)
                .Select(o => new CostObjectView(o.Id, o.CostObjectCode, o.Name, o.From.ToString(), o.To.ToString())).ToList(),
            a.Conditions.OrderBy(c => c.Id).Select(c => new ConditionView(c.Code, c.Text, c.Source)).ToList(),
            a.Obligations.OrderBy(o => o.DueDate).Select(o => new ObligationView(o.Id, o.Kind, o.Title, o.Recipient, o.DueDate, o.DueDateAssumed, o.Note)).ToList(),
            activities.Select(x => new ActivityRow(x.Id, x.Number, x.CostObjectCode, x.AreaId is { } id ? areaCodes.GetValueOrDefault(id) : null,
                x.Goal, x.Measure, x.FundsFor, x.Budgets.Count == 0 ? null : x.Budgets.Sum(), x.Responsible, x.Status)).ToList(),
            RegionMoneyShown: !scoped);
    }
}
