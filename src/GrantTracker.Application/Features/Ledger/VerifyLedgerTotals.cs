using GrantTracker.Application.Data;
using Mediator;

namespace GrantTracker.Application.Features.Ledger;

/// <summary>
/// Recomputes the month totals from the ledger's rows and compares them with the stored totals, to the öre and the
/// row: empty when they are equal. Reads every row (a check for the CLI's <c>verify</c> and the tests, not for a page).
/// </summary>
public sealed record VerifyLedgerTotalsQuery : IQuery<IReadOnlyList<LedgerTotals.Difference>>;

public sealed class VerifyLedgerTotalsHandler(AppDbContext db) : IQueryHandler<VerifyLedgerTotalsQuery, IReadOnlyList<LedgerTotals.Difference>>
{
    public async ValueTask<IReadOnlyList<LedgerTotals.Difference>> Handle(VerifyLedgerTotalsQuery query, CancellationToken ct) =>
        await LedgerTotals.VerifyAsync(db, ct);
}
