using ClosedXML.Excel;
using GrantTracker.Application.Imports;
using GrantTracker.Application.Imports.Xlsx;

namespace GrantTracker.Application.Tests.Imports;

public sealed class XlsxLedgerReaderTests
{
    private static readonly object?[] Header = ["Verifikation", "Datum", "Konto", "Ansvar", "Objekt", "Belopp", "Text"];

    /// <summary>A workbook with one sheet per entry; a row of null is left empty in the sheet.</summary>
    private static byte[] Workbook(params (string Name, object?[]?[] Rows)[] sheets)
    {
        using var workbook = new XLWorkbook();
        foreach (var (name, rows) in sheets)
        {
            var sheet = workbook.Worksheets.Add(name);
            for (var r = 0; r < rows.Length; r++)
            {
                for (var c = 0; c < (rows[r]?.Length ?? 0); c++)
                {
                    var cell = sheet.Cell(r + 1, c + 1);
                    switch (rows[r]![c])
                    {
                        case null:
                            break;
                        case string text:
                            // Text as the user typed it, never converted by ClosedXML into a number or a date.
                            cell.SetValue(text);
                            cell.DataType = XLDataType.Text;
                            break;
                        case DateTime date:
                            cell.Value = date;
                            cell.Style.NumberFormat.Format = "yyyy-mm-dd";
                            break;
                        case var number:
                            cell.Value = Convert.ToDouble(number, System.Globalization.CultureInfo.InvariantCulture);
                            break;
                    }
                }
            }
        }

        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }

    private static byte[] Workbook(params object?[]?[] rows) => Workbook(("Huvudbok", rows));

    private static (LedgerFileInfo Info, List<LedgerRow> Rows) Read(byte[] bytes, LedgerReadOptions? options = null)
    {
        var rows = new List<LedgerRow>();
        var info = new XlsxLedgerReader().Read(new MemoryStream(bytes), options ?? new LedgerReadOptions(), rows.Add);
        return (info, rows);
    }

    [Fact]
    public void Numbers_and_dates_are_read_as_Excel_stores_them()
    {
        var (info, rows) = Read(Workbook(
            Header,
            ["A 12", new DateTime(2023, 3, 31), 4010, 1234, 9942, -1234.5, "Hyra mars"],
            [77, new DateTime(2023, 4, 1), 401000, null, null, 0.1 + 0.2, null],
            ["B3", 45017, 7010, null, "9943", 1e6, "Datum utan datumformat"]));

        Assert.True(info.Succeeded, string.Join(" ", info.Errors));
        Assert.Equal(LedgerFormat.Xlsx, info.Format);
        Assert.Null(info.Encoding);
        Assert.Equal(3, info.RowsRead);
        Assert.Equal(
            new LedgerRow(2, "A", "12", new DateOnly(2023, 3, 31), new DateOnly(2023, 3, 31), "4010", -1234.5m, "9942", "1234", null, "Hyra mars"),
            rows[0]);
        Assert.Equal(
            new LedgerRow(3, "", "77", new DateOnly(2023, 4, 1), new DateOnly(2023, 4, 1), "401000", 0.3m, null, null, null, null),
            rows[1]);
        Assert.Equal((new DateOnly(2023, 4, 1), 1_000_000m, "B", "3"), (rows[2].VoucherDate, rows[2].Amount, rows[2].VoucherSeries, rows[2].VoucherNumber));
    }

    [Fact]
    public void Swedish_text_cells_are_read_like_the_CSV_export()
    {
        var (info, rows) = Read(Workbook(
            Header,
            ["A 1", "2023-03-31", "4010", "K12", "9942", "-1 234,50", "Läkemedel åäö"],
            ["A 2", "2023-04-30", "401000", "", "", "1234,5", ""]));

        Assert.True(info.Succeeded, string.Join(" ", info.Errors));
        Assert.Equal(
            new LedgerRow(2, "A", "1", new DateOnly(2023, 3, 31), new DateOnly(2023, 3, 31), "4010", -1234.50m, "9942", "K12", null, "Läkemedel åäö"),
            rows[0]);
        Assert.Equal((1234.5m, null, null, null), (rows[1].Amount, rows[1].CostObject, rows[1].CostCentre, rows[1].Text));
    }

