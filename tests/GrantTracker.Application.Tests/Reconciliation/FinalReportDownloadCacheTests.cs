using System.Text;
using ClosedXML.Excel;
using GrantTracker.Application.Features;
using GrantTracker.Application.Features.Ledger;
using GrantTracker.Application.Features.Reconciliation;
using GrantTracker.Application.Features.Reports;
using GrantTracker.Application.Tests.Infrastructure;
using GrantTracker.Domain.Common;
using Microsoft.Extensions.DependencyInjection;

namespace GrantTracker.Application.Tests.Reconciliation;

/// <summary>
/// The final report's workbook and its tie-out are kept between downloads (issue 24) and never outlive the data: the same download
/// with nothing changed is the kept workbook; an import, an edit of the report or another day gives a new one, with the change in it.
/// </summary>
public sealed class FinalReportDownloadCacheTests : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "granttracker-download-cache-tests", Guid.NewGuid().ToString("N"));
    private static readonly DateOnly Today = new(2024, 3, 1);
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

    private async Task ImportAsync(params string[] vouchers)
    {
        var text = new StringBuilder("#FLAGGA 0\n#FORMAT PC8\n#SIETYP 4\n#PROGRAM \"Test\" 1\n#RAR 0 20230101 20231231\n#DIM 20 \"Objekt\"\n#DIM 6 \"Projekt\"\n");
        foreach (var v in vouchers)
        {
            text.Append(v).Append('\n');
        }
        var path = Path.Combine(_dir, "2023.se");
        await File.WriteAllTextAsync(path, text.ToString(), Encoding.Latin1);
        var result = await _db.SendAsync(new ImportLedgerFileCommand(path, "2023.se"));
        Assert.True(result.Succeeded, result.Message);
    }

    private static string Ver(string number, string date, string costObject, string amount) =>
        $"#VER \"A\" \"{number}\" {date} \"Test\"\n{{\n#TRANS 5010 {{20 \"{costObject}\"}} {amount}\n#TRANS 2440 {{}} -{amount}\n}}";

    private Task<ReportWorkbook?> DownloadAsync(DateOnly? on = null) => _db.SendAsync(new GetFinalReportWorkbookQuery("gnv2023", 2023, on ?? Today));

    private static List<string> Sheet(ReportWorkbook workbook, string name)
    {
        using var book = new XLWorkbook(new MemoryStream(workbook.Content));
        return [.. book.Worksheet(name).CellsUsed().Select(c => c.GetFormattedString())];
    }

    private FiguresCache Cache => _db.InScopeAsync(s => Task.FromResult(s.GetRequiredService<FiguresCache>())).Result;

    [Fact]
    public async Task A_second_download_with_nothing_changed_is_the_kept_workbook_and_reads_nothing_again()
    {
        await ImportAsync(Ver("1", "20230110", "9916", "10000.50"), Ver("2", "20230215", "9916", "5000.25"));
        var first = (await DownloadAsync())!;
        var computed = Cache.Computed;

        var second = (await DownloadAsync())!;

        Assert.Same(first, second);
        Assert.Equal(computed, Cache.Computed);
        Assert.Equal("slutredovisning-gnv2023-2023.xlsx", second.FileName);
        Assert.Contains("Objekt 9916, 2023-02", Sheet(second, "Avstämning mot huvudboken"));
    }

    [Fact]
    public async Task An_import_an_edit_of_the_report_a_closed_month_and_another_day_each_give_a_new_workbook_with_the_change_in_it()
    {
        await ImportAsync(Ver("1", "20230110", "9916", "10000.50"));
        var before = (await DownloadAsync())!;
        Assert.DoesNotContain("Objekt 9916, 2023-04", Sheet(before, "Avstämning mot huvudboken"));

        await ImportAsync(Ver("1", "20230110", "9916", "10000.50"), Ver("2", "20230420", "9916", "2500.00"));
        var imported = (await DownloadAsync())!;
        Assert.NotSame(before, imported);
        var tieOut = Sheet(imported, "Avstämning mot huvudboken");
        Assert.Contains("Objekt 9916, 2023-04", tieOut);
        Assert.DoesNotContain("Nej", tieOut);

        var condition = (await _db.SendAsync(new GetFinalReportQuery("gnv2023", 2023)))!.Conditions[0];
        Assert.True((await _db.SendAsync(new SaveConditionStatementCommand("gnv2023", 2023, condition.Id, "Redovisat i nämndens protokoll 2024-02-20"))).Succeeded);
        var edited = (await DownloadAsync())!;
        Assert.NotSame(imported, edited);
        Assert.Contains("Redovisat i nämndens protokoll 2024-02-20", Sheet(edited, "Villkor"));

        // Closing January: the report's open points no longer name it.
        static string Unclosed(ReportWorkbook w) => Sheet(w, "Att åtgärda före inlämning").Single(t => t.Contains("inte stängd", StringComparison.Ordinal));
        Assert.Contains("2023-01", Unclosed(edited));
        Assert.True((await _db.SendAsync(new ConfirmMonthTotalsCommand("gnv2023", new YearMonth(2023, 1)))).Succeeded);
        Assert.True((await _db.SendAsync(new CloseMonthCommand("gnv2023", new YearMonth(2023, 1)))).Succeeded);
        var closed = (await DownloadAsync())!;
        Assert.NotSame(edited, closed);
        Assert.DoesNotContain("2023-01", Unclosed(closed));

        var tomorrow = (await DownloadAsync(Today.AddDays(1)))!;
        Assert.NotSame(edited, tomorrow);
        Assert.Contains($"Utskriven {Today.AddDays(1):yyyy-MM-dd}", Sheet(tomorrow, "Villkor"));
    }

    [Fact]
    public async Task A_report_that_does_not_exist_has_no_workbook()
    {
        Assert.Null(await _db.SendAsync(new GetFinalReportWorkbookQuery("finns-inte", 2023, Today)));
        Assert.Null(await _db.SendAsync(new GetFinalReportWorkbookQuery("gnv2023", 1999, Today)));
    }
}
