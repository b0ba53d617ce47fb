using System.IO.Pipelines;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using GrantTracker.Application.Features.Ledger;
using GrantTracker.Domain.Common;
using MiniExcelLibs;
using MiniExcelLibs.Attributes;
using MiniExcelLibs.OpenXml;

namespace GrantTracker.Application.Reports;

/// <summary>
/// Writes a <see cref="LedgerRowsExport"/> of up to a million rows as a workbook in bounded memory, with MiniExcel's
/// streaming writer: a sheet "Rader" (real dates, amounts as numbers in kronor with öre, a frozen header row and a
/// filter) and a sheet "Urval" that says what the rows are, how many and their sum. ClosedXML, which the formatted
/// reports use, holds the whole workbook in memory and is an order of magnitude slower for bulk rows.
/// </summary>
/// <remarks>
/// Three things run at once, so that reading the database (one core) runs beside building and compressing the XML
/// (the other): the rows are read on the caller's task and handed over in batches through a bounded queue; MiniExcel's
/// synchronous <c>SaveAs</c> (faster than its <c>SaveAsAsync</c>, which awaits every cell) runs on a thread of its own and
/// writes into a pipe; the pipe is copied to <c>output</c> asynchronously, so a response body needs no synchronous I/O.
/// Memory is bounded by the queue (<see cref="QueuedBatches"/> × <see cref="BatchSize"/> rows) and the pipe.
/// </remarks>
public static class LedgerRowsExcelWriter
{
    public const string ContentType = ExcelReportWriter.ContentType;
    public const string RowsSheet = "Rader";
    public const string SelectionSheet = "Urval";

    // 2 048 rows in flight: enough that the writer never waits for the reader, few enough that rows die young (with
    // 8 192 in flight most were promoted, 60 gen-1 and 17 gen-2 collections per million rows against 5 and 5).
    internal const int BatchSize = 512;
    internal const int QueuedBatches = 4;

    /// <summary>The columns, in the order of <see cref="LedgerExportRow"/>'s properties: header, width, format.</summary>
    public static readonly IReadOnlyList<(string Property, string Header, double Width, string? Format)> Columns =
    [
        (nameof(LedgerExportRow.Date), "Datum", 11, "yyyy-mm-dd"),
        (nameof(LedgerExportRow.Voucher), "Verifikation", 13, null),
        (nameof(LedgerExportRow.Account), "Konto", 8, null),
        (nameof(LedgerExportRow.CostObject), "Objekt", 8, null),
        (nameof(LedgerExportRow.Project), "Projekt", 9, null),
        (nameof(LedgerExportRow.CostCentre), "Ansvar", 9, null),
        (nameof(LedgerExportRow.Text), "Text", 40, null),
        (nameof(LedgerExportRow.Amount), "Belopp", 15, "#,##0.00"),
        (nameof(LedgerExportRow.Month), "Månad", 9, null),
        (nameof(LedgerExportRow.Source), "Källa", 10, null),
        (nameof(LedgerExportRow.Line), "Rad i filen", 10, null),
        (nameof(LedgerExportRow.Remark), "Anmärkning", 24, null),
    ];

    /// <summary>
    /// MiniExcel's defaults where they matter for bounded memory: no fast mode (it opens the zip archive in update mode,
    /// which keeps every entry in memory until the end) and so no auto width (which needs fast mode); the invariant
    /// culture, without which numbers and dates are written as text.
    /// </summary>
    public static OpenXmlConfiguration Configuration() => new()
    {
        FastMode = false,
        EnableAutoWidth = false,
        FreezeRowCount = 1,
        AutoFilter = true,
        EnableWriteNullValueCell = false,
        DynamicColumns = Columns
            .Select((c, i) => new DynamicExcelColumn(c.Property) { Name = c.Header, Width = c.Width, Format = c.Format, Index = i })
            .Append(new DynamicExcelColumn("Uppgift") { Width = 14 })
            .Append(new DynamicExcelColumn("Värde") { Width = 100 })
            .ToArray(),
    };

