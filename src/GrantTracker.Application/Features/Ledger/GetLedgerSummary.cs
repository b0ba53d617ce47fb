using GrantTracker.Application.Data;
using GrantTracker.Application.Features.Reconciliation;
using GrantTracker.Domain.Common;
using GrantTracker.Domain.Reconciliation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Features.Ledger;

/// <summary>Stored ledger rows per cost object and month, summed in SQL (money as integer öre) from the month totals (ADR 12).</summary>
public sealed record GetLedgerSummaryQuery : IQuery<LedgerSummary>;

public sealed record LedgerSummary(IReadOnlyList<LedgerSummaryRow> Rows, long RowCount)
{
    public IEnumerable<string> CostObjects => Rows.Select(r => r.CostObject).Distinct().Order(StringComparer.Ordinal);

    public IEnumerable<YearMonth> Months => Rows.Select(r => r.Month).Distinct().Order();
}

/// <param name="Cost">Rows on cost accounts (the setting Reconciliation:CostAccounts, 4000–7999 by default), as the reconciliation counts them.</param>
/// <param name="Other">Every other row carrying the object: income, balance sheet.</param>
public sealed record LedgerSummaryRow(string CostObject, YearMonth Month, long Rows, decimal Cost, decimal Other);

public sealed class GetLedgerSummaryHandler(AppDbContext db, ReconciliationSettings settings, FiguresCache cache) : IQueryHandler<GetLedgerSummaryQuery, LedgerSummary>
{
    private sealed record Raw(string CostObject, int Month, long Rows, long CostOre, long OtherOre);

    /// <summary>Once per change of the data, however many requests ask (<see cref="FiguresCache"/>).</summary>
    public async ValueTask<LedgerSummary> Handle(GetLedgerSummaryQuery query, CancellationToken ct) =>
        await cache.GetAsync(db, query, token => ComputeAsync(token), ct);

    private async Task<LedgerSummary> ComputeAsync(CancellationToken ct)
    {
        var cost = AccountClassSql.Condition(settings.Accounts, AccountClass.Cost, "\"AccountNumber\"");
        // The ranges are integers from the settings (AccountClassSql), nothing a user typed. The totals, not the rows: a few
        // thousand groups per year, however many rows the ledger holds.
        var sql = $"""
            SELECT "CostObject", "Month", SUM("Rows") AS "Rows",
                   COALESCE(SUM(CASE WHEN {cost} THEN "Amount" ELSE 0 END), 0) AS "CostOre",
                   COALESCE(SUM(CASE WHEN {cost} THEN 0 ELSE "Amount" END), 0) AS "OtherOre"
            FROM "LedgerMonthTotals"
            GROUP BY "CostObject", "Month"
            """;
        var rows = await db.Database.SqlQueryRaw<Raw>(sql).ToListAsync(ct);
        var result = rows
            .Select(r => new LedgerSummaryRow(r.CostObject, YearMonth.FromNumber(r.Month), r.Rows, Money.FromOre(r.CostOre), Money.FromOre(r.OtherOre)))
            .OrderBy(r => r.CostObject, StringComparer.Ordinal).ThenBy(r => r.Month)
            .ToList();
        return new LedgerSummary(result, result.Sum(r => r.Rows));
    }
}
