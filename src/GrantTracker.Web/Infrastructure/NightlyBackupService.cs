using GrantTracker.Application.Data.Backup;

namespace GrantTracker.Web.Infrastructure;

/// <summary>
/// Takes the nightly backup (<see cref="NightlyBackups"/>, issue 26) when <c>Backup:Enabled</c> is on and the database is SQLite: at
/// start when a night was missed (the app was down at the time), then at <c>Backup:TimeOfDay</c> every night. A failed backup is
/// logged, shown to the Administratör and on /readyz, and tried again after <see cref="NightlyBackups.RetryAfter"/>.
/// The rules are in <see cref="NightlyBackups"/>, tested on a set clock; this only waits.
/// </summary>
public sealed class NightlyBackupService(NightlyBackups backups, ILogger<NightlyBackupService> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!backups.Settings.Enabled)
        {
            log.LogInformation("Nightly backups are off (Backup:Enabled).");
            return;
        }
        if (!backups.Applies)
        {
            log.LogWarning("Backup:Enabled is on, but the database is SQL Server: back it up with SQL Server's own BACKUP DATABASE (docs/architecture.md).");
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = TimeSpan.Zero;
            if (backups.IsDue(backups.Now))
            {
                try
                {
                    var last = await backups.RunAsync(stoppingToken);
                    log.LogInformation("Nightly backup written to {File} ({Bytes} bytes).", last.File, last.Bytes);
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    log.LogError(e, "The nightly backup failed; trying again in {Retry}.", NightlyBackups.RetryAfter);
                    wait = NightlyBackups.RetryAfter;
                }
            }
            var untilNight = backups.NextSlot(backups.Now) - backups.Now;
            wait = wait == TimeSpan.Zero || untilNight < wait ? untilNight : wait;
            await Task.Delay(wait < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : wait, stoppingToken);
        }
    }
}
