using System.Text;
using ClosedXML.Excel;

namespace GrantTracker.Cli.Tests;

/// <summary><c>granttracker report</c>: the web app's workbooks written by a scheduled job, with the usual exit codes.</summary>
public sealed class ReportCliTests : IAsyncLifetime
{
    private const string Ledger = """
        #FORMAT PC8
        #SIETYP 4
        #RAR 0 20230101 20231231
        #DIM 20 "Objekt"
        #VER "A" "1" 20230110 "Lön"
        {
           #TRANS 5010 {20 "9916"} 10000.50
           #TRANS 2440 {} -10000.50
        }
        """;

    private readonly string _dir = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "granttracker-cli-report", Guid.NewGuid().ToString("N"))).FullName;

    private string Db => Path.Combine(_dir, "granttracker.db");

    public async Task InitializeAsync()
    {
        Assert.Equal(0, (await CliRun.RunAsync(["--db", Db, "init"])).ExitCode);
        var path = Path.Combine(_dir, "2023.se");
        await File.WriteAllTextAsync(path, Ledger, Encoding.ASCII);
        Assert.Equal(0, (await CliRun.RunAsync(["--db", Db, "import", path])).ExitCode);
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_dir, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task The_final_report_is_written_as_a_workbook_with_the_reconciled_figures()
    {
        var file = Path.Combine(_dir, "ut", "slutredovisning.xlsx");

        var run = await CliRun.RunAsync(["--db", Db, "report", "final", "--agreement", "gnv2023", "--year", "2023", "--out", file]);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Slutredovisning God och nära vård 2023", run.Output);
        using var workbook = new XLWorkbook(file);
        // Not ready to send: the open points first, and the draft mark on every sheet.
        Assert.Equal(10, workbook.Worksheets.Count); // with Återrapportering and, last, the tie-out against the ledger rows
        Assert.Equal("Avstämning mot huvudboken", workbook.Worksheets.Last().Name);
        Assert.Equal("Att åtgärda före inlämning", workbook.Worksheet(1).Name);
        Assert.All(workbook.Worksheets, w => Assert.StartsWith("UTKAST – ej klar för inlämning", w.Cell(1, 1).GetString()));
        var area = workbook.Worksheet("Översikt").RowsUsed().First(r => r.Cell(1).GetString().StartsWith("2.1 "));
        Assert.Equal(10_000.50d, area.Cell(6).GetDouble(), 2);
        Assert.False(File.Exists(file + ".tmp"));
    }

    [Fact]
    public async Task The_monthly_report_and_the_action_plan_are_written()
    {
        var monthly = Path.Combine(_dir, "manad.xlsx");
        var plan = Path.Combine(_dir, "plan.xlsx");

        Assert.Equal(0, (await CliRun.RunAsync(["--db", Db, "report", "monthly", "--agreement", "gnv2023", "--through", "2023-01", "--out", monthly])).ExitCode);
        Assert.Equal(0, (await CliRun.RunAsync(["--db", Db, "report", "actionplan", "--agreement", "patientmiljarden", "--out", plan])).ExitCode);

        using var month = new XLWorkbook(monthly);
        Assert.Equal(["Avstämning", "Avvikelser", "Kostnad per månad"], month.Worksheets.Select(w => w.Name));
        using var actions = new XLWorkbook(plan);
        Assert.Equal("Handlingsplan", actions.Worksheets.Single().Name);
    }

    [Theory]
    [InlineData(1, "report", "final", "--agreement", "finns-inte", "--year", "2023", "--out", "x.xlsx")]
    [InlineData(2, "report", "final", "--agreement", "gnv2023", "--out", "x.xlsx")]
    [InlineData(2, "report", "final", "--agreement", "gnv2023", "--year", "2023", "--out", "x.pdf")]
    [InlineData(2, "report", "monthly", "--agreement", "gnv2023", "--through", "2023-13", "--out", "x.xlsx")]
    [InlineData(2, "report", "actionplan", "--out", "x.xlsx")]
    [InlineData(2, "report")]
    public async Task Exit_codes_tell_a_bad_agreement_from_wrong_usage(int expected, params string[] args)
    {
        var withPaths = args.Select(a => a.StartsWith("x.") ? Path.Combine(_dir, a) : a).ToArray();

        var run = await CliRun.RunAsync(["--db", Db, .. withPaths]);

        Assert.Equal(expected, run.ExitCode);
        Assert.False(File.Exists(Path.Combine(_dir, "x.xlsx")));
    }
}
