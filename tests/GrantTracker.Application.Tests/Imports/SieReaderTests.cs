using System.Text;
using GrantTracker.Application.Imports;
using GrantTracker.Application.Imports.Sie;

namespace GrantTracker.Application.Tests.Imports;

public sealed class SieReaderTests
{
    // Seven lines, so the first voucher in a test file starts on line 8.
    private const string Header = """
        #FLAGGA 0
        #PROGRAM "Testexport" 1.0
        #FORMAT PC8
        #GEN 20240105
        #SIETYP 4
        #FNAMN "Region Testland"
        #RAR 0 20240101 20241231
        """;

    [Fact]
    public void A_simple_voucher_gives_its_rows_with_voucher_date_text_and_dimensions()
    {
        var (info, rows) = Read(Header + """

            #VER A 12 20240315 "Inköp av material"
            {
            #TRANS 4010 {1 "4100" 6 "9916"} 1500.50
            #TRANS 2440 {} -1500.50
            }
            """);

        Assert.True(info.Succeeded, string.Join("; ", info.Errors));
        Assert.Equal(LedgerFormat.Sie, info.Format);
        Assert.Equal(new DateOnly(2024, 1, 1), info.FiscalYearStart);
        Assert.Equal(new DateOnly(2024, 12, 31), info.FiscalYearEnd);
        Assert.Equal(2, info.RowsRead);
        Assert.Equal(2, rows.Count);
        var row = rows[0];
        Assert.Equal(10, row.Line);
        Assert.Equal("A", row.VoucherSeries);
        Assert.Equal("12", row.VoucherNumber);
        Assert.Equal(new DateOnly(2024, 3, 15), row.VoucherDate);
        Assert.Equal(new DateOnly(2024, 3, 15), row.RowDate);
        Assert.Equal("4010", row.Account);
        Assert.Equal(1500.50m, row.Amount);
        Assert.Equal("9916", row.CostObject);
        Assert.Equal("4100", row.CostCentre);
        Assert.Equal("9916", row.Project);
        Assert.Equal("Inköp av material", row.Text);
        Assert.Equal(-1500.50m, rows[1].Amount);
        Assert.Null(rows[1].CostObject);
        Assert.Null(rows[1].CostCentre);
    }

    [Fact]
    public void A_row_takes_its_own_transaction_date_and_text_when_it_has_them()
    {
        var (info, rows) = Read(Header + """

            #VER A 1 20240315 "Verifikationstext"
            {
            #TRANS 4010 {} 100 20240320 "Radtext"
            #TRANS 1930 {} -100 "" ""
            }
            """);

        Assert.True(info.Succeeded, string.Join("; ", info.Errors));
        Assert.Equal(new DateOnly(2024, 3, 20), rows[0].RowDate);
        Assert.Equal(new DateOnly(2024, 3, 15), rows[0].VoucherDate);
        Assert.Equal("Radtext", rows[0].Text);
        Assert.Equal(new DateOnly(2024, 3, 15), rows[1].RowDate);
        Assert.Equal("Verifikationstext", rows[1].Text);
    }

    [Fact]
    public void Fields_are_split_on_runs_of_spaces_and_tabs_in_indented_records_with_trailing_spaces_and_blank_lines()
    {
        var text = "#FLAGGA 0\r\n#SIETYP 4\n\n   \n\t#VER\tA\t\t7   20240201 \"Text\"   \r\n  {  \r\n\t#TRANS   4010\t{6\t\"P1\"}    250.00   \r\n\n    #TRANS 1930 { } -250   \n  }  \n\n";

        var (info, rows) = Read(text);

        Assert.True(info.Succeeded, string.Join("; ", info.Errors));
        Assert.Equal(2, rows.Count);
        Assert.Equal("7", rows[0].VoucherNumber);
        Assert.Equal("P1", rows[0].CostObject);
        Assert.Equal(250m, rows[0].Amount);
        Assert.Equal(7, rows[0].Line);
        Assert.Equal(-250m, rows[1].Amount);
        Assert.Equal(9, rows[1].Line);
    }

