using System.IO.Compression;
using MiniExcelLibs;
using MiniExcelLibs.OpenXml;

namespace GrantTracker.Application.Imports.Xlsx;

/// <summary>
/// Reads a ledger from an Excel workbook row by row with MiniExcel's streaming reader. Line numbers are the
/// sheet's row numbers, as the user sees them in Excel, with the header on row 1.
/// </summary>
public sealed class XlsxLedgerReader : ILedgerReader
{
    // The shared-string cache spills large workbooks to a temporary file on disk; off, so a read leaves nothing behind.
    // Empty rows are kept so that counting rows gives the sheet's row numbers.
    private static readonly OpenXmlConfiguration Configuration = new()
    {
        EnableSharedStringCache = false,
        IgnoreEmptyRows = false,
        FillMergedCells = false,
    };

    public LedgerFileInfo Read(Stream input, LedgerReadOptions options, Action<LedgerRow> onRow, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(onRow);

        var errors = new LedgerErrorList(options.MaxErrors);
        using var seekable = SeekableInput.From(input, cancellationToken);
        var stream = seekable.Stream;
        var start = stream.Position;
        var rowsRead = 0L;

        IReadOnlyList<string> sheets;
        IEnumerator<IDictionary<string, object?>> records;
        string sheet;
        try
        {
            CheckArchive(stream);
            stream.Position = start;
            sheets = MiniExcel.GetSheetNames(stream, Configuration);
            stream.Position = start;

            var chosen = options.SheetName is null
                ? sheets.FirstOrDefault()
                : sheets.FirstOrDefault(s => string.Equals(s, options.SheetName.Trim(), StringComparison.OrdinalIgnoreCase));
            if (chosen is null)
            {
                errors.Add(0, null, options.SheetName is null
                    ? "Arbetsboken har inga blad."
                    : $"Bladet ”{options.SheetName}” finns inte i filen. Filen har {Names(sheets)}.");
                return Info(rowsRead, errors);
            }

            sheet = chosen;
            records = MiniExcel.Query(stream, useHeaderRow: false, sheetName: sheet, excelType: ExcelType.XLSX, configuration: Configuration)
                .Cast<IDictionary<string, object?>>().GetEnumerator();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            errors.Add(0, null, Unreadable(e));
            return Info(rowsRead, errors);
        }

        using (records)
        {
            string[]? columns = null;
            LedgerHeader? header = null;
            var repeated = new RepeatedVouchers();
            var line = 0;
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                // Only the workbook's own reading is caught: a row the importer cannot store must still surface as itself.
                try
                {
                    if (!records.MoveNext())
                    {
                        break;
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    errors.Add(line + 1, null, Unreadable(e));
                    return Info(rowsRead, errors);
                }

                var record = records.Current;
                line++;

                if (columns is null)
                {
                    // MiniExcel keys cells by column letter; the header row tells which letter holds which field.
                    columns = [.. record.Keys];
                    header = TabularLedger.ResolveHeader([.. columns.Select(c => TabularLedger.Text(record[c]))], options.Columns, line, errors);
                    if (header is null)
                    {
                        return Info(rowsRead, errors);
                    }

                    continue;
                }

                var cells = header!.Pick(record, (r, i) => i < columns.Length && r.TryGetValue(columns[i], out var value) ? value : null);
                if (cells.IsEmpty)
                {
                    continue;
                }

                rowsRead++;
                var row = TabularLedger.ParseRow(line, cells, options.Columns, errors);
                if (row is not null)
                {
                    repeated.Add(row, errors);
                    onRow(row);
                }
            }

            repeated.Complete(errors);
            if (columns is null)
            {
                errors.Add(1, null, $"Bladet ”{sheet}” är tomt. Det ska börja med en rubrikrad, till exempel Verifikation, Datum, Konto, Ansvar, Objekt, Belopp, Text.");
            }
        }

        return Info(rowsRead, errors);
    }

    /// <summary>
    /// Refuses what is not an Excel workbook before MiniExcel meets it: a zip without the workbook's parts (MiniExcel
    /// then throws whatever it meets first), and a zip bomb, a few megabytes that unpack to gigabytes of XML.
    /// A real ledger sheet packs about ten to one; the limits leave room for ten times that.
    /// </summary>
    private static void CheckArchive(Stream stream)
    {
        using var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        string[] required = ["[Content_Types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels"];
        var missing = required.Where(name => zip.GetEntry(name) is null).ToList();
        if (missing.Count > 0)
        {
            throw new NotAWorkbookException($"arbetsboken saknar {string.Join(", ", missing)}");
        }

        long total = 0;
        foreach (var entry in zip.Entries)
        {
            total += entry.Length;
            if (entry.Length > MaxPackedPartBytes && entry.Length > MaxRatio * Math.Max(1, entry.CompressedLength))
            {
                throw new NotAWorkbookException($"delen {entry.FullName} packas upp från {entry.CompressedLength / 1_000} kB till {entry.Length / 1_000_000} MB");
            }
        }

        if (total > MaxUnpackedBytes)
        {
            throw new NotAWorkbookException($"arbetsboken packas upp till {total / 1_000_000} MB");
        }
    }

    private const long MaxUnpackedBytes = 4L * 1024 * 1024 * 1024;
    private const long MaxPackedPartBytes = 256L * 1024 * 1024;
    private const long MaxRatio = 100;

    private sealed class NotAWorkbookException(string reason) : Exception(reason);

    private static string Unreadable(Exception e) =>
        "Filen går inte att läsa som en Excel-arbetsbok (.xlsx)" + (e is NotAWorkbookException ? $": {e.Message}." : ".")
        + " Öppna den i Excel, spara den som Excel-arbetsbok (.xlsx) och försök igen.";

    private static string Names(IReadOnlyList<string> sheets) => sheets.Count switch
    {
        0 => "inga blad",
        1 => $"bara bladet ”{sheets[0]}”",
        _ => "bladen " + string.Join(", ", sheets.Select(s => $"”{s}”")),
    };

    private static LedgerFileInfo Info(long rowsRead, LedgerErrorList errors) =>
        new(LedgerFormat.Xlsx, Encoding: null, FiscalYearStart: null, FiscalYearEnd: null, rowsRead, errors.Errors, errors.More);
}
