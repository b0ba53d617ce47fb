using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using GrantTracker.Domain.Common;
using Microsoft.Extensions.Configuration;

namespace GrantTracker.Application.Data.Backup;

/// <summary>
/// The <c>Backup</c> section: whether the web app takes a nightly backup of its SQLite database (<c>Enabled</c>, off by default),
/// at what time of day in Swedish time (<c>TimeOfDay</c>, HH:mm, default 02:00), into which folder (<c>Directory</c>, default
/// data/backups; put it on other storage than the database) and how many of the newest to keep (<c>Keep</c>, default 14).
/// </summary>
public sealed record BackupSettings(bool Enabled, TimeOnly TimeOfDay, string Directory, int Keep)
{
    public static readonly BackupSettings Off = new(false, new TimeOnly(2, 0), Path.Combine("data", "backups"), 14);

    public static BackupSettings From(IConfiguration configuration)
    {
        var section = configuration.GetSection("Backup");
        var enabled = bool.TryParse(section["Enabled"], out var on) && on;
        var time = Off.TimeOfDay;
        if (section["TimeOfDay"] is { Length: > 0 } text && !TimeOnly.TryParseExact(text.Trim(), "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out time))
        {
            throw new InvalidOperationException($"Backup:TimeOfDay '{text}' is not a time of day (HH:mm, Swedish time), for example 02:00.");
        }
        var keep = Off.Keep;
        if (section["Keep"] is { Length: > 0 } count && (!int.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out keep) || keep < 1))
        {
            throw new InvalidOperationException($"Backup:Keep '{count}' should be a whole number of backups to keep, at least 1.");
        }
        var directory = section["Directory"] is { Length: > 0 } folder ? folder : Off.Directory;
        return new BackupSettings(enabled, time, directory, keep);
    }
}

/// <summary>The newest nightly backup: its file, when it was done and its size.</summary>
public sealed record LastBackup(string File, DateTimeOffset CompletedUtc, long Bytes);

/// <summary>A nightly backup that failed: when, and why (for the log, the Administratör and /readyz).</summary>
public sealed record FailedBackup(DateTimeOffset AtUtc, string Reason);

/// <summary>
/// The nightly backups' rules, apart from the hosted service that waits for them, so that a test sets the clock instead of waiting:
/// when the next one is due, what its file is called (<c>granttracker-yyyy-MM-dd.db</c>, the Swedish date of the night it is for: a
/// second run for the same night replaces it), which old ones go, and when the last one was taken (a small
/// <see cref="MarkerFile"/> beside them, so no table and no migration).
/// </summary>
public sealed partial class NightlyBackups(BackupSettings settings, DatabaseSettings database, TimeProvider clock)
{
    public const string MarkerFile = "last-backup.json";

    /// <summary>Past the night's time by this much without a backup, /readyz says Degraded.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromHours(1);

    /// <summary>After a failed backup the service tries again after this long, not only the next night.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromMinutes(15);

    private readonly SemaphoreSlim _one = new(1, 1);

    public BackupSettings Settings => settings;

    /// <summary>The backups' own clock: the real one in the app, a test's in a test.</summary>
    public DateTimeOffset Now => clock.GetUtcNow();

    public string Folder => Path.GetFullPath(settings.Directory);

    public FailedBackup? LastFailure { get; private set; }

    public static string FileName(DateOnly night) => $"granttracker-{night:yyyy-MM-dd}.db";

    [GeneratedRegex(@"^granttracker-\d{4}-\d{2}-\d{2}\.db$")]
    private static partial Regex BackupName();

    /// <summary>The night's time on <paramref name="day"/> in Swedish time, as an instant; an hour later when the clock skips it (spring).</summary>
    public DateTimeOffset Slot(DateOnly day)
    {
        var local = day.ToDateTime(settings.TimeOfDay);
        if (SwedishFormat.Zone.IsInvalidTime(local))
        {
            local = local.AddHours(1);
        }
        return new DateTimeOffset(local, SwedishFormat.Zone.GetUtcOffset(local));
    }

