using System.Globalization;
using System.Text;
using GrantTracker.Application.Imports;
using GrantTracker.Application.Imports.Csv;

namespace GrantTracker.Application.Tests.Imports;

public sealed class CsvLedgerReaderTests
{
    private const string Header = "Verifikation;Datum;Konto;Ansvar;Objekt;Belopp;Text";

    static CsvLedgerReaderTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static (LedgerFileInfo Info, List<LedgerRow> Rows) Read(byte[] bytes, LedgerReadOptions? options = null)
    {
        var rows = new List<LedgerRow>();
        var info = new CsvLedgerReader().Read(new MemoryStream(bytes), options ?? new LedgerReadOptions(), rows.Add);
        return (info, rows);
    }

    private static (LedgerFileInfo Info, List<LedgerRow> Rows) Read(string text, LedgerReadOptions? options = null) =>
        Read(new UTF8Encoding(false).GetBytes(text), options);

    private static string Lines(params string[] lines) => string.Join("\r\n", lines) + "\r\n";

    [Fact]
    public void A_file_with_the_default_Swedish_headers_reads_every_field()
    {
        var (info, rows) = Read(Lines(
            Header,
            "A 123;2023-03-31;4010;1234;9942;-1 234,50;Hyra mars",
            "B17;2023-04-01;401000;;;100;",
            "88;2023-04-02;7010;12;9943;5,5;Lön"));

        Assert.True(info.Succeeded, string.Join(" ", info.Errors));
        Assert.Equal(LedgerFormat.Csv, info.Format);
        Assert.Equal(3, info.RowsRead);
        Assert.Null(info.FiscalYearStart);
        Assert.Null(info.FiscalYearEnd);
        Assert.Equal(
            new LedgerRow(2, "A", "123", new DateOnly(2023, 3, 31), new DateOnly(2023, 3, 31), "4010", -1234.50m, "9942", "1234", null, "Hyra mars"),
            rows[0]);
        Assert.Equal(
            new LedgerRow(3, "B", "17", new DateOnly(2023, 4, 1), new DateOnly(2023, 4, 1), "401000", 100m, null, null, null, null),
            rows[1]);
        Assert.Equal(("", "88", 4, 5.5m), (rows[2].VoucherSeries, rows[2].VoucherNumber, rows[2].Line, rows[2].Amount));
    }

    [Fact]
    public void A_column_map_reads_an_export_with_other_names_in_another_order_whatever_their_case()
    {
        var options = new LedgerReadOptions
        {
            Columns = new LedgerColumnMap("Ver.nr", "Bokföringsdatum", "Konto", "Kostnadsställe", "Motpart", "Summa", "Beskrivning", Project: "Projekt"),
        };

        var (info, rows) = Read(Lines(
            "SUMMA;konto;BOKFÖRINGSDATUM;Ver.nr;Motpart;Beskrivning;Kostnadsställe;Projekt;Extra",
            "2 000,00;4010;2023-05-02;C 5;9942;Konsult;K12;P7;ignoreras"), options);

        Assert.True(info.Succeeded, string.Join(" ", info.Errors));
        var row = Assert.Single(rows);
        Assert.Equal(
            new LedgerRow(2, "C", "5", new DateOnly(2023, 5, 2), new DateOnly(2023, 5, 2), "4010", 2000m, "9942", "K12", "P7", "Konsult"),
            row);
    }

