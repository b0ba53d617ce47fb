using System.Runtime.CompilerServices;
using GrantTracker.Application.Data;
using GrantTracker.Domain.Common;
using GrantTracker.Domain.Ledger;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Features.Ledger;

/// <summary>
/// Stored ledger rows ready to be written as a workbook (<see cref="Reports.LedgerRowsExcelWriter"/>). <see cref="Rows"/>
/// is read from the database as it is enumerated, once, with the handler's <c>DbContext</c>: enumerate it within the
/// scope (the request) that sent the query, and no more than once.
/// </summary>
/// <param name="FileName">For example <c>rader-gnv2023-2023-03-2.1.xlsx</c>.</param>
/// <param name="Title">What the rows are, as the page names the figure.</param>
/// <param name="Note">What is and is not included, for the workbook's sheet about the selection.</param>
/// <param name="CreatedAt">When the export was made (local time), for the same sheet.</param>
public sealed record LedgerRowsExport(string FileName, string Title, string Note, DateTimeOffset CreatedAt, IAsyncEnumerable<LedgerExportRow> Rows);

/// <summary>
/// One exported row. Property order is column order; the Swedish headers, widths and formats are the writer's.
/// </summary>
/// <param name="Remark">Set on rows an Ekonom reassigned, for example "Flyttad hit från 2.2.a".</param>
public sealed record LedgerExportRow(DateOnly Date, string Voucher, string Account, string CostObject, string? Project, string? CostCentre,
    string? Text, decimal Amount, string Month, string Source, int Line, string? Remark);

internal static class LedgerRowsStream
{
    /// <summary>
    /// Streams the rows of <paramref name="entries"/> in the query's order, skipping those <paramref name="remark"/> leaves
    /// out. EF Core writes the SQL and its parameters (<c>CreateDbCommand</c>); <see cref="LedgerEntryReader"/> reads the
    /// rows one at a time, nothing tracked or kept, so memory stays flat however many rows there are (EF Core's own
    /// materializer was the slowest part of reading, about 3 s more per million rows; docs/performance.md).
    /// </summary>
    /// <param name="remark">Per entry: include it (with an optional remark) or not. Null: every row, no remarks.</param>
    public static async IAsyncEnumerable<LedgerExportRow> ReadAsync(AppDbContext db, IQueryable<LedgerEntry> entries,
        Func<LedgerEntry, (bool Include, string? Remark)>? remark, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var query = entries.AsNoTracking().Select(e => new
        {
            e.Id, e.RowDate, e.VoucherSeries, e.VoucherNumber, e.Account, e.CostObject, e.Project, e.CostCentre, e.Text, e.Amount, e.Month,
            e.Source, e.Line, e.VoucherDate,
        });
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = query.CreateDbCommand();
            await using var reader = await LedgerEntryReader.OpenAsync(command, ct);
            var months = new MonthNames();
            var e = new LedgerEntry(); // refilled per row: the row handed on is a new LedgerExportRow
            while (await reader.ReadAsync(e, voucherDate: remark is not null, ct))
            {
                if (remark is null)
                {
                    yield return Row(e, months, null);
                    continue;
                }
                var (include, text) = remark(e);
                if (include)
                {
                    yield return Row(e, months, text);
                }
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    public static LedgerExportRow Row(LedgerEntry e, MonthNames months, string? remark) =>
        new(e.RowDate, months.Voucher(e.VoucherSeries, e.VoucherNumber), e.Account, e.CostObject, e.Project, e.CostCentre, e.Text, e.Amount,
            months[e.Month], e.Source, e.Line, remark);

    /// <summary>"2023-03" once per month rather than once per row, and "A 123" once per voucher (its rows come together).</summary>
    public sealed class MonthNames
    {
        private readonly Dictionary<YearMonth, string> _names = [];
        private string? _series, _number, _voucher;

        public string Voucher(string series, string number)
        {
            if (!ReferenceEquals(series, _series) || !ReferenceEquals(number, _number))
            {
                (_series, _number) = (series, number);
                _voucher = series.Length == 0 ? number : number.Length == 0 ? series : $"{series} {number}";
            }
            return _voucher!;
        }

        public string this[YearMonth month]
        {
            get
            {
                if (!_names.TryGetValue(month, out var name))
                {
                    _names[month] = name = month.ToString();
                }
                return name;
            }
        }
    }
}
