using GrantTracker.Application.Data;
using GrantTracker.Domain.Agreements;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Features.Agreements;

/// <param name="RegionMoney">False for an Utförare: the region's allocation and line totals are left out (null).</param>
public sealed record ListAgreementsQuery(bool RegionMoney = true) : IQuery<IReadOnlyList<AgreementSummary>>;

public sealed record AgreementSummary(
    int Id,
    string Code,
    string Name,
    string Counterparty,
    DateOnly StartDate,
    DateOnly EndDate,
    decimal? RegionAllocation,
    decimal? LinesTotal,
    AgreementStatus Status,
    IReadOnlyList<string> CostObjects);

public sealed class ListAgreementsHandler(AppDbContext db, FiguresCache cache) : IQueryHandler<ListAgreementsQuery, IReadOnlyList<AgreementSummary>>
{
    /// <summary>Once per change of the data (<see cref="FiguresCache"/>); with and without the region's money are two keys.</summary>
    public async ValueTask<IReadOnlyList<AgreementSummary>> Handle(ListAgreementsQuery query, CancellationToken ct) =>
        await cache.GetAsync(db, query, token => ComputeAsync(query, token), ct);

    private async Task<IReadOnlyList<AgreementSummary>> ComputeAsync(ListAgreementsQuery query, CancellationToken ct)
    {
        var agreements = await db.Agreements.AsNoTracking()
            .OrderBy(a => a.StartDate).ThenBy(a => a.Name)
            .Select(a => new
            {
                a.Id, a.Code, a.Name, a.Counterparty, a.StartDate, a.EndDate, a.RegionAllocation, a.Status,
                Amounts = a.Lines.Select(l => l.Amount).ToList(),
                Objects = a.CostObjects.Select(o => o.CostObjectCode).ToList(),
            })
            .ToListAsync(ct);
        // A handful of lines per agreement: summed here, the ledger's millions of rows are summed in SQL.
        return agreements
            .Select(a => new AgreementSummary(a.Id, a.Code, a.Name, a.Counterparty, a.StartDate, a.EndDate,
                query.RegionMoney ? a.RegionAllocation : null, query.RegionMoney ? a.Amounts.Sum() : null, a.Status, a.Objects.Distinct().Order(StringComparer.Ordinal).ToList()))
            .ToList();
    }
}
