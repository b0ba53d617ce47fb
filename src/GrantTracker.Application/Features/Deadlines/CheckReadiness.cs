using GrantTracker.Application.Data;
using GrantTracker.Application.Features.Reconciliation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Features.Deadlines;

/// <summary>What is missing before an obligation's report can be sent (see <see cref="ReadinessChecker"/>); null when the obligation does not exist.</summary>
public sealed record CheckReadinessQuery(int ObligationId) : IQuery<Readiness?>;

public sealed class CheckReadinessHandler(AppDbContext db, ReconciliationSettings settings, ReadinessCache cache) : IQueryHandler<CheckReadinessQuery, Readiness?>
{
    public async ValueTask<Readiness?> Handle(CheckReadinessQuery query, CancellationToken ct)
    {
        var facts = await db.ReportingObligations.AsNoTracking()
            .Where(o => o.Id == query.ObligationId)
            .Select(o => new ObligationFacts(o.AgreementId, o.Kind, o.DueDate))
            .SingleOrDefaultAsync(ct);
        return facts is null ? null : await new ReadinessChecker(db, settings, cache).CheckAsync(facts, ct);
    }
}
