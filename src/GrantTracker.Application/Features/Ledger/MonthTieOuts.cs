using GrantTracker.Application.Data;
using GrantTracker.Application.Imports;
using GrantTracker.Domain.Common;
using GrantTracker.Domain.Ledger;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Features.Ledger;

/// <summary>One cost object of a month: the ledger's totals stored now, and how (whether) they are tied out.</summary>
/// <param name="Stale">A tie-out was recorded, but for other totals than the month holds now (a later import changed it).</param>
public sealed record ObjectTieOut(string CostObject, long Rows, decimal Amount, TieOutMethod? Method, string? By, DateTime? AtUtc, string? Reference, bool Stale)
{
    public bool TiedOut => Method is not null && !Stale;

    public string How => Stale ? "inte avstämd: summorna har ändrats sedan avstämningen" : LedgerMonthTieOut.Describe(Method, By, AtUtc, Reference);
}

/// <summary>A month of an agreement: its cost objects' totals and tie-outs. Tied out when every object is.</summary>
public sealed record MonthTieOut(YearMonth Month, IReadOnlyList<ObjectTieOut> Objects)
{
    public bool TiedOut => Objects.All(o => o.TiedOut);

    public long Rows => Objects.Sum(o => o.Rows);

    public decimal Amount => Objects.Sum(o => o.Amount);

    public IReadOnlyList<string> Untied => Objects.Where(o => !o.TiedOut).Select(o => o.CostObject).ToList();

    /// <summary>The distinct ways the objects were tied out, for one line on the page.</summary>
    public string How => TiedOut
        ? string.Join("; ", Objects.Select(o => o.How).Distinct())
        : $"inte avstämd ({string.Join(", ", Untied)})";
}

/// <summary>
/// The tie-out of a month (ADR 21): the import records, per source, month and tracked cost object, the totals it stored and whether the
/// file's own control tied them out (#PSALDO, or a balance report given with the file); the Ekonom ties out what is not, by the balance
/// report on Avstämning or by confirming the totals shown. A tie-out counts only while the month still holds the totals it tied out, so a
/// later import (or a change to the rows) makes the month not tied out again. Reads the totals and the tie-outs: a few rows a month.
/// </summary>
public static class MonthTieOuts
{
    /// <summary>The agreement's cost objects with the months they belong to it.</summary>
    public static async Task<IReadOnlyList<(string Code, YearMonth From, YearMonth To)>> ObjectsAsync(AppDbContext db, int agreementId, CancellationToken ct) =>
        (await db.CostObjectPeriods.AsNoTracking().Where(p => p.AgreementId == agreementId)
            .Select(p => new { p.CostObjectCode, p.From, p.To }).ToListAsync(ct))
        .Select(p => (p.CostObjectCode, p.From, p.To)).ToList();

    private sealed record RawTotal(int Month, string CostObject, string Source, long Rows, long Ore);

    /// <summary>The months <paramref name="from"/>–<paramref name="to"/> of the objects, each month with the objects that belong to it then.</summary>
    public static async Task<IReadOnlyList<MonthTieOut>> LoadAsync(AppDbContext db, IReadOnlyList<(string Code, YearMonth From, YearMonth To)> objects,
        YearMonth from, YearMonth to, CancellationToken ct)
    {
        var codes = objects.Select(o => o.Code).Distinct().ToList();
        if (codes.Count == 0)
        {
            return [];
        }
        var totals = await TotalsAsync(db, codes, from, to, ct);
        var tieOuts = await db.LedgerMonthTieOuts.AsNoTracking()
            .Where(t => codes.Contains(t.CostObject) && t.Month >= from && t.Month <= to)
            .ToListAsync(ct);
        var byObject = tieOuts.ToLookup(t => (t.Month, t.CostObject));
        var months = new List<MonthTieOut>();
        for (var month = from; month <= to; month = month.AddMonths(1))
        {
            var states = new List<ObjectTieOut>();
            foreach (var code in objects.Where(o => o.From <= month && month <= o.To).Select(o => o.Code).Distinct().Order(StringComparer.Ordinal))
            {
                var rows = byObject[(month, code)].ToList();
                var sources = totals.Keys.Where(k => k.Month == month && k.CostObject == code).Select(k => k.Source)
                    .Concat(rows.Select(r => r.Source)).Distinct().ToList();
                long count = 0;
                decimal amount = 0;
                var tied = rows.Count > 0;
                var stale = false;
                foreach (var source in sources)
                {
                    var (r, a) = totals.GetValueOrDefault((month, code, source));
                    count += r;
                    amount += a;
                    var row = rows.FirstOrDefault(x => x.Source == source);
                    if (row is not { IsTiedOut: true })
                    {
                        tied = false;
                    }
                    else if (row.Rows != r || row.Amount != a)
                    {
                        stale = true;
                    }
                }
                var shown = rows.Where(r => r.IsTiedOut).OrderByDescending(r => r.TiedOutAtUtc).FirstOrDefault();
                states.Add(tied || stale
                    ? new ObjectTieOut(code, count, amount, shown?.Method, shown?.TiedOutBy, shown?.TiedOutAtUtc, shown?.Reference, stale)
                    : new ObjectTieOut(code, count, amount, null, null, null, null, false));
            }
            months.Add(new MonthTieOut(month, states));
        }
        return months;
    }

