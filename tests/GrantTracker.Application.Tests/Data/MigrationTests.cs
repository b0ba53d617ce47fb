using System.Text.RegularExpressions;
using GrantTracker.Application.Data;
using GrantTracker.Application.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Xunit.Abstractions;

namespace GrantTracker.Application.Tests.Data;

/// <summary>
/// The two migration sets must follow the model, and the SQL Server one must create what production
/// needs. Neither check needs a SQL Server: the model and the script are built without a connection.
/// </summary>
public sealed class MigrationTests(ITestOutputHelper output)
{
    private const string Trigger = "TR_AuditEntries_AppendOnly";

    [Fact]
    public void The_SQLite_migrations_have_no_pending_model_changes()
    {
        using var context = new SqliteDesignTimeFactory().CreateDbContext([]);

        Assert.False(context.Database.HasPendingModelChanges(),
            "The model differs from the SQLite snapshot: add a migration with --context SqliteAppDbContext.");
    }

    // Issue 26: before the first release each provider's history was squashed into one baseline, `Initial`; later
    // migrations follow it.
    [Fact]
    public void Each_provider_s_migrations_begin_with_one_baseline_that_holds_the_audit_trail_s_trigger()
    {
        using var sqlite = new SqliteDesignTimeFactory().CreateDbContext([]);
        using var sqlServer = new SqlServerDesignTimeFactory().CreateDbContext([]);

        Assert.EndsWith("_Initial", sqlite.Database.GetMigrations().First());
        Assert.EndsWith("_Initial", sqlServer.Database.GetMigrations().First());
        Assert.Contains("TR_AuditEntries_AppendOnly", sqlite.GetService<IMigrator>().GenerateScript());
        Assert.Contains("TR_AuditEntries_AppendOnly", sqlServer.GetService<IMigrator>().GenerateScript());
    }

    [Fact]
    public void The_SQL_Server_migrations_have_no_pending_model_changes()
    {
        using var context = new SqlServerDesignTimeFactory().CreateDbContext([]);

        Assert.False(context.Database.HasPendingModelChanges(),
            "The model differs from the SQL Server snapshot: add a migration with --context SqlServerAppDbContext.");
    }

    [Theory]
    [InlineData("AllocationLines", "Amount", "bigint NOT NULL")]
    [InlineData("Agreements", "RegionAllocation", "bigint NOT NULL")]
    [InlineData("Agreements", "NationalTotal", "bigint NULL")]
    [InlineData("DevelopmentAreas", "Amount", "bigint NULL")]
    [InlineData("ActivityBudgets", "Amount", "bigint NOT NULL")]
    [InlineData("Activities", "InvestmentAmount", "bigint NULL")]
    [InlineData("Activities", "ExitYearlyCost", "bigint NULL")]
    [InlineData("LedgerEntries", "Amount", "bigint NOT NULL")]
    [InlineData("AllocationLineEarmarks", "Amount", "bigint NOT NULL")]
    public void The_SQL_Server_script_stores_money_as_whole_ore_in_bigint(string table, string column, string type)
    {
        var columns = CreateTableBody(SqlServerScript(), table);

        Assert.Matches(new Regex($@"^\s*\[{column}\] {Regex.Escape(type)}", RegexOptions.Multiline), columns);
    }

    [Theory]
    [InlineData("IX_Agreements_Code", "Agreements", "[Code]")]
    [InlineData("IX_AllocationLines_AgreementId_Code", "AllocationLines", "[AgreementId], [Code]")]
    [InlineData("IX_DevelopmentAreas_AgreementId_Code", "DevelopmentAreas", "[AgreementId], [Code]")]
    [InlineData("IX_LedgerColumnMappings_Name", "LedgerColumnMappings", "[Name]")]
    public void The_SQL_Server_script_creates_the_unique_indexes(string index, string table, string columns)
    {
        Assert.Contains($"CREATE UNIQUE INDEX [{index}] ON [{table}] ({columns})", SqlServerScript());
    }

    [Fact]
    public void The_SQL_Server_script_creates_one_ledger_index_for_the_row_lists_and_the_month_totals_keyed_as_they_are_summed()
    {
        var script = SqlServerScript();

        Assert.Contains("CREATE INDEX [IX_LedgerEntries_Rows] ON [LedgerEntries] ([CostObject], [Month], [VoucherDate], [VoucherSeries], [VoucherNumber], [AccountNumber], [Project])", script);
        Assert.DoesNotContain("IX_LedgerEntries_Source_Month", script);
        Assert.Contains("CONSTRAINT [PK_LedgerMonthTotals] PRIMARY KEY ([CostObject], [Month], [Source], [AccountNumber], [Project])", script);
        Assert.Matches(new Regex(@"^\s*\[Amount\] bigint NOT NULL", RegexOptions.Multiline), CreateTableBody(script, "LedgerMonthTotals"));
    }

