using GrantTracker.Application.Auditing;
using GrantTracker.Application.Data;
using GrantTracker.Application.Seeding;
using Mediator;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace GrantTracker.Application.Tests.Infrastructure;

/// <summary>
/// A real SQLite database file with the migrations applied, and the real container with the mediator:
/// the use cases run exactly as in the web app. One file per test, deleted afterwards.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private TestDatabase(string path, ServiceProvider services, ManualClock clock)
    {
        Path = path;
        _services = services;
        Clock = clock;
    }

    public string Path { get; }

    public ManualClock Clock { get; }

    public string ConnectionString => $"Data Source={Path}";

    /// <summary>A copy of the database as it is now, at <paramref name="file"/> (SQLite's online backup): a corpus's starting state.</summary>
    public Task SaveCopyAsync(string file) => CopyAsync(ConnectionString, $"Data Source={file}");

    /// <summary>
    /// The database back to a copy saved by <see cref="SaveCopyAsync"/>; pooled connections are closed first, and the caches keyed on the
    /// audit trail's last id are emptied, as a restart after a restore empties them (the restored trail ends earlier, ADR 26).
    /// </summary>
    public async Task RestoreAsync(string file)
    {
        SqliteConnection.ClearAllPools();
        await CopyAsync($"Data Source={file}", ConnectionString);
        _services.GetRequiredService<GrantTracker.Application.Features.FiguresCache>().Clear();
        _services.GetRequiredService<GrantTracker.Application.Features.Deadlines.ReadinessCache>().Clear();
    }

    private static async Task CopyAsync(string from, string to)
    {
        await using var source = new SqliteConnection(from + ";Pooling=False");
        await using var target = new SqliteConnection(to + ";Pooling=False");
        await source.OpenAsync();
        await target.OpenAsync();
        source.BackupDatabase(target);
    }

    /// <summary>
    /// A new container on a database file that exists (a restored backup): nothing cached from before, as after a restart of
    /// the web app. No migration is applied. The file is deleted on dispose like any other.
    /// </summary>
    public static Task<TestDatabase> OpenAsync(string path) => BuildAsync(path, migrate: false, false, "test@demo.local", null);

    public static Task<TestDatabase> CreateAsync(bool seedAgreements = true, string userName = "test@demo.local",
        IReadOnlyDictionary<string, string?>? settings = null)
    {
        var dir = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "granttracker-tests");
        Directory.CreateDirectory(dir);
        return BuildAsync(System.IO.Path.Combine(dir, $"{Guid.NewGuid():N}.db"), migrate: true, seedAgreements, userName, settings);
    }

    private static async Task<TestDatabase> BuildAsync(string path, bool migrate, bool seedAgreements, string userName,
        IReadOnlyDictionary<string, string?>? settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:GrantTracker"] = $"Data Source={path}" })
            .AddInMemoryCollection(settings ?? new Dictionary<string, string?>())
            .Build();
        var clock = new ManualClock(new DateTimeOffset(2023, 6, 15, 10, 0, 0, TimeSpan.Zero));
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddGrantTrackerData(configuration);
        services.AddSingleton<TimeProvider>(clock);
        services.AddScoped<IAuditActor>(_ => new FixedAuditActor(userName, "test-user-id"));
        services.AddMediator((MediatorOptions o) =>
        {
            o.ServiceLifetime = ServiceLifetime.Scoped;
            o.Assemblies = [typeof(AppDbContext).Assembly];
        });
        var provider = services.BuildServiceProvider(validateScopes: true);
        var database = new TestDatabase(path, provider, clock);
        if (!migrate)
        {
            return database;
        }
        await using (var scope = provider.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            await db.Database.MigrateAsync();
            if (seedAgreements)
            {
                await SeedAgreements.LoadAsync(db);
            }
        }
        return database;
    }

    /// <summary>Sends a message through the mediator in its own scope, as one web request would.</summary>
    public async Task<TResponse> SendAsync<TResponse>(ICommand<TResponse> command)
    {
        await using var scope = _services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(command);
    }

    public async Task<TResponse> SendAsync<TResponse>(IQuery<TResponse> query)
    {
        await using var scope = _services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(query);
    }

    /// <summary>A fresh context for arranging data or reading what a use case wrote.</summary>
    public async Task<T> WithContextAsync<T>(Func<AppDbContext, Task<T>> work)
    {
        await using var scope = _services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    /// <summary>Work that needs more than the context from one scope (the context and the mediator together).</summary>
    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = _services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    public async Task WithContextAsync(Func<AppDbContext, Task> work)
    {
        await using var scope = _services.CreateAsyncScope();
        await work(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { Path, Path + "-wal", Path + "-shm" })
        {
            File.Delete(file);
        }
    }
}

/// <summary>A clock the test sets.</summary>
public sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    private DateTimeOffset _now = now;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Set(DateTimeOffset now) => _now = now;
}
