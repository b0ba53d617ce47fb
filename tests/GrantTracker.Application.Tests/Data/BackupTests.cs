using System.Security.Cryptography;
using System.Text;
using GrantTracker.Application.Data.Backup;
using GrantTracker.Application.Features.Deadlines;
using GrantTracker.Application.Features.Ledger;
using GrantTracker.Application.Features.Reconciliation;
using GrantTracker.Application.Tests.Infrastructure;
using GrantTracker.Domain.Agreements;
using GrantTracker.Domain.Common;
using GrantTracker.Domain.Ledger;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Tests.Data;

/// <summary>
/// Backup and restore (issue 26, ADR 26): a backup is the database as of a commit even while an import or a month close writes;
/// a restore brings back everything a user saw, attachments included; a file that fails its checks is refused and the database
/// is left as it was.
/// </summary>
public sealed class BackupTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "granttracker-backup-tests", Guid.NewGuid().ToString("N"))).FullName;
    private TestDatabase _db = null!;
    private readonly List<TestDatabase> _opened = [];

    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync();

    public async Task DisposeAsync()
    {
        foreach (var opened in _opened)
        {
            await opened.DisposeAsync();
        }
        await _db.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private string File(string name) => Path.Combine(_dir, name);

    private string Sie(string name, IEnumerable<string> vouchers)
    {
        var text = new StringBuilder("#FLAGGA 0\n#FORMAT PC8\n#SIETYP 4\n#PROGRAM \"Test\" 1\n#RAR 0 20230101 20231231\n#DIM 20 \"Objekt\"\n");
        foreach (var v in vouchers)
        {
            text.Append(v).Append('\n');
        }
        var path = File(name);
        System.IO.File.WriteAllText(path, text.ToString(), new UTF8Encoding(false));
        return path;
    }

    /// <summary>A voucher of one cost on 9916 (line 2.1, no exception) and its counter entry.</summary>
    private static string Ver(int number, string date, decimal amount) =>
        $"#VER \"A\" \"{number}\" {date} \"Test\"\n{{\n#TRANS 5010 {{20 \"9916\"}} {amount.ToString(System.Globalization.CultureInfo.InvariantCulture)}\n#TRANS 2440 {{}} -{amount.ToString(System.Globalization.CultureInfo.InvariantCulture)}\n}}";

    private static async Task ImportAsync(TestDatabase db, string path)
    {
        var result = await db.SendAsync(new ImportLedgerFileCommand(path, Path.GetFileName(path)));
        Assert.True(result.Succeeded, result.Message + string.Join("; ", result.Errors.Select(e => e.ToString())));
    }

    /// <summary>What the reconciliation page shows for 2023 through December: every line's booked amount, the totals and the close.</summary>
    private static async Task<string> FiguresAsync(TestDatabase db, string month = "2023-12")
    {
        var r = (await db.SendAsync(new ReconcileQuery("gnv2023", YearMonth.Parse(month))))!;
        return string.Join("; ", r.Lines.Select(l => $"{l.Code} {Money.Format(l.Figures.BookedToDate)} ({l.Rows} rader)")) +
            $" | bokfört {Money.Format(r.Totals.Booked)}, kvar {Money.Format(r.Totals.Remaining)} | stängd {r.Close.Closed}";
    }

    private static async Task<long> LedgerRowsAsync(string file)
    {
        await using var connection = new SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM LedgerEntries";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>The restored file as the web app after a restart sees it: a new container, nothing cached.</summary>
    private async Task<TestDatabase> OpenRestoredAsync(string path)
    {
        var opened = await TestDatabase.OpenAsync(path);
        _opened.Add(opened);
        return opened;
    }

    private static void Succeeds(Result result) => Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(e => e.Message)));

    private static string Sha256(string file)
    {
        SqliteConnection.ClearAllPools();
        return Convert.ToHexString(SHA256.HashData(System.IO.File.ReadAllBytes(file)));
    }

    [Fact]
    public async Task A_backup_is_one_self_contained_file_that_passes_the_integrity_check()
    {
        var taken = await SqliteBackup.BackupAsync(_db.ConnectionString, File("kopia.db"));

        Assert.Equal(File("kopia.db"), taken.File);
        Assert.True(taken.Bytes > 0);
        Assert.False(System.IO.File.Exists(File("kopia.db-wal")));
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp"));
        await using var connection = new SqliteConnection($"Data Source={File("kopia.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("delete", await command.ExecuteScalarAsync());
        command.CommandText = "PRAGMA integrity_check";
        Assert.Equal("ok", await command.ExecuteScalarAsync());
        command.CommandText = "SELECT COUNT(*) FROM Agreements";
        Assert.Equal(await _db.WithContextAsync(db => db.Agreements.CountAsync()), (long)(await command.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task Backups_taken_while_a_large_import_runs_hold_the_ledger_before_or_after_it_and_restore_with_those_figures()
    {
        await ImportAsync(_db, Sie("januari.se", [Ver(1, "20230110", 1_000m)]));
        var before = await FiguresAsync(_db);
        var rowsBefore = await LedgerRowsAsync(_db.Path);
        // The year to date (January again, as a year-to-date export has it) and 120 000 vouchers more in February to December:
        // long enough to back up while it is written.
        var big = Sie("resten.se", Enumerable.Range(0, 120_000).Select(i => Ver(100 + i, $"2023{2 + i % 11:00}{1 + i % 28:00}", 1 + i % 97))
            .Prepend(Ver(1, "20230110", 1_000m)));

        var import = Task.Run(() => ImportAsync(_db, big));
        var backups = new List<(string File, bool StartedBeforeTheImportEnded)>();
        do
        {
            var file = File($"under-import-{backups.Count}.db");
            var startedDuring = !import.IsCompleted;
            await SqliteBackup.BackupAsync(_db.ConnectionString, file);
            backups.Add((file, startedDuring));
        }
        while (!import.IsCompleted && backups.Count < 200);
        await import;
        var after = await FiguresAsync(_db);
        var rowsAfter = await LedgerRowsAsync(_db.Path);
        Assert.Equal(rowsBefore + 120_000, rowsAfter); // one kept row per voucher: its cost on 9916
        Assert.Contains(backups, b => b.StartedBeforeTheImportEnded);

        foreach (var (file, _) in backups)
        {
            // Never half an import: the rows of before it or of after it, and the month totals equal to them.
            Assert.Contains(await LedgerRowsAsync(file), new[] { rowsBefore, rowsAfter });
            Succeeds(await SqliteBackup.CheckAsync(file));
        }

        // The last backup begun during the import, restored over the database that has the whole import.
        var (chosen, _) = backups.Last(b => b.StartedBeforeTheImportEnded);
        var chosenRows = await LedgerRowsAsync(chosen);
        Succeeds(await SqliteBackup.RestoreAsync(chosen, _db.ConnectionString, _db.Clock));

        var restored = await OpenRestoredAsync(_db.Path);
        Assert.Empty(await restored.SendAsync(new VerifyLedgerTotalsQuery()));
        Assert.Equal(chosenRows, await LedgerRowsAsync(_db.Path));
        Assert.Equal(chosenRows == rowsBefore ? before : after, await FiguresAsync(restored));
    }

    [Fact]
    public async Task Backups_taken_while_a_month_closes_hold_it_open_or_closed_with_its_audit_entry_and_restore_with_those_figures()
    {
        await ImportAsync(_db, Sie("januari.se", Enumerable.Range(1, 2_000).Select(i => Ver(i, $"202301{1 + i % 28:00}", i))));
        Succeeds(await _db.SendAsync(new ConfirmMonthTotalsCommand("gnv2023", YearMonth.Parse("2023-01"))));
        var open = await FiguresAsync(_db, "2023-01");

        using var stop = new CancellationTokenSource();
        var backups = new List<string>();
        var backingUp = Task.Run(async () =>
        {
            do
            {
                var file = File($"under-stangning-{backups.Count}.db");
                await SqliteBackup.BackupAsync(_db.ConnectionString, file);
                backups.Add(file);
            }
            while (!stop.IsCancellationRequested || backups.Count < 2);
        });
        Succeeds(await _db.SendAsync(new CloseMonthCommand("gnv2023", YearMonth.Parse("2023-01"))));
        var closed = await FiguresAsync(_db, "2023-01");
        await stop.CancelAsync();
        await backingUp;
        Assert.NotEqual(open, closed);

        foreach (var file in backups)
        {
            var copy = await OpenRestoredAsync(Path.Combine(_dir, "kontroll-" + Path.GetFileName(file)));
            Succeeds(await SqliteBackup.RestoreAsync(file, copy.ConnectionString, _db.Clock));
            var (months, audited) = await copy.WithContextAsync(async db =>
                (await db.ClosedMonths.CountAsync(), await db.AuditEntries.CountAsync(a => a.EntityType == nameof(ClosedMonth))));
            // The close and its audit entry are one commit: a backup has both or neither.
            Assert.Equal(months, audited);
            Assert.Equal(months == 0 ? open : closed, await FiguresAsync(copy, "2023-01"));
            Assert.Empty(await copy.SendAsync(new VerifyLedgerTotalsQuery()));
        }
    }

    [Fact]
    public async Task A_restore_brings_back_the_file_of_a_report_sent()
    {
        var pdf = Encoding.ASCII.GetBytes("%PDF-1.7\nSlutredovisning God och nära vård 2023\n%%EOF");
        var obligation = await _db.WithContextAsync(db => db.ReportingObligations
            .Where(o => o.Agreement.Code == "gnv2023" && o.Kind == ObligationKind.Slutredovisning).Select(o => o.Id).SingleAsync());
        Succeeds(await _db.SendAsync(new MarkObligationSentCommand(obligation, new DateOnly(2023, 6, 1), new SentFile("Slutredovisning 2023.pdf", "application/pdf", pdf))));
        var fileId = await _db.WithContextAsync(db => db.ObligationFiles.Select(f => f.Id).SingleAsync());
        await SqliteBackup.BackupAsync(_db.ConnectionString, File("med-bilaga.db"));

        // A new server: the database exists only as the backup.
        var restoredPath = Path.Combine(_dir, "ny-server", "granttracker.db");
        Succeeds(await SqliteBackup.RestoreAsync(File("med-bilaga.db"), $"Data Source={restoredPath}", _db.Clock));
        var restored = await OpenRestoredAsync(restoredPath);

        var kept = await restored.SendAsync(new GetObligationFileQuery(fileId));
        Assert.NotNull(kept);
        Assert.Equal("Slutredovisning 2023.pdf", kept.FileName);
        Assert.Equal(pdf, kept.Content);
    }

    [Fact]
    public async Task A_restore_replaces_later_changes_and_keeps_the_database_as_it_was_beside_it()
    {
        await ImportAsync(_db, Sie("januari.se", [Ver(1, "20230110", 1_000m)]));
        var atBackup = await FiguresAsync(_db);
        await SqliteBackup.BackupAsync(_db.ConnectionString, File("natt.db"));
        await ImportAsync(_db, Sie("februari.se", [Ver(1, "20230110", 1_000m), Ver(2, "20230210", 2_500m)]));
        var later = await FiguresAsync(_db);
        Assert.NotEqual(atBackup, later);

        var result = await SqliteBackup.RestoreAsync(File("natt.db"), _db.ConnectionString, _db.Clock);

        Succeeds(result);
        Assert.Equal(atBackup, await FiguresAsync(await OpenRestoredAsync(_db.Path)));
        var safety = Assert.IsType<string>(result.Value.SafetyCopy);
        Assert.Matches(@"-fore-aterstallning-20230615-\d{6}\.db$", safety);
        var beforeRestore = await OpenRestoredAsync(Path.Combine(_dir, "fore.db"));
        Succeeds(await SqliteBackup.RestoreAsync(safety, beforeRestore.ConnectionString, _db.Clock));
        Assert.Equal(later, await FiguresAsync(beforeRestore));
    }

    public static TheoryData<string, string> Broken => new()
    {
        { "avkortad", "går inte att läsa som databas|är skadad" },
        { "förvanskad", "går inte att läsa som databas|är skadad" },
        { "text", "är ingen SQLite-databas" },
        { "tom", "är ingen SQLite-databas" },
        { "saknas", "finns inte" },
        { "fel summor", "skiljer sig månadssummorna från huvudboksraderna i 1 grupper" },
        { "annan databas", "är ingen GrantTracker-databas" },
    };

    [Theory]
    [MemberData(nameof(Broken))]
    public async Task A_file_that_fails_its_checks_is_refused_in_Swedish_and_the_database_is_left_untouched(string kind, string message)
    {
        await ImportAsync(_db, Sie("januari.se", [Ver(1, "20230110", 1_000m), Ver(2, "20230111", 250m)]));
        var file = File("trasig.db");
        await SqliteBackup.BackupAsync(_db.ConnectionString, file);
        var bytes = await System.IO.File.ReadAllBytesAsync(file);
        switch (kind)
        {
            case "avkortad":
                await System.IO.File.WriteAllBytesAsync(file, bytes[..(bytes.Length / 3)]);
                break;
            case "förvanskad":
                // The header stays; every page after the first is garbage.
                Array.Fill(bytes, (byte)0xA5, 4096, bytes.Length - 4096);
                await System.IO.File.WriteAllBytesAsync(file, bytes);
                break;
            case "text":
                await System.IO.File.WriteAllTextAsync(file, "Det här är ingen databas.");
                break;
            case "tom":
                await System.IO.File.WriteAllBytesAsync(file, []);
                break;
            case "saknas":
                System.IO.File.Delete(file);
                break;
            case "fel summor":
                await ExecuteAsync(file, "UPDATE LedgerMonthTotals SET Amount = Amount + 1 WHERE CostObject = '9916'");
                break;
            case "annan databas":
                System.IO.File.Delete(file);
                await ExecuteAsync(file, "CREATE TABLE Anteckningar (Text TEXT)");
                break;
        }
        var figures = await FiguresAsync(_db);
        var hash = Sha256(_db.Path);

        var result = await SqliteBackup.RestoreAsync(file, _db.ConnectionString, _db.Clock);

        Assert.False(result.Succeeded);
        Assert.Matches(message, Assert.Single(result.Errors).Message);
        Assert.Equal(hash, Sha256(_db.Path));
        Assert.Equal(figures, await FiguresAsync(await OpenRestoredAsync(_db.Path)));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(_db.Path)!, $".{Path.GetFileName(_db.Path)}.*"));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(_db.Path)!, $"{Path.GetFileNameWithoutExtension(_db.Path)}-fore-aterstallning-*"));
    }

    private static async Task ExecuteAsync(string file, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