    [Fact]
    public void Errors_carry_the_sheet_row_number_and_the_field_even_after_empty_rows()
    {
        var (info, rows) = Read(Workbook(
            Header,
            ["A 1", "2023-03-31", 4010, null, 9942, 10, null],
            null,
            null,
            ["A 2", "2023-13-01", 4010, null, 9942, "12,345", null],
            ["A 3", new DateTime(2023, 3, 31), null, null, 9942, 1.005, null]));

        Assert.Equal([2], rows.Select(r => r.Line));
        Assert.Equal(2, info.RowsRead - rows.Count);
        Assert.Equal(
            [
                new ImportError(5, "Datum", "Datumet ”2023-13-01” är inte ett datum (ÅÅÅÅ-MM-DD)."),
                new ImportError(5, "Belopp", "Beloppet ”12,345” har fler än två decimaler."),
                new ImportError(6, "Konto", "Kontot saknas."),
                new ImportError(6, "Belopp", "Beloppet ”1,005” har fler än två decimaler."),
            ],
            info.Errors);
    }

    [Fact]
    public void A_named_sheet_is_read_whatever_its_case_and_the_first_sheet_otherwise()
    {
        var bytes = Workbook(
            ("Sammanfattning", [["Rubrik"], ["Inget att läsa här"]]),
            ("Huvudbok", [Header, ["A 1", new DateTime(2023, 3, 31), 4010, null, 9942, 10, null]]));

        var (named, rows) = Read(bytes, new LedgerReadOptions { SheetName = "huvudbok" });
        var (first, _) = Read(bytes);

        Assert.True(named.Succeeded, string.Join(" ", named.Errors));
        Assert.Equal(10m, Assert.Single(rows).Amount);
        Assert.Equal(
            [new ImportError(1, "Verifikation", "Kolumnen ”Verifikation” saknas i rubrikraden."), new ImportError(1, "Datum", "Kolumnen ”Datum” saknas i rubrikraden.")],
            first.Errors.Take(2));
    }

    [Fact]
    public void An_unknown_sheet_is_an_error_naming_the_sheets_that_exist()
    {
        var bytes = Workbook(("Sammanfattning", [["Rubrik"]]), ("Huvudbok", [Header]));

        var (info, rows) = Read(bytes, new LedgerReadOptions { SheetName = "Bokföring" });

        Assert.Equal(
            "Bladet ”Bokföring” finns inte i filen. Filen har bladen ”Sammanfattning”, ”Huvudbok”.",
            Assert.Single(info.Errors).Message);
        Assert.Empty(rows);
    }

    [Fact]
    public void A_column_map_and_a_missing_column_work_as_in_CSV()
    {
        var map = new LedgerColumnMap("Ver", "Bokföringsdag", "Konto", "KST", "Objekt", "Summa", "Text");
        var good = Workbook(["summa", "VER", "Bokföringsdag", "Konto", "Objekt"], [99.5, "C 7", new DateTime(2023, 6, 30), 5010, 9942]);
        var bad = Workbook(["Ver", "Bokföringsdag", "Konto", "Summa"], ["C 7", new DateTime(2023, 6, 30), 5010, 99.5]);

        var (goodInfo, rows) = Read(good, new LedgerReadOptions { Columns = map });
        var (badInfo, _) = Read(bad, new LedgerReadOptions { Columns = map });

        Assert.True(goodInfo.Succeeded, string.Join(" ", goodInfo.Errors));
        Assert.Equal(("C", "7", 99.5m, "9942"), (rows[0].VoucherSeries, rows[0].VoucherNumber, rows[0].Amount, rows[0].CostObject));
        Assert.Equal([new ImportError(1, "Objekt", "Kolumnen ”Objekt” saknas i rubrikraden.")], badInfo.Errors);
    }

    [Fact]
    public void A_sheet_with_only_the_header_has_no_rows_and_no_errors()
    {
        var (info, rows) = Read(Workbook(Header));

        Assert.True(info.Succeeded);
        Assert.Equal(0, info.RowsRead);
        Assert.Empty(rows);
    }

    [Fact]
    public void A_file_that_is_not_a_workbook_is_refused_with_a_Swedish_error()
    {
        var (info, _) = Read("Verifikation;Datum\r\n"u8.ToArray());

        Assert.Contains("Excel-arbetsbok", Assert.Single(info.Errors).Message);
    }

    [Fact]
    public void A_stream_that_cannot_seek_is_read_all_the_same()
    {
        var bytes = Workbook(Header, ["A 1", new DateTime(2023, 3, 31), 4010, null, 9942, 10, null]);
        var rows = new List<LedgerRow>();

        var info = new XlsxLedgerReader().Read(new ForwardOnlyStream(new MemoryStream(bytes)), new LedgerReadOptions(), rows.Add);

        Assert.True(info.Succeeded, string.Join(" ", info.Errors));
        Assert.Single(rows);
    }
}
