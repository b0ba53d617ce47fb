using System.Globalization;
using GrantTracker.Application.Data;
using GrantTracker.Application.Imports;
using GrantTracker.Domain.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

namespace GrantTracker.Application.Features.Ledger;

/// <summary>
/// One cost object of one month: the rows stored now from the file's source (before) and the rows the file brings
/// (after). Amounts are net kronor, as the reconciliation sums them.
/// </summary>
public sealed record ImportObjectChange(string CostObject, long RowsBefore, long RowsAfter, decimal AmountBefore, decimal AmountAfter, bool Shrinks);

/// <summary>One month the file covers, its cost objects summed; <see cref="Shrinks"/> when any of them shrinks.</summary>
public sealed record ImportMonthChange(
    string Month, long RowsBefore, long RowsAfter, decimal AmountBefore, decimal AmountAfter, bool Shrinks, IReadOnlyList<ImportObjectChange> Objects);

/// <summary>
/// <c>Import:ShrinkTolerance</c>: how much a month and cost object may shrink (a fraction of its rows or of its gross
/// amount, the sum of the rows' absolute amounts) before an import needs confirmation. Default 0: ledger exports are
/// cumulative, and a booked row is never deleted from a ledger, only corrected by a new voucher.
/// </summary>
public sealed record ImportSettings(decimal ShrinkTolerance)
{
    public static readonly ImportSettings Default = new(0m);

    public static ImportSettings From(IConfiguration configuration) =>
        decimal.TryParse(configuration["Import:ShrinkTolerance"], NumberStyles.Number, CultureInfo.InvariantCulture, out var t) && t is >= 0 and < 1
            ? new ImportSettings(t)
            : Default;
}

/// <summary>What a file stores per month and cost object, counted as the rows go to the writer.</summary>
internal sealed class StoredRowTally
{
    private readonly Dictionary<(int Month, string CostObject), Tally> _tallies = [];

    public void Add(LedgerRow row)
    {
        var key = (YearMonth.Of(row.VoucherDate).ToNumber(), row.CostObject!);
        ref var tally = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_tallies, key, out _);
        var ore = Money.ToOre(row.Amount);
        tally.Rows++;
        tally.NetOre += ore;
        tally.GrossOre += Math.Abs(ore);
    }

    public IReadOnlyDictionary<(int Month, string CostObject), Tally> Tallies => _tallies;
}

internal struct Tally
{
    public long Rows;
    public long NetOre;
    public long GrossOre;
}

/// <summary>
/// The shrink guard: before an import replaces months, what is stored now from its source is compared, month by month
/// and cost object by cost object, with what the file brings. A cut-off export (the first hundred lines of a year) or
/// a fiscal year that covers months the file has no vouchers for would otherwise delete booked rows without a word.
/// </summary>
internal static class ImportComparison
{
    private sealed record Stored(int Month, string CostObject, long Rows, long NetOre, long GrossOre);

    public static async Task<IReadOnlyList<ImportMonthChange>> CompareAsync(
        AppDbContext db, string source, YearMonth from, YearMonth to, long lastIdBefore, StoredRowTally file, decimal tolerance, CancellationToken ct)
    {
        var stored = await db.Database.SqlQuery<Stored>($"""
            SELECT "Month", "CostObject", COUNT(*) AS "Rows", COALESCE(SUM("Amount"), 0) AS "NetOre", COALESCE(SUM(ABS("Amount")), 0) AS "GrossOre"
            FROM "LedgerEntries"
            WHERE "Source" = {source} AND "Month" >= {from.ToNumber()} AND "Month" <= {to.ToNumber()} AND "Id" <= {lastIdBefore}
            GROUP BY "Month", "CostObject"
            """).ToListAsync(ct);
        var before = stored.ToDictionary(s => (s.Month, s.CostObject), s => new Tally { Rows = s.Rows, NetOre = s.NetOre, GrossOre = s.GrossOre });

        var months = new List<ImportMonthChange>();
        for (var month = from; month <= to; month = month.AddMonths(1))
        {
            var number = month.ToNumber();
            var objects = before.Keys.Concat(file.Tallies.Keys)
                .Where(k => k.Month == number)
                .Select(k => k.CostObject)
                .Distinct()
                .Order(StringComparer.Ordinal)
                .Select(o =>
                {
                    var b = before.GetValueOrDefault((number, o));
                    var a = file.Tallies.GetValueOrDefault((number, o));
                    return new ImportObjectChange(o, b.Rows, a.Rows, Money.FromOre(b.NetOre), Money.FromOre(a.NetOre), Shrinks(b, a, tolerance));
                })
                .ToList();
            months.Add(new ImportMonthChange(month.ToString(), objects.Sum(o => o.RowsBefore), objects.Sum(o => o.RowsAfter),
                objects.Sum(o => o.AmountBefore), objects.Sum(o => o.AmountAfter), objects.Any(o => o.Shrinks), objects));
        }
        return months;
    }

    /// <summary>
    /// A month and object that has rows shrinks when the file brings fewer rows, or a smaller gross amount, than
    /// stored, by more than the tolerance. The gross amount (the sum of absolute amounts) is used, not the net: a
    /// correction voucher lowers the net sum of a month, never its gross.
    /// </summary>
    private static bool Shrinks(Tally before, Tally after, decimal tolerance) =>
        before.Rows > 0
        && (after.Rows < before.Rows * (1 - tolerance) || after.GrossOre < before.GrossOre * (1 - tolerance));
}
