namespace GrantTracker.Domain.Reconciliation;

/// <summary>
/// RKR R2: a specific state grant is income as the costs it covers arise, capped at what the agreement allocates to each line;
/// money received but not yet used is a liability, deferred income (förutbetald intäkt); costs ahead of the payments are accrued
/// income (upplupen intäkt). Computed per cost object, since every row of the entry carries its object.
/// </summary>
/// <param name="CostObject">The ledger's cost object (9916, 9917, ...).</param>
/// <param name="Booked">Cost booked on the object's lines to date.</param>
/// <param name="Recognised">What may be income: each line's cost, capped at its allocation, summed over the object's lines.</param>
/// <param name="IncomeBooked">Grant income already in the ledger on the object (income accounts, credit positive).</param>
/// <param name="Received">The object's share of the payments received (<see cref="AccrualFigures.ShareOut"/>).</param>
public sealed record ObjectAccrual(string CostObject, decimal Booked, decimal Recognised, decimal IncomeBooked, decimal Received)
{
    /// <summary>Income still to be taken up (positive) or taken back (negative) so that the object's income equals <see cref="Recognised"/>.</summary>
    public decimal Adjustment => Recognised - IncomeBooked;

    /// <summary>
    /// The entry's rows for the object. Received money not yet taken to income stands as deferred income; income booked beyond
    /// what was received stands as accrued income. Income to take up is released from the deferred income first and accrued for
    /// the rest; income to take back reduces the accrued income first and is deferred for the rest. Debit positive, credit negative;
    /// the rows sum to zero.
    /// </summary>
    public IReadOnlyList<JournalRow> Entry(AccrualAccounts accounts)
    {
        var rows = new List<JournalRow>();
        var a = Adjustment;
        if (a > 0)
        {
            var fromDeferred = Math.Min(a, Math.Max(0, Received - IncomeBooked));
            Add(rows, accounts.DeferredIncome, fromDeferred);
            Add(rows, accounts.AccruedIncome, a - fromDeferred);
            Add(rows, accounts.Income, -a);
        }
        else if (a < 0)
        {
            var fromAccrued = Math.Min(-a, Math.Max(0, IncomeBooked - Received));
            Add(rows, accounts.Income, -a);
            Add(rows, accounts.AccruedIncome, -fromAccrued);
            Add(rows, accounts.DeferredIncome, -(-a - fromAccrued));
        }
        return rows;
    }

    private void Add(List<JournalRow> rows, string account, decimal amount)
    {
        if (amount != 0)
        {
            rows.Add(new JournalRow(account, amount, CostObject));
        }
    }
}

/// <summary>The accruals of an agreement at a month end: the totals and each cost object's part.</summary>
public sealed record AccrualFigures(decimal Received, decimal BookedCost, decimal Recognised, decimal IncomeBooked, IReadOnlyList<ObjectAccrual> Objects)
{
    /// <summary>Received − recognised after the entry: deferred income when positive, accrued income when negative.</summary>
    public decimal Deferred => Received - Recognised;

    /// <summary>The net income the entry takes up (positive) or back (negative).</summary>
    public decimal Adjustment => Recognised - IncomeBooked;

    /// <param name="lines">Each line's cost object, cost booked to date and allocation.</param>
    /// <param name="incomeBooked">Grant income already booked per cost object (credit positive).</param>
    public static AccrualFigures Compute(decimal received, IEnumerable<(string CostObject, decimal Booked, decimal Allocated)> lines,
        IReadOnlyDictionary<string, decimal> incomeBooked)
    {
        var byObject = lines.GroupBy(l => l.CostObject, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        var allocated = byObject.ToDictionary(g => g.Key, g => g.Sum(l => Math.Max(0, l.Allocated)), StringComparer.Ordinal);
        var shares = ShareOut(received, allocated);
        var objects = byObject
            .Select(g => new ObjectAccrual(g.Key, g.Sum(l => l.Booked), g.Sum(l => Math.Max(0, Math.Min(l.Booked, l.Allocated))),
                incomeBooked.GetValueOrDefault(g.Key), shares[g.Key]))
            .ToList();
        // Income on an object without a line of the agreement (none today: every tracked object has lines) still counts.
        foreach (var (costObject, income) in incomeBooked.Where(i => !allocated.ContainsKey(i.Key)).OrderBy(i => i.Key, StringComparer.Ordinal))
        {
            objects.Add(new ObjectAccrual(costObject, 0, 0, income, 0));
        }
        return new AccrualFigures(received, objects.Sum(o => o.Booked), objects.Sum(o => o.Recognised), objects.Sum(o => o.IncomeBooked), objects);
    }

    /// <summary>
    /// Payments are received for the agreement as a whole: each object's share is in proportion to its allocation, to the öre,
    /// the öre left by rounding going to the largest remainders (ties: the lower object code), so the shares sum to the whole.
    /// </summary>
    public static IReadOnlyDictionary<string, decimal> ShareOut(decimal received, IReadOnlyDictionary<string, decimal> allocated)
    {
        var total = allocated.Values.Sum();
        var keys = allocated.Keys.Order(StringComparer.Ordinal).ToList();
        if (keys.Count == 0)
        {
            return new Dictionary<string, decimal>(StringComparer.Ordinal);
        }
        var signed = (long)Math.Round(received * 100, MidpointRounding.AwayFromZero);
        var sign = Math.Sign(signed);
        var ore = Math.Abs(signed); // a repayment (negative) is shared out as its amount, then given its sign
        if (total <= 0)
        {
            return keys.ToDictionary(k => k, k => k == keys[0] ? received : 0m, StringComparer.Ordinal);
        }
        var exact = keys.ToDictionary(k => k, k => ore * allocated[k] / total, StringComparer.Ordinal);
        var whole = keys.ToDictionary(k => k, k => (long)Math.Floor(exact[k]), StringComparer.Ordinal);
        var left = ore - whole.Values.Sum();
        foreach (var k in keys.OrderByDescending(k => exact[k] - whole[k]).ThenBy(k => k, StringComparer.Ordinal).Take((int)Math.Max(0, left)))
        {
            whole[k]++;
        }
        return keys.ToDictionary(k => k, k => sign * whole[k] / 100m, StringComparer.Ordinal);
    }

    /// <summary>
    /// The month-end entry, object by object: debit positive, credit negative, every row with its cost object; the rows sum to zero.
    /// Reversed on the first day of the next month, so each month's entry states the whole balance; once booked (and imported
    /// with the ledger) the month's income equals what is recognised and a new proposal for the month is empty.
    /// </summary>
    public IReadOnlyList<JournalRow> Entry(AccrualAccounts accounts) => Objects.SelectMany(o => o.Entry(accounts)).ToList();
}

/// <param name="CostObject">The row's cost object, in the object dimension the ledger uses; null for a row without one.</param>
public sealed record JournalRow(string Account, decimal Amount, string? CostObject = null);

/// <summary>The accounts of the accrual entry (a setting).</summary>
public sealed record AccrualAccounts(string Income, string DeferredIncome, string AccruedIncome)
{
    public static readonly AccrualAccounts Default = new("3510", "2970", "1790");
}
