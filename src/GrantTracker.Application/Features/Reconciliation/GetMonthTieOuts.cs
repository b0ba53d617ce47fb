using GrantTracker.Application.Data;
using GrantTracker.Application.Features.Agreements;
using GrantTracker.Application.Features.Ledger;
using GrantTracker.Domain.Common;
using Mediator;

namespace GrantTracker.Application.Features.Reconciliation;

/// <summary>Avstämning's tie-out table: per month of the year that has the agreement's cost objects, its totals and whether and how it is tied out.</summary>
public sealed record GetMonthTieOutsQuery(string AgreementCode, int Year) : IQuery<IReadOnlyList<MonthTieOut>?>;

public sealed class GetMonthTieOutsHandler(AppDbContext db, FiguresCache cache) : IQueryHandler<GetMonthTieOutsQuery, IReadOnlyList<MonthTieOut>?>
{
    /// <summary>
    /// Once per change of the data (<see cref="FiguresCache"/>), as the reconciliation beside it on the page: imports, confirmations and
    /// balance reports are saved with an audit entry, and a tie-out goes stale only when an import changes the month totals.
    /// </summary>
    public async ValueTask<IReadOnlyList<MonthTieOut>?> Handle(GetMonthTieOutsQuery query, CancellationToken ct) =>
        await cache.GetAsync(db, query, token => ComputeAsync(query, token), ct);

    private async Task<IReadOnlyList<MonthTieOut>?> ComputeAsync(GetMonthTieOutsQuery query, CancellationToken ct)
    {
        var agreementId = await AgreementLoader.IdByCodeAsync(db, query.AgreementCode, ct);
        if (agreementId is null)
        {
            return null;
        }
        var objects = await MonthTieOuts.ObjectsAsync(db, agreementId.Value, ct);
        var months = await MonthTieOuts.LoadAsync(db, objects, new YearMonth(query.Year, 1), new YearMonth(query.Year, 12), ct);
        return months.Where(m => m.Objects.Count > 0).ToList();
    }
}
