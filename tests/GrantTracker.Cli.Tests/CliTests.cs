using System.Text.Json;
using GrantTracker.Cli;
using Microsoft.Data.Sqlite;

namespace GrantTracker.Cli.Tests;

/// <summary>Runs the command line's entry point on a real SQLite file, as a scheduled job would.</summary>
public sealed class CliTests : IDisposable
{
    private static readonly string Folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "granttracker-cli-tests")).FullName;

    private readonly string _path = Path.Combine(Folder, $"{Guid.NewGuid():N}.db");

    [Fact]
    public async Task Init_creates_the_database_and_loads_the_seed_agreements()
    {
        var run = await RunAsync("--db", _path, "init");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Error);
        Assert.Contains("Skapade SQLite-databasen", run.Output);
        Assert.Contains("gnv2023", run.Output);
        Assert.Contains("patientmiljarden", run.Output);
        Assert.Equal(2, await CountAsync("Agreements"));
    }

    [Fact]
    public async Task Init_a_second_time_adds_nothing()
    {
        Assert.Equal(0, (await RunAsync("--db", _path, "init")).ExitCode);
        var before = await CountsAsync();

        var run = await RunAsync("--db", _path, "init");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("redan uppdaterad", run.Output);
        Assert.Contains("Inga nya överenskommelser", run.Output);
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task Init_records_the_operating_system_user_in_the_audit_trail()
    {
        await RunAsync("--db", _path, "init");

        Assert.Equal([$"cli:{Environment.UserName}"], await DistinctAsync("SELECT DISTINCT UserName FROM AuditEntries"));
    }

    [Fact]
    public async Task Agreements_as_json_lists_God_och_nara_vard_2023_with_its_allocation_as_a_number()
    {
        await RunAsync("--db", _path, "init");

        var run = await RunAsync("--db", _path, "agreements", "--json");

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        var gnv = Assert.Single(json.RootElement.EnumerateArray(), a => a.GetProperty("code").GetString() == "gnv2023");
        Assert.Equal("God och nära vård 2023", gnv.GetProperty("name").GetString());
        Assert.Equal("2023-01-01", gnv.GetProperty("startDate").GetString());
        Assert.Equal("2023-12-31", gnv.GetProperty("endDate").GetString());
        Assert.Equal(JsonValueKind.Number, gnv.GetProperty("regionAllocation").ValueKind);
        Assert.Equal(75_422_690m, gnv.GetProperty("regionAllocation").GetDecimal());
        Assert.Equal(2, json.RootElement.GetArrayLength());
    }

    [Fact]
    public async Task Agreements_as_a_table_shows_amounts_the_Swedish_way()
    {
        await RunAsync("--db", _path, "init");

        var run = await RunAsync("agreements", "--db", _path);

        Assert.Equal(0, run.ExitCode);
        var line = Assert.Single(run.Output.Split(Environment.NewLine), l => l.StartsWith("gnv2023", StringComparison.Ordinal));
        Assert.Contains("God och nära vård 2023", line);
        Assert.Contains("2023-01-01–2023-12-31", line);
        Assert.EndsWith("75\u00A0422\u00A0690\u00A0kr", line);
    }

    [Fact]
    public async Task Agreements_on_a_database_that_does_not_exist_fails_with_a_Swedish_message_and_creates_no_file()
    {
        var run = await RunAsync("--db", _path, "agreements");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("finns inte", run.Error);
        Assert.Contains("init", run.Error);
        Assert.False(File.Exists(_path));
    }

    [Fact]
    public async Task Init_where_the_database_cannot_be_created_fails_with_exit_code_1_and_a_Swedish_message()
    {
        // A file where the database's folder should be: the folder cannot be created.
        await File.WriteAllTextAsync(_path, "not a folder");

        var run = await RunAsync("--db", Path.Combine(_path, "granttracker.db"), "init");

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("Det gick inte att arbeta mot SQLite-databasen", run.Error);
        Assert.DoesNotContain("   at ", run.Error);
    }

    [Fact]
    public async Task A_connection_string_can_name_the_database_instead_of_db()
    {
        var connection = $"Data Source={_path};Pooling=False";

        var init = await RunAsync("--provider", "Sqlite", "--connection", connection, "init");
        var list = await RunAsync("--connection", connection, "agreements", "--json");

        Assert.Equal(0, init.ExitCode);
        Assert.Equal(0, list.ExitCode);
        Assert.Contains("\"gnv2023\"", list.Output);
    }

    // Arguments separated by '|', so a connection string may contain spaces.
    [Theory]
    [InlineData("")]
    [InlineData("--db|x.db")]
    [InlineData("--db|x.db|nonsense")]
    [InlineData("--db|x.db|agreements|--xml")]
    [InlineData("--provider|Oracle|--connection|x|agreements")]
    [InlineData("agreements")]
    [InlineData("--db|x.db|--connection|Data Source=y.db|agreements")]
    [InlineData("--db|x.db|--provider|SqlServer|init")]
    public async Task Wrong_usage_exits_with_2_and_says_so_on_stderr(string commandLine)
    {
        var args = commandLine.Split('|', StringSplitOptions.RemoveEmptyEntries);

        var run = await RunAsync(args);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Output);
        Assert.NotEqual("", run.Error.Trim());
        Assert.False(File.Exists("x.db"));
        Assert.False(File.Exists("y.db"));
    }

    [Fact]
    public async Task Help_exits_with_0_and_lists_the_commands()
    {
        var run = await RunAsync("--help");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("init", run.Output);
        Assert.Contains("agreements", run.Output);
    }

    public void Dispose()
    {
        // The CLI turns pooling off, so nothing holds the file once a run returns.
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm" })
        {
            File.Delete(file);
        }
    }

    private static Task<CliRun> RunAsync(params string[] args) => CliRun.RunAsync(args);

    private async Task<(long Agreements, long Lines, long Activities, long Obligations, long Audit)> CountsAsync() => (
        await CountAsync("Agreements"),
        await CountAsync("AllocationLines"),
        await CountAsync("Activities"),
        await CountAsync("ReportingObligations"),
        await CountAsync("AuditEntries"));

    private async Task<long> CountAsync(string table)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM \"{table}\"";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task<List<string>> DistinctAsync(string sql)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var values = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetString(0));
        }
        return values;
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }
}