    /// <summary>The stored totals per month, object and source (rows, net kronor) of the objects in the months.</summary>
    internal static async Task<Dictionary<(YearMonth Month, string CostObject, string Source), (long Rows, decimal Amount)>> TotalsAsync(
        AppDbContext db, IReadOnlyList<string> codes, YearMonth from, YearMonth to, CancellationToken ct)
    {
        // Summed in SQL over the totals of these months: the amounts are öre in the table (ADR 3), summed as such.
        var inList = string.Join(", ", codes.Select((_, i) => $"{{{i + 2}}}"));
#pragma warning disable EF1002 // only parameter placeholders are put together; every value is a parameter
        return (await db.Database.SqlQueryRaw<RawTotal>(
                $$"""
                SELECT "Month", "CostObject", "Source", SUM("Rows") AS "Rows", SUM("Amount") AS "Ore"
                FROM "LedgerMonthTotals"
                WHERE "Month" >= {0} AND "Month" <= {1} AND "CostObject" IN ({{inList}})
                GROUP BY "Month", "CostObject", "Source"
                """, [from.ToNumber(), to.ToNumber(), .. codes]).ToListAsync(ct))
            .ToDictionary(t => (Month: YearMonth.FromNumber(t.Month), t.CostObject, t.Source), t => (t.Rows, Amount: Money.FromOre(t.Ore)));
#pragma warning restore EF1002
    }

    /// <summary>
    /// Ties out the months and objects by the Ekonom's hand (a confirmation or a balance report checked by the caller): each source's row
    /// gets the totals stored now, marked with how, by whom and when; an object with no totals and no row gets a row of 0 kr. Tracked, so
    /// the save is audited.
    /// </summary>
    internal static async Task TieOutAsync(AppDbContext db, IReadOnlyCollection<(YearMonth Month, string CostObject)> pairs, TieOutMethod method,
        string by, DateTime atUtc, string? reference, CancellationToken ct)
    {
        if (pairs.Count == 0)
        {
            return;
        }
        var codes = pairs.Select(p => p.CostObject).Distinct().ToList();
        var from = pairs.Min(p => p.Month);
        var to = pairs.Max(p => p.Month);
        var totals = await TotalsAsync(db, codes, from, to, ct);
        var rows = await db.LedgerMonthTieOuts.Where(t => codes.Contains(t.CostObject) && t.Month >= from && t.Month <= to).ToListAsync(ct);
        foreach (var (month, code) in pairs)
        {
            var sources = totals.Keys.Where(k => k.Month == month && k.CostObject == code).Select(k => k.Source)
                .Concat(rows.Where(r => r.Month == month && r.CostObject == code).Select(r => r.Source))
                .DefaultIfEmpty(ImportLedgerFileCommand.DefaultSource)
                .Distinct();
            foreach (var source in sources)
            {
                var (count, amount) = totals.GetValueOrDefault((month, code, source));
                var row = rows.FirstOrDefault(r => r.Month == month && r.CostObject == code && r.Source == source);
                if (row is null)
                {
                    row = new LedgerMonthTieOut { Source = source, Month = month, CostObject = code };
                    db.LedgerMonthTieOuts.Add(row);
                    rows.Add(row);
                }
                row.Rows = count;
                row.Amount = amount;
                row.TieOut(method, by, atUtc, reference);
            }
        }
    }

    /// <summary>"Stäm av månaden först: …": the refusal of a close, saying the three ways.</summary>
    public static string NotTiedOut(MonthTieOut month) =>
        $"{month.Month} kan inte stängas: månadens summor är inte avstämda mot huvudbokens saldo för {(month.Untied.Count == 1 ? "objekt" : "objekten")} " +
        $"{string.Join(", ", month.Untied)}. Stäm av månaden under Avstämning: ladda upp huvudbokens saldolista (Objekt;Månad;Belopp), importera en SIE-fil " +
        "med #PSALDO för månaden, eller bekräfta summorna som visas (rollen Ekonom). Stäng sedan månaden.";

