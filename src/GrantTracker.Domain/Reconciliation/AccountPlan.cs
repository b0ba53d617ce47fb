namespace GrantTracker.Domain.Reconciliation;

/// <summary>What a ledger row on a tracked cost object is, by its account.</summary>
public enum AccountClass
{
    /// <summary>Other balance-sheet rows, for example accruals on 29xx: neither cost nor exception.</summary>
    Other = 0,

    /// <summary>Operating costs, depreciation included.</summary>
    Cost = 1,

    /// <summary>Operating income, the grant itself: shown separately, sign as booked.</summary>
    Income = 2,

    /// <summary>Fixed assets: never a cost, always an exception (only the year's depreciation may be booked on the object).</summary>
    Investment = 3,
}

/// <summary>An inclusive range of account numbers.</summary>
public sealed record AccountRange(int From, int To)
{
    public bool Contains(int account) => From <= account && account <= To;

    public override string ToString() => $"{From}–{To}";
}

/// <summary>
/// Which accounts count as cost, income and investment (a setting; the defaults follow the regional chart
/// of accounts: 4–7 costs with 78 depreciation, 3 income, 10–12 fixed assets).
/// </summary>
public sealed record AccountPlan(AccountRange Cost, AccountRange Income, AccountRange Investment)
{
    public static readonly AccountPlan Default = new(new(4000, 7999), new(3000, 3999), new(1000, 1299));

    public AccountClass Classify(int account) =>
        Cost.Contains(account) ? AccountClass.Cost
        : Income.Contains(account) ? AccountClass.Income
        : Investment.Contains(account) ? AccountClass.Investment
        : AccountClass.Other;
}
