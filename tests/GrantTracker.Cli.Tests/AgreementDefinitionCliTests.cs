using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;

namespace GrantTracker.Cli.Tests;

/// <summary><c>granttracker agreements import|export|copy</c> on a real SQLite file: exit 0 done, 1 refused with nothing written, 2 wrong usage.</summary>
public sealed class AgreementDefinitionCliTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "granttracker-cli-definition", Guid.NewGuid().ToString("N"))).FullName;

    private string Db => Path.Combine(_dir, "granttracker.db");

    public async Task InitializeAsync() => Assert.Equal(0, (await CliRun.RunAsync(["--db", Db, "init"])).ExitCode);

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
        return Task.CompletedTask;
    }

    private Task<CliRun> RunAsync(params string[] args) => CliRun.RunAsync(["--db", Db, "agreements", .. args]);

    /// <summary>The example in docs/, found from the test's output folder upwards.</summary>
    private static string Example()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "docs", "agreement-definition.example.json");
            if (File.Exists(path))
            {
                return path;
            }
        }
        throw new InvalidOperationException("docs/agreement-definition.example.json not found.");
    }

    private string Edited(string name, Action<JsonObject> edit)
    {
        var root = JsonNode.Parse(File.ReadAllText(Example()))!.AsObject();
        edit(root);
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, root.ToJsonString(), new UTF8Encoding(false));
        return path;
    }

    private async Task<long> CountAsync(string table)
    {
        await using var connection = new SqliteConnection($"Data Source={Db};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {table}";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task Import_of_the_example_exits_0_and_says_what_was_imported()
    {
        var run = await RunAsync("import", Example());

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Error);
        Assert.StartsWith("Överenskommelsen Nära vård i hela länet 2024 (naravard2024) är importerad: 1 områden, 2 rader, 1 kostnadsobjekt", run.Output);
        Assert.Equal(3, await CountAsync("Agreements"));
    }

    [Fact]
    public async Task A_broken_file_exits_1_with_every_error_and_its_path_on_stderr_and_writes_nothing()
    {
        var file = Edited("trasig.json", root =>
        {
            root["areas"]![0]!["lines"]![1]!["amount"] = 30_000_000;
            root["activities"]![3]!["lineCode"] = "1.c";
            root["obligations"]![0]!.AsObject().Remove("dueDate");
        });
        var audit = await CountAsync("AuditEntries");

        var run = await RunAsync("import", file);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("", run.Output);
        Assert.StartsWith("Filen trasig.json är inte importerad. Inget är ändrat.", run.Error);
        Assert.Contains("  areas[0].lines[1].amount: ", run.Error);
        Assert.Contains("  activities[3].lineCode: Överenskommelsen har ingen rad med koden 1.c.", run.Error);
        Assert.Contains("  obligations[0].dueDate: Ange datum", run.Error);
        Assert.Equal((2L, audit), (await CountAsync("Agreements"), await CountAsync("AuditEntries")));
    }

    [Fact]
    public async Task A_refusal_as_json_lists_each_error_with_its_path_and_exits_1()
    {
        Assert.Equal(0, (await RunAsync("import", Example())).ExitCode);

        var run = await RunAsync("import", Example(), "--json");

        Assert.Equal(1, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        Assert.False(json.RootElement.GetProperty("succeeded").GetBoolean());
        var error = Assert.Single(json.RootElement.GetProperty("errors").EnumerateArray());
        Assert.Equal("code", error.GetProperty("path").GetString());
        Assert.StartsWith("Det finns redan en överenskommelse med koden naravard2024.", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_file_that_is_not_JSON_exits_1_naming_the_line_and_position()
    {
        var path = Path.Combine(_dir, "inte-json.json");
        await File.WriteAllTextAsync(path, "{\n  \"code\": \"x\"\n  \"name\": \"y\"\n}\n");

        var run = await RunAsync("import", path);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("Filen är inte giltig JSON på rad 3, position 3.", run.Error);
    }

    [Fact]
    public async Task Export_to_stdout_replace_and_export_again_gives_the_same_bytes()
    {
        var first = await RunAsync("export", "gnv2023");
        var file = Path.Combine(_dir, "gnv2023.json");
        await File.WriteAllTextAsync(file, first.Output, new UTF8Encoding(false));

        var replaced = await RunAsync("import", file, "--replace");
        var written = await RunAsync("export", "gnv2023", "--out", Path.Combine(_dir, "igen.json"));

        Assert.Equal((0, ""), (first.ExitCode, first.Error));
        Assert.StartsWith("{\n  \"code\": \"gnv2023\",", first.Output);
        Assert.Equal(0, replaced.ExitCode);
        Assert.Contains("är ersatt", replaced.Output);
        Assert.Equal(0, written.ExitCode);
        Assert.Equal(first.Output, await File.ReadAllTextAsync(Path.Combine(_dir, "igen.json")));
    }

    /// <summary>Issue 26: an Avslutad agreement is read only from the command line too; the refusal says why and what to do, and nothing changes.</summary>
    [Fact]
    public async Task Replacing_an_Avslutad_agreements_definition_exits_1_with_the_read_only_reason_and_writes_nothing()
    {
        var first = await RunAsync("export", "patientmiljarden");
        var file = Path.Combine(_dir, "patientmiljarden.json");
        await File.WriteAllTextAsync(file, first.Output, new UTF8Encoding(false));
        await using (var connection = new SqliteConnection($"Data Source={Db};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "UPDATE Agreements SET Status = 'Avslutad' WHERE Code = 'patientmiljarden'";
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }
        var audit = await CountAsync("AuditEntries");

        var refused = await RunAsync("import", file, "--replace");

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("Överenskommelsen Patientmiljarden 2018–2020 är avslutad och kan bara läsas: ändringen är inte sparad.", refused.Error);
        Assert.Contains("be en administratör öppna överenskommelsen igen", refused.Error);
        Assert.Equal(audit, await CountAsync("AuditEntries"));
        Assert.Equal(first.Output, (await RunAsync("export", "patientmiljarden")).Output);
    }

    [Fact]
    public async Task Wrong_usage_exits_2_and_a_missing_file_or_an_unknown_code_exits_1()
    {
        var noFile = await RunAsync("import");
        var noYear = await RunAsync("copy", "gnv2023");
        var missing = await RunAsync("import", Path.Combine(_dir, "finns-inte.json"));
        var unknown = await RunAsync("export", "finns-inte");

        Assert.Equal(2, noFile.ExitCode);
        Assert.Equal(2, noYear.ExitCode);
        Assert.Contains("--year", noYear.Error);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("finns inte. Inget är importerat.", missing.Error);
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("Överenskommelsen finns-inte finns inte.", unknown.Error);
    }

    [Fact]
    public async Task Copy_creates_next_years_draft_lists_what_to_check_and_a_second_copy_is_refused_with_exit_1()
    {
        var run = await RunAsync("copy", "gnv2023", "--year", "2024");
        var again = await RunAsync("copy", "gnv2023", "--year", "2024", "--json");

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("Utkastet God och nära vård 2024 (gnv2024) är skapat från God och nära vård 2023.", run.Output);
        Assert.Contains("Nationella nycklar att fylla i:", run.Output);
        Assert.Contains("  2025-03-31: Slutredovisning – Slutredovisning av God och nära vård 2024 till Socialstyrelsen.", run.Output);
        Assert.Equal(1, again.ExitCode);
        using var json = JsonDocument.Parse(again.Output);
        Assert.Equal("NewCode", json.RootElement.GetProperty("errors")[0].GetProperty("path").GetString());
        Assert.Equal(3, await CountAsync("Agreements"));
    }

    [Fact]
    public async Task Copy_with_activities_and_a_code_of_its_own_as_json_reports_the_draft_and_its_checklist()
    {
        var run = await RunAsync("copy", "patientmiljarden", "--year", "2024", "--code", "pm2024", "--with-activities", "--json");

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        Assert.Equal(("pm2024", "Utkast"), (json.RootElement.GetProperty("code").GetString(), json.RootElement.GetProperty("status").GetString()));
        Assert.Contains(json.RootElement.GetProperty("checklist").EnumerateArray(), s => s.GetProperty("heading").GetString() == "Villkor, krav och insatser");
        Assert.Equal(6 + 6 + 17, await CountAsync("Activities"));
    }
}
