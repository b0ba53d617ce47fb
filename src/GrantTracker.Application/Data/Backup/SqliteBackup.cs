using System.Diagnostics;
using GrantTracker.Application.Auditing;
using GrantTracker.Application.Features.Ledger;
using GrantTracker.Domain.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Data.Backup;

/// <summary>
/// Backup and restore of the SQLite database (ADR 26). A backup goes through SQLite's online backup API: one read transaction
/// copies every page, so the copy is the database as of its last commit even while the web app imports or closes a month
/// (the database is in WAL mode, where that reader neither waits for nor blocks a writer). A file copy of a database being
/// written can tear. Attachments are byte[] columns, so the one file holds everything a user saw. A restore checks a file
/// completely (integrity, the migrations, the month totals against the ledger) on a working copy before it touches the
/// database, and then writes it in through the same API, in one write transaction: it either commits whole or leaves the
/// database as it was. SQL Server has its own BACKUP DATABASE, which this does not reimplement.
/// </summary>
public static class SqliteBackup
{
    /// <summary>How long the backup waits for a lock (a checkpoint or a restore in another process) before it gives up.</summary>
    public static readonly TimeSpan BusyWait = TimeSpan.FromMinutes(2);

    private static ReadOnlySpan<byte> Header => "SQLite format 3\0"u8;

    public sealed record BackupTaken(string File, long Bytes, TimeSpan Took);

    /// <summary>
    /// Copies the database at <paramref name="connectionString"/> to <paramref name="outFile"/>: written to a temporary file beside
    /// it, switched out of WAL into one self-contained file, checked with <c>PRAGMA integrity_check</c>, and only then moved into
    /// place (a rename in one folder, so <paramref name="outFile"/> is never half written). An existing file is replaced.
    /// </summary>
    public static async Task<BackupTaken> BackupAsync(string connectionString, string outFile, CancellationToken ct = default)
    {
        var started = Stopwatch.GetTimestamp();
        var target = Path.GetFullPath(outFile);
        var source = DatabaseFile(connectionString);
        if (string.Equals(source, target, StringComparison.Ordinal))
        {
            throw new InvalidOperationException("Säkerhetskopian kan inte skrivas över själva databasen. Ange en annan fil med --out.");
        }
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var temporary = TemporaryBeside(target);
        try
        {
            await Task.Run(() =>
            {
                using var from = Open(source, SqliteOpenMode.ReadWrite);
                using var to = Open(temporary, SqliteOpenMode.ReadWriteCreate);
                from.BackupDatabase(to);
                // The copy stands alone: no -wal or -shm beside it that a later copy of the file could leave behind.
                Scalar(to, "PRAGMA journal_mode = DELETE");
                var problems = IntegrityProblems(to);
                if (problems.Count > 0)
                {
                    throw new InvalidOperationException("Säkerhetskopian klarade inte PRAGMA integrity_check: " + string.Join("; ", problems));
                }
            }, ct);
            ct.ThrowIfCancellationRequested();
            File.Move(temporary, target, overwrite: true);
        }
        finally
        {
            DeleteWithSidecars(temporary);
        }
        return new BackupTaken(target, new FileInfo(target).Length, Stopwatch.GetElapsedTime(started));
    }

    /// <summary>
    /// Checks <paramref name="file"/> as a restore would, without touching any database: on a working copy, which is migrated
    /// when the file is from an older version of GrantTracker. Every problem is a Swedish sentence.
    /// </summary>
    public static async Task<Result> CheckAsync(string file, CancellationToken ct = default)
    {
        var working = TemporaryBeside(Path.Combine(Path.GetTempPath(), "granttracker-check.db"));
        try
        {
            return await PrepareAsync(file, working, ct);
        }
        finally
        {
            DeleteWithSidecars(working);
        }
    }

    public sealed record Restored(string Database, string? SafetyCopy, string? SafetyCopyProblem, IReadOnlyList<string> MigrationsApplied);