    [Fact]
    public void The_SQL_Server_script_indexes_cost_object_periods_by_object_and_month()
    {
        Assert.Contains("CREATE INDEX [IX_CostObjectPeriods_CostObjectCode_From_To] ON [CostObjectPeriods] ([CostObjectCode], [From], [To])",
            SqlServerScript());
    }

    [Fact]
    public void The_SQL_Server_script_gives_agreements_an_app_managed_version_column()
    {
        var columns = CreateTableBody(SqlServerScript(), "Agreements");

        // A plain bigint the application increments, not a rowversion: SQLite must behave the same.
        Assert.Matches(new Regex(@"^\s*\[Version\] bigint NOT NULL", RegexOptions.Multiline), columns);
        Assert.DoesNotContain("rowversion", columns, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void The_SQL_Server_script_creates_the_audit_table_and_its_append_only_trigger()
    {
        var script = SqlServerScript();

        var columns = CreateTableBody(script, "AuditEntries");
        Assert.Contains("[Changes] nvarchar(max) NOT NULL", columns);
        Assert.Contains("[UserName] nvarchar(256) NOT NULL", columns);
        Assert.Matches(new Regex($@"CREATE TRIGGER \[{Trigger}\] ON \[AuditEntries\] INSTEAD OF UPDATE, DELETE"), script);
    }

    [Theory]
    [InlineData("AspNetUsers")]
    [InlineData("AspNetRoles")]
    [InlineData("AspNetUserRoles")]
    [InlineData("AspNetUserClaims")]
    [InlineData("AspNetUserLogins")]
    [InlineData("AspNetUserTokens")]
    [InlineData("AspNetRoleClaims")]
    public void The_SQL_Server_script_creates_the_identity_tables(string table)
    {
        Assert.NotEmpty(CreateTableBody(SqlServerScript(), table));
    }

    [Fact]
    public async Task Applying_the_SQLite_migrations_to_a_new_file_creates_the_same_tables_as_SQL_Server()
    {
        await using var database = await TestDatabase.CreateAsync(seedAgreements: false);
        await using var connection = new SqliteConnection(database.ConnectionString);
        await connection.OpenAsync();

        // EF's SQLite provider keeps a lock table for concurrent migrators; SQL Server uses sp_getapplock instead.
        var sqliteTables = (await NamesAsync(connection, "table")).Where(t => t != "__EFMigrationsLock").ToList();
        var sqlServerTables = Regex.Matches(SqlServerScript(), @"CREATE TABLE \[(\w+)\]")
            .Select(m => m.Groups[1].Value)
            .ToHashSet();

        Assert.Equal(sqlServerTables.Order(StringComparer.Ordinal), sqliteTables.Order(StringComparer.Ordinal));
        Assert.Contains("AuditEntries", sqliteTables);
        Assert.Contains("AspNetUsers", sqliteTables);
    }

    [Fact]
    public async Task The_SQLite_database_refuses_to_change_or_delete_an_audit_entry()
    {
        await using var database = await TestDatabase.CreateAsync(seedAgreements: false);
        await using var connection = new SqliteConnection(database.ConnectionString);
        await connection.OpenAsync();

        Assert.Contains(Trigger, await NamesAsync(connection, "trigger"));

        await ExecuteAsync(connection,
            "INSERT INTO AuditEntries (AtUtc, UserName, EntityType, EntityId, Action, Changes) VALUES ('2023-06-15', 'test', 'Agreement', '1', 'Skapad', '{}')");
        var update = await Assert.ThrowsAsync<SqliteException>(() => ExecuteAsync(connection, "UPDATE AuditEntries SET UserName = 'someone else'"));
        var delete = await Assert.ThrowsAsync<SqliteException>(() => ExecuteAsync(connection, "DELETE FROM AuditEntries"));
        Assert.Contains("append-only", update.Message);
        Assert.Contains("append-only", delete.Message);
    }

    private static string? _script;

    /// <summary>The full creation script, also written to a file for a DBA to read.</summary>
    private string SqlServerScript()
    {
        if (_script is null)
        {
            using var context = new SqlServerDesignTimeFactory().CreateDbContext([]);
            _script = context.GetService<IMigrator>().GenerateScript();
            var path = Path.Combine(Path.GetTempPath(), "granttracker-sqlserver-create.sql");
            File.WriteAllText(path, _script);
            output.WriteLine($"SQL Server creation script: {path}");
        }
        return _script;
    }

    private static string CreateTableBody(string script, string table)
    {
        var match = Regex.Match(script, $@"CREATE TABLE \[{table}\] \((?<body>.*?)\n\);", RegexOptions.Singleline);
        Assert.True(match.Success, $"The script does not create table {table}.");
        return match.Groups["body"].Value;
    }

    private static async Task<List<string>> NamesAsync(SqliteConnection connection, string type)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = $type AND name NOT LIKE 'sqlite_%'";
        command.Parameters.AddWithValue("$type", type);
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }
        return names;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
