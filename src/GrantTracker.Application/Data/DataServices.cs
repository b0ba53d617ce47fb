using GrantTracker.Application.Auditing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace GrantTracker.Application.Data;

public enum DatabaseProvider
{
    Sqlite,
    SqlServer,
}

public static class DataServices
{
    public const string ConnectionStringName = "GrantTracker";
    public const string DefaultSqliteConnection = "Data Source=data/granttracker.db";

    public static DatabaseProvider ProviderFrom(IConfiguration configuration)
    {
        var text = configuration["Database:Provider"];
        if (string.IsNullOrWhiteSpace(text))
        {
            return DatabaseProvider.Sqlite;
        }
        return Enum.TryParse<DatabaseProvider>(text, ignoreCase: true, out var provider)
            ? provider
            : throw new InvalidOperationException($"Database:Provider '{text}' is not supported; use Sqlite or SqlServer.");
    }

    /// <summary>
    /// Registers <see cref="AppDbContext"/> on the provider that <c>Database:Provider</c> names, with the
    /// connection string <c>ConnectionStrings:GrantTracker</c>.
    /// </summary>
    public static IServiceCollection AddGrantTrackerData(this IServiceCollection services, IConfiguration configuration)
    {
        var provider = ProviderFrom(configuration);
        var connection = configuration.GetConnectionString(ConnectionStringName);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<Imports.ILedgerReaders, Imports.LedgerReaderRegistry>();
        services.AddSingleton(Features.Reconciliation.ReconciliationSettings.From(configuration));
        services.AddSingleton(Features.Ledger.ImportSettings.From(configuration));
        services.AddSingleton(Features.Distribution.ListingSettings.From(configuration));
        services.AddSingleton(Features.Deadlines.CalendarSettings.From(configuration));
        services.AddSingleton(Features.Reminders.MailSettings.From(configuration));
        services.AddSingleton(Common.Uploads.UploadLimits.From(configuration));
        services.AddSingleton<Features.Reminders.SmtpMailer>();
        services.AddSingleton<Features.Deadlines.ReadinessCache>();
        services.AddSingleton<Features.FiguresCache>();
        services.AddSingleton<Features.Audit.LiveSessions>();
        // The units' reports back join the to-do list (Att göra) through its extension point.
        services.AddScoped<Features.ToDo.IProviderReportToDoSource, Features.ToDo.UnitReportToDoSource>();
        // Issue 26: a save refused because its agreement is Avslutad becomes the command's Swedish refusal, in the web app and the CLI alike.
        services.AddScoped(typeof(Mediator.IPipelineBehavior<,>), typeof(Features.Agreements.Lifecycle.ReadOnlyAgreementRefusal<,>));
        services.AddSingleton(new DatabaseSettings(provider, connection ?? DefaultSqliteConnection));
        // Issue 26: nightly backups of the SQLite file, on the real clock (a demo's moved date names no file on disk).
        services.AddSingleton(Backup.BackupSettings.From(configuration));
        services.AddSingleton(sp => new Backup.NightlyBackups(sp.GetRequiredService<Backup.BackupSettings>(), sp.GetRequiredService<DatabaseSettings>(), TimeProvider.System));
        if (provider == DatabaseProvider.SqlServer)
        {
            if (string.IsNullOrWhiteSpace(connection))
            {
                throw new InvalidOperationException("Database:Provider is SqlServer but ConnectionStrings:GrantTracker is empty.");
            }
            // The options are built once (singleton): per request they cost about a twentieth of a cached page's CPU.
            services.AddDbContext<AppDbContext, SqlServerAppDbContext>(o => ConfigureSqlServer(o, connection), ServiceLifetime.Scoped, ServiceLifetime.Singleton);
        }
        else
        {
            var sqlite = connection ?? DefaultSqliteConnection;
            EnsureSqliteDirectory(sqlite);
            // A factory, so the container disposes it (and its connection) with the app.
            services.AddSingleton(_ => new SqliteAuditStamp(sqlite));
            // The options are built once (singleton): per request they cost about a twentieth of a cached page's CPU.
            services.AddDbContext<AppDbContext, SqliteAppDbContext>(o => ConfigureSqlite(o, sqlite), ServiceLifetime.Scoped, ServiceLifetime.Singleton);
        }
        return services;
    }

    public static DbContextOptionsBuilder ConfigureSqlite(DbContextOptionsBuilder options, string connection) =>
        options.UseSqlite(connection, o => o.MigrationsHistoryTable("__EFMigrationsHistory")).AddInterceptors(SqliteInterruptOnCancel.Instance, TransactionTracker.Instance);

    public static DbContextOptionsBuilder ConfigureSqlServer(DbContextOptionsBuilder options, string connection) =>
        options.UseSqlServer(connection);

    /// <summary>SQLite creates the file but not its folder; create <c>data/</c> on first start.</summary>
    public static void EnsureSqliteDirectory(string connection)
    {
        var file = new SqliteConnectionStringBuilder(connection).DataSource;
        if (string.IsNullOrEmpty(file) || file == ":memory:" || file.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }
        var directory = Path.GetDirectoryName(Path.GetFullPath(file));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }
    }
}

public sealed record DatabaseSettings(DatabaseProvider Provider, string ConnectionString);

/// <summary>Used by <c>dotnet ef migrations add … --context SqliteAppDbContext</c>.</summary>
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteAppDbContext>
{
    public SqliteAppDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<SqliteAppDbContext>();
        DataServices.ConfigureSqlite(options, "Data Source=design-time.db");
        return new SqliteAppDbContext(options.Options, FixedAuditActor.System, TimeProvider.System);
    }
}

/// <summary>Used by <c>dotnet ef migrations add … --context SqlServerAppDbContext</c>; never connects.</summary>
public sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerAppDbContext>
{
    public SqlServerAppDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<SqlServerAppDbContext>();
        DataServices.ConfigureSqlServer(options, "Server=(design-time);Database=GrantTracker;Trusted_Connection=True;TrustServerCertificate=True");
        return new SqlServerAppDbContext(options.Options, FixedAuditActor.System, TimeProvider.System);
    }
}
