using System.Text;
using ClosedXML.Excel;
using GrantTracker.Application.Features.Ledger;
using GrantTracker.Application.Imports;
using GrantTracker.Application.Imports.Csv;
using GrantTracker.Application.Imports.Sie;
using GrantTracker.Application.Imports.Xlsx;
using GrantTracker.Application.Tests.Infrastructure;
using GrantTracker.Domain.Common;
using GrantTracker.Domain.Ledger;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Tests.Imports;

/// <summary>
/// Issue 23, point 4: an amount beyond the öre range is refused in Swedish with its line and field, in every ledger format,
/// never as .NET's OverflowException; and a UTF-16 CSV (Excel's "Unicode text") is read, not taken for a file without columns.
/// </summary>
public sealed class AmountRangeTests
{
    private const string Header = "Verifikation;Datum;Konto;Ansvar;Objekt;Belopp;Text";
    private const string TooLarge = "är för stort. Ett belopp får vara högst 999\u00A0999\u00A0999\u00A0999\u00A0999,99 kr.";

    private static (LedgerFileInfo Info, List<LedgerRow> Rows) Read(ILedgerReader reader, byte[] bytes)
    {
        var rows = new List<LedgerRow>();
        var info = reader.Read(new MemoryStream(bytes), new LedgerReadOptions(), rows.Add);
        return (info, rows);
    }

    private static byte[] Csv(Encoding encoding, params string[] lines) =>
        [.. encoding.GetPreamble(), .. encoding.GetBytes(string.Join("\r\n", new[] { Header }.Concat(lines)) + "\r\n")];

    [Theory]
    [InlineData("99999999999999999999,99")]
    [InlineData("1e20")]
    [InlineData("1E+20")]
    [InlineData("1 000 000 000 000 000")]
    [InlineData("-99999999999999999999999999999999999999")]
    public void A_CSV_amount_beyond_the_ore_range_is_refused_as_too_large_with_its_line_and_field(string amount)
    {
        var (info, rows) = Read(new CsvLedgerReader(), Csv(new UTF8Encoding(false),
            "A 1;2023-03-31;4010;;9942;100,00;Bra rad",
            $"A 2;2023-03-31;4010;;9942;{amount};Stor rad"));

        var error = Assert.Single(info.Errors);
        Assert.Equal((3, "Belopp"), (error.Line, error.Field));
        Assert.Equal($"Beloppet ”{amount}” {TooLarge}", error.Message);
        Assert.Equal(["Bra rad"], rows.Select(r => r.Text));
    }

    [Fact]
    public void The_largest_amount_is_taken_to_the_ore()
    {
        var (info, rows) = Read(new CsvLedgerReader(), Csv(new UTF8Encoding(false), "A 1;2023-03-31;4010;;9942;-999 999 999 999 999,99;Största"));

        Assert.True(info.Succeeded, string.Join(" ", info.Errors));
        Assert.Equal(-Money.MaxAmount, Assert.Single(rows).Amount);
        Assert.Equal(-99_999_999_999_999_999L, Money.ToOre(rows[0].Amount));
    }

    [Fact]
    public void An_Excel_number_beyond_the_ore_range_is_refused_as_too_large()
    {
        using var workbook = new XLWorkbook();
        var sheet = workbook.Worksheets.Add("Huvudbok");
        string[] header = ["Verifikation", "Datum", "Konto", "Ansvar", "Objekt", "Belopp", "Text"];
        for (var c = 0; c < header.Length; c++)
        {
            sheet.Cell(1, c + 1).SetValue(header[c]);
        }
        sheet.Cell(2, 1).SetValue("A 1");
        sheet.Cell(2, 2).SetValue("2023-03-31");
        sheet.Cell(2, 3).SetValue("4010");
        sheet.Cell(2, 5).SetValue("9942");
        sheet.Cell(2, 6).Value = 1e20;
        using var stream = new MemoryStream();
        workbook.SaveAs(stream);

        var (info, rows) = Read(new XlsxLedgerReader(), stream.ToArray());

        var error = Assert.Single(info.Errors);
        Assert.Equal((2, "Belopp"), (error.Line, error.Field));
        Assert.Equal($"Beloppet ”1E+20” {TooLarge}", error.Message);
        Assert.Empty(rows);
    }

