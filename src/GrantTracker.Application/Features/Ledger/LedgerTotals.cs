using System.Runtime.InteropServices;
using GrantTracker.Application.Data;
using GrantTracker.Application.Imports;
using GrantTracker.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Features.Ledger;

/// <summary>
/// The ledger's month totals ("LedgerMonthTotals"): one row per source, month, cost object, account number and
/// project code with the rows' count and sums in öre. The import keeps them in its own transaction, so they
/// always equal the ledger; every page figure reads them instead of the rows (ADR 12). Moves of single rows
/// (RowAssignments) do not change the ledger and so not the totals: the reconciliation applies them on top.
/// </summary>
public static class LedgerTotals
{
    /// <summary>The columns of a group, in the order of the totals table's key, as the GROUP BY over the ledger writes them.</summary>
    private const string GroupColumns = "\"CostObject\", \"Month\", \"Source\", \"AccountNumber\", COALESCE(\"Project\", '')";

    /// <summary>
    /// The ledger for a grouped read of many rows. On SQLite NOT INDEXED: the planner otherwise walks the rows index
    /// (it starts with the grouped columns) and reads the table once per row, 2.0 s against 1.15 s for a million rows.
    /// </summary>
    private static string Ledger(AppDbContext db) => db.Database.IsSqlite() ? "\"LedgerEntries\" NOT INDEXED" : "\"LedgerEntries\"";

    private const string Insert = """
        INSERT INTO "LedgerMonthTotals" ("CostObject", "Month", "Source", "AccountNumber", "Project", "Rows", "Amount", "AbsoluteAmount")
        """;

    /// <summary>
    /// The sums of the rows an import stores, kept as the reader hands them over (on the reader's thread, which waits
    /// for SQLite's inserts anyway): one dictionary entry per group, a few thousand for a year. Summing the stored rows
    /// again in SQL instead (<c>INSERT … SELECT … GROUP BY</c> over the import's id range) cost the import 0.35 s per
    /// 300 000 rows and its ratio to sqlite3's .import went over 1.5 (docs/performance.md).
    /// </summary>
    public sealed class Accumulator
    {
        private readonly Dictionary<Key, Sums> _groups = [];

        private readonly record struct Key(int Month, string CostObject, int AccountNumber, string Project);

        private struct Sums
        {
            public long Rows;
            public long Ore;
            public long AbsoluteOre;
        }

        /// <summary>Groups so far.</summary>
        public int Count => _groups.Count;

        /// <summary>A row as the writer stores it: the month of its voucher date, its account as a number, "" for no project.</summary>
        internal void Add(LedgerRow row)
        {
            var key = new Key(YearMonth.Of(row.VoucherDate).ToNumber(), row.CostObject ?? "", LedgerEntryWriter.AccountNumber(row.Account), row.Project ?? "");
            ref var sums = ref CollectionsMarshal.GetValueRefOrAddDefault(_groups, key, out _);
            var ore = Money.ToOre(row.Amount);
            sums.Rows++;
            sums.Ore += ore;
            sums.AbsoluteOre += Math.Abs(ore);
        }

        internal IEnumerable<(int Month, string CostObject, int AccountNumber, string Project, long Rows, long Ore, long AbsoluteOre)> Groups =>
            _groups.Select(g => (g.Key.Month, g.Key.CostObject, g.Key.AccountNumber, g.Key.Project, g.Value.Rows, g.Value.Ore, g.Value.AbsoluteOre));

        /// <summary>The months (as numbers) the file has rows in.</summary>
        internal IEnumerable<int> Months => _groups.Keys.Select(k => k.Month).Distinct();

        /// <summary>The groups of the months from <paramref name="from"/> through <paramref name="to"/> only: an import that leaves closed months as they are.</summary>
        internal Accumulator Within(YearMonth from, YearMonth to)
        {
            var (first, last) = (from.ToNumber(), to.ToNumber());
            var within = new Accumulator();
            foreach (var (key, sums) in _groups.Where(g => g.Key.Month >= first && g.Key.Month <= last))
            {
                within._groups[key] = sums;
            }
            return within;
        }
    }

    /// <summary>Groups per INSERT: 8 parameters each, within SQL Server's 2 100 parameters per command.</summary>
    private const int GroupsPerStatement = 200;

