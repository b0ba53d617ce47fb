namespace GrantTracker.Domain.Reconciliation;

/// <summary>
/// RKR R2: a specific state grant is income as the costs it covers arise, capped at what the agreement
/// allocates to each line; money received but not yet used is a liability, deferred income (förutbetald
/// intäkt). Costs ahead of the payments are accrued income (upplupen intäkt).
/// </summary>
public sealed record AccrualFigures(decimal Received, decimal BookedCost, decimal Recognised)
{
    /// <summary>Received − recognised: deferred income when positive, accrued income when negative.</summary>
    public decimal Deferred => Received - Recognised;

    /// <param name="lines">Each line's cost booked to date and its allocation.</param>
    public static AccrualFigures Compute(decimal received, IEnumerable<(decimal Booked, decimal Allocated)> lines)
    {
        decimal booked = 0, recognised = 0;
        foreach (var (lineBooked, allocated) in lines)
        {
            booked += lineBooked;
            recognised += Math.Max(0, Math.Min(lineBooked, allocated));
        }
        return new AccrualFigures(received, booked, recognised);
    }

    /// <summary>
    /// The month-end entry that moves the unused part of the received grant from income to the balance sheet
    /// (debit income, credit deferred income) or the part not yet received into income (debit accrued income,
    /// credit income). Debit positive, credit negative; the rows sum to zero. Reversed on the first day of the
    /// next month, so each month's entry states the whole balance.
    /// </summary>
    public IReadOnlyList<JournalRow> Entry(AccrualAccounts accounts)
    {
        if (Deferred > 0)
        {
            return [new(accounts.Income, Deferred), new(accounts.DeferredIncome, -Deferred)];
        }
        if (Deferred < 0)
        {
            return [new(accounts.AccruedIncome, -Deferred), new(accounts.Income, Deferred)];
        }
        return [];
    }
}

public sealed record JournalRow(string Account, decimal Amount);

/// <summary>The accounts of the accrual entry (a setting).</summary>
public sealed record AccrualAccounts(string Income, string DeferredIncome, string AccruedIncome)
{
    public static readonly AccrualAccounts Default = new("3510", "2970", "1790");
}
