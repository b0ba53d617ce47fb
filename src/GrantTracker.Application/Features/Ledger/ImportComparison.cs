using System.Globalization;
using GrantTracker.Application.Data;
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
    /// <param name="file">The import's own sums of the rows it stored (the month totals' accumulator).</param>
    public static async Task<IReadOnlyList<ImportMonthChange>> CompareAsync(
        AppDbContext db, string source, YearMonth from, YearMonth to, LedgerTotals.Accumulator file, decimal tolerance, CancellationToken ct)
    {
        // Before the commit the totals still hold what was stored before this file: a few rows a month, whatever the ledger's size.
        var before = (await LedgerTotals.StoredByMonthAndObjectAsync(db, source, from, to, ct)).ToDictionary(
            s => (Month: s.Month.ToNumber(), s.CostObject),
            s => new Tally { Rows = s.Rows, NetOre = Money.ToOre(s.Amount), GrossOre = Money.ToOre(s.AbsoluteAmount) });
        var after = file.Groups
            .GroupBy(g => (g.Month, g.CostObject))
            .ToDictionary(g => g.Key, g => new Tally { Rows = g.Sum(x => x.Rows), NetOre = g.Sum(x => x.Ore), GrossOre = g.Sum(x => x.AbsoluteOre) });

        var months = new List<ImportMonthChange>();
        for (var month = from; month <= to; month = month.AddMonths(1))
        {
            var number = month.ToNumber();
            var objects = before.Keys.Concat(after.Keys)
                .Where(k => k.Month == number)
                .Select(k => k.CostObject)
                .Distinct()
                .Order(StringComparer.Ordinal)
                .Select(o =>
                {
                    var b = before.GetValueOrDefault((number, o));
                    var a = after.GetValueOrDefault((number, o));
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
