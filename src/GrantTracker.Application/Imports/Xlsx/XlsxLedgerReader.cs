using System.Xml;
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

        try
        {
            var sheets = MiniExcel.GetSheetNames(stream, Configuration);
            stream.Position = start;

            var sheet = options.SheetName is null
                ? sheets.FirstOrDefault()
                : sheets.FirstOrDefault(s => string.Equals(s, options.SheetName.Trim(), StringComparison.OrdinalIgnoreCase));
            if (sheet is null)
            {
                errors.Add(0, null, options.SheetName is null
                    ? "Arbetsboken har inga blad."
                    : $"Bladet ”{options.SheetName}” finns inte i filen. Filen har {Names(sheets)}.");
                return Info(rowsRead, errors);
            }

            string[]? columns = null;
            LedgerHeader? header = null;
            var line = 0;
            foreach (IDictionary<string, object?> record in MiniExcel.Query(stream, useHeaderRow: false, sheetName: sheet, excelType: ExcelType.XLSX, configuration: Configuration))
            {
                cancellationToken.ThrowIfCancellationRequested();
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
                    onRow(row);
                }
            }

            if (columns is null)
            {
                errors.Add(1, null, $"Bladet ”{sheet}” är tomt. Det ska börja med en rubrikrad, till exempel Verifikation, Datum, Konto, Ansvar, Objekt, Belopp, Text.");
            }
        }
        catch (Exception e) when (e is InvalidDataException or XmlException)
        {
            errors.Add(0, null, "Filen går inte att läsa som en Excel-arbetsbok (.xlsx). Spara den som Excel-arbetsbok och försök igen.");
        }

        return Info(rowsRead, errors);
    }

    private static string Names(IReadOnlyList<string> sheets) => sheets.Count switch
    {
        0 => "inga blad",
        1 => $"bara bladet ”{sheets[0]}”",
        _ => "bladen " + string.Join(", ", sheets.Select(s => $"”{s}”")),
    };

    private static LedgerFileInfo Info(long rowsRead, LedgerErrorList errors) =>
        new(LedgerFormat.Xlsx, Encoding: null, FiscalYearStart: null, FiscalYearEnd: null, rowsRead, errors.Errors, errors.More);
}