    /// <summary>
    /// After an import has deleted the replaced months of its source and written its rows, in its transaction: the
    /// source's totals of the months the file covers are replaced by the sums of the rows it stored. Every row of a
    /// file lies within its months (a voucher outside the fiscal year is an error), so after the replacement those
    /// months hold exactly these rows.
    /// </summary>
    public static async Task ReplaceMonthsAsync(AppDbContext db, string source, YearMonth from, YearMonth to, Accumulator stored, CancellationToken ct)
    {
        await db.Database.ExecuteSqlRawAsync(
            """DELETE FROM "LedgerMonthTotals" WHERE "Source" = {0} AND "Month" >= {1} AND "Month" <= {2}""",
            [source, from.ToNumber(), to.ToNumber()], ct);
        foreach (var chunk in stored.Groups.Chunk(GroupsPerStatement))
        {
            var values = new List<object>(chunk.Length * 8);
            var rows = new List<string>(chunk.Length);
            foreach (var g in chunk)
            {
                var at = values.Count;
                rows.Add($"({{{at}}}, {{{at + 1}}}, {{{at + 2}}}, {{{at + 3}}}, {{{at + 4}}}, {{{at + 5}}}, {{{at + 6}}}, {{{at + 7}}})");
                values.AddRange([g.CostObject, g.Month, source, g.AccountNumber, g.Project, g.Rows, g.Ore, g.AbsoluteOre]);
            }
            // Only parameter placeholders are interpolated; every value is a parameter.
#pragma warning disable EF1003
            await db.Database.ExecuteSqlRawAsync(Insert + " VALUES " + string.Join(", ", rows), values, ct);
#pragma warning restore EF1003
        }
    }

    /// <summary>One stored group of the source in a month on a cost object: for a guard that compares what a file brings with what is stored.</summary>
    public sealed record StoredMonthObject(YearMonth Month, string CostObject, long Rows, decimal Amount, decimal AbsoluteAmount);

    /// <summary>
    /// What the source has stored per month and cost object from <paramref name="from"/> through <paramref name="to"/>
    /// (row count, sum, sum of absolute amounts), read from the totals: a few rows per month, whatever the ledger's size.
    /// </summary>
    public static async Task<IReadOnlyList<StoredMonthObject>> StoredByMonthAndObjectAsync(AppDbContext db, string source, YearMonth from, YearMonth to, CancellationToken ct)
    {
        var groups = await db.Database.SqlQueryRaw<RawStored>("""
            SELECT "Month", "CostObject", SUM("Rows") AS "Rows", SUM("Amount") AS "Ore", SUM("AbsoluteAmount") AS "AbsoluteOre"
            FROM "LedgerMonthTotals"
            WHERE "Source" = {0} AND "Month" >= {1} AND "Month" <= {2}
            GROUP BY "Month", "CostObject"
            """, source, from.ToNumber(), to.ToNumber()).ToListAsync(ct);
        return groups
            .Select(g => new StoredMonthObject(YearMonth.FromNumber(g.Month), g.CostObject, g.Rows, Money.FromOre(g.Ore), Money.FromOre(g.AbsoluteOre)))
            .OrderBy(g => g.Month).ThenBy(g => g.CostObject, StringComparer.Ordinal)
            .ToList();
    }

    private sealed record RawStored(int Month, string CostObject, long Rows, long Ore, long AbsoluteOre);

    private sealed record RawStoredGroup(int Month, string CostObject, int AccountNumber, string Project, long Rows, long Ore, long AbsoluteOre);

    /// <summary>
    /// Whether the source's stored totals of the months equal a file's, group by group (month, object, account number, project code: rows,
    /// net and gross öre): then the months hold what the file holds. Reads the months' totals, a few thousand rows a year at most.
    /// </summary>
    public static async Task<bool> EqualsStoredAsync(AppDbContext db, string source, YearMonth from, YearMonth to, Accumulator file, CancellationToken ct)
    {
        var stored = await db.Database.SqlQueryRaw<RawStoredGroup>("""
            SELECT "Month", "CostObject", "AccountNumber", "Project", "Rows", "Amount" AS "Ore", "AbsoluteAmount" AS "AbsoluteOre"
            FROM "LedgerMonthTotals"
            WHERE "Source" = {0} AND "Month" >= {1} AND "Month" <= {2}
            """, source, from.ToNumber(), to.ToNumber()).ToListAsync(ct);
        if (stored.Count != file.Count)
        {
            return false;
        }
        var mine = file.Groups.ToDictionary(g => (g.Month, g.CostObject, g.AccountNumber, g.Project), g => (g.Rows, g.Ore, g.AbsoluteOre));
        return stored.All(s => mine.TryGetValue((s.Month, s.CostObject, s.AccountNumber, s.Project), out var f)
                               && f == (s.Rows, s.Ore, s.AbsoluteOre));
    }

