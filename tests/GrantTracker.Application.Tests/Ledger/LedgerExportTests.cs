using System.Text;
using ClosedXML.Excel;
using GrantTracker.Application.Features.Ledger;
using GrantTracker.Application.Reports;
using GrantTracker.Application.Tests.Infrastructure;
using GrantTracker.Domain.Common;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GrantTracker.Application.Tests.Ledger;

/// <summary>
/// The streamed ledger export: a few thousand rows imported through the real importer, exported through the use case
/// and the MiniExcel writer, and read back with ClosedXML, to the öre.
/// </summary>
public sealed class LedgerExportTests : IAsyncLifetime
{
    private const int Vouchers = 1_500;
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "granttracker-export-tests", Guid.NewGuid().ToString("N"));
    private TestDatabase _db = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        _db = await TestDatabase.CreateAsync();
    }

    public async Task DisposeAsync()
    {
        await _db.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>
    /// A year file for 2023 and a short one for 2024: per voucher a cost row on 9916 (some with a project code and a cost
    /// centre), a row on 9942 whose text needs escaping in XML, and a balancing row without an object (not stored).
    /// </summary>
    private async Task ImportAsync()
    {
        await ImportYearAsync(2023, Vouchers);
        await ImportYearAsync(2024, 20);
    }

    private async Task ImportYearAsync(int year, int vouchers)
    {
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        var text = new StringBuilder($"#FLAGGA 0\n#FORMAT PC8\n#SIETYP 4\n#RAR 0 {year}0101 {year}1231\n#DIM 1 \"Ansvar\"\n#DIM 20 \"Objekt\"\n#DIM 6 \"Projekt\"\n");
        for (var i = 1; i <= vouchers; i++)
        {
            var date = new DateOnly(year, 1, 1).AddDays(i % 365);
            var project = i % 3 == 0 ? " 6 \"VUB\"" : "";
            var centre = i % 5 == 0 ? "1 \"410\" " : "";
            var a = 1000m + i + (i % 100) / 100m;
            var b = -(i % 7) * 10.05m;
            text.Append($"#VER \"A\" \"{i}\" {date:yyyyMMdd} \"Faktura {i}\"\n{{\n")
                .Append($"#TRANS 5010 {{{centre}20 \"9916\"{project}}} {a.ToString(inv)} \"\" \"Lön & <arvode> {i}\"\n")
                .Append($"#TRANS 6110 {{20 \"9942\"}} {b.ToString(inv)} \"\" \"Material Åre\"\n")
                .Append($"#TRANS 2440 {{}} {(-(a + b)).ToString(inv)}\n}}\n");
        }
        var path = Path.Combine(_dir, $"huvudbok-{year}.se");
        await File.WriteAllTextAsync(path, text.ToString(), new UTF8Encoding(false));
        var result = await _db.SendAsync(new ImportLedgerFileCommand(path, Path.GetFileName(path)));
        Assert.True(result.Succeeded, result.Message + " " + string.Join("; ", result.Errors.Take(5)));
    }

    private async Task<(MemoryStream Workbook, LedgerRowsExport Export, long Rows, decimal Sum)> ExportAsync(ExportLedgerYearQuery query) =>
        await _db.InScopeAsync(async services =>
        {
            // The rows are read while the workbook is written, with the scope's DbContext, as within one web request.
            var export = await services.GetRequiredService<IMediator>().Send(query);
            var output = new MemoryStream();
            var (rows, sum) = await LedgerRowsExcelWriter.WriteAsync(export, output);
            output.Position = 0;
            return (output, export, rows, sum);
        });

    [Fact]
    public async Task A_year_streams_into_a_workbook_with_every_row_numeric_amounts_and_real_dates()
    {
        await ImportAsync();
        var (stored, storedOre) = await _db.WithContextAsync(async db =>
        {
            var rows = db.LedgerEntries.Where(e => e.Month >= new YearMonth(2023, 1) && e.Month <= new YearMonth(2023, 12));
            return (await rows.LongCountAsync(), Money.ToOre((await rows.Select(e => e.Amount).ToListAsync()).Sum()));
        });
        Assert.Equal(2 * Vouchers, stored);

        var (file, export, written, sum) = await ExportAsync(new ExportLedgerYearQuery(2023));

        Assert.Equal("rader-2023.xlsx", export.FileName);
        Assert.Equal((stored, storedOre), (written, Money.ToOre(sum)));
        using var workbook = new XLWorkbook(file);
        var sheet = workbook.Worksheet(LedgerRowsExcelWriter.RowsSheet);
        Assert.Equal(["Datum", "Verifikation", "Konto", "Objekt", "Projekt", "Ansvar", "Text", "Belopp", "Månad", "Källa", "Rad i filen", "Anmärkning"],
            sheet.Row(1).Cells(1, 12).Select(c => c.GetString()));
        var rows = sheet.RowsUsed().Skip(1).ToList();
        Assert.Equal(stored, rows.Count);
        Assert.All(rows, r =>
        {
            Assert.Equal(XLDataType.Number, r.Cell(8).DataType);
            Assert.Equal(XLDataType.DateTime, r.Cell(1).DataType);
            Assert.Equal(XLDataType.Number, r.Cell(11).DataType);
        });
        Assert.Equal(storedOre, rows.Sum(r => Money.ToOre(Math.Round((decimal)r.Cell(8).GetDouble(), 2))));
        Assert.All(rows, r => Assert.StartsWith("2023-", r.Cell(9).GetString()));

        // The first stored row, cell by cell: imported order, the voucher as "series number", the escaped text.
        var first = await _db.WithContextAsync(db => db.LedgerEntries.OrderBy(e => e.Id).FirstAsync(e => e.Month >= new YearMonth(2023, 1)));
        var top = rows[0];
        Assert.Equal(first.RowDate.ToDateTime(TimeOnly.MinValue), top.Cell(1).GetDateTime());
        Assert.Equal($"A {first.VoucherNumber}", top.Cell(2).GetString());
        Assert.Equal((first.Account, first.CostObject, first.Text), (top.Cell(3).GetString(), top.Cell(4).GetString(), top.Cell(7).GetString()));
        Assert.Equal(first.Amount, (decimal)top.Cell(8).GetDouble());
        Assert.Contains(rows, r => r.Cell(7).GetString().StartsWith("Lön & <arvode>", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.Cell(5).GetString() == "VUB" && r.Cell(6).GetString() == "410");

        var selection = workbook.Worksheet(LedgerRowsExcelWriter.SelectionSheet);
        Assert.Equal("Bokförda rader 2023, alla bevakade kostnadsobjekt", selection.Cell(2, 2).GetString());
        Assert.Equal(stored, (long)selection.Cell(3, 2).GetDouble());
        Assert.Equal(storedOre, Money.ToOre(Math.Round((decimal)selection.Cell(4, 2).GetDouble(), 2)));
    }

    [Fact]
    public async Task An_object_and_month_export_has_only_its_rows()
    {
        await ImportAsync();
        var expected = await _db.WithContextAsync(db => db.LedgerEntries.LongCountAsync(e => e.CostObject == "9942" && e.Month == new YearMonth(2023, 3)));

        var (file, export, written, _) = await ExportAsync(new ExportLedgerYearQuery(2023, "9942", new YearMonth(2023, 3)));

        Assert.Equal("rader-2023-03-9942.xlsx", export.FileName);
        Assert.Equal(expected, written);
        using var workbook = new XLWorkbook(file);
        var rows = workbook.Worksheet(1).RowsUsed().Skip(1).ToList();
        Assert.Equal(expected, rows.Count);
        Assert.All(rows, r => Assert.Equal(("9942", "2023-03"), (r.Cell(4).GetString(), r.Cell(9).GetString())));
    }

    [Fact]
    public async Task A_query_with_a_parameter_the_fast_reader_does_not_bind_is_read_through_ADO_NET()
    {
        await ImportYearAsync(2024, 20);
        var from = new DateOnly(2024, 1, 10);
        var expected = await _db.WithContextAsync(db => db.LedgerEntries.LongCountAsync(e => e.RowDate >= from));

        var read = await _db.WithContextAsync(async db =>
        {
            var rows = 0L;
            await foreach (var row in LedgerRowsStream.ReadAsync(db, db.LedgerEntries.Where(e => e.RowDate >= from).OrderBy(e => e.Id), null))
            {
                Assert.True(row.Date >= from);
                rows++;
            }
            return rows;
        });

        Assert.True(expected > 0);
        Assert.Equal(expected, read);
    }

    [Fact]
    public async Task A_year_without_rows_gives_a_workbook_with_the_header_only()
    {
        var (file, _, written, sum) = await ExportAsync(new ExportLedgerYearQuery(2019));

        Assert.Equal((0L, 0m), (written, sum));
        using var workbook = new XLWorkbook(file);
        Assert.Equal("Datum", workbook.Worksheet(1).Cell(1, 1).GetString());
        Assert.Single(workbook.Worksheet(1).RowsUsed());
    }

    [Fact]
    public async Task A_failing_response_stops_the_export_with_its_error_instead_of_hanging()
    {
        await ImportAsync();

        var error = await _db.InScopeAsync(async services =>
        {
            var export = await services.GetRequiredService<IMediator>().Send(new ExportLedgerYearQuery(2023));
            return await Record.ExceptionAsync(() => LedgerRowsExcelWriter.WriteAsync(export, new BrokenStream()).WaitAsync(TimeSpan.FromSeconds(30)));
        });

        Assert.IsType<IOException>(error);
    }

    /// <summary>A client that went away: every write fails.</summary>
    private sealed class BrokenStream : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new IOException("The client went away.");
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromException(new IOException("The client went away."));
    }
}
