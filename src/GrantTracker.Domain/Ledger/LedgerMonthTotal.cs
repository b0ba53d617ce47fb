using GrantTracker.Domain.Common;

namespace GrantTracker.Domain.Ledger;

/// <summary>
/// The stored ledger rows of one source, month, cost object, account and project code, summed: what every page
/// figure is computed from (reconciliation, Kostnader, readiness, the drill-down's totals), so that no page reads
/// the ledger's rows. Written only by the import, in its transaction, from the rows it stored
/// (<c>LedgerTotals</c> in the application, ADR 12); always equal to the ledger to the öre (<c>granttracker verify</c>).
/// </summary>
public sealed class LedgerMonthTotal
{
    public string Source { get; set; } = "";
    public YearMonth Month { get; set; }
    public string CostObject { get; set; } = "";

    /// <summary>The account as a number: the account classes are ranges of it, and ranges are settings.</summary>
    public int AccountNumber { get; set; }

    /// <summary>The row's project code, or "" for rows without one.</summary>
    public string Project { get; set; } = "";

    public long Rows { get; set; }

    /// <summary>The sum of the rows' amounts (debit positive).</summary>
    public decimal Amount { get; set; }

    /// <summary>The sum of the rows' absolute amounts: with <see cref="Amount"/> it tells debits and credits apart.</summary>
    public decimal AbsoluteAmount { get; set; }
}
