using GrantTracker.Application.Data;
using GrantTracker.Application.Data.Backup;
using Mediator;

namespace GrantTracker.Application.Features.Backup;

/// <summary>What the Administratör sees of the backups: whether the nightly one is on, the last one, the next, and a failure.</summary>
public sealed record GetBackupStatusQuery : IQuery<BackupStatus>;

/// <param name="Provider">SQL Server has its own backup, which the region's DBA runs; then nothing else applies.</param>
public sealed record BackupStatus(DatabaseProvider Provider, BackupSettings Settings, LastBackup? Last, DateTimeOffset? Next, bool Overdue,
    FailedBackup? Failure, int Kept);

public sealed class GetBackupStatusHandler(NightlyBackups backups, DatabaseSettings database) : IQueryHandler<GetBackupStatusQuery, BackupStatus>
{
    public ValueTask<BackupStatus> Handle(GetBackupStatusQuery query, CancellationToken ct)
    {
        // The backups' clock, the real one (the demo's moved date is for its deadlines, not for files on disk).
        var now = backups.Now;
        var applies = backups.Applies;
        return ValueTask.FromResult(new BackupStatus(database.Provider, backups.Settings, backups.Last(),
            applies ? backups.NextSlot(now) : null, backups.IsOverdue(now), backups.LastFailure, backups.Files().Count));
    }
}
