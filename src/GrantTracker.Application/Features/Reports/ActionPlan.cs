using GrantTracker.Application.Data;
using GrantTracker.Application.Reports;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Features.Reports;

/// <summary>The action plan's rows: every activity of an agreement that is not rejected, by area. Null when the agreement does not exist.</summary>
public sealed record GetActionPlanQuery(string AgreementCode) : IQuery<ActionPlanData?>;

public sealed record ActionPlanData(string AgreementCode, string AgreementName, IReadOnlyList<ActionPlanRow> Rows);

public sealed class GetActionPlanHandler(AppDbContext db) : IQueryHandler<GetActionPlanQuery, ActionPlanData?>
{
    public async ValueTask<ActionPlanData?> Handle(GetActionPlanQuery query, CancellationToken ct)
    {
        var code = query.AgreementCode.Trim();
        var agreement = await db.Agreements.AsNoTracking().Include(a => a.Areas).SingleOrDefaultAsync(a => a.Code == code, ct);
        if (agreement is null)
        {
            return null;
        }
        var areas = agreement.Areas.ToDictionary(a => a.Id);
        string AreaName(int? id)
        {
            if (id is null || !areas.TryGetValue(id.Value, out var area))
            {
                return "Utan område";
            }
            var top = area.ParentId is { } p && areas.TryGetValue(p, out var parent) ? parent : area;
            return $"{top.Code} {top.Name}";
        }
        var activities = await db.Activities.AsNoTracking()
            // The action plan goes to SKR: only what the region has decided.
            .Where(a => a.AgreementId == agreement.Id && (a.Status == Domain.Activities.ActivityStatus.Beslutad || a.Status == Domain.Activities.ActivityStatus.Pagaende
                || a.Status == Domain.Activities.ActivityStatus.Avslutad || a.Status == Domain.Activities.ActivityStatus.Avvecklad))
            .ToListAsync(ct);
        var rows = activities
            .Select(a => new ActionPlanRow(AreaName(a.AreaId), a.Number, a.Measure, a.Goal,
                string.Join(", ", new[] { a.ResponsiblePerson, a.ResponsibleUnit }.Where(x => !string.IsNullOrWhiteSpace(x))) is { Length: > 0 } who ? who : null,
                a.Budgets.Count == 0 ? "–" : string.Join(", ", a.Budgets.Select(b => b.Year).Distinct().Order()),
                a.TotalBudget, a.Status))
            .OrderBy(r => r.Area, StringComparer.Ordinal).ThenBy(r => r.Number)
            .ToList();
        return new ActionPlanData(agreement.Code, agreement.Name, rows);
    }
}