    [Fact]
    public void Quoted_texts_keep_escaped_quotes_and_braces_and_an_empty_pair_of_quotes_is_an_empty_field()
    {
        var (info, rows) = Read(Header + """

            #VER "" "" 20240301 "Faktura \"Nord\" {avser mars}"
            {
            #TRANS 4010 {"1" "456" 6 "{x}"} 80.5 "" "Rad med \"citat\" och } klammer" 3 "Anna"
            #TRANS 1930 {1 456} -80.50 20240302 "" 1 "sign" "okänt fält" extra
            }
            """);

        Assert.True(info.Succeeded, string.Join("; ", info.Errors));
        Assert.Equal("", rows[0].VoucherSeries);
        Assert.Equal("", rows[0].VoucherNumber);
        Assert.Equal("456", rows[0].CostCentre);
        Assert.Equal("{x}", rows[0].CostObject);
        Assert.Equal(80.50m, rows[0].Amount);
        Assert.Equal(new DateOnly(2024, 3, 1), rows[0].RowDate);
        Assert.Equal("Rad med \"citat\" och } klammer", rows[0].Text);
        Assert.Equal("456", rows[1].CostCentre);
        Assert.Equal(new DateOnly(2024, 3, 2), rows[1].RowDate);
        Assert.Equal("Faktura \"Nord\" {avser mars}", rows[1].Text);
    }

