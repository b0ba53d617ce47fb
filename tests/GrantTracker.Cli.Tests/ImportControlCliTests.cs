using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace GrantTracker.Cli.Tests;

/// <summary>
/// <c>granttracker import</c>'s controls (issue 23, ADR 21): <c>--control BALANCES</c> checks the file against the ledger's balance report
/// and ties out its months, a file without a control still imports (scheduled jobs) and leaves its months not tied out, and identical
/// rows need <c>--allow-duplicates</c>.
/// </summary>
public sealed class ImportControlCliTests : IAsyncLifetime
{
    private const string Header = "Verifikation;Datum;Konto;Ansvar;Objekt;Belopp;Text";
    private readonly string _dir = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "granttracker-cli-control", Guid.NewGuid().ToString("N"))).FullName;

    private string Db => Path.Combine(_dir, "granttracker.db");

    public async Task InitializeAsync() => Assert.Equal(0, (await CliRun.RunAsync(["--db", Db, "init"])).ExitCode);

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
        return Task.CompletedTask;
    }

    private string File(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        System.IO.File.WriteAllText(path, text, new UTF8Encoding(false));
        return path;
    }

    private string Csv(string name, params string[] lines) => File(name, string.Join("\r\n", new[] { Header }.Concat(lines)) + "\r\n");

    private static readonly string[] March =
    [
        "A 4;2023-03-15;5010;410;9916;300,00;Mar",
        "A 5;2023-03-16;5010;410;9916;50,00;Mar",
        "A 6;2023-03-17;6110;410;9917;40,00;Mar",
    ];

    private Task<CliRun> ImportAsync(params string[] args) => CliRun.RunAsync(["--db", Db, "import", .. args]);

    private async Task<List<string>> QueryAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Db};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(string.Join("|", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "" : Convert.ToString(reader.GetValue(i)))));
        }
        return rows;
    }

    private Task<List<string>> TieOutsAsync() =>
        QueryAsync("""SELECT "Month", "CostObject", "Rows", "Amount", COALESCE("Method", '-'), COALESCE("Reference", '') FROM "LedgerMonthTieOuts" ORDER BY "Month", "CostObject" """);

    [Fact]
    public async Task Without_a_control_the_file_imports_and_its_months_are_not_tied_out()
    {
        var run = await ImportAsync(Csv("mars.csv", March));

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Månaderna är inte avstämda mot huvudbokens saldo", run.Output);
        // Every object the agreements track that month is recorded, 0 kr where the file has no row: 35 000 öre on 9916.
        var tieOuts = await TieOutsAsync();
        Assert.Contains("202303|9916|2|35000|-|", tieOuts);
        Assert.Contains("202303|9917|1|4000|-|", tieOuts);
        Assert.Contains("202303|9942|0|0|-|", tieOuts);
    }

    [Fact]
    public async Task A_control_with_a_difference_refuses_the_file_naming_object_and_month_and_a_matching_one_ties_out_the_months()
    {
        var file = Csv("mars.csv", March);
        var wrong = File("saldo-fel.csv", "Objekt;Månad;Belopp\n9916;2023-03;351,00\n9917;2023-03;40,00\n");

        var refused = await ImportAsync(file, "--control", wrong);

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("stämmer inte med saldolistan saldo-fel.csv", refused.Error);
        Assert.Contains("Objekt 9916, 2023-03: filens rader summerar till 350\u00A0kr men saldolistan anger 351\u00A0kr.", refused.Error);
        Assert.Empty(await QueryAsync("SELECT 1 FROM LedgerEntries"));
        Assert.Empty(await TieOutsAsync());

        var right = File("saldo.csv", "Objekt;Månad;Belopp\n9916;2023-03;350,00\n9917;2023-03;40,00\n9942;2023-03;0\n9943;2023-03;0\n");
        var imported = await ImportAsync(file, "--control", right, "--json");

        Assert.Equal(0, imported.ExitCode);
        using var json = JsonDocument.Parse(imported.Output);
        Assert.Contains("avstämda", json.RootElement.GetProperty("tieOut").GetString());
        var tieOuts = await TieOutsAsync();
        Assert.Contains("202303|9916|2|35000|Saldolista|saldo.csv", tieOuts);
        Assert.Contains("202303|9942|0|0|Saldolista|saldo.csv", tieOuts);
    }

    [Fact]
    public async Task A_control_that_is_missing_or_malformed_refuses_the_import_and_nothing_is_stored()
    {
        var file = Csv("mars.csv", March);

        var missing = await ImportAsync(file, "--control", Path.Combine(_dir, "finns-inte.csv"));
        var malformed = await ImportAsync(file, "--control", File("fel.csv", "Objekt;Belopp\n9916;350\n"));

        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("finns inte", missing.Error);
        Assert.Equal(1, malformed.ExitCode);
        Assert.Contains("Objekt;Månad;Belopp", malformed.Error);
        Assert.Empty(await QueryAsync("SELECT 1 FROM LedgerEntries"));
    }

    [Fact]
    public async Task Identical_rows_exit_1_listing_them_and_import_with_allow_duplicates()
    {
        var file = Csv("dubbel.csv", [March[0], .. March]);

        var refused = await ImportAsync(file);

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("Rad 3, Dubblett: Verifikation A 4, konto 5010, objekt 9916, 300\u00A0kr: likadan som rad 2.", refused.Error);
        Assert.Contains("--allow-duplicates", refused.Error);
        Assert.Empty(await QueryAsync("SELECT 1 FROM LedgerEntries"));

        var allowed = await ImportAsync(file, "--allow-duplicates");

        Assert.Equal(0, allowed.ExitCode);
        Assert.Contains("Varning: 1 likadana rader importerades", allowed.Output);
        Assert.Equal(4, (await QueryAsync("SELECT 1 FROM LedgerEntries")).Count);
    }
}
