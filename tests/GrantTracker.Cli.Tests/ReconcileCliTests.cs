using System.Text;
using System.Text.Json;

namespace GrantTracker.Cli.Tests;

/// <summary><c>granttracker reconcile</c> on a real SQLite file after a real SIE import, as a scheduled finance job runs it.</summary>
public sealed class ReconcileCliTests : IAsyncLifetime
{
    private const char Nbsp = '\u00A0';

    /// <summary>Salary on 9916 (line 2.1) in January, a computer on the fixed-asset account 1220 on 9942 in February.</summary>
    private const string FirstQuarter = """
        #FORMAT PC8
        #SIETYP 4
        #RAR 0 20230101 20231231
        #DIM 20 "Objekt"
        #VER "A" "1" 20230110 "Lön"
        {
           #TRANS 5010 {20 "9916"} 10000.50
           #TRANS 2440 {} -10000.50
        }
        #VER "A" "2" 20230215 "Dator"
        {
           #TRANS 1220 {20 "9942"} 50000
           #TRANS 2440 {} -50000
        }
        """;

    private readonly string _dir = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "granttracker-cli-reconcile", Guid.NewGuid().ToString("N"))).FullName;

    private string Db => Path.Combine(_dir, "granttracker.db");

    public async Task InitializeAsync() => Assert.Equal(0, (await CliRun.RunAsync(["--db", Db, "init"])).ExitCode);

    public Task DisposeAsync()
    {
        Directory.Delete(_dir, recursive: true);
        return Task.CompletedTask;
    }

    private async Task ImportSieAsync(string name, string content)
    {
        var path = Path.Combine(_dir, name);
        await File.WriteAllTextAsync(path, content, Encoding.ASCII);
        var run = await CliRun.RunAsync(["--db", Db, "import", path, "--json"]);
        Assert.True(run.ExitCode == 0, run.Output + run.Error);
    }

    private Task<CliRun> ReconcileAsync(params string[] args) => CliRun.RunAsync(["--db", Db, "reconcile", .. args]);

    [Fact]
    public async Task Json_output_has_the_lines_the_totals_and_the_exceptions_with_amounts_as_numbers()
    {
        await ImportSieAsync("q1.se", FirstQuarter);

        var run = await ReconcileAsync("--agreement", "gnv2023", "--through", "2023-03", "--json");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Error);
        using var json = JsonDocument.Parse(run.Output);
        var root = json.RootElement;
        Assert.Equal("gnv2023", root.GetProperty("agreement").GetString());
        Assert.Equal("2023-03", root.GetProperty("through").GetString());
        Assert.Equal(2023, root.GetProperty("year").GetInt32());
        Assert.False(root.GetProperty("closed").GetBoolean());

        var lines = root.GetProperty("lines").EnumerateArray().ToList();
        Assert.Equal(6, lines.Count);
        var nearCare = Assert.Single(lines, l => l.GetProperty("costObject").GetString() == "9916");
        Assert.Equal("2.1", nearCare.GetProperty("code").GetString());
        Assert.Equal("2.1", nearCare.GetProperty("areaCode").GetString());
        Assert.Equal("Utvecklingen av den nära vården med primärvården som nav", nearCare.GetProperty("area").GetString());
        Assert.Equal(JsonValueKind.Null, nearCare.GetProperty("subArea").ValueKind);
        Assert.Equal(JsonValueKind.Null, nearCare.GetProperty("subAreaCode").ValueKind);
        Assert.Equal(JsonValueKind.Number, nearCare.GetProperty("allocated").ValueKind);
        Assert.Equal(41_247_254m, nearCare.GetProperty("allocated").GetDecimal());
        Assert.Equal(10_000.50m, nearCare.GetProperty("booked").GetDecimal());
        Assert.Equal(41_237_253.50m, nearCare.GetProperty("remaining").GetDecimal());
        Assert.Equal(0m, nearCare.GetProperty("bookedInMonth").GetDecimal());

        var staff = Assert.Single(lines, l => l.GetProperty("code").GetString() == "2.2.a");
        Assert.Equal("9917", staff.GetProperty("costObject").GetString());
        Assert.Equal("Goda förutsättningar för vårdens medarbetare", staff.GetProperty("area").GetString());
        Assert.Equal("2.2.a", staff.GetProperty("subAreaCode").GetString());
        Assert.Equal("Vårdens medarbetare", staff.GetProperty("subArea").GetString());

        var totals = root.GetProperty("totals");
        Assert.Equal(75_422_690m, totals.GetProperty("allocated").GetDecimal());
        Assert.Equal(10_000.50m, totals.GetProperty("booked").GetDecimal());
        Assert.Equal(75_412_689.50m, totals.GetProperty("remaining").GetDecimal());

        var exception = Assert.Single(root.GetProperty("exceptions").EnumerateArray());
        Assert.Equal("investment", exception.GetProperty("kind").GetString());
        Assert.Equal("9942", exception.GetProperty("costObject").GetString());
        Assert.Equal(JsonValueKind.Number, exception.GetProperty("amount").ValueKind);
        Assert.Equal(50_000m, exception.GetProperty("amount").GetDecimal());
        Assert.Equal(1, exception.GetProperty("rows").GetInt64());
        Assert.Contains("anläggningskonton", exception.GetProperty("description").GetString());
    }

    [Fact]
    public async Task Without_through_the_latest_month_with_rows_is_reconciled()
    {
        await ImportSieAsync("q1.se", FirstQuarter);

        var run = await ReconcileAsync("--agreement", "gnv2023", "--json");

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        Assert.Equal("2023-02", json.RootElement.GetProperty("through").GetString());
    }

    [Fact]
    public async Task A_line_booked_over_its_allocation_is_an_overspent_exception()
    {
        await ImportSieAsync("over.se", """
            #FORMAT PC8
            #SIETYP 4
            #RAR 0 20230101 20231231
            #DIM 20 "Objekt"
            #VER "A" "1" 20230410 "Konsulter"
            {
               #TRANS 6550 {20 "9942"} 1300000
               #TRANS 2440 {} -1300000
            }
            """);

        var run = await ReconcileAsync("--agreement", "gnv2023", "--through", "2023-04", "--json");

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        var exception = Assert.Single(json.RootElement.GetProperty("exceptions").EnumerateArray());
        Assert.Equal("overspent", exception.GetProperty("kind").GetString());
        Assert.Equal("9942", exception.GetProperty("costObject").GetString());
        Assert.Equal("2.3", exception.GetProperty("key").GetString());
        Assert.Equal(1_300_000m - 1_249_692m, exception.GetProperty("amount").GetDecimal());
        var line = Assert.Single(json.RootElement.GetProperty("lines").EnumerateArray(), l => l.GetProperty("code").GetString() == "2.3");
        Assert.Equal(1_300_000m, line.GetProperty("bookedInMonth").GetDecimal());
        Assert.Equal(-50_308m, line.GetProperty("remaining").GetDecimal());
    }

    [Fact]
    public async Task The_table_shows_the_lines_the_totals_and_the_exceptions_with_Swedish_amounts()
    {
        await ImportSieAsync("q1.se", FirstQuarter);

        var run = await ReconcileAsync("--agreement", "gnv2023", "--through", "2023-03");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Error);
        var lines = run.Output.Split(Environment.NewLine);
        var header = Assert.Single(lines, l => l.StartsWith("Objekt", StringComparison.Ordinal));
        foreach (var column in new[] { "Område", "Delområde/Rad", "Tilldelat", "Bokfört", "Kvar" })
        {
            Assert.Contains(column, header);
        }
        var nearCare = Assert.Single(lines, l => l.StartsWith("9916", StringComparison.Ordinal));
        Assert.Contains($"41{Nbsp}247{Nbsp}254{Nbsp}kr", nearCare);
        Assert.Contains($"10{Nbsp}000,50{Nbsp}kr", nearCare);
        Assert.EndsWith($"41{Nbsp}237{Nbsp}253,50{Nbsp}kr", nearCare);
        var staff = Assert.Single(lines, l => l.StartsWith("9917", StringComparison.Ordinal) && l.Contains("2.2.a"));
        Assert.Contains("Vårdens medarbetare", staff);
        var total = Assert.Single(lines, l => l.StartsWith("Summa", StringComparison.Ordinal));
        Assert.Contains($"75{Nbsp}422{Nbsp}690{Nbsp}kr", total);
        Assert.EndsWith($"75{Nbsp}412{Nbsp}689,50{Nbsp}kr", total);
        Assert.Contains("Avvikelser (1):", run.Output);
        Assert.Contains($"Investering på kostnadsobjektet, objekt 9942: 50{Nbsp}000{Nbsp}kr, 1 rad", run.Output);
        Assert.DoesNotContain("Inga avvikelser.", run.Output);
    }

    [Fact]
    public async Task Without_booked_rows_the_table_says_there_are_no_exceptions()
    {
        var run = await ReconcileAsync("--agreement", "patientmiljarden");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Patientmiljarden", run.Output);
        Assert.Contains("Summa", run.Output);
        Assert.Contains("Inga avvikelser.", run.Output);
    }

    [Fact]
    public async Task A_month_outside_the_agreement_is_reconciled_not_refused()
    {
        await ImportSieAsync("q1.se", FirstQuarter);

        var run = await ReconcileAsync("--agreement", "gnv2023", "--through", "2022-12", "--json");

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        Assert.Equal("2022-12", json.RootElement.GetProperty("through").GetString());
        Assert.Equal(0m, json.RootElement.GetProperty("totals").GetProperty("booked").GetDecimal());
    }

    [Fact]
    public async Task An_unknown_agreement_exits_1_and_points_to_the_agreements_command()
    {
        var run = await ReconcileAsync("--agreement", "gnv2099", "--json");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("", run.Output);
        Assert.Contains("gnv2099", run.Error);
        Assert.Contains("finns inte", run.Error);
        Assert.Contains("granttracker agreements", run.Error);
    }

    // Arguments after "reconcile", separated by '|'.
    [Theory]
    [InlineData("--agreement|gnv2023|--through|2023-13")]
    [InlineData("--agreement|gnv2023|--through|2023-3")]
    [InlineData("--agreement|gnv2023|--through|juni")]
    [InlineData("--agreement|gnv2023|--through")]
    [InlineData("--through|2023-03")]
    [InlineData("--agreement")]
    [InlineData("--agreement| ")]
    [InlineData("--agreement|gnv2023|--xml")]
    public async Task Wrong_usage_exits_2_with_a_message_on_stderr(string arguments)
    {
        var run = await ReconcileAsync(arguments.Split('|'));

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Output);
        Assert.NotEqual("", run.Error.Trim());
    }

    [Fact]
    public async Task A_malformed_month_is_explained_in_Swedish()
    {
        var run = await ReconcileAsync("--agreement", "gnv2023", "--through", "2023-13");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Ogiltig månad \"2023-13\"", run.Error);
        Assert.Contains("ÅÅÅÅ-MM", run.Error);
    }

    [Fact]
    public async Task Missing_agreement_is_a_usage_error_in_Swedish()
    {
        var run = await ReconcileAsync("--through", "2023-03");

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("Fel användning av granttracker:", run.Error);
        Assert.Contains("--agreement", run.Error);
    }

    [Fact]
    public async Task Help_lists_the_reconcile_command()
    {
        var run = await CliRun.RunAsync(["--help"]);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("reconcile", run.Output);
    }
}
