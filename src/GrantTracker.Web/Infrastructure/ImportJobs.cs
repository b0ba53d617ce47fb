using System.Collections.Concurrent;
using System.Threading.Channels;
using GrantTracker.Application.Auditing;
using GrantTracker.Application.Common;
using GrantTracker.Application.Features.Ledger;
using GrantTracker.Application.Imports;
using Mediator;

namespace GrantTracker.Web.Infrastructure;

public enum ImportJobState
{
    Queued,
    Running,
    Done,
}

/// <summary>An uploaded file being imported in the background; the page polls it for its progress bar.</summary>
public sealed class ImportJob(Guid id, string fileName, string userName, string? userId, string path, LedgerFormat? format, int? objectDimension, bool dryRun,
    string? sheetName = null, string? columnMapping = null, bool allowShrink = false)
{
    public Guid Id { get; } = id;
    public string FileName { get; } = fileName;
    public string UserName { get; } = userName;
    public string? UserId { get; } = userId;
    public string Path { get; } = path;
    public LedgerFormat? Format { get; } = format;
    public int? ObjectDimension { get; } = objectDimension;
    public bool DryRun { get; } = dryRun;
    public string? SheetName { get; } = sheetName;
    public string? ColumnMapping { get; } = columnMapping;

    /// <summary>The user confirmed that the months may shrink ("Ersätt ändå").</summary>
    public bool AllowShrink { get; } = allowShrink;

    public DateTime CreatedAtUtc { get; } = DateTime.UtcNow;

    /// <summary>The job that re-runs this file with the user's confirmation, once it is given.</summary>
    public Guid? ConfirmedAs { get; set; }

    /// <summary>The file is kept for the confirmation: the import was refused only because months would shrink.</summary>
    public bool AwaitsConfirmation => State == ImportJobState.Done && Result is { NeedsConfirmation: true } && ConfirmedAs is null && File.Exists(Path);

    /// <summary>The same file and choices, confirmed; it runs as the confirming user.</summary>
    public ImportJob Confirmed(string userName, string? userId) =>
        new(Guid.NewGuid(), FileName, userName, userId, Path, Format, ObjectDimension, DryRun, SheetName, ColumnMapping, allowShrink: true);
    public volatile ImportJobState State = ImportJobState.Queued;
    public double Progress;
    public LedgerImportResult? Result;
}

/// <summary>
/// The jobs of this process. A restart forgets running jobs; their transactions roll back, so nothing is half-written, and the
/// marker each leaves in the <see cref="UploadFolder"/> has the next start record it as Avbruten.
/// </summary>
public sealed class ImportJobs(UploadFolder uploads)
{
    private readonly ConcurrentDictionary<Guid, ImportJob> _jobs = new();
    private readonly Channel<ImportJob> _queue = Channel.CreateUnbounded<ImportJob>();

    public ChannelReader<ImportJob> Queue => _queue.Reader;

    /// <summary>How long a refused file waits for its "Ersätt ändå" before it is deleted.</summary>
    public static readonly TimeSpan ConfirmationWindow = TimeSpan.FromHours(1);

    public ImportJob Enqueue(ImportJob job)
    {
        ExpireUnconfirmed();
        uploads.MarkQueued(job);
        _jobs[job.Id] = job;
        _queue.Writer.TryWrite(job);
        return job;
    }

    public ImportJob? Find(Guid id) => _jobs.TryGetValue(id, out var job) ? job : null;

    /// <summary>
    /// Confirms a refused import once: the first confirmation queues the file again with <c>AllowShrink</c>, a second
    /// (a double click, another tab) gets the same job back. Null when the job is unknown, needs no confirmation or its file is gone.
    /// </summary>
    public ImportJob? Confirm(Guid id, string userName, string? userId)
    {
        var job = Find(id);
        if (job is null)
        {
            return null;
        }
        lock (job)
        {
            if (job.ConfirmedAs is { } earlier)
            {
                return Find(earlier);
            }
            if (!job.AwaitsConfirmation)
            {
                return null;
            }
            var confirmed = job.Confirmed(userName, userId);
            job.ConfirmedAs = confirmed.Id;
            return Enqueue(confirmed);
        }
    }

    private void ExpireUnconfirmed()
    {
        foreach (var job in _jobs.Values)
        {
            if (job.AwaitsConfirmation && DateTime.UtcNow - job.CreatedAtUtc > ConfirmationWindow)
            {
                ImportWorker.TryDelete(job.Path);
            }
        }
    }
}

/// <summary>Runs queued imports one at a time (SQLite has one writer), each in its own scope as the uploading user.</summary>
public sealed class ImportWorker(ImportJobs jobs, IServiceScopeFactory scopes, ILogger<ImportWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        DeleteLegacyLeftovers();
        await foreach (var job in jobs.Queue.ReadAllAsync(stoppingToken))
        {
            job.State = ImportJobState.Running;
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                scope.ServiceProvider.GetRequiredService<ScopedActor>().Actor = new FixedAuditActor(job.UserName, job.UserId);
                var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
                var progress = new Progress<double>(p => job.Progress = p);
                job.Result = await mediator.Send(new ImportLedgerFileCommand(job.Path, job.FileName, job.Format, job.ObjectDimension, job.DryRun, Progress: progress,
                    SheetName: job.SheetName, ColumnMapping: job.ColumnMapping, AllowShrink: job.AllowShrink,
                    // The one confirmation ("Ersätt ändå" / "Importera ändå") covers what the refusal showed: shrinking months and identical rows.
                    AllowDuplicates: job.AllowShrink), stoppingToken);
                job.Progress = 1;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Import of {File} failed", job.FileName);
                job.Result = new LedgerImportResult(Domain.Ledger.ImportStatus.Avvisad, null, job.FileName, job.Format?.ToString(), null, 0, 0, 0, 0, 0, [],
                    [new ImportError(0, null, "Importen avbröts av ett oväntat fel. Inget är ändrat. Försök igen, och kontakta systemförvaltaren om felet kvarstår.")],
                    false, "Importen avbröts av ett oväntat fel. Inget är ändrat.");
            }
            finally
            {
                job.State = ImportJobState.Done;
                UploadFolder.Unmark(job);
                // A file refused only because months would shrink waits for "Ersätt ändå" (ImportJobs.ConfirmationWindow).
                if (job.Result is not { NeedsConfirmation: true })
                {
                    TryDelete(job.Path);
                }
                // The import's buffers and caches are garbage now: give them back rather than hold them while the server idles.
                MemoryRelief.AfterHeavyWork();
            }
        }
    }

    /// <summary>
    /// Uploads that versions before issue 23 kept in the machine's temp folder; today's are in the <see cref="UploadFolder"/>,
    /// cleaned at start. Only old ones: another process on the machine may be using its own.
    /// </summary>
    private static void DeleteLegacyLeftovers()
    {
        foreach (var path in Directory.EnumerateFiles(System.IO.Path.GetTempPath(), "granttracker-import-*")
                     .Concat(Directory.EnumerateFiles(System.IO.Path.GetTempPath(), "granttracker-listing-*")))
        {
            if (DateTime.UtcNow - File.GetLastWriteTimeUtc(path) > ImportJobs.ConfirmationWindow)
            {
                TryDelete(path);
            }
        }
    }

    internal static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // A temp file left behind is cleaned by the OS; the import result stands.
        }
    }
}