    /// <summary>The latest night's time at or before <paramref name="now"/>.</summary>
    public DateTimeOffset LastSlot(DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, SwedishFormat.Zone).DateTime);
        var slot = Slot(today);
        return slot <= now ? slot : Slot(today.AddDays(-1));
    }

    /// <summary>The first night's time after <paramref name="now"/>.</summary>
    public DateTimeOffset NextSlot(DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, SwedishFormat.Zone).DateTime);
        var slot = Slot(today);
        return slot > now ? slot : Slot(today.AddDays(1));
    }

    /// <summary>Due when no backup was completed since the latest night's time: also at a start after a night the app was down.</summary>
    public bool IsDue(DateTimeOffset now) => Last() is not { } last || last.CompletedUtc < LastSlot(now);

    /// <summary>On with SQLite and the night's backup more than <see cref="Grace"/> late: the monitoring should hear of it.</summary>
    public bool IsOverdue(DateTimeOffset now) => Applies && IsDue(now - Grace);

    /// <summary>Nightly backups are taken here: switched on, on SQLite (SQL Server has its own backup).</summary>
    public bool Applies => settings.Enabled && database.Provider == DatabaseProvider.Sqlite;

    /// <summary>Takes the backup for the latest night (now, whatever the time), records it and removes the oldest beyond <c>Keep</c>.</summary>
    public async Task<LastBackup> RunAsync(CancellationToken ct = default)
    {
        await _one.WaitAsync(ct);
        try
        {
            var now = clock.GetUtcNow();
            var night = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(LastSlot(now), SwedishFormat.Zone).DateTime);
            try
            {
                Directory.CreateDirectory(Folder);
                var taken = await SqliteBackup.BackupAsync(database.ConnectionString, Path.Combine(Folder, FileName(night)), ct);
                var last = new LastBackup(Path.GetFileName(taken.File), clock.GetUtcNow(), taken.Bytes);
                await WriteMarkerAsync(last, ct);
                LastFailure = null;
                Prune();
                return last;
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                LastFailure = new FailedBackup(clock.GetUtcNow(), e.GetBaseException().Message);
                throw;
            }
        }
        finally
        {
            _one.Release();
        }
    }

    /// <summary>The backups in the folder, newest first (by name: the date in it).</summary>
    public IReadOnlyList<string> Files() =>
        Directory.Exists(Folder)
            ? Directory.EnumerateFiles(Folder).Select(Path.GetFileName).OfType<string>().Where(n => BackupName().IsMatch(n))
                .OrderDescending(StringComparer.Ordinal).ToList()
            : [];

    /// <summary>Deletes the backups beyond the newest <c>Keep</c>; files of any other name in the folder are left alone.</summary>
    public IReadOnlyList<string> Prune()
    {
        var old = Files().Skip(settings.Keep).ToList();
        foreach (var name in old)
        {
            File.Delete(Path.Combine(Folder, name));
        }
        return old;
    }

    /// <summary>The last backup from the marker file; without one, the newest backup file and its time on disk.</summary>
    public LastBackup? Last()
    {
        var marker = Path.Combine(Folder, MarkerFile);
        if (File.Exists(marker))
        {
            try
            {
                if (JsonSerializer.Deserialize<LastBackup>(File.ReadAllText(marker), MarkerJson) is { } last)
                {
                    return last;
                }
            }
            catch (JsonException)
            {
                // A marker someone edited: fall back on the files themselves.
            }
        }
        return Files() is [var newest, ..] && new FileInfo(Path.Combine(Folder, newest)) is var file
            ? new LastBackup(newest, new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero), file.Length)
            : null;
    }

    private static readonly JsonSerializerOptions MarkerJson = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private async Task WriteMarkerAsync(LastBackup last, CancellationToken ct)
    {
        var marker = Path.Combine(Folder, MarkerFile);
        var temporary = marker + ".tmp";
        await File.WriteAllTextAsync(temporary, JsonSerializer.Serialize(last, MarkerJson), ct);
        File.Move(temporary, marker, overwrite: true);
    }
}