    [Fact]
    public void A_voucher_series_that_is_a_hash_sign_is_data_not_a_label()
    {
        var (info, rows) = Read(Header + """

            #VER # 1 20240410 "Serie #"
            {
            #TRANS 4010 {} 10 "" "#TRANS i text"
            #TRANS 1930 {} -10
            }
            """);

        Assert.True(info.Succeeded, string.Join("; ", info.Errors));
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Equal("#", r.VoucherSeries));
        Assert.Equal("#TRANS i text", rows[0].Text);
    }

    [Fact]
    public void Labels_the_import_does_not_use_are_ignored_even_when_unknown()
    {
        var (info, rows) = Read(Header + """

            #PROSA "Fritext { med klammer"
            #ADRESS "Anna Andersson" "Storgatan 1" "123 45 Staden" "010-123 45 67"
            #ORGNR 232100-0000
            #FNR "REG1"
            #OMFATTN 20241231
            #KPTYP EUBAS97
            #VALUTA SEK
            #TAXAR 2025
            #BKOD 84110
            #KONTO 4010 "Förbrukningsmaterial"
            #KTYP 4010 K
            #ENHET 4010 st
            #SRU 4010 7513
            #DIM 1 "Ansvar"
            #OBJEKT 1 "4100" "Vårdcentral Nord"
            #IB 0 1930 1000.00
            #UB 0 1930 900.00
            #OIB 0 1510 {1 "4100"} 50.00
            #OUB 0 1510 {1 "4100"} 40.00
            #RES 0 4010 100.00
            #PSALDO 0 202403 4010 {1 "4100"} 100.00
            #PBUDGET 0 202403 4010 {} 120.00
            #EGENPOST hittepå "fält" {1 2} 3
            #VER A 1 20240301
            {
            #EGENRAD ignoreras
            #TRANS 4010 {} 100
            #TRANS 1930 {} -100
            }
            """);

        Assert.True(info.Succeeded, string.Join("; ", info.Errors));
        Assert.Equal(2, rows.Count);
    }

    [Fact]
    public void A_file_in_code_page_437_is_read_as_PC8()
    {
        var text = Header + """

            #VER A 1 20240301 "Åtgärd för äldre i Östersund"
            {
            #TRANS 4010 {} 100
            #TRANS 1930 {} -100
            }
            """;

        var (info, rows) = Read(SieEncoding.Cp437.GetBytes(text));

        Assert.True(info.Succeeded, string.Join("; ", info.Errors));
        Assert.Equal("IBM437", info.Encoding);
        Assert.Equal("Åtgärd för äldre i Östersund", rows[0].Text);
    }

    [Fact]
    public void A_file_labelled_PC8_but_written_in_UTF8_is_read_as_UTF8()
    {
        var text = Header + """

            #VER A 1 20240301 "Åtgärd för äldre i Östersund"
            {
            #TRANS 4010 {6 "Väst"} 100
            #TRANS 1930 {} -100
            }
            """;

        var (info, rows) = Read(new UTF8Encoding(false).GetBytes(text));

        Assert.True(info.Succeeded, string.Join("; ", info.Errors));
        Assert.Equal("UTF-8", info.Encoding);
        Assert.Equal("Åtgärd för äldre i Östersund", rows[0].Text);
        Assert.Equal("Väst", rows[0].CostObject);
    }

    [Fact]
    public void A_UTF8_byte_order_mark_is_skipped_and_means_UTF8()
    {
        var bytes = new UTF8Encoding(true).GetPreamble().Concat(Encoding.UTF8.GetBytes(Header + "\n#VER A 1 20240301 \"Ö\"\n{\n#TRANS 4010 {} 1\n#TRANS 1930 {} -1\n}\n")).ToArray();

        var (info, rows) = Read(bytes);

        Assert.True(info.Succeeded, string.Join("; ", info.Errors));
        Assert.Equal("UTF-8", info.Encoding);
        Assert.Equal("Ö", rows[0].Text);
    }

    [Fact]
    public void A_file_labelled_PC8_but_written_in_Windows_1252_is_read_as_Windows_1252()
    {
        var text = Header + """

            #VER A 1 20240301 "Åtgärd för äldre i Östersund"
            {
            #TRANS 4010 {} 100 "" "Hälsoval"
            #TRANS 1930 {} -100
            }
            """;

        var (info, rows) = Read(SieEncoding.Windows1252.GetBytes(text));

        Assert.True(info.Succeeded, string.Join("; ", info.Errors));
        Assert.Equal("Windows-1252", info.Encoding);
        Assert.Equal("Åtgärd för äldre i Östersund", rows[1].Text);
        Assert.Equal("Hälsoval", rows[0].Text);
    }

    [Fact]
    public void A_stream_that_hands_out_a_few_bytes_at_a_time_gives_the_same_rows()
    {
        var text = Header + "\n" + string.Concat(Enumerable.Range(1, 300).Select(i =>
            $"#VER A {i} 20240301 \"Åtgärd {i} för äldre\"\r\n{{\r\n#TRANS 4010 {{6 \"Ö{i}\"}} {i}.25\r\n#TRANS 1930 {{}} -{i}.25\r\n}}\r\n"));
        var bytes = new UTF8Encoding(false).GetBytes(text);

        var (info, rows) = Read(new TrickleStream(bytes, 7));

        Assert.True(info.Succeeded, string.Join("; ", info.Errors));
        Assert.Equal("UTF-8", info.Encoding);
        Assert.Equal(600, rows.Count);
        Assert.Equal("Åtgärd 300 för äldre", rows[^1].Text);
        Assert.Equal("Ö300", rows[^2].CostObject);
        Assert.Equal(Enumerable.Range(1, 300).Sum(i => i + 0.25m), rows.Where(r => r.Account == "4010").Sum(r => r.Amount));
    }

    [Theory]
    [InlineData("100", 100)]
    [InlineData("-100", -100)]
    [InlineData("0.5", 0.5)]
    [InlineData("-1234567.89", -1234567.89)]
    [InlineData("0.05", 0.05)]
    public void Amounts_have_a_decimal_point_with_up_to_two_decimals_and_a_leading_minus(string amount, double expected)
    {
        var (info, rows) = Read(Header + $"\n#VER A 1 20240301\n{{\n#TRANS 4010 {{}} {amount}\n#TRANS 1930 {{}} {Negate(amount)}\n}}\n");

        Assert.True(info.Succeeded, string.Join("; ", info.Errors));
        Assert.Equal((decimal)expected, rows[0].Amount);
        Assert.Equal(-(decimal)expected, rows[1].Amount);
    }

    [Fact]
    public void An_amount_with_a_decimal_comma_is_refused_in_Swedish_with_its_line()
    {
        var (info, _) = Read(Header + "\n#VER A 1 20240301\n{\n#TRANS 4010 {} 12,5\n#TRANS 1930 {} -12.50\n}\n");

        var error = Assert.Single(info.Errors, e => e.Field == "Belopp" && e.Line == 10);
        Assert.Equal("Beloppet ”12,5” är inte ett belopp med decimalpunkt.", error.Message);
        Assert.False(info.Succeeded);
    }

    [Fact]
    public void An_amount_with_three_decimals_is_refused()
    {
        var (info, _) = Read(Header + "\n#VER A 1 20240301\n{\n#TRANS 4010 {} 12.505\n#TRANS 1930 {} -12.505\n}\n");

        Assert.Contains(info.Errors, e => e.Line == 10 && e.Message == "Beloppet ”12.505” har fler än två decimaler.");
    }

    [Fact]
    public void A_date_that_is_not_YYYYMMDD_is_refused_with_its_line_and_field()
    {
        var (info, _) = Read(Header + "\n#VER A 1 2024-03-01\n{\n#TRANS 4010 {} 10 20240231\n#TRANS 1930 {} -10\n}\n");

        Assert.Contains(info.Errors, e => e.Line == 8 && e.Field == "Datum" && e.Message == "Datumet ”2024-03-01” är inte ett datum på formen ÅÅÅÅMMDD.");
        Assert.Contains(info.Errors, e => e.Line == 10 && e.Field == "Transdatum" && e.Message == "Datumet ”20240231” är inte ett datum på formen ÅÅÅÅMMDD.");
    }

    [Fact]
    public void A_voucher_that_does_not_balance_is_an_error_on_the_line_of_its_VER()
    {
        var (info, _) = Read(Header + """

            #VER A 12 20240301 "Obalanserad"
            {
            #TRANS 4010 {} 150.00
            #TRANS 1930 {} -50.00
            }
            #VER A 13 20240302
            {
            #TRANS 4010 {} 1000
            #TRANS 1930 {} -1000
            }
            """);

        var error = Assert.Single(info.Errors);
        Assert.Equal(8, error.Line);
        Assert.Equal("Verifikation A 12 balanserar inte: raderna summerar till 100,00\u00A0kr.", error.Message);
    }

    [Fact]
    public void An_empty_voucher_is_allowed()
    {
        var (info, rows) = Read(Header + "\n#VER A 1 20240301 \"Makulerad\"\n{\n}\n");

        Assert.True(info.Succeeded, string.Join("; ", info.Errors));
        Assert.Empty(rows);
    }

    [Fact]
    public void A_voucher_whose_closing_brace_never_comes_means_the_file_is_truncated()
    {
        var (info, _) = Read(Header + "\n#VER A 1 20240301\n{\n#TRANS 4010 {} 10\n#TRANS 1930 {} -10\n}\n#VER A 2 20240302\n{\n#TRANS 4010 {} 10\n");

        var error = Assert.Single(info.Errors);
        Assert.Equal(13, error.Line);
        Assert.Equal("Verifikation A 2 avslutas aldrig med }: filen är avkortad.", error.Message);
    }

    [Fact]
    public void A_voucher_dated_outside_the_fiscal_year_is_an_error_with_its_line()
    {
        var (info, rows) = Read(Header + "\n#VER B 3 20250102\n{\n#TRANS 4010 {} 10\n#TRANS 1930 {} -10\n}\n");

        var error = Assert.Single(info.Errors);
        Assert.Equal(8, error.Line);
        Assert.Equal("Datum", error.Field);
        Assert.Equal("Verifikation B 3 är daterad 2025-01-02, utanför räkenskapsåret 2024-01-01–2024-12-31.", error.Message);
    }

    [Fact]
    public void Without_a_fiscal_year_any_voucher_date_is_accepted()
    {
        var (info, rows) = Read("#FLAGGA 0\n#SIETYP 4\n#VER B 3 19990102\n{\n#TRANS 4010 {} 10\n#TRANS 1930 {} -10\n}\n");

        Assert.True(info.Succeeded, string.Join("; ", info.Errors));
        Assert.Null(info.FiscalYearStart);
        Assert.Equal(2, rows.Count);
    }

    [Fact]
    public void A_row_added_afterwards_counts_once_and_a_removed_row_not_at_all()
    {
        var (info, rows) = Read(Header + """

            #VER A 1 20240301
            {
            #TRANS 4010 {} 100
            #BTRANS 4010 {} 100 20240305 "Borttagen" 0 "Anna"
            #TRANS 4020 {} -100 20240305 "Tillagd"
            #RTRANS 4030 {} 100 20240305 "Tillagd" 0 "Anna"
            #TRANS 4030 {} 100 20240305 "Tillagd" 0 "Anna"
            #TRANS 1930 {} -100
            }
            """);

        Assert.True(info.Succeeded, string.Join("; ", info.Errors));
        Assert.Equal(["4010", "4020", "4030", "1930"], rows.Select(r => r.Account));
        Assert.Equal(4, info.RowsRead);
    }

    [Fact]
    public void The_cost_object_is_the_dimension_named_Objekt_when_there_is_one()
    {
        var (info, rows) = Read(Header + """

            #DIM 1 "Ansvar"
            #DIM 6 "Projekt"
            #DIM 20 "OBJEKT"
            #VER A 1 20240301
            {
            #TRANS 4010 {1 "4100" 6 "P7" 20 "9916"} 100
            #TRANS 1930 {} -100
            }
            """);

        Assert.True(info.Succeeded, string.Join("; ", info.Errors));
        Assert.Equal("9916", rows[0].CostObject);
        Assert.Equal("P7", rows[0].Project);
        Assert.Equal("4100", rows[0].CostCentre);
    }

    [Fact]
    public void Without_a_dimension_named_Objekt_the_cost_object_is_dimension_6()
    {
        var (_, rows) = Read(Header + "\n#DIM 20 \"Kund\"\n#VER A 1 20240301\n{\n#TRANS 4010 {20 \"K1\" 6 \"P7\"} 100\n#TRANS 1930 {} -100\n}\n");

        Assert.Equal("P7", rows[0].CostObject);
    }

    [Fact]
    public void The_options_choose_the_object_dimension_over_the_file()
    {
        var (_, rows) = Read(Header + "\n#DIM 20 \"Objekt\"\n#VER A 1 20240301\n{\n#TRANS 4010 {20 \"9916\" 6 \"P7\" 30 \"X1\"} 100\n#TRANS 1930 {} -100\n}\n",
            new LedgerReadOptions { ObjectDimension = 30 });

        Assert.Equal("X1", rows[0].CostObject);
        Assert.Equal("P7", rows[0].Project);
    }

    [Fact]
    public void A_file_that_is_not_SIE_is_refused()
    {
        var (info, rows) = Read("Verifikation;Datum;Konto;Ansvar;Objekt;Belopp;Text\nA1;2024-03-01;4010;4100;9916;100;Test\n");

        var error = Assert.Single(info.Errors);
        Assert.Equal("Filen är inte en SIE-fil: den saknar #FLAGGA, #SIETYP och #VER.", error.Message);
        Assert.Empty(rows);
    }

    [Fact]
    public void A_file_with_records_but_no_FLAGGA_SIETYP_or_VER_is_refused()
    {
        var (info, _) = Read("#PROGRAM \"Något\" 1\n#KONTO 1930 \"Bank\"\n");

        Assert.Equal("Filen är inte en SIE-fil: den saknar #FLAGGA, #SIETYP och #VER.", Assert.Single(info.Errors).Message);
    }

    [Fact]
    public void A_binary_file_without_line_breaks_is_refused_as_not_SIE()
    {
        var bytes = new byte[3 * 1024 * 1024];
        new Random(7).NextBytes(bytes);
        bytes.AsSpan().Replace((byte)'\n', (byte)0);

        var (info, rows) = Read(bytes);

        Assert.Equal("Filen är inte en SIE-fil: den saknar #FLAGGA, #SIETYP och #VER.", Assert.Single(info.Errors).Message);
        Assert.Empty(rows);
    }

    [Fact]
    public void An_empty_file_is_refused()
    {
        var (info, _) = Read(Array.Empty<byte>());

        Assert.False(info.Succeeded);
    }

    [Fact]
    public void A_record_with_an_unclosed_quote_is_malformed_and_its_voucher_block_is_still_skipped()
    {
        var (info, _) = Read(Header + "\n#VER A 1 20240301 \"Ofullständig\n{\n#TRANS 4010 {} 100\n#TRANS 1930 {} -100\n}\n");

        var error = Assert.Single(info.Errors);
        Assert.Equal(8, error.Line);
        Assert.Equal("Posten går inte att läsa: Ett citattecken avslutas aldrig.", error.Message);
    }

    [Fact]
    public void A_transaction_outside_a_voucher_is_an_error()
    {
        var (info, rows) = Read(Header + "\n#TRANS 4010 {} 100\n");

        Assert.Equal(8, Assert.Single(info.Errors).Line);
        Assert.Empty(rows);
    }

    [Fact]
    public void Errors_are_collected_up_to_the_maximum_and_the_rest_are_flagged()
    {
        var text = Header + "\n" + string.Concat(Enumerable.Range(1, 10).Select(i => $"#VER A {i} 20240301\n{{\n#TRANS 4010 {{}} {i},5\n#TRANS 1930 {{}} -1\n}}\n"));

        var (info, _) = Read(text, new LedgerReadOptions { MaxErrors = 3 });

        Assert.Equal(3, info.Errors.Count);
        Assert.True(info.MoreErrors);
        Assert.Equal([10, 15, 20], info.Errors.Select(e => e.Line));
    }

    [Fact]
    public void Two_hundred_thousand_rows_are_read_with_their_count_and_sum()
    {
        const int vouchers = 100_000;
        var stream = new MemoryStream();
        using (var writer = new StreamWriter(stream, SieEncoding.Cp437, 1 << 16, leaveOpen: true))
        {
            writer.Write(Header);
            writer.Write("\r\n#DIM 6 \"Objekt\"\r\n");
            for (var i = 1; i <= vouchers; i++)
            {
                var amount = (i % 1000) + (i % 100) / 100m;
                writer.Write($"#VER A {i} 2024{1 + i % 12:00}15 \"Lön {i}\"\r\n{{\r\n#TRANS 7010 {{1 \"4100\" 6 \"9916\"}} {amount:0.00} 20240101 \"Löner\"\r\n#TRANS 1930 {{}} -{amount:0.00}\r\n}}\r\n");
            }
        }
        stream.Position = 0;
        long count = 0;
        decimal objectSum = 0, total = 0;

        var info = new SieReader().Read(stream, new LedgerReadOptions(), row =>
        {
            count++;
            total += row.Amount;
            if (row.CostObject == "9916")
            {
                objectSum += row.Amount;
            }
        });

        Assert.True(info.Succeeded, string.Join("; ", info.Errors));
        Assert.Equal(2 * vouchers, count);
        Assert.Equal(2 * vouchers, info.RowsRead);
        Assert.Equal(0m, total);
        Assert.Equal(Enumerable.Range(1, vouchers).Sum(i => (i % 1000) + (i % 100) / 100m), objectSum);
    }

    private static string Negate(string amount) => amount.StartsWith('-') ? amount[1..] : "-" + amount;

    internal static (LedgerFileInfo Info, List<LedgerRow> Rows) Read(string text, LedgerReadOptions? options = null) =>
        Read(SieEncoding.Cp437.GetBytes(text), options);

    internal static (LedgerFileInfo Info, List<LedgerRow> Rows) Read(byte[] bytes, LedgerReadOptions? options = null) =>
        Read(new MemoryStream(bytes), options);

    internal static (LedgerFileInfo Info, List<LedgerRow> Rows) Read(Stream stream, LedgerReadOptions? options = null)
    {
        var rows = new List<LedgerRow>();
        var info = new SieReader().Read(stream, options ?? new LedgerReadOptions(), rows.Add);
        return (info, rows);
    }

    /// <summary>A non-seekable stream that returns at most a few bytes per read, as a network stream may.</summary>
    private sealed class TrickleStream(byte[] bytes, int chunk) : Stream
    {
        private int _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = Math.Min(Math.Min(count, chunk), bytes.Length - _position);
            Array.Copy(bytes, _position, buffer, offset, n);
            _position += n;
            return n;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