    /// <summary>Writes the workbook to <paramref name="output"/> and returns the number of rows and the sum of their amounts.</summary>
    public static async Task<(long Rows, decimal Sum)> WriteAsync(LedgerRowsExport export, Stream output, CancellationToken ct = default)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var queue = Channel.CreateBounded<LedgerExportRow[]>(new BoundedChannelOptions(QueuedBatches) { SingleReader = true, SingleWriter = true });
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 1 << 20, resumeWriterThreshold: 1 << 19, useSynchronizationContext: false));
        var totals = new Totals();

        var read = ReadAsync(export.Rows, queue.Writer, cts.Token);
        var write = Task.Factory.StartNew(() => Write(export, Consume(queue.Reader, totals, cts.Token), totals, pipe.Writer),
            cts.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        var copy = CopyAsync(pipe.Reader, output, cts.Token);

        // The first failure stops the others: reading stops at the next batch, writing at the next row, copying at once.
        var all = Task.WhenAll(Stop(read, cts), Stop(write, cts), Stop(copy, cts));
        try
        {
            await all;
        }
        catch when (all.Exception is { } failed)
        {
            var first = failed.InnerExceptions.FirstOrDefault(e => e is not OperationCanceledException) ?? failed.InnerExceptions[0];
            ExceptionDispatchInfo.Throw(first);
        }
        return (totals.Rows, totals.Sum);
    }

    private static async Task Stop(Task task, CancellationTokenSource cts)
    {
        try
        {
            await task;
        }
        catch
        {
            await cts.CancelAsync();
            throw;
        }
    }

    private static async Task ReadAsync(IAsyncEnumerable<LedgerExportRow> rows, ChannelWriter<LedgerExportRow[]> queue, CancellationToken ct)
    {
        Exception? error = null;
        try
        {
            var batch = new LedgerExportRow[BatchSize];
            var count = 0;
            await foreach (var row in rows.WithCancellation(ct))
            {
                batch[count++] = row;
                if (count == BatchSize)
                {
                    await queue.WriteAsync(batch, ct);
                    batch = new LedgerExportRow[BatchSize];
                    count = 0;
                }
            }
            if (count > 0)
            {
                await queue.WriteAsync(batch[..count], ct);
            }
        }
        catch (Exception e)
        {
            error = e;
            throw;
        }
        finally
        {
            queue.TryComplete(error);
        }
    }

    /// <summary>The queued rows as the blocking sequence MiniExcel's writer thread enumerates.</summary>
    private static IEnumerable<LedgerExportRow> Consume(ChannelReader<LedgerExportRow[]> queue, Totals totals, CancellationToken ct)
    {
        while (true)
        {
            if (!queue.TryRead(out var batch))
            {
                // A dedicated thread, so blocking here holds no request thread; a failed read rethrows here.
                if (!queue.WaitToReadAsync(ct).AsTask().GetAwaiter().GetResult())
                {
                    yield break;
                }
                continue;
            }
            foreach (var row in batch)
            {
                totals.Add(row);
                yield return row;
            }
        }
    }

    private static void Write(LedgerRowsExport export, IEnumerable<LedgerExportRow> rows, Totals totals, PipeWriter pipe)
    {
        try
        {
            // Buffered: the zip's deflater writes 8 KB at a time, and a pipe write per 8 KB cost 2 s per million rows.
            using (var stream = new BufferedStream(pipe.AsStream(leaveOpen: true), 1 << 18))
            {
                // The sheets are written in order and each is enumerated when its turn comes, so "Urval" sees the totals.
                var sheets = new Dictionary<string, object>
                {
                    [RowsSheet] = rows,
                    [SelectionSheet] = Selection(export, totals),
                };
                MiniExcel.SaveAs(stream, sheets, configuration: Configuration());
            }
            pipe.Complete();
        }
        catch (Exception e)
        {
            pipe.Complete(e);
            throw;
        }
    }

    private static IEnumerable<IDictionary<string, object?>> Selection(LedgerRowsExport export, Totals totals)
    {
        IDictionary<string, object?> Row(string what, object? value) => new Dictionary<string, object?> { ["Uppgift"] = what, ["Värde"] = value };
        yield return Row("Urval", export.Title);
        yield return Row("Rader", totals.Rows);
        yield return Row("Summa belopp", totals.Sum);
        yield return Row("Omfattning", export.Note);
        yield return Row("Uttaget", export.CreatedAt.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture));
    }

    private static async Task CopyAsync(PipeReader pipe, Stream output, CancellationToken ct)
    {
        try
        {
            await pipe.CopyToAsync(output, ct);
            await pipe.CompleteAsync();
        }
        catch (Exception e)
        {
            await pipe.CompleteAsync(e);
            throw;
        }
    }

    /// <summary>Counted on the writer thread as rows are written; read when the writing is done.</summary>
    private sealed class Totals
    {
        public long Rows;
        public decimal Sum;

        public void Add(LedgerExportRow row)
        {
            Rows++;
            Sum += row.Amount;
        }
    }
}