    /// <summary>
    /// Replaces the database at <paramref name="connectionString"/> with <paramref name="file"/>, after the checks of
    /// <see cref="CheckAsync"/>. A refused file leaves the database untouched. Before anything is replaced the current database
    /// is saved beside itself (<c>…-fore-aterstallning-yyyyMMdd-HHmmss.db</c>), so a restore can itself be undone.
    /// The web app must be stopped first: it keeps figures and sign-ins in memory that would no longer match the database.
    /// </summary>
    public static async Task<Result<Restored>> RestoreAsync(string file, string connectionString, TimeProvider clock, CancellationToken ct = default)
    {
        var database = DatabaseFile(connectionString);
        if (string.Equals(Path.GetFullPath(file), database, StringComparison.Ordinal))
        {
            return Result.Fail<Restored>("file", "Filen är själva databasen. Ange en säkerhetskopia.");
        }
        Directory.CreateDirectory(Path.GetDirectoryName(database)!);
        // Beside the database: the final move of a new database is then a rename within one folder.
        var working = TemporaryBeside(database);
        try
        {
            var prepared = await PrepareAsync(file, working, ct);
            if (!prepared.Succeeded)
            {
                return Result.Fail<Restored>(prepared.Errors);
            }
            var migrations = prepared is Result<IReadOnlyList<string>> applied ? applied.Value : [];
            ct.ThrowIfCancellationRequested();
            if (!File.Exists(database))
            {
                File.Move(working, database);
                return Result.Ok(new Restored(database, null, null, migrations));
            }
            var stamp = TimeZoneInfo.ConvertTime(clock.GetUtcNow(), SwedishFormat.Zone).ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture);
            var folder = Path.GetDirectoryName(database)!;
            var stem = Path.GetFileNameWithoutExtension(database);
            string? safety = Path.Combine(folder, $"{stem}-fore-aterstallning-{stamp}.db");
            string? safetyProblem = null;
            try
            {
                await BackupAsync(connectionString, safety, ct);
            }
            catch (Exception e) when (e is SqliteException or InvalidOperationException)
            {
                // A restore is what one does to a broken database: that it cannot be copied must not stop it.
                safetyProblem = e.Message;
                safety = null;
            }
            try
            {
                await Task.Run(() =>
                {
                    using var from = Open(working, SqliteOpenMode.ReadWrite);
                    using var to = Open(database, SqliteOpenMode.ReadWrite);
                    // One write transaction on the database: it commits whole, or a failure rolls it back and leaves the database as it was.
                    from.BackupDatabase(to);
                    // Fold the restored pages from the WAL into the file itself.
                    Scalar(to, "PRAGMA wal_checkpoint(TRUNCATE)");
                }, CancellationToken.None);
            }
            catch (SqliteException e) when (e.SqliteErrorCode is SQLitePCL.raw.SQLITE_CORRUPT or SQLitePCL.raw.SQLITE_NOTADB)
            {
                // The database file itself is unreadable, so nothing can be written into it: it is set aside whole, with its
                // WAL, and the checked copy takes its place (a rename within one folder).
                var broken = Path.Combine(folder, $"{stem}-skadad-{stamp}.db");
                foreach (var sidecar in new[] { "", "-wal", "-shm", "-journal" })
                {
                    if (File.Exists(database + sidecar))
                    {
                        File.Move(database + sidecar, broken + sidecar);
                    }
                }
                File.Move(working, database);
                safety ??= broken;
            }
            return Result.Ok(new Restored(database, safety, safetyProblem, migrations));
        }
        finally
        {
            DeleteWithSidecars(working);
        }
    }

    /// <summary>
    /// Copies <paramref name="file"/> to <paramref name="working"/> and checks it: an SQLite file, <c>PRAGMA integrity_check</c>
    /// and <c>foreign_key_check</c>, a GrantTracker database of this version or an older one (then migrated), and the month totals
    /// equal to the ledger's rows (<c>granttracker verify</c>). Succeeds with the migrations it applied.
    /// </summary>
    private static async Task<Result> PrepareAsync(string file, string working, CancellationToken ct)
    {
        var name = Path.GetFileName(file);
        if (!File.Exists(file))
        {
            return Result.Fail("file", $"Filen {file} finns inte. Ange sökvägen till en säkerhetskopia från granttracker backup.");
        }
        if (!await HasSqliteHeaderAsync(file, ct))
        {
            return Result.Fail("file", $"{name} är ingen SQLite-databas (filen är tom, avkortad eller av en annan sort). Välj en annan säkerhetskopia.");
        }
        // The file itself is only read: the checks (and a migration) run on a copy, which is what gets restored.
        await using (var input = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read))
        await using (var output = new FileStream(working, FileMode.CreateNew, FileAccess.Write))
        {
            await input.CopyToAsync(output, ct);
        }
        var errors = new ErrorList();
        try
        {
            using var connection = Open(working, SqliteOpenMode.ReadWrite);
            var integrity = IntegrityProblems(connection);
            if (integrity.Count > 0)
            {
                return Result.Fail("file", $"{name} är skadad och återställs inte. PRAGMA integrity_check svarar: {string.Join("; ", integrity.Take(5))}" +
                    (integrity.Count > 5 ? $" (och {integrity.Count - 5} fel till)" : "") + ". Välj en äldre säkerhetskopia.");
            }
            var orphans = Count(connection, "SELECT COUNT(*) FROM pragma_foreign_key_check");
            if (orphans > 0)
            {
                errors.Add("file", $"{name} har {orphans} rader som pekar på rader som saknas (PRAGMA foreign_key_check) och återställs inte. Välj en äldre säkerhetskopia.");
            }
            if (Count(connection, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '__EFMigrationsHistory'") == 0)
            {
                return Result.Fail("file", $"{name} är ingen GrantTracker-databas (den saknar tabellen __EFMigrationsHistory). Välj en säkerhetskopia från granttracker backup.");
            }
        }
        catch (SqliteException e)
        {
            return Result.Fail("file", $"{name} går inte att läsa som databas ({e.Message}). Filen är troligen skadad eller avkortad: välj en annan säkerhetskopia.");
        }
        if (errors.Any)
        {
            return errors.ToResult();
        }

        await using var db = Context(working);
        var known = db.Database.GetMigrations().ToHashSet(StringComparer.Ordinal);
        var applied = (await db.Database.GetAppliedMigrationsAsync(ct)).ToList();
        var unknown = applied.Where(m => !known.Contains(m)).ToList();
        if (unknown.Count > 0)
        {
            return Result.Fail("file", $"{name} kommer från en annan version av GrantTracker (migreringen {unknown[0]} är okänd för den här versionen). " +
                "Återställ den med den version av GrantTracker som tog kopian.");
        }
        var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
        if (pending.Count > 0)
        {
            await db.Database.MigrateAsync(ct);
        }
        var differences = await LedgerTotals.VerifyAsync(db, ct);
        if (differences.Count > 0)
        {
            return Result.Fail("file", $"I {name} skiljer sig månadssummorna från huvudboksraderna i {differences.Count} grupper (granttracker verify), " +
                "så filen återställs inte. Välj en annan säkerhetskopia.");
        }
        return Result.Ok<IReadOnlyList<string>>(pending);
    }

    /// <summary>The SQLite file a connection string names, as a full path; refuses an in-memory or URI database.</summary>
    public static string DatabaseFile(string connectionString)
    {
        var file = new SqliteConnectionStringBuilder(connectionString).DataSource;
        if (string.IsNullOrEmpty(file) || file == ":memory:" || file.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"Databasen '{file}' är ingen fil. Säkerhetskopiering gäller en SQLite-fil.");
        }
        return Path.GetFullPath(file);
    }

    private static SqliteAppDbContext Context(string file)
    {
        var options = new DbContextOptionsBuilder<SqliteAppDbContext>();
        DataServices.ConfigureSqlite(options, Connection(file, SqliteOpenMode.ReadWrite));
        return new SqliteAppDbContext(options.Options, FixedAuditActor.System, TimeProvider.System);
    }

    private static string Connection(string file, SqliteOpenMode mode) =>
        new SqliteConnectionStringBuilder { DataSource = file, Mode = mode, Pooling = false }.ToString();

    private static SqliteConnection Open(string file, SqliteOpenMode mode)
    {
        var connection = new SqliteConnection(Connection(file, mode));
        connection.Open();
        // SQLite's own wait for a lock: the backup API has no retry of its own (Microsoft.Data.Sqlite retries commands only).
        Scalar(connection, $"PRAGMA busy_timeout = {(int)BusyWait.TotalMilliseconds}");
        return connection;
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private static long Count(SqliteConnection connection, string sql) => Convert.ToInt64(Scalar(connection, sql), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>What <c>PRAGMA integrity_check</c> reports; empty when it says ok.</summary>
    private static List<string> IntegrityProblems(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check";
        using var reader = command.ExecuteReader();
        var lines = new List<string>();
        while (reader.Read())
        {
            lines.Add(reader.GetString(0));
        }
        return lines is ["ok"] ? [] : lines;
    }

    private static async Task<bool> HasSqliteHeaderAsync(string file, CancellationToken ct)
    {
        var buffer = new byte[Header.Length];
        await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var read = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, ct);
        return read == buffer.Length && buffer.AsSpan().SequenceEqual(Header);
    }

    private static string TemporaryBeside(string file) =>
        Path.Combine(Path.GetDirectoryName(file)!, $".{Path.GetFileName(file)}.{Guid.NewGuid():N}.tmp");

    private static void DeleteWithSidecars(string file)
    {
        foreach (var path in new[] { file, file + "-journal", file + "-wal", file + "-shm" })
        {
            File.Delete(path);
        }
    }
}