    public static TheoryData<string, byte[], string> Encodings()
    {
        var text = Lines(Header, "A 1;2023-03-31;4010;;9942;10,00;Läkemedel åäö ÅÄÖ é");
        return new()
        {
            { "UTF-8 med BOM", [.. new UTF8Encoding(true).GetPreamble(), .. new UTF8Encoding(false).GetBytes(text)], "UTF-8" },
            { "UTF-8 utan BOM", new UTF8Encoding(false).GetBytes(text), "UTF-8" },
            { "Windows-1252", Encoding.GetEncoding(1252).GetBytes(text), "Windows-1252" },
        };
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public void Swedish_letters_survive_UTF8_with_or_without_BOM_and_Windows_1252(string label, byte[] bytes, string expectedEncoding)
    {
        var (info, rows) = Read(bytes);

        Assert.True(info.Succeeded, label + ": " + string.Join(" ", info.Errors));
        Assert.Equal(expectedEncoding, info.Encoding);
        var row = Assert.Single(rows);
        Assert.Equal("Läkemedel åäö ÅÄÖ é", row.Text);
        Assert.Equal("A", row.VoucherSeries);
    }

    [Fact]
    public void A_Windows_1252_file_whose_only_Swedish_letter_is_on_the_last_line_is_still_detected()
    {
        var lines = new List<string> { Header };
        lines.AddRange(Enumerable.Range(1, 5000).Select(i => $"A {i};2023-03-31;4010;;9942;1,00;Rad {i}"));
        lines.Add("A 5001;2023-03-31;4010;;9942;1,00;Förbrukning");

        var (info, rows) = Read(Encoding.GetEncoding(1252).GetBytes(Lines([.. lines])));

        Assert.Equal("Windows-1252", info.Encoding);
        Assert.Equal("Förbrukning", rows[^1].Text);
    }

    [Theory]
    [InlineData("-1 234,50", "-1234.50")]
    [InlineData("1234,5", "1234.5")]
    [InlineData("1 234", "1234")]
    [InlineData("1\u00A0234\u00A0567,89", "1234567.89")]
    [InlineData("\u22121 234,00", "-1234")]
    [InlineData("0,05", "0.05")]
    [InlineData("-7", "-7")]
    public void Amounts_are_read_with_decimal_comma_and_spaces_between_thousands(string written, string expected)
    {
        var (info, rows) = Read(Lines(Header, $"A 1;2023-03-31;4010;;9942;{written};"));

        Assert.True(info.Succeeded, string.Join(" ", info.Errors));
        Assert.Equal(decimal.Parse(expected, CultureInfo.InvariantCulture), Assert.Single(rows).Amount);
    }

    [Fact]
    public void A_bad_date_and_a_bad_amount_are_reported_in_Swedish_with_line_and_field_and_their_rows_are_not_handed_over()
    {
        var (info, rows) = Read(Lines(
            Header,
            "A 1;2023-03-31;4010;;9942;10,00;Bra rad",
            "A 2;2023-13-01;4010;;9942;10,00;Fel datum",
            "A 3;2023-03-31;4010;;9942;12,345;Fel belopp",
            "A 4;2023-03-31;;;9942;1.5;Två fel",
            "A 5;31/3/2023;40X0;;9942;abc;"));

        Assert.False(info.Succeeded);
        Assert.False(info.MoreErrors);
        Assert.Equal(5, info.RowsRead);
        Assert.Equal(["Bra rad"], rows.Select(r => r.Text));
        Assert.Equal(
            [
                new ImportError(3, "Datum", "Datumet ”2023-13-01” är inte ett datum (ÅÅÅÅ-MM-DD)."),
                new ImportError(4, "Belopp", "Beloppet ”12,345” har fler än två decimaler."),
                new ImportError(5, "Konto", "Kontot saknas."),
                new ImportError(5, "Belopp", "Beloppet ”1.5” är inte ett belopp. Skriv det med decimalkomma, till exempel -1 234,50."),
                new ImportError(6, "Datum", "Datumet ”31/3/2023” är inte ett datum (ÅÅÅÅ-MM-DD)."),
                new ImportError(6, "Konto", "Kontot ”40X0” ska vara 4–6 siffror."),
                new ImportError(6, "Belopp", "Beloppet ”abc” är inte ett belopp. Skriv det med decimalkomma, till exempel -1 234,50."),
            ],
            info.Errors);
        Assert.Equal("Rad 3, Datum: Datumet ”2023-13-01” är inte ett datum (ÅÅÅÅ-MM-DD).", info.Errors[0].ToString());
    }

    [Fact]
    public void A_missing_voucher_or_one_without_a_number_is_an_error_on_its_line()
    {
        var (info, _) = Read(Lines(Header, ";2023-03-31;4010;;9942;1,00;", "A B;2023-03-31;4010;;9942;1,00;"));

        Assert.Equal(
            [
                new ImportError(2, "Verifikation", "Verifikationen saknas."),
                new ImportError(3, "Verifikation", "Verifikationen ”A B” ska vara en serie och ett nummer, till exempel ”A 123” eller ”123”."),
            ],
            info.Errors);
    }

    [Fact]
    public void Errors_stop_being_collected_at_the_limit_and_the_file_says_there_were_more()
    {
        var lines = new List<string> { Header };
        lines.AddRange(Enumerable.Range(1, 5).Select(i => $"A {i};inget datum;4010;;9942;1,00;"));

        var (info, rows) = Read(Lines([.. lines]), new LedgerReadOptions { MaxErrors = 2 });

        Assert.Equal([2, 3], info.Errors.Select(e => e.Line));
        Assert.True(info.MoreErrors);
        Assert.Equal(5, info.RowsRead);
        Assert.Empty(rows);
    }

    [Fact]
    public void A_missing_required_column_is_one_error_naming_it()
    {
        var (info, rows) = Read(Lines("Verifikation;Datum;Konto;Ansvar;Objekt;Text", "A 1;2023-03-31;4010;;9942;Hyra"));

        var error = Assert.Single(info.Errors);
        Assert.Equal(new ImportError(1, "Belopp", "Kolumnen ”Belopp” saknas i rubrikraden."), error);
        Assert.Empty(rows);
    }

    [Fact]
    public void Optional_columns_may_be_left_out_of_the_header()
    {
        var (info, rows) = Read(Lines("Verifikation;Datum;Konto;Objekt;Belopp", "A 1;2023-03-31;4010;9942;1,00"));

        Assert.True(info.Succeeded, string.Join(" ", info.Errors));
        var row = Assert.Single(rows);
        Assert.Null(row.CostCentre);
        Assert.Null(row.Text);
    }

    [Fact]
    public void A_file_with_only_the_header_has_no_rows_and_no_errors()
    {
        var (info, rows) = Read(Header + "\r\n");

        Assert.True(info.Succeeded);
        Assert.Equal(0, info.RowsRead);
        Assert.Empty(rows);
    }

    [Fact]
    public void A_file_without_even_a_header_is_refused()
    {
        var (info, _) = Read([]);

        Assert.Equal(1, Assert.Single(info.Errors).Line);
    }

    [Fact]
    public void Blank_lines_and_rows_of_empty_fields_are_skipped_and_line_numbers_stay_those_of_the_file()
    {
        var (info, rows) = Read(Lines(
            Header,
            "",
            "A 1;2023-03-31;4010;;9942;1,00;\"Hyra; kv 1\"",
            ";;;;;;",
            "A 2;2023-03-31;4010;;9942;2,00;\"Två",
            "rader\"",
            "A 3;2023-03-31;4010;;9942;fel;"));

        Assert.Equal(3, info.RowsRead);
        Assert.Equal([(3, "Hyra; kv 1"), (5, "Två\r\nrader")], rows.Select(r => (r.Line, r.Text)));
        Assert.Equal(7, Assert.Single(info.Errors).Line);
    }

    [Theory]
    [InlineData("A 1;2023-03-31;4010;;9942;1,00;Hyra \"mars\"")]
    [InlineData("A 1;2023-03-31;4010;;9942;1,00;\"Hyra mars")]
    public void A_misplaced_quote_is_an_error_on_its_line_rather_than_rows_silently_run_together(string line)
    {
        var (info, _) = Read(Lines(Header, line, "A 2;2023-03-31;4010;;9942;1,00;Nästa rad"));

        var error = Assert.Single(info.Errors);
        Assert.Equal((2, null), (error.Line, error.Field));
        Assert.StartsWith("Raden har ett citattecken", error.Message);
    }

    [Fact]
    public void A_stream_that_cannot_seek_is_read_all_the_same()
    {
        var bytes = Encoding.GetEncoding(1252).GetBytes(Lines(Header, "A 1;2023-03-31;4010;;9942;1,00;Åtgärd"));
        var rows = new List<LedgerRow>();

        var info = new CsvLedgerReader().Read(new ForwardOnlyStream(new MemoryStream(bytes)), new LedgerReadOptions(), rows.Add);

        Assert.True(info.Succeeded, string.Join(" ", info.Errors));
        Assert.Equal("Windows-1252", info.Encoding);
        Assert.Equal("Åtgärd", Assert.Single(rows).Text);
    }

    [Fact]
    public void A_hundred_thousand_rows_are_read_with_the_right_count_and_sum()
    {
        const int count = 100_000;
        var expectedSum = 0m;
        var csv = new MemoryStream();
        using (var writer = new StreamWriter(csv, new UTF8Encoding(true), leaveOpen: true))
        {
            writer.Write(Header + "\r\n");
            for (var i = 1; i <= count; i++)
            {
                // Amounts from -4 999,99 to 4 999,99 with every kind of öre, so rounding mistakes would show in the sum.
                var amount = (i * 7919 % 1_000_000 - 500_000) / 100m;
                expectedSum += amount;
                writer.Write($"A {i};2023-{i % 12 + 1:00}-15;4010;K1;99{i % 50:00};{amount.ToString("#,##0.00", SwedishAmounts)};Rad {i} åäö\r\n");
            }
        }

        csv.Position = 0;
        var (rows, sum, objects) = (0L, 0m, new HashSet<string?>());
        var info = new CsvLedgerReader().Read(csv, new LedgerReadOptions(), row =>
        {
            rows++;
            sum += row.Amount;
            objects.Add(row.CostObject);
        });

        Assert.True(info.Succeeded, string.Join(" ", info.Errors.Take(5)));
        Assert.Equal(count, info.RowsRead);
        Assert.Equal(count, rows);
        Assert.Equal(expectedSum, sum);
        Assert.Equal(50, objects.Count);
    }

    private static readonly NumberFormatInfo SwedishAmounts = new()
    {
        NumberDecimalSeparator = ",",
        NumberGroupSeparator = " ",
        NumberGroupSizes = [3],
        NegativeSign = "-",
    };
}
