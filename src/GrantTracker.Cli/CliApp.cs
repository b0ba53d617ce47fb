using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using GrantTracker.Application.Auditing;
using GrantTracker.Application.Data;
using GrantTracker.Cli.Commands;
using Mediator;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace GrantTracker.Cli;

/// <summary>
/// The command line: the same use cases as the web app, for scheduled finance jobs and for setting up a
/// database. Exit codes: 0 done, 1 bad input or a failure while running, 2 wrong usage.
/// </summary>
public static class CliApp
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int WrongUsage = 2;

    /// <summary>JSON for scripts: camelCase, indented, Swedish letters written as they are.</summary>
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };

    /// <param name="interactive">Whether progress is drawn on <paramref name="error"/>; by default when it is a terminal.</param>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken ct = default, bool? interactive = null)
    {
        var root = BuildCommands(output, error, interactive);
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            // System.CommandLine has no Swedish texts; its own message follows ours.
            await error.WriteLineAsync("Fel användning av granttracker:");
            foreach (var parseError in parsed.Errors)
            {
                await error.WriteLineAsync("  " + parseError.Message);
            }
            await error.WriteLineAsync("Skriv granttracker --help för att se kommandona.");
            return WrongUsage;
        }
        return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, ct);
    }

    private static RootCommand BuildCommands(TextWriter output, TextWriter error, bool? interactive)
    {
        var db = new Option<string>("--db")
        {
            Description = "Sökväg till SQLite-databasen, till exempel data/granttracker.db.",
            HelpName = "PATH",
            Recursive = true,
        };
        var provider = new Option<DatabaseProvider?>("--provider")
        {
            Description = "Databas: Sqlite eller SqlServer. Används med --connection.",
            Recursive = true,
        };
        var connection = new Option<string>("--connection")
        {
            Description = "Anslutningssträng, i stället för --db.",
            HelpName = "STRING",
            Recursive = true,
        };
        var target = new TargetOptions(db, provider, connection);

        var root = new RootCommand("GrantTracker: riktade statsbidrag från kommandoraden.");
        root.Options.Add(db);
        root.Options.Add(provider);
        root.Options.Add(connection);
        root.Subcommands.Add(InitCommand.Create(target, output, error));
        root.Subcommands.Add(AgreementsCommand.Create(target, output, error));
        root.Subcommands.Add(ImportCommand.Create(target, output, error, interactive));
        root.Subcommands.Add(ReconcileCommand.Create(target, output, error));
        root.Subcommands.Add(ReportCommand.Create(target, output, error));
        root.Subcommands.Add(DistributionCommands.Units(target, output, error));
        root.Subcommands.Add(DistributionCommands.Distribute(target, output, error));
        root.Subcommands.Add(VerifyCommand.Create(target, output, error));
        root.Subcommands.Add(AuditCommand.Create(target, output, error));
        // Issue 26, part 3: the archive package.
        root.Subcommands.Add(ArchiveCommand.Create(target, output, error));
        // Issue 26, part 4: backup and restore.
        root.Subcommands.Add(BackupCommands.Backup(target, output, error));
        root.Subcommands.Add(BackupCommands.Restore(target, output, error));
        return root;
    }

    /// <summary>
    /// Resolves the database options and runs the work, turning a failure into a Swedish message and
    /// exit code 1 rather than a stack trace.
    /// </summary>
    internal static async Task<int> ExecuteAsync(ParseResult parsed, TargetOptions options, TextWriter error, Func<DatabaseTarget, Task<int>> work)
    {
        var target = options.Resolve(parsed, error);
        if (target is null)
        {
            return WrongUsage;
        }
        try
        {
            return await work(target);
        }
        catch (OperationCanceledException)
        {
            await error.WriteLineAsync("Avbrutet.");
            return Failed;
        }
        catch (Exception ex)
        {
            await error.WriteLineAsync($"Det gick inte att arbeta mot {target.Describe()}: {ex.GetBaseException().Message}");
            return Failed;
        }
    }

    /// <summary>
    /// The container for a database that <c>init</c> has created, or null after a Swedish message saying to
    /// run it: opening a missing SQLite file would create an empty one.
    /// </summary>
    internal static async Task<ServiceProvider?> OpenInitializedAsync(DatabaseTarget target, TextWriter error, CancellationToken ct)
    {
        if (target.SqliteFile is { } file && !File.Exists(file))
        {
            await error.WriteLineAsync($"Databasfilen {file} finns inte. Skapa den först med: granttracker --db {file} init");
            return null;
        }
        var services = BuildServices(target);
        await using (var scope = services.CreateAsyncScope())
        {
            if ((await scope.ServiceProvider.GetRequiredService<AppDbContext>().Database.GetAppliedMigrationsAsync(ct)).Any())
            {
                return services;
            }
        }
        await services.DisposeAsync();
        await error.WriteLineAsync($"{target.Describe()} saknar GrantTrackers tabeller. Kör granttracker init först.");
        return null;
    }

    /// <summary>
    /// Builds the container as the web app does, minus HTTP: the data layer on the chosen provider, the
    /// operating-system user as the audit actor, and the mediator with handlers from the application.
    /// </summary>
    internal static ServiceProvider BuildServices(DatabaseTarget target)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Database:Provider"] = target.Provider.ToString(),
                [$"ConnectionStrings:{DataServices.ConnectionStringName}"] = target.ConnectionString,
            })
            .Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddGrantTrackerData(configuration);
        services.AddSingleton<IAuditActor>(new FixedAuditActor($"cli:{Environment.UserName}"));
        services.AddMediator((MediatorOptions o) =>
        {
            // Scoped: handlers take the scoped DbContext.
            o.ServiceLifetime = ServiceLifetime.Scoped;
            o.Assemblies = [typeof(AppDbContext).Assembly];
        });
        return services.BuildServiceProvider(validateScopes: true);
    }
}

