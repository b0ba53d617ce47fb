using System.Collections.Concurrent;
using System.Threading.Channels;
using GrantTracker.Application.Auditing;
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
    string? sheetName = null, string? columnMapping = null)
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
    public volatile ImportJobState State = ImportJobState.Queued;
    public double Progress;
    public LedgerImportResult? Result;
}

/// <summary>The jobs of this process. A restart forgets running jobs; their transactions roll back, so nothing is half-written.</summary>
public sealed class ImportJobs
{
    private readonly ConcurrentDictionary<Guid, ImportJob> _jobs = new();
    private readonly Channel<ImportJob> _queue = Channel.CreateUnbounded<ImportJob>();

    public ChannelReader<ImportJob> Queue => _queue.Reader;

    public ImportJob Enqueue(ImportJob job)
    {
        _jobs[job.Id] = job;
        _queue.Writer.TryWrite(job);
        return job;
    }

    public ImportJob? Find(Guid id) => _jobs.TryGetValue(id, out var job) ? job : null;
}

/// <summary>Who the current scope acts for when there is no HTTP request: the user who uploaded the file.</summary>
public sealed class ScopedActor
{
    public IAuditActor? Actor { get; set; }
}

/// <summary>Runs queued imports one at a time (SQLite has one writer), each in its own scope as the uploading user.</summary>
public sealed class ImportWorker(ImportJobs jobs, IServiceScopeFactory scopes, ILogger<ImportWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var job in jobs.Queue.ReadAllAsync(stoppingToken))
        {
            job.State = ImportJobState.Running;
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                scope.ServiceProvider.GetRequiredService<ScopedActor>().Actor = new FixedAuditActor(job.UserName, job.UserId);
                var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
                var progress = new Progress<double>(p => job.Progress = p);
                job.Result = await mediator.Send(new ImportLedgerFileCommand(job.Path, job.FileName, job.Format, job.ObjectDimension, job.DryRun, Progress: progress, SheetName: job.SheetName, ColumnMapping: job.ColumnMapping), stoppingToken);
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
                TryDelete(job.Path);
            }
        }
    }

    private static void TryDelete(string path)
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