    [Fact]
    public void A_SIE_amount_with_more_than_15_digits_before_the_point_is_refused_as_too_large()
    {
        var text = "#FLAGGA 0\n#FORMAT PC8\n#SIETYP 4\n#RAR 0 20230101 20231231\n" +
                   "#VER A 1 20230315 \"Stor\"\n{\n#TRANS 4010 {} 99999999999999999999.99\n#TRANS 2440 {} -99999999999999999999.99\n}\n";

        var (info, _) = Read(new SieReader(), Encoding.ASCII.GetBytes(text));

        Assert.Contains(info.Errors, e => e.Line == 7 && e.Field == "Belopp" && e.Message == $"Beloppet ”99999999999999999999.99” {TooLarge}");
        Assert.DoesNotContain(info.Errors, e => e.Message.Contains("Overflow", StringComparison.OrdinalIgnoreCase));
    }

    public static TheoryData<string, byte[], string> Utf16 => new()
    {
        { "UTF-16 LE with BOM", Csv(new UnicodeEncoding(false, true), "A 1;2023-03-31;4010;;9942;-1 234,50;Läkemedel åäö"), "UTF-16" },
        { "UTF-16 LE without BOM", Csv(new UnicodeEncoding(false, false), "A 1;2023-03-31;4010;;9942;-1 234,50;Läkemedel åäö"), "UTF-16" },
        { "UTF-16 BE with BOM", Csv(new UnicodeEncoding(true, true), "A 1;2023-03-31;4010;;9942;-1 234,50;Läkemedel åäö"), "UTF-16 BE" },
        { "UTF-16 BE without BOM", Csv(new UnicodeEncoding(true, false), "A 1;2023-03-31;4010;;9942;-1 234,50;Läkemedel åäö"), "UTF-16 BE" },
    };

    [Theory]
    [MemberData(nameof(Utf16))]
    public void A_UTF_16_CSV_is_detected_and_read(string label, byte[] bytes, string encoding)
    {
        var (info, rows) = Read(new CsvLedgerReader(), bytes);

        Assert.True(info.Succeeded, label + ": " + string.Join(" ", info.Errors));
        Assert.Equal(encoding, info.Encoding);
        var row = Assert.Single(rows);
        Assert.Equal(("Läkemedel åäö", -1234.50m, "9942", "4010"), (row.Text, row.Amount, row.CostObject, row.Account));
    }

    [Fact]
    public void A_UTF_8_file_with_a_few_NUL_bytes_is_still_read_as_UTF_8()
    {
        var bytes = Csv(new UTF8Encoding(false), "A 1;2023-03-31;4010;;9942;100,00;Hyra", "A 2;2023-03-31;4010;;9942;200,00;Lön");
        bytes[^3] = 0;

        var (info, _) = Read(new CsvLedgerReader(), bytes);

        Assert.Equal("UTF-8", info.Encoding);
    }

    [Fact]
    public async Task The_import_refuses_a_CSV_with_a_too_large_amount_in_Swedish_and_stores_nothing()
    {
        await using var db = await TestDatabase.CreateAsync();
        var path = Path.Combine(Path.GetTempPath(), $"granttracker-amount-{Guid.NewGuid():N}.csv");
        await File.WriteAllBytesAsync(path, Csv(new UTF8Encoding(false),
            "A 1;2023-03-31;5010;;9916;100,00;Bra rad",
            "A 2;2023-03-31;5010;;9916;99999999999999999999,99;Stor rad"));
        try
        {
            var result = await db.SendAsync(new ImportLedgerFileCommand(path, "stor.csv"));

            Assert.Equal(ImportStatus.Avvisad, result.Status);
            var error = Assert.Single(result.Errors);
            Assert.Equal((3, "Belopp"), (error.Line, error.Field));
            Assert.Contains("för stort", error.Message);
            Assert.DoesNotContain("Int64", result.Message + error.Message);
            Assert.Equal(0, await db.WithContextAsync(c => c.LedgerEntries.CountAsync()));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
