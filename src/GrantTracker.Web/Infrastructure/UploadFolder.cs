using System.Text.Json;
using GrantTracker.Application.Auditing;
using GrantTracker.Application.Data;
using GrantTracker.Application.Features.Ledger;
using GrantTracker.Application.Imports;
using GrantTracker.Domain.Ledger;
using Microsoft.Data.Sqlite;

namespace GrantTracker.Web.Infrastructure;

/// <summary>
/// Where an upload waits while it is imported: <c>uploads/</c> in the app's own data folder (<c>App:DataFolder</c>; by
/// default the SQLite database's folder, <c>data/</c> on SQL Server), never the machine's shared temp folder. Everything in
/// it belongs to a job of this process, so what a stopped process left behind is removed at the next start
/// (<see cref="RecoverAsync"/>); a web import that was queued or running then shows as Avbruten in Importhistorik.
/// </summary>
public sealed class UploadFolder(IConfiguration configuration)
{
    public const string Setting = "App:DataFolder";

    private const string MarkerExtension = ".job";

    public string Path { get; } = System.IO.Path.Combine(DataFolder(configuration), "uploads");

    /// <summary>The app's data folder: <c>App:DataFolder</c>, else the SQLite database's folder, else <c>data</c>.</summary>
    public static string DataFolder(IConfiguration configuration)
    {
        if (configuration[Setting] is { Length: > 0 } configured)
        {
            return System.IO.Path.GetFullPath(configured);
        }
        if (DataServices.ProviderFrom(configuration) == DatabaseProvider.Sqlite)
        {
            var file = new SqliteConnectionStringBuilder(configuration.GetConnectionString(DataServices.ConnectionStringName) ?? DataServices.DefaultSqliteConnection).DataSource;
            if (!string.IsNullOrEmpty(file) && file != ":memory:" && !file.StartsWith("file:", StringComparison.OrdinalIgnoreCase)
                && System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(file)) is { Length: > 0 } folder)
            {
                return folder;
            }
        }
        return System.IO.Path.GetFullPath("data");
    }

    /// <summary>A new file's path for an upload of <paramref name="kind"/> ("import", "listing"), keeping a plain extension for the reader.</summary>
    public string NewFile(string kind, string? fileName)
    {
        Directory.CreateDirectory(Path);
        var extension = System.IO.Path.GetExtension(fileName ?? "");
        extension = extension.Length is > 1 and <= 8 && extension[1..].All(char.IsAsciiLetterOrDigit) ? extension.ToLowerInvariant() : "";
        return System.IO.Path.Combine(Path, $"{kind}-{Guid.NewGuid():N}{extension}");
    }

    /// <summary>What a queued or running import leaves next to its upload, so that a restart can say it was interrupted.</summary>
    public sealed record ImportMarker(string FileName, string UserName, string? Format, DateTime QueuedAtUtc);

    public void MarkQueued(ImportJob job)
    {
        try
        {
            File.WriteAllText(job.Path + MarkerExtension, JsonSerializer.Serialize(new ImportMarker(job.FileName, job.UserName, job.Format?.ToString(), job.CreatedAtUtc)));
        }
        catch (IOException)
        {
            // Without its marker an interrupted job is only cleaned up, not reported: the import itself is unaffected.
        }
    }

    public static void Unmark(ImportJob job) => ImportWorker.TryDelete(job.Path + MarkerExtension);

    /// <summary>
    /// At start, before any request: each import a stopped process had queued or running is recorded in Importhistorik as
    /// Avbruten (its transaction was never committed, so nothing of it was written), and every file in the folder is deleted.
    /// </summary>
    /// <returns>The interrupted imports recorded.</returns>
    public async Task<int> RecoverAsync(IServiceProvider services, ILogger logger, CancellationToken ct = default)
    {
        if (!Directory.Exists(Path))
        {
            return 0;
        }
        var interrupted = 0;
        foreach (var marker in Directory.EnumerateFiles(Path, "*" + MarkerExtension))
        {
            var job = Read(marker);
            await using (var scope = services.CreateAsyncScope())
            {
                scope.ServiceProvider.GetRequiredService<ScopedActor>().Actor = FixedAuditActor.System;
                var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                var clock = scope.ServiceProvider.GetRequiredService<TimeProvider>();
                db.LedgerImports.Add(new LedgerImport
                {
                    FileName = Truncate(job?.FileName ?? "okänd fil", 260), Sha256 = "",
                    Format = Truncate(job?.Format ?? LedgerFormats.FromFileName(job?.FileName ?? "")?.ToString() ?? "okänt", 10),
                    Source = ImportLedgerFileCommand.DefaultSource, ImportedAtUtc = job?.QueuedAtUtc ?? clock.GetUtcNow().UtcDateTime,
                    UserName = Truncate(job?.UserName ?? "okänd", 256), Status = ImportStatus.Avbruten,
                    Errors = "Importen avbröts: GrantTracker stoppades medan filen väntade på eller lästes in. Inget från filen är sparat. Ladda upp filen igen.",
                });
                await db.SaveChangesAsync(ct);
            }
            interrupted++;
            ImportWorker.TryDelete(marker);
        }
        var orphans = 0;
        foreach (var file in Directory.EnumerateFiles(Path))
        {
            ImportWorker.TryDelete(file);
            orphans++;
        }
        if (interrupted + orphans > 0)
        {
            logger.LogWarning("Start-up: {Interrupted} interrupted import(s) recorded as Avbruten; {Orphans} leftover upload file(s) removed from {Folder}",
                interrupted, orphans, Path);
        }
        return interrupted;
    }

    private static ImportMarker? Read(string marker)
    {
        try
        {
            return JsonSerializer.Deserialize<ImportMarker>(File.ReadAllText(marker));
        }
        catch (Exception e) when (e is IOException or JsonException or NotSupportedException)
        {
            return null;
        }
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}
