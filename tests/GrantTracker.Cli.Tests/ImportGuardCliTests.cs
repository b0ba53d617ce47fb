using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace GrantTracker.Cli.Tests;

/// <summary>
/// <c>granttracker import</c>'s guards as a scheduled job meets them: a cut-off file needs <c>--allow-shrink</c>,
/// <c>--dry-run --json</c> shows the per-month comparison, and every refusal prints the JSON result object.
/// </summary>
public sealed class ImportGuardCliTests : IAsyncLifetime
{
    private const string Header = "Verifikation;Datum;Konto;Ansvar;Objekt;Belopp;Text";
    private readonly string _dir = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "granttracker-cli-guard", Guid.NewGuid().ToString("N"))).FullName;

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

    private static readonly string[] Quarter =
    [
        "A 1;2023-01-15;5010;410;9916;100,00;Jan",
        "A 2;2023-01-20;5010;410;9917;40,00;Jan",
        "A 3;2023-02-15;5010;410;9916;200,00;Feb",
        "A 4;2023-03-15;5010;410;9916;300,00;Mar",
        "A 5;2023-03-16;5010;410;9916;50,00;Mar",
    ];

    private Task<CliRun> ImportAsync(params string[] args) => CliRun.RunAsync(["--db", Db, "import", .. args]);

    private async Task<long> StoredAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={Db};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM LedgerEntries";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task A_cut_off_file_exits_1_naming_the_months_and_imports_with_allow_shrink()
    {
        Assert.Equal(0, (await ImportAsync(Csv("q1.csv", Quarter))).ExitCode);
        var cut = Csv("avkortad.csv", Quarter[..4]);

        var refused = await ImportAsync(cut);

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("2023-03: 2 → 1 rader", refused.Error);
        Assert.Contains("--allow-shrink", refused.Error);
        Assert.Contains("Detta ersätts", refused.Output);
        Assert.Equal(5, await StoredAsync());

        var allowed = await ImportAsync(cut, "--allow-shrink");

        Assert.Equal(0, allowed.ExitCode);
        Assert.Equal(4, await StoredAsync());
    }

    [Fact]
    public async Task Dry_run_json_prints_the_per_month_comparison()
    {
        Assert.Equal(0, (await ImportAsync(Csv("q1.csv", Quarter))).ExitCode);

        var run = await ImportAsync(Csv("avkortad.csv", Quarter[..4]), "--dry-run", "--json");

        Assert.Equal(1, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        var root = json.RootElement;
        Assert.Equal("Avvisad", root.GetProperty("status").GetString());
        Assert.True(root.GetProperty("needsConfirmation").GetBoolean());
        Assert.True(root.GetProperty("dryRun").GetBoolean());
        var months = root.GetProperty("months").EnumerateArray()
            .Select(m => (m.GetProperty("month").GetString(), m.GetProperty("rowsBefore").GetInt64(), m.GetProperty("rowsAfter").GetInt64(),
                m.GetProperty("amountBefore").GetDecimal(), m.GetProperty("amountAfter").GetDecimal(), m.GetProperty("shrinks").GetBoolean()))
            .ToList();
        Assert.Equal(
            [("2023-01", 2L, 2L, 140m, 140m, false), ("2023-02", 1L, 1L, 200m, 200m, false), ("2023-03", 2L, 1L, 350m, 300m, true)],
            months);
        Assert.Equal(5, await StoredAsync());

        var allowed = await ImportAsync(Csv("avkortad2.csv", Quarter[..4]), "--dry-run", "--allow-shrink", "--json");
        Assert.Equal(0, allowed.ExitCode);
        using var allowedJson = JsonDocument.Parse(allowed.Output);
        Assert.Equal("Provkord", allowedJson.RootElement.GetProperty("status").GetString());
        Assert.Equal(3, allowedJson.RootElement.GetProperty("months").GetArrayLength());
        Assert.Equal(5, await StoredAsync());
    }

    [Fact]
    public async Task A_growing_export_needs_no_flag()
    {
        Assert.Equal(0, (await ImportAsync(Csv("jan.csv", Quarter[..2]))).ExitCode);

        var run = await ImportAsync(Csv("q1.csv", Quarter));

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(5, await StoredAsync());
    }

    public static TheoryData<string, string> BadFiles => new()
    {
        { "gammal.csv", "Verifikation;Datum;Konto;Ansvar;Objekt;Belopp;Text\r\nA 1;0001-06-18;5010;410;9916;100,00;Lön\r\n" },
        { "gammal.se", "#FLAGGA 0\n#SIETYP 4\n#VER A 1 00010101 \"X\"\n{\n#TRANS 5010 {6 \"9916\"} 1.00\n#TRANS 2440 {} -1.00\n}\n" },
        { "absurd.se", "#FLAGGA 0\n#SIETYP 4\n#RAR 0 20000101 20301231\n#VER A 1 20230101 \"X\"\n{\n#TRANS 5010 {6 \"9916\"} 1.00\n#TRANS 2440 {} -1.00\n}\n" },
        { "tom.xlsx", "" },
        { "dubbla.csv", "Verifikation;Datum;Konto;Ansvar;Objekt;Belopp;Belopp\r\nA 1;2023-01-01;5010;410;9916;1,00;2,00\r\n" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public async Task Every_bad_file_prints_the_JSON_result_with_a_Swedish_reason_and_exit_1(string name, string text)
    {
        var path = File(name, text);
        if (name.EndsWith(".xlsx", StringComparison.Ordinal))
        {
            // An empty zip archive: what a failed download or a broken save leaves.
            using var zip = new ZipArchive(System.IO.File.Create(path), ZipArchiveMode.Create);
        }

        var run = await ImportAsync(path, "--json");

        Assert.Equal(1, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        var root = json.RootElement;
        Assert.Equal("Avvisad", root.GetProperty("status").GetString());
        var error = root.GetProperty("errors").EnumerateArray().First().GetProperty("message").GetString()!;
        Assert.Matches("(före år 1900|högst 18 månader|Excel-arbetsbok|finns 2 gånger)", error);
        Assert.DoesNotContain("SQLite", root.GetProperty("message").GetString());
        Assert.Equal(0, await StoredAsync());
    }
}