    /// <summary>
    /// Of <paramref name="months"/>, those whose stored totals differ from the file's, group by group as <see cref="EqualsStoredAsync"/> compares:
    /// the closed months a year-to-date file would change (issue 25). One read of the months' totals.
    /// </summary>
    public static async Task<IReadOnlyList<YearMonth>> MonthsDifferingAsync(AppDbContext db, string source, IReadOnlyList<YearMonth> months, Accumulator file,
        CancellationToken ct)
    {
        if (months.Count == 0)
        {
            return [];
        }
        var (from, to) = (months.Min(), months.Max());
        var stored = await db.Database.SqlQueryRaw<RawStoredGroup>("""
            SELECT "Month", "CostObject", "AccountNumber", "Project", "Rows", "Amount" AS "Ore", "AbsoluteAmount" AS "AbsoluteOre"
            FROM "LedgerMonthTotals"
            WHERE "Source" = {0} AND "Month" >= {1} AND "Month" <= {2}
            """, source, from.ToNumber(), to.ToNumber()).ToListAsync(ct);
        var storedByMonth = stored.ToLookup(s => s.Month);
        var fileByMonth = file.Groups.ToLookup(g => g.Month);
        return months.Where(month =>
        {
            var mine = fileByMonth[month.ToNumber()].ToDictionary(g => (g.CostObject, g.AccountNumber, g.Project), g => (g.Rows, g.Ore, g.AbsoluteOre));
            var theirs = storedByMonth[month.ToNumber()].ToList();
            return theirs.Count != mine.Count
                   || !theirs.All(s => mine.TryGetValue((s.CostObject, s.AccountNumber, s.Project), out var f) && f == (s.Rows, s.Ore, s.AbsoluteOre));
        }).Order().ToList();
    }

    /// <summary>A group where the totals and the ledger disagree: what each holds (zero where one has no such group).</summary>
    public sealed record Difference(string Source, YearMonth Month, string CostObject, int AccountNumber, string Project,
        long LedgerRows, long LedgerOre, long LedgerAbsoluteOre, long TotalRows, long TotalOre, long TotalAbsoluteOre);

    private sealed record RawGroup(string CostObject, int Month, string Source, int AccountNumber, string Project, long Rows, long Ore, long AbsoluteOre);

    /// <summary>
    /// Recomputes every total from the ledger's rows and compares it with the stored totals, to the öre and the row;
    /// empty when they are equal. Reads the whole ledger: a check for the CLI and the tests, never for a page.
    /// </summary>
    public static async Task<IReadOnlyList<Difference>> VerifyAsync(AppDbContext db, CancellationToken ct)
    {
#pragma warning disable EF1002 // the table's name and a fixed column list, nothing else
        var ledger = await db.Database.SqlQueryRaw<RawGroup>($"""
            SELECT "CostObject", "Month", "Source", "AccountNumber", COALESCE("Project", '') AS "Project",
                   COUNT(*) AS "Rows", SUM("Amount") AS "Ore", SUM(ABS("Amount")) AS "AbsoluteOre"
            FROM {Ledger(db)}
            GROUP BY {GroupColumns}
            """).ToListAsync(ct);
#pragma warning restore EF1002
        var totals = await db.Database.SqlQueryRaw<RawGroup>("""
            SELECT "CostObject", "Month", "Source", "AccountNumber", "Project", "Rows", "Amount" AS "Ore", "AbsoluteAmount" AS "AbsoluteOre"
            FROM "LedgerMonthTotals"
            """).ToListAsync(ct);
        var stored = new Dictionary<(string, int, string, int, string), RawGroup>();
        foreach (var t in totals)
        {
            stored[(t.CostObject, t.Month, t.Source, t.AccountNumber, t.Project)] = t;
        }
        var differences = new List<Difference>();
        foreach (var l in ledger)
        {
            var key = (l.CostObject, l.Month, l.Source, l.AccountNumber, l.Project);
            stored.Remove(key, out var t);
            if (t is null || t.Rows != l.Rows || t.Ore != l.Ore || t.AbsoluteOre != l.AbsoluteOre)
            {
                differences.Add(new Difference(l.Source, YearMonth.FromNumber(l.Month), l.CostObject, l.AccountNumber, l.Project,
                    l.Rows, l.Ore, l.AbsoluteOre, t?.Rows ?? 0, t?.Ore ?? 0, t?.AbsoluteOre ?? 0));
            }
        }
        differences.AddRange(stored.Values.Select(t => new Difference(t.Source, YearMonth.FromNumber(t.Month), t.CostObject, t.AccountNumber, t.Project,
            0, 0, 0, t.Rows, t.Ore, t.AbsoluteOre)));
        return differences
            .OrderBy(d => d.Source, StringComparer.Ordinal).ThenBy(d => d.Month).ThenBy(d => d.CostObject, StringComparer.Ordinal)
            .ThenBy(d => d.AccountNumber).ThenBy(d => d.Project, StringComparer.Ordinal)
            .ToList();
    }
}
