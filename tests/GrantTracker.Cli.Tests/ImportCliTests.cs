using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace GrantTracker.Cli.Tests;

/// <summary><c>granttracker import</c> on a real SQLite file with real export files, as a scheduled job runs it.</summary>
public sealed class ImportCliTests : IAsyncLifetime
{
    private const string Header = "Verifikation;Datum;Konto;Ansvar;Objekt;Belopp;Text";
    private readonly string _dir = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "granttracker-cli-import", Guid.NewGuid().ToString("N"))).FullName;

    private string Db => Path.Combine(_dir, "granttracker.db");

    public async Task InitializeAsync() => Assert.Equal(0, (await CliRun.RunAsync(["--db", Db, "init"])).ExitCode);

    public Task DisposeAsync()
    {
        Directory.Delete(_dir, recursive: true);
        return Task.CompletedTask;
    }

    private string Csv(string name, params string[] lines)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, string.Join("\r\n", new[] { Header }.Concat(lines)) + "\r\n", new UTF8Encoding(true));
        return path;
    }

    private Task<CliRun> ImportAsync(params string[] args) => CliRun.RunAsync(["--db", Db, "import", .. args]);

    private async Task<(long Rows, long Ore)> StoredAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={Db};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*), COALESCE(SUM(Amount), 0) FROM LedgerEntries";
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    [Fact]
    public async Task A_CSV_export_is_imported_with_exit_0_and_a_Swedish_summary()
    {
        var file = Csv("jan.csv",
            "A 1;2023-01-15;5010;410;9916;12 000,00;Lön",
            "A 1;2023-01-15;1930;;;-12 000,00;Bank",
            "A 2;2023-01-20;6110;410;8123;999,00;Annat objekt");

        var run = await ImportAsync(file);

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("Importen är klar: 3 rader lästa, 1 sparade", run.Output);
        Assert.Contains("Månader: 2023-01 – 2023-01", run.Output);
        Assert.Equal("", run.Error);
        Assert.Equal((1L, 1_200_000L), await StoredAsync());
    }

    [Fact]
    public async Task Json_output_has_the_counts_skipped_by_reason_and_the_months()
    {
        var file = Csv("q1.csv",
            "A 1;2023-01-15;5010;410;9916;100,00;Jan",
            "A 2;2023-03-15;5010;410;9917;200,00;Mar",
            "A 2;2023-03-15;1930;;;-200,00;Bank",
            "A 3;2023-03-16;5010;410;8123;50,00;Annat");

        var run = await ImportAsync(file, "--json");

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        var root = json.RootElement;
        Assert.Equal("Importerad", root.GetProperty("status").GetString());
        Assert.Equal(4, root.GetProperty("rowsRead").GetInt64());
        Assert.Equal(2, root.GetProperty("rowsStored").GetInt64());
        Assert.Equal(0, root.GetProperty("rowsReplaced").GetInt64());
        Assert.Equal(1, root.GetProperty("skipped").GetProperty("otherObject").GetInt64());
        Assert.Equal(1, root.GetProperty("skipped").GetProperty("noObject").GetInt64());
        Assert.Equal(2, root.GetProperty("skipped").GetProperty("total").GetInt64());
        var months = root.GetProperty("months").EnumerateArray().ToList();
        Assert.Equal(["2023-01", "2023-02", "2023-03"], months.Select(m => m.GetProperty("month").GetString()));
        // Per month: nothing stored before, and what the file brings on tracked objects.
        Assert.Equal([0L, 0L, 0L], months.Select(m => m.GetProperty("rowsBefore").GetInt64()));
        Assert.Equal([1L, 0L, 1L], months.Select(m => m.GetProperty("rowsAfter").GetInt64()));
        Assert.Equal([100m, 0m, 200m], months.Select(m => m.GetProperty("amountAfter").GetDecimal()));
        Assert.False(root.GetProperty("needsConfirmation").GetBoolean());
        Assert.Equal("Csv", root.GetProperty("format").GetString());
        Assert.Equal("", run.Error);
    }

    [Fact]
    public async Task The_same_file_again_exits_0_and_adds_nothing()
    {
        var file = Csv("jan.csv", "A 1;2023-01-15;5010;410;9916;100,00;Jan");
        await ImportAsync(file);

        var run = await ImportAsync(file, "--json");

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        Assert.Equal("Oforandrad", json.RootElement.GetProperty("status").GetString());
        Assert.Contains("redan importerad", json.RootElement.GetProperty("message").GetString());
        Assert.Equal((1L, 10_000L), await StoredAsync());
    }

    [Fact]
    public async Task A_cumulative_export_reports_the_rows_it_replaced()
    {
        await ImportAsync(Csv("jan-feb.csv", "A 1;2023-01-15;5010;410;9916;100,00;Jan", "A 2;2023-02-15;5010;410;9916;200,00;Feb"));

        var run = await ImportAsync(Csv("jan-mar.csv",
            "A 1;2023-01-15;5010;410;9916;100,00;Jan",
            "A 2;2023-02-15;5010;410;9916;250,00;Feb rättad",
            "A 3;2023-03-15;5010;410;9916;300,00;Mar"), "--json");

        using var json = JsonDocument.Parse(run.Output);
        Assert.Equal(2, json.RootElement.GetProperty("rowsReplaced").GetInt64());
        Assert.Equal((3L, 65_000L), await StoredAsync());
    }

    [Fact]
    public async Task A_dry_run_exits_0_reports_what_would_be_stored_and_stores_nothing()
    {
        var run = await ImportAsync(Csv("jan.csv", "A 1;2023-01-15;5010;410;9916;100,00;Jan"), "--dry-run", "--json");

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        Assert.Equal("Provkord", json.RootElement.GetProperty("status").GetString());
        Assert.Equal(1, json.RootElement.GetProperty("rowsStored").GetInt64());
        Assert.True(json.RootElement.GetProperty("dryRun").GetBoolean());
        Assert.Equal((0L, 0L), await StoredAsync());
    }

    [Fact]
    public async Task A_bad_file_exits_1_stores_nothing_and_lists_every_error_with_its_line_on_stderr()
    {
        await ImportAsync(Csv("ok.csv", "A 1;2023-01-15;5010;410;9916;100,00;Jan"));

        var run = await ImportAsync(Csv("bad.csv",
            "A 1;2023-01-15;5010;410;9916;100,00;Rätt",
            "A 2;2023-13-01;5010;410;9916;100,00;Fel datum",
            "A 3;2023-02-01;5010;410;9916;12,345;Fel belopp"));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("har inte importerats", run.Error);
        Assert.Contains("Rad 3", run.Error);
        Assert.Contains("Rad 4", run.Error);
        Assert.Equal((1L, 10_000L), await StoredAsync());
    }

    [Fact]
    public async Task An_unbalanced_SIE_voucher_exits_1_with_its_errors_in_json()
    {
        var path = Path.Combine(_dir, "obalans.se");
        File.WriteAllText(path, """
            #FORMAT PC8
            #SIETYP 4
            #RAR 0 20230101 20231231
            #VER A 1 20230115 "Obalanserad"
            {
               #TRANS 5010 {6 "9916"} 100.00
               #TRANS 1930 {} -90.00
            }
            """, Encoding.ASCII);

        var run = await ImportAsync(path, "--json");

        Assert.Equal(1, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        Assert.Equal("Avvisad", json.RootElement.GetProperty("status").GetString());
        var error = Assert.Single(json.RootElement.GetProperty("errors").EnumerateArray());
        Assert.Equal(4, error.GetProperty("line").GetInt32());
        Assert.Equal((0L, 0L), await StoredAsync());
    }

    [Fact]
    public async Task The_object_dimension_option_picks_where_SIE_carries_the_cost_object()
    {
        var path = Path.Combine(_dir, "huvudbok.txt");
        File.WriteAllText(path, """
            #FORMAT PC8
            #SIETYP 4
            #RAR 0 20230101 20231231
            #DIM 1 "Ansvar"
            #DIM 6 "Projekt"
            #DIM 30 "Bidragsobjekt"
            #VER A 1 20230115 "Lön"
            {
               #TRANS 5010 {1 "410" 6 "P17" 30 "9916"} 100.00
               #TRANS 1930 {} -100.00
            }
            """, Encoding.ASCII);

        var byDefault = await ImportAsync(path, "--format", "sie", "--dry-run", "--json");
        var byOption = await ImportAsync(path, "--format", "sie", "--object-dimension", "30", "--json");

        using (var json = JsonDocument.Parse(byDefault.Output))
        {
            // Without the option dimension 6 (projekt) is read: P17 is not a tracked object.
            Assert.Equal(0, json.RootElement.GetProperty("rowsStored").GetInt64());
        }
        Assert.Equal(0, byOption.ExitCode);
        using var stored = JsonDocument.Parse(byOption.Output);
        Assert.Equal(1, stored.RootElement.GetProperty("rowsStored").GetInt64());
        Assert.Equal((1L, 10_000L), await StoredAsync());
    }

    [Fact]
    public async Task The_sheet_option_reads_a_named_Excel_sheet()
    {
        var path = Path.Combine(_dir, "huvudbok.xlsx");
        using (var workbook = new ClosedXML.Excel.XLWorkbook())
        {
            workbook.Worksheets.Add("Om exporten").Cell(1, 1).Value = "Se bladet Maj.";
            var sheet = workbook.Worksheets.Add("Maj");
            string[] header = ["Verifikation", "Datum", "Konto", "Ansvar", "Objekt", "Belopp", "Text"];
            for (var c = 0; c < header.Length; c++)
            {
                sheet.Cell(1, c + 1).Value = header[c];
            }
            sheet.Cell(2, 1).Value = "A 1";
            sheet.Cell(2, 2).Value = new DateTime(2023, 5, 10);
            sheet.Cell(2, 3).Value = 5010;
            sheet.Cell(2, 5).Value = 9916;
            sheet.Cell(2, 6).Value = 250.5;
            workbook.SaveAs(path);
        }

        var firstSheet = await ImportAsync(path, "--json");
        var named = await ImportAsync(path, "--sheet", "Maj", "--json");

        Assert.Equal(1, firstSheet.ExitCode);
        Assert.Equal(0, named.ExitCode);
        using var json = JsonDocument.Parse(named.Output);
        Assert.Equal(["2023-05"], json.RootElement.GetProperty("months").EnumerateArray().Select(m => m.GetProperty("month").GetString()));
        Assert.Equal((1L, 25_050L), await StoredAsync());
    }

    [Fact]
    public async Task An_unknown_column_mapping_exits_1_and_stores_nothing()
    {
        var run = await ImportAsync(Csv("jan.csv", "A 1;2023-01-15;5010;410;9916;100,00;Jan"), "--mapping", "Agresso");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("Kolumnmappningen ”Agresso” finns inte", run.Error);
        Assert.Equal((0L, 0L), await StoredAsync());
    }

    [Fact]
    public async Task A_missing_file_exits_1()
    {
        var run = await ImportAsync(Path.Combine(_dir, "finns-inte.csv"));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("finns inte", run.Error);
    }

    [Theory]
    [InlineData("--format|pdf")]
    [InlineData("--object-dimension|noll")]
    [InlineData("--object-dimension|0")]
    [InlineData("--what")]
    public async Task Wrong_usage_exits_2(string options)
    {
        var file = Csv("jan.csv", "A 1;2023-01-15;5010;410;9916;100,00;Jan");

        var run = await ImportAsync([file, .. options.Split('|')]);

        Assert.Equal(2, run.ExitCode);
        Assert.NotEqual("", run.Error.Trim());
        Assert.Equal((0L, 0L), await StoredAsync());
    }

    [Fact]
    public async Task A_file_whose_format_the_name_does_not_tell_needs_the_format_option()
    {
        var path = Path.Combine(_dir, "export.dat");
        File.WriteAllText(path, Header + "\r\nA 1;2023-01-15;5010;410;9916;100,00;Jan\r\n");

        var without = await ImportAsync(path);
        var with = await ImportAsync(path, "--format", "csv");

        Assert.Equal(2, without.ExitCode);
        Assert.Contains("--format", without.Error);
        Assert.Equal(0, with.ExitCode);
    }

    [Fact]
    public async Task Import_without_a_database_option_exits_2()
    {
        var run = await CliRun.RunAsync(["import", Csv("jan.csv", "A 1;2023-01-15;5010;410;9916;100,00;Jan")]);

        Assert.Equal(2, run.ExitCode);
    }

    [Fact]
    public async Task On_a_terminal_a_progress_bar_reaches_100_percent_on_stderr()
    {
        var file = Csv("jan.csv", "A 1;2023-01-15;5010;410;9916;100,00;Jan");

        var run = await CliRun.RunAsync(["--db", Db, "import", file], interactive: true);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("\r[##############################] 100 %", run.Error);
        Assert.DoesNotContain("%", run.Output);
    }
}
