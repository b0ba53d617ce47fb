using GrantTracker.Application.Data;
using GrantTracker.Application.Data.Backup;
using GrantTracker.Application.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;

namespace GrantTracker.Application.Tests.Data;

/// <summary>The nightly backups' rules (issue 26) on a set clock: when one is due, its file's name, what is kept, and what /readyz hears.</summary>
public sealed class NightlyBackupsTests : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "granttracker-nightly-tests", Guid.NewGuid().ToString("N"));
    private TestDatabase _db = null!;

    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync(seedAgreements: false);

    public async Task DisposeAsync()
    {
        await _db.DisposeAsync();
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    /// <summary>Swedish time in winter (UTC+1).</summary>
    private static DateTimeOffset Winter(int day, int hour, int minute = 0) => new(2026, 12, day, hour, minute, 0, TimeSpan.FromHours(1));

    private NightlyBackups Backups(ManualClock clock, int keep = 3, string time = "02:00", DatabaseProvider provider = DatabaseProvider.Sqlite) =>
        new(BackupSettings.From(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Backup:Enabled"] = "true",
                ["Backup:TimeOfDay"] = time,
                ["Backup:Directory"] = _dir,
                ["Backup:Keep"] = keep.ToString(System.Globalization.CultureInfo.InvariantCulture),
            }).Build()),
            new DatabaseSettings(provider, _db.ConnectionString), clock);

    [Fact]
    public void The_settings_are_off_by_default_and_refuse_a_time_or_count_that_is_not_one()
    {
        var none = BackupSettings.From(new ConfigurationBuilder().Build());
        Assert.Equal(BackupSettings.Off, none);
        Assert.False(none.Enabled);

        Assert.Throws<InvalidOperationException>(() => BackupSettings.From(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Backup:TimeOfDay"] = "kl 2" }).Build()));
        Assert.Throws<InvalidOperationException>(() => BackupSettings.From(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Backup:Keep"] = "0" }).Build()));
    }

    [Fact]
    public async Task The_first_backup_is_due_at_once_and_the_next_at_the_nights_time_named_by_that_night()
    {
        var clock = new ManualClock(Winter(3, 14));
        var backups = Backups(clock);
        Assert.True(backups.IsDue(clock.GetUtcNow()));
        Assert.Null(backups.Last());

        var first = await backups.RunAsync();

        // At 14:00 on 3 December the latest night is the one that began the 3rd at 02:00.
        Assert.Equal("granttracker-2026-12-03.db", first.File);
        Assert.True(File.Exists(Path.Combine(_dir, first.File)));
        Assert.Equal(first, backups.Last());
        Assert.False(backups.IsDue(clock.GetUtcNow()));
        Assert.Equal(Winter(4, 2), backups.NextSlot(clock.GetUtcNow()));

        clock.Set(Winter(4, 1, 59));
        Assert.False(backups.IsDue(clock.GetUtcNow()));
        clock.Set(Winter(4, 2));
        Assert.True(backups.IsDue(clock.GetUtcNow()));
        Assert.Equal("granttracker-2026-12-04.db", (await backups.RunAsync()).File);
    }

    [Fact]
    public async Task A_start_after_a_missed_night_backs_up_at_once_for_that_night()
    {
        var clock = new ManualClock(Winter(3, 2, 5));
        var backups = Backups(clock);
        await backups.RunAsync();

        // The app was down over the night of the 4th and starts at 01:00 on the 5th, before that night's time.
        clock.Set(Winter(5, 1));
        Assert.True(backups.IsDue(clock.GetUtcNow()));
        Assert.Equal("granttracker-2026-12-04.db", (await backups.RunAsync()).File);
        Assert.False(backups.IsDue(clock.GetUtcNow()));
    }

    [Fact]
    public async Task The_newest_N_are_kept_and_files_of_other_names_are_left_alone()
    {
        var clock = new ManualClock(Winter(1, 3));
        var backups = Backups(clock, keep: 3);
        Directory.CreateDirectory(_dir);
        await File.WriteAllTextAsync(Path.Combine(_dir, "granttracker-manuell.db"), "kept by hand");
        for (var day = 1; day <= 5; day++)
        {
            clock.Set(Winter(day, 3));
            await backups.RunAsync();
        }

        Assert.Equal(["granttracker-2026-12-05.db", "granttracker-2026-12-04.db", "granttracker-2026-12-03.db"], backups.Files());
        Assert.True(File.Exists(Path.Combine(_dir, "granttracker-manuell.db")));
        Assert.True(File.Exists(Path.Combine(_dir, NightlyBackups.MarkerFile)));
        Assert.Equal(new LastBackup("granttracker-2026-12-05.db", Winter(5, 3), new FileInfo(Path.Combine(_dir, "granttracker-2026-12-05.db")).Length),
            backups.Last());
    }

    [Fact]
    public async Task Without_the_marker_file_the_last_backup_is_the_newest_file()
    {
        var clock = new ManualClock(Winter(2, 3));
        var backups = Backups(clock);
        await backups.RunAsync();
        File.Delete(Path.Combine(_dir, NightlyBackups.MarkerFile));

        var last = backups.Last();

        Assert.Equal("granttracker-2026-12-02.db", last?.File);
    }

    [Fact]
    public async Task A_night_more_than_an_hour_late_is_overdue_and_SQL_Server_never_is()
    {
        var clock = new ManualClock(Winter(3, 2, 1));
        var backups = Backups(clock);
        await backups.RunAsync();

        Assert.False(backups.IsOverdue(Winter(4, 2, 59)));
        Assert.True(backups.IsOverdue(Winter(4, 3, 1)));
        Assert.False(Backups(clock, provider: DatabaseProvider.SqlServer).IsOverdue(Winter(9, 3)));
        Assert.False(Backups(clock, provider: DatabaseProvider.SqlServer).Applies);
    }

    [Fact]
    public void The_nights_time_follows_Swedish_summer_time_and_moves_past_the_hour_the_clock_skips()
    {
        var backups = Backups(new ManualClock(Winter(1, 0)), time: "02:30");

        Assert.Equal(new DateTimeOffset(2026, 7, 1, 2, 30, 0, TimeSpan.FromHours(2)), backups.Slot(new DateOnly(2026, 7, 1)));
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 2, 30, 0, TimeSpan.FromHours(1)), backups.Slot(new DateOnly(2026, 12, 1)));
        // 29 March 2026: 02:00 becomes 03:00, so 02:30 never comes; the backup runs at 03:30.
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 3, 30, 0, TimeSpan.FromHours(2)), backups.Slot(new DateOnly(2026, 3, 29)));
    }

    [Fact]
    public async Task A_failed_backup_is_remembered_with_its_reason_until_one_succeeds()
    {
        var clock = new ManualClock(Winter(3, 3));
        // The folder is a file: nothing can be written there.
        Directory.CreateDirectory(Path.GetDirectoryName(_dir)!);
        await File.WriteAllTextAsync(_dir, "not a folder");
        try
        {
            var backups = Backups(clock);
            await Assert.ThrowsAnyAsync<IOException>(() => backups.RunAsync());
            Assert.NotNull(backups.LastFailure);
            Assert.Equal(Winter(3, 3), backups.LastFailure.AtUtc);
        }
        finally
        {
            File.Delete(_dir);
        }
        var working = Backups(clock);
        await working.RunAsync();
        Assert.Null(working.LastFailure);
    }
}