/// <summary>The global options that say which database a command works on.</summary>
internal sealed record TargetOptions(Option<string> Db, Option<DatabaseProvider?> Provider, Option<string> Connection)
{
    /// <summary>Reads the options, or writes a Swedish usage error and returns null.</summary>
    public DatabaseTarget? Resolve(ParseResult parsed, TextWriter error)
    {
        var path = parsed.GetValue(Db);
        var connection = parsed.GetValue(Connection);
        var provider = parsed.GetValue(Provider);
        if (!string.IsNullOrWhiteSpace(path) && !string.IsNullOrWhiteSpace(connection))
        {
            error.WriteLine("Ange antingen --db eller --connection, inte båda.");
            return null;
        }
        if (!string.IsNullOrWhiteSpace(path))
        {
            if (provider is DatabaseProvider.SqlServer)
            {
                error.WriteLine("--db gäller bara SQLite. Ange SQL Server med --provider SqlServer --connection \"…\".");
                return null;
            }
            // One command, one connection: no pool that keeps the file open after the command is done.
            var sqlite = new SqliteConnectionStringBuilder { DataSource = Path.GetFullPath(path), Pooling = false };
            return new DatabaseTarget(DatabaseProvider.Sqlite, sqlite.ToString(), Path.GetFullPath(path));
        }
        if (!string.IsNullOrWhiteSpace(connection))
        {
            return new DatabaseTarget(provider ?? DatabaseProvider.Sqlite, connection, null);
        }
        error.WriteLine("Ange databasen med --db PATH (SQLite) eller --provider Sqlite|SqlServer --connection \"…\".");
        return null;
    }
}

/// <summary>A database to work on; <see cref="SqliteFile"/> is set when it was named with --db.</summary>
internal sealed record DatabaseTarget(DatabaseProvider Provider, string ConnectionString, string? SqliteFile)
{
    public string Describe() => SqliteFile is not null
        ? $"SQLite-databasen {SqliteFile}"
        : Provider == DatabaseProvider.SqlServer ? "SQL Server-databasen" : "SQLite-databasen";
}
