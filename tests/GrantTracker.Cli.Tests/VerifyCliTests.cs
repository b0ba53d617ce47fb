using System.Text;
using Microsoft.Data.Sqlite;

namespace GrantTracker.Cli.Tests;

/// <summary><c>granttracker verify</c>: the month totals recomputed from the ledger's rows, against the stored totals.</summary>
public sealed class VerifyCliTests : IAsyncLifetime
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
        #VER "A" "2" 20230215 "Material"
        {
           #TRANS 6110 {20 "9917"} 200
           #TRANS 2440 {} -200
        }
        """;

    private readonly string _dir = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "granttracker-cli-verify", Guid.NewGuid().ToString("N"))).FullName;

    private string Db => Path.Combine(_dir, "granttracker.db");

    public async Task InitializeAsync()
    {
        Assert.Equal(0, (await CliRun.RunAsync(["--db", Db, "init"])).ExitCode);
        var path = Path.Combine(_dir, "2023.se");
        await File.WriteAllTextAsync(path, Ledger, Encoding.ASCII);
        var run = await CliRun.RunAsync(["--db", Db, "import", path]);
        Assert.True(run.ExitCode == 0, run.Output + run.Error);
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_dir, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Totals_equal_to_the_ledger_exit_with_0_and_say_so()
    {
        var run = await CliRun.RunAsync(["--db", Db, "verify"]);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Månadssummorna stämmer med huvudboksraderna på öret.", run.Output);
    }

    [Fact]
    public async Task Totals_that_differ_exit_with_1_and_list_each_difference_in_Swedish()
    {
        await using (var connection = new SqliteConnection($"Data Source={Db};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "UPDATE LedgerMonthTotals SET Amount = Amount - 1 WHERE CostObject = '9917'";
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }

        var run = await CliRun.RunAsync(["--db", Db, "verify"]);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("Månadssummorna skiljer sig från huvudboksraderna i 1 grupper", run.Output);
        var line = run.Output.Split('\n').Single(l => l.StartsWith("huvudbok  2023-02  9917  6110"));
        Assert.Contains("1 / 1", line);
        Assert.Contains("200\u00A0kr / 199,99\u00A0kr", line);
    }
}
