using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;

namespace GrantTracker.Cli.Tests;

/// <summary><c>granttracker backup</c> and <c>granttracker restore</c> (issue 26): a copy through SQLite's backup API, a checked restore.</summary>
public sealed class BackupCliTests : IAsyncLifetime
{
    private const string January = """
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

    private const string February = January + """

        #VER "A" "2" 20230215 "Material"
        {
           #TRANS 6110 {20 "9917"} 200
           #TRANS 2440 {} -200
        }
        """;

    private readonly string _dir = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "granttracker-cli-backup", Guid.NewGuid().ToString("N"))).FullName;

    private string Db => Path.Combine(_dir, "granttracker.db");

    private string Backup => Path.Combine(_dir, "kopior", "natt.db");

    public async Task InitializeAsync()
    {
        Assert.Equal(0, (await CliRun.RunAsync(["--db", Db, "init"])).ExitCode);
        await ImportAsync("januari.se", January);
    }

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
        return Task.CompletedTask;
    }

    private async Task ImportAsync(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        await File.WriteAllTextAsync(path, text, Encoding.ASCII);
        var run = await CliRun.RunAsync(["--db", Db, "import", path]);
        Assert.True(run.ExitCode == 0, run.Output + run.Error);
    }

    private async Task<long> LedgerRowsAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={Db};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM LedgerEntries";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private string Sha256() => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(Db)));

    [Fact]
    public async Task A_backup_restored_over_later_imports_brings_back_its_ledger_and_verify_holds()
    {
        var backup = await CliRun.RunAsync(["--db", Db, "backup", "--out", Backup]);
        Assert.True(backup.ExitCode == 0, backup.Output + backup.Error);
        Assert.Contains($"Säkerhetskopian är skriven till {Backup}", backup.Output);
        Assert.Contains("PRAGMA integrity_check: ok", backup.Output);
        await ImportAsync("februari.se", February);
        Assert.Equal(2, await LedgerRowsAsync());

        var restore = await CliRun.RunAsync(["--db", Db, "restore", Backup]);

        Assert.True(restore.ExitCode == 0, restore.Output + restore.Error);
        Assert.Contains("Stoppa webbappen innan du återställer", restore.Output);
        Assert.Contains($"{Db} är återställd från {Backup}", restore.Output);
        Assert.Contains("Databasen som den var före återställningen finns kvar i", restore.Output);
        Assert.Contains("Starta webbappen nu.", restore.Output);
        Assert.Equal(1, await LedgerRowsAsync());
        var verify = await CliRun.RunAsync(["--db", Db, "verify"]);
        Assert.Equal(0, verify.ExitCode);
        var reconcile = await CliRun.RunAsync(["--db", Db, "reconcile", "--agreement", "gnv2023", "--through", "2023-02"]);
        Assert.True(reconcile.ExitCode == 0, reconcile.Output + reconcile.Error);
        Assert.Contains("10\u00A0000,50\u00A0kr", reconcile.Output);
        Assert.DoesNotContain("200\u00A0kr", reconcile.Output);
    }

    [Fact]
    public async Task A_truncated_backup_is_refused_in_Swedish_and_the_database_is_untouched()
    {
        Assert.Equal(0, (await CliRun.RunAsync(["--db", Db, "backup", "--out", Backup])).ExitCode);
        var bytes = await File.ReadAllBytesAsync(Backup);
        await File.WriteAllBytesAsync(Backup, bytes[..(bytes.Length / 2)]);
        var before = Sha256();

        var run = await CliRun.RunAsync(["--db", Db, "restore", Backup]);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("Databasen återställdes inte och är orörd.", run.Error);
        Assert.Matches("natt.db (är skadad och återställs inte|går inte att läsa som databas)", run.Error);
        Assert.Equal(before, Sha256());
        Assert.Equal(0, (await CliRun.RunAsync(["--db", Db, "verify"])).ExitCode);
        Assert.Single(Directory.GetFiles(_dir, "*.db"));
    }

    [Fact]
    public async Task A_backup_whose_totals_differ_from_its_ledger_is_refused_as_verify_would()
    {
        Assert.Equal(0, (await CliRun.RunAsync(["--db", Db, "backup", "--out", Backup])).ExitCode);
        await using (var connection = new SqliteConnection($"Data Source={Backup};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "UPDATE LedgerMonthTotals SET Amount = Amount - 1 WHERE CostObject = '9916'";
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }

        var run = await CliRun.RunAsync(["--db", Db, "restore", Backup]);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("skiljer sig månadssummorna från huvudboksraderna i 1 grupper (granttracker verify)", run.Error);
    }

    [Fact]
    public async Task Backup_and_restore_refuse_SQL_Server_and_name_its_own_backup()
    {
        foreach (var args in new[] { new[] { "backup", "--out", Backup }, ["restore", Backup] })
        {
            var run = await CliRun.RunAsync(["--provider", "SqlServer", "--connection", "Server=ingen;Database=GrantTracker", .. args]);

            Assert.Equal(1, run.ExitCode);
            Assert.Contains("BACKUP DATABASE", run.Error);
        }
    }

    [Fact]
    public async Task A_backup_of_a_database_that_does_not_exist_creates_nothing()
    {
        var missing = Path.Combine(_dir, "saknas.db");

        var run = await CliRun.RunAsync(["--db", missing, "backup", "--out", Backup]);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"Databasfilen {missing} finns inte", run.Error);
        Assert.False(File.Exists(missing));
        Assert.False(File.Exists(Backup));
    }

    [Fact]
    public async Task Backup_without_out_is_wrong_usage()
    {
        var run = await CliRun.RunAsync(["--db", Db, "backup"]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Fel användning av granttracker", run.Error);
    }
}
