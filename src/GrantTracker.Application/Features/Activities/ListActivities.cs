using GrantTracker.Application.Data;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Features.Activities;

/// <summary>The activities across agreements, optionally for one agreement or cost object.</summary>
public sealed record ListActivitiesQuery(int? AgreementId = null, string? CostObject = null) : IQuery<ActivityList>;

public sealed record ActivityList(IReadOnlyList<ActivityListRow> Rows, IReadOnlyList<(int Id, string Name)> Agreements, IReadOnlyList<string> CostObjects, decimal BudgetTotal);

public sealed record ActivityListRow(int Id, int AgreementId, string AgreementName, int Number, string CostObjectCode, string? AreaCode, string? Goal, string Measure, string? FundsFor, decimal? Budget, string? Responsible);

public sealed class ListActivitiesHandler(AppDbContext db) : IQueryHandler<ListActivitiesQuery, ActivityList>
{
    public async ValueTask<ActivityList> Handle(ListActivitiesQuery query, CancellationToken ct)
    {
        var activities = db.Activities.AsNoTracking();
        if (query.AgreementId is { } agreementId)
        {
            activities = activities.Where(a => a.AgreementId == agreementId);
        }
        if (!string.IsNullOrWhiteSpace(query.CostObject))
        {
            activities = activities.Where(a => a.CostObjectCode == query.CostObject);
        }
        var rows = await (
                from a in activities
                join g in db.Agreements on a.AgreementId equals g.Id
                join area in db.DevelopmentAreas on a.AreaId equals area.Id into areas
                from area in areas.DefaultIfEmpty()
                orderby g.StartDate, g.Name, a.Number
                select new ActivityListRow(a.Id, g.Id, g.Name, a.Number, a.CostObjectCode, area == null ? null : area.Code,
                    a.Goal, a.Measure, a.FundsFor, a.Budget, a.Responsible))
            .ToListAsync(ct);
        var agreements = await db.Agreements.AsNoTracking().OrderBy(a => a.StartDate).Select(a => new { a.Id, a.Name }).ToListAsync(ct);
        var objects = await db.Activities.AsNoTracking().Select(a => a.CostObjectCode).Distinct().OrderBy(c => c).ToListAsync(ct);
        return new ActivityList(rows, agreements.Select(a => (a.Id, a.Name)).ToList(), objects, rows.Sum(r => r.Budget ?? 0));
    }
}