    /// <summary>
    /// In the import's transaction, after its rows and totals: the source's tie-out rows of the months it covers are replaced by the file's
    /// totals per month and object (every object that belongs to an agreement that month, so a month without rows records 0 kr), tied out
    /// where the file's own control checked them.
    /// </summary>
    internal static async Task ReplaceForImportAsync(AppDbContext db, string source, YearMonth from, YearMonth to, int importId,
        IReadOnlyList<(string Code, YearMonth From, YearMonth To)> periods, LedgerTotals.Accumulator stored,
        Func<YearMonth, string, (TieOutMethod Method, string Reference)?> control, string userName, DateTime atUtc, CancellationToken ct)
    {
        await db.Database.ExecuteSqlRawAsync(
            """DELETE FROM "LedgerMonthTieOuts" WHERE "Source" = {0} AND "Month" >= {1} AND "Month" <= {2}""",
            [source, from.ToNumber(), to.ToNumber()], ct);
        var sums = stored.Groups.GroupBy(g => (g.Month, g.CostObject)).ToDictionary(g => g.Key, g => (Rows: g.Sum(x => x.Rows), Ore: g.Sum(x => x.Ore)));
        var rows = new List<object?[]>();
        for (var month = from; month <= to; month = month.AddMonths(1))
        {
            var objects = periods.Where(p => p.From <= month && month <= p.To).Select(p => p.Code)
                .Concat(sums.Keys.Where(k => k.Month == month.ToNumber()).Select(k => k.CostObject))
                .Distinct();
            foreach (var code in objects)
            {
                var (count, ore) = sums.GetValueOrDefault((month.ToNumber(), code));
                var tied = control(month, code);
                rows.Add([source, month.ToNumber(), code, importId, count, ore,
                    tied is { } t1 ? t1.Method.ToString() : null, tied is null ? null : atUtc, tied is null ? null : userName, tied is { } t2 ? t2.Reference : null]);
            }
        }
        foreach (var chunk in rows.Chunk(150))
        {
            var values = new List<object>();
            var tuples = new List<string>();
            foreach (var row in chunk)
            {
                // A null is written as NULL: a raw parameter needs a type, and a null has none.
                tuples.Add("(" + string.Join(", ", row.Select(v =>
                {
                    if (v is null)
                    {
                        return "NULL";
                    }
                    values.Add(v);
                    return $"{{{values.Count - 1}}}";
                })) + ")");
            }
#pragma warning disable EF1003 // only parameter placeholders are put together; every value is a parameter
            await db.Database.ExecuteSqlRawAsync(
                """INSERT INTO "LedgerMonthTieOuts" ("Source", "Month", "CostObject", "ImportId", "Rows", "Amount", "Method", "TiedOutAtUtc", "TiedOutBy", "Reference") VALUES """
                + string.Join(", ", tuples), values, ct);
#pragma warning restore EF1003
        }
    }
}

/// <summary>
/// The checks of a file's own control, as the import runs them on the sums it keeps: a SIE file's #PSALDO (per account, on an object
/// or on the account's total), and a balance report given with the file (per object). Each tells which months and objects it tied out.
/// </summary>
internal sealed class FileControls
{
    // All rows of a SIE file, stored or not: #PSALDO on an account's total counts rows on every object and rows without one.
    private readonly Dictionary<(int Month, string Account), long> _accountTotals = [];
    private readonly Dictionary<(int Month, string Account, string CostObject), long> _objectTotals = [];

