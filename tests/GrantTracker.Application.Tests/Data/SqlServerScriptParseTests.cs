using GrantTracker.Application.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace GrantTracker.Application.Tests.Data;

/// <summary>
/// No SQL Server runs here, so the SQL Server migrations are never executed by a test. Instead the script they generate
/// (as a DBA would run it: the plain one and the idempotent one) is parsed with Microsoft's own T-SQL parser: a
/// statement SQL Server would refuse to parse fails here. The script is generated from whatever migrations exist, so
/// the test holds when they are squashed into one baseline (issue 26, part 5); no migration is named.
/// </summary>
public sealed class SqlServerScriptParseTests
{
    /// <summary>The tables every page and import needs; a baseline that forgot one would not run the app.</summary>
    public static TheoryData<string> KeyTables =>
    [
        "Agreements", "AllocationLines", "Activities", "LedgerImports", "LedgerEntries", "LedgerMonthTotals",
        "AuditEntries", "AspNetUsers", "AspNetRoles", "__EFMigrationsHistory",
    ];

    [Fact]
    public void The_SQL_Server_migration_script_parses_without_errors()
    {
        var (_, errors) = Parse(Script(MigrationsSqlGenerationOptions.Default));

        Assert.True(errors.Count == 0, Describe(errors));
    }

    [Fact]
    public void The_idempotent_SQL_Server_migration_script_parses_without_errors()
    {
        var (_, errors) = Parse(Script(MigrationsSqlGenerationOptions.Idempotent));

        Assert.True(errors.Count == 0, Describe(errors));
    }

    [Fact]
    public void The_create_script_of_the_SQL_Server_model_parses_without_errors()
    {
        using var context = new SqlServerDesignTimeFactory().CreateDbContext([]);
        var (_, errors) = Parse(context.Database.GenerateCreateScript());

        Assert.True(errors.Count == 0, Describe(errors));
    }

    [Theory]
    [MemberData(nameof(KeyTables))]
    public void The_parsed_SQL_Server_migration_script_creates_the_key_table(string table)
    {
        var (fragments, errors) = Parse(Script(MigrationsSqlGenerationOptions.Default));
        var creates = new CreateTableNames();
        foreach (var fragment in fragments)
        {
            fragment.Accept(creates);
        }

        Assert.Empty(errors);

        Assert.Contains(table, creates.Names);
    }

    [Fact]
    public void The_parsed_SQL_Server_migration_script_creates_the_audit_trails_append_only_trigger()
    {
        var (fragments, errors) = Parse(Script(MigrationsSqlGenerationOptions.Default));
        var triggers = new CreateTriggerNames();
        foreach (var fragment in fragments)
        {
            fragment.Accept(triggers);
        }

        Assert.Empty(errors);

        Assert.Contains("TR_AuditEntries_AppendOnly", triggers.Names);
    }

    private static readonly Dictionary<MigrationsSqlGenerationOptions, string> Scripts = [];

    private static string Script(MigrationsSqlGenerationOptions options)
    {
        lock (Scripts)
        {
            if (!Scripts.TryGetValue(options, out var script))
            {
                using var context = new SqlServerDesignTimeFactory().CreateDbContext([]);
                // From nothing to the last migration, whichever migrations there are.
                script = context.GetService<IMigrator>().GenerateScript(options: options);
                // Kept for a reader of a failure (and a DBA): the line numbers in the errors are this file's.
                File.WriteAllText(Path.Combine(Path.GetTempPath(), $"granttracker-sqlserver-{options.ToString().ToLowerInvariant()}.sql"), script);
                Scripts[options] = script;
            }
            return script;
        }
    }

    /// <summary>
    /// The script's statements, and those of every <c>EXEC(N'…')</c> in it, parsed in turn: a statement that must begin its own
    /// batch (CREATE TRIGGER) is run that way, and its text must parse as well.
    /// </summary>
    private static (IReadOnlyList<TSqlFragment> Fragments, IList<ParseError> Errors) Parse(string script)
    {
        var fragments = new List<TSqlFragment>();
        var errors = new List<ParseError>();
        var pending = new Queue<string>([script]);
        while (pending.TryDequeue(out var text))
        {
            // SQL Server 2022's grammar (compatibility level 160), quoted identifiers on as EF's [bracketed] names expect.
            var parser = new TSql160Parser(initialQuotedIdentifiers: true);
            using var reader = new StringReader(text);
            var fragment = parser.Parse(reader, out var found);
            errors.AddRange(found);
            if (fragment is null)
            {
                continue;
            }
            fragments.Add(fragment);
            var executed = new ExecutedStrings();
            fragment.Accept(executed);
            foreach (var inner in executed.Texts)
            {
                pending.Enqueue(inner);
            }
        }
        return (fragments, errors);
    }

    private static string Describe(IList<ParseError> errors) =>
        $"{errors.Count} parse errors: " + string.Join("; ", errors.Take(10).Select(e => $"line {e.Line}: {e.Message}"));

    private sealed class CreateTableNames : TSqlFragmentVisitor
    {
        public HashSet<string> Names { get; } = new(StringComparer.Ordinal);

        public override void Visit(CreateTableStatement node) => Names.Add(node.SchemaObjectName.BaseIdentifier.Value);
    }

    /// <summary>The literal texts run by <c>EXEC(N'…')</c>, as SQL Server reads them (quotes undoubled by the parser).</summary>
    private sealed class ExecutedStrings : TSqlFragmentVisitor
    {
        public List<string> Texts { get; } = [];

        public override void Visit(ExecutableStringList node) =>
            Texts.AddRange(node.Strings.OfType<StringLiteral>().Select(s => s.Value));
    }

    private sealed class CreateTriggerNames : TSqlFragmentVisitor
    {
        public HashSet<string> Names { get; } = new(StringComparer.Ordinal);

        public override void Visit(CreateTriggerStatement node) => Names.Add(node.Name.BaseIdentifier.Value);
    }
}