    /// <summary>A SIE row as read (every row, whatever its object): summed for the #PSALDO check.</summary>
    public void Add(LedgerRow row)
    {
        var month = YearMonth.Of(row.VoucherDate).ToNumber();
        var ore = Money.ToOre(row.Amount);
        System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_accountTotals, (month, row.Account), out _) += ore;
        if (!string.IsNullOrEmpty(row.CostObject))
        {
            System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_objectTotals, (month, row.Account, row.CostObject), out _) += ore;
        }
    }

    /// <summary>
    /// Checks the rows against the file's #PSALDO: in every month the file gives period balances for, each account they name must add up to
    /// its balance, on the account's total and on each object named (an account or object without a balance line that month is 0). Returns
    /// the differences, and which months and objects the check covered: every account the object has rows on that month was checked.
    /// </summary>
    public (IReadOnlyList<ImportError> Differences, Func<YearMonth, string, bool> Covers) CheckPeriodBalances(IReadOnlyList<PeriodBalance> balances)
    {
        var months = balances.Select(b => b.Month.ToNumber()).ToHashSet();
        var totalAccounts = balances.Where(b => b.CostObject is null).Select(b => b.Account).ToHashSet(StringComparer.Ordinal);
        var objectAccounts = balances.Where(b => b.CostObject is not null).Select(b => b.Account).ToHashSet(StringComparer.Ordinal);
        var objects = balances.Where(b => b.CostObject is not null).Select(b => b.CostObject!).ToHashSet(StringComparer.Ordinal);
        var expectedTotal = new Dictionary<(int, string), (long Ore, int Line)>();
        var expectedObject = new Dictionary<(int, string, string), (long Ore, int Line)>();
        var differences = new List<ImportError>();
        foreach (var b in balances)
        {
            var added = b.CostObject is null
                ? expectedTotal.TryAdd((b.Month.ToNumber(), b.Account), (b.Ore, b.Line))
                : expectedObject.TryAdd((b.Month.ToNumber(), b.Account, b.CostObject), (b.Ore, b.Line));
            if (!added)
            {
                differences.Add(new ImportError(b.Line, "#PSALDO", $"Konto {b.Account}{Of(b.CostObject)}, {b.Month}: periodsaldot står två gånger i filen."));
            }
        }
        foreach (var key in expectedTotal.Keys.Concat(_accountTotals.Keys.Where(k => months.Contains(k.Month) && totalAccounts.Contains(k.Account))).Distinct()
                     .OrderBy(k => k.Item1).ThenBy(k => k.Item2, StringComparer.Ordinal))
        {
            var (ore, line) = expectedTotal.GetValueOrDefault(key);
            var actual = _accountTotals.GetValueOrDefault(key);
            if (ore != actual)
            {
                differences.Add(Difference(line, key.Item2, null, key.Item1, actual, ore));
            }
        }
        foreach (var key in expectedObject.Keys
                     .Concat(_objectTotals.Keys.Where(k => months.Contains(k.Month) && objectAccounts.Contains(k.Account) && objects.Contains(k.CostObject))).Distinct()
                     .OrderBy(k => k.Item1).ThenBy(k => k.Item3, StringComparer.Ordinal).ThenBy(k => k.Item2, StringComparer.Ordinal))
        {
            var (ore, line) = expectedObject.GetValueOrDefault(key);
            var actual = _objectTotals.GetValueOrDefault(key);
            if (ore != actual)
            {
                differences.Add(Difference(line, key.Item2, key.Item3, key.Item1, actual, ore));
            }
        }
        var accountsOf = _objectTotals.Keys.ToLookup(k => (k.Month, k.CostObject), k => k.Account);
        return (differences, (month, costObject) =>
        {
            var number = month.ToNumber();
            if (!months.Contains(number))
            {
                return false;
            }
            var accounts = accountsOf[(number, costObject)];
            return (objects.Contains(costObject) && accounts.All(objectAccounts.Contains)) || (totalAccounts.Count > 0 && accounts.All(totalAccounts.Contains));
        });
    }

    /// <summary>
    /// Checks the stored rows' sums per month and object against a balance report given with the file, to the öre, for the months of the
    /// file the report lists and the tracked objects it lists (an object of those without a line that month is 0).
    /// </summary>
    public static (IReadOnlyList<ImportError> Differences, Func<YearMonth, string, bool> Covers) CheckBalanceReport(
        BalanceReport report, LedgerTotals.Accumulator stored, YearMonth from, YearMonth to, Func<YearMonth, string, bool> tracked)
    {
        var sums = stored.Groups.GroupBy(g => (g.Month, g.CostObject)).ToDictionary(g => g.Key, g => g.Sum(x => x.Ore));
        var months = report.Months.Where(m => m >= from && m <= to).ToHashSet();
        var objects = report.Ore.Keys.Select(k => k.CostObject).ToHashSet(StringComparer.Ordinal);
        var differences = new List<ImportError>();
        foreach (var month in months.Order())
        {
            foreach (var costObject in objects.Where(o => tracked(month, o)).Order(StringComparer.Ordinal))
            {
                var expected = report.Ore.GetValueOrDefault((month, costObject));
                var actual = sums.GetValueOrDefault((month.ToNumber(), costObject));
                if (expected != actual)
                {
                    differences.Add(new ImportError(0, $"Objekt {costObject}, {month}",
                        $"filens rader summerar till {Money.Format(Money.FromOre(actual))} men saldolistan anger {Money.Format(Money.FromOre(expected))}."));
                }
            }
        }
        if (differences.Count == 0 && !months.Any(m => objects.Any(o => tracked(m, o))))
        {
            differences.Add(new ImportError(0, "Saldolista", $"Saldolistan har inga rader för filens månader {from}–{to} på bevakade kostnadsobjekt, så inget kan stämmas av."));
        }
        return (differences, (month, costObject) => months.Contains(month) && objects.Contains(costObject));
    }

    private static string Of(string? costObject) => costObject is null ? " (alla objekt)" : $", objekt {costObject}";

    private static ImportError Difference(int line, string account, string? costObject, int month, long actual, long expected) =>
        new(line, "#PSALDO", $"Konto {account}{Of(costObject)}, {YearMonth.FromNumber(month)}: filens rader summerar till {Money.Format(Money.FromOre(actual))} " +
                             $"men #PSALDO anger {Money.Format(Money.FromOre(expected))}.");
}
