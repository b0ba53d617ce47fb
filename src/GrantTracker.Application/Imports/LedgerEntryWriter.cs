using System.Runtime.InteropServices;
using System.Text;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using SQLitePCL;
using System.Globalization;
using GrantTracker.Domain.Common;

namespace GrantTracker.Application.Imports;

/// <summary>
/// Writes ledger rows with prepared INSERTs reused inside the import's transaction: the change tracker
/// costs more than ten times as much per row (measured in bench/), and an import can hold millions of rows.
/// On SQLite the statements are bound by parameter index through SQLite's C API, on the same connection and
/// so inside the same transaction, 64 rows to a statement: Microsoft.Data.Sqlite looks every parameter up
/// by name on each execution, which was half the cost of a row. SQL Server goes through ADO.NET, row by row.
/// </summary>
internal abstract class LedgerEntryWriter : IDisposable
{
    protected static readonly string[] Columns =
    [
        "ImportId", "Source", "Month", "VoucherSeries", "VoucherNumber", "VoucherDate", "RowDate", "Account", "AccountNumber",
        "Amount", "CostObject", "CostCentre", "Project", "Text", "Line",
    ];

    public static LedgerEntryWriter Create(DbConnection connection, DbTransaction transaction) =>
        connection is SqliteConnection sqlite && SqliteNative.Available ? new SqliteWriter(sqlite) : new AdoWriter(connection, transaction);

    public abstract void Write(int importId, string source, LedgerRow row);

    /// <summary>Writes a batch of rows; providers that can store several rows per statement override it.</summary>
    public virtual void WriteBatch(int importId, string source, ReadOnlySpan<LedgerRow> rows)
    {
        foreach (var row in rows)
        {
            Write(importId, source, row);
        }
    }

    public abstract void Dispose();

    public static int AccountNumber(string account) =>
        int.TryParse(account, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;

    protected static string IsoDate(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    protected static string? Truncate(string? text, int max) => text is null || text.Length <= max ? text : text[..max];

    private static string InsertSql(Func<int, string> parameter) =>
        $"INSERT INTO \"LedgerEntries\" ({string.Join(", ", Columns.Select(c => $"\"{c}\""))}) " +
        $"VALUES ({string.Join(", ", Columns.Select((_, i) => parameter(i)))})";

    /// <summary>
    /// SQLite: statements prepared on the connection's handle (so inside the import's transaction), values
    /// bound by position through SQLite's C API. Rows go <see cref="RowsPerStatement"/> to a statement.
    /// Values that repeat (source, dates, accounts, objects, series) are encoded to UTF-8 once, into native
    /// memory that lives as long as the writer, and bound without a copy (SQLITE_STATIC).
    /// </summary>
    private sealed unsafe class SqliteWriter : LedgerEntryWriter
    {
        /// <summary>Measured here: 16, 64 and 256 rows per statement are alike, all faster than one (bench/run.sh).</summary>
        internal const int RowsPerStatement = 64;
        private readonly sqlite3 _db;
        private readonly sqlite3_stmt _one;
        private readonly sqlite3_stmt _many;
        private readonly IntPtr _oneHandle;
        private readonly IntPtr _manyHandle;

        public SqliteWriter(SqliteConnection connection)
        {
            _db = connection.Handle!;
            _cacheSizeBefore = CacheSize();
            try
            {
                Check(raw.sqlite3_exec(_db, "PRAGMA cache_size = -65536"));
                Check(raw.sqlite3_prepare_v2(_db, InsertRowsSql(1), out _one));
                Check(raw.sqlite3_prepare_v2(_db, InsertRowsSql(RowsPerStatement), out _many));
            }
            catch
            {
                Dispose();
                throw;
            }
            _oneHandle = _one.DangerousGetHandle();
            _manyHandle = _many.DangerousGetHandle();
        }

        // The pooled connection's own page cache size, restored when the import is done.
        private readonly int _cacheSizeBefore;

        private int CacheSize()
        {
            Check(raw.sqlite3_prepare_v2(_db, "PRAGMA cache_size", out var pragma));
            using (pragma)
            {
                return raw.sqlite3_step(pragma) == raw.SQLITE_ROW ? raw.sqlite3_column_int(pragma, 0) : -2000;
            }
        }

        /// <summary>
        /// OR FAIL, not the default ABORT: a statement of several rows that may abort midway needs a statement
        /// journal to undo its own rows, and that journal spills to a temporary file. Any failure fails the whole
        /// import, whose transaction then rolls back, so there is nothing for the statement to undo.
        /// </summary>
        private static string InsertRowsSql(int rows) =>
            $"INSERT OR FAIL INTO \"LedgerEntries\" ({string.Join(", ", Columns.Select(c => $"\"{c}\""))}) VALUES " +
            string.Join(", ", Enumerable.Range(0, rows).Select(r =>
                $"({string.Join(", ", Columns.Select((_, i) => "?" + (r * Columns.Length + i + 1).ToString(CultureInfo.InvariantCulture)))})"));

        public override void Write(int importId, string source, LedgerRow row)
        {
            Bind(_oneHandle, 0, importId, source, row);
            Step(_oneHandle);
        }

        public override void WriteBatch(int importId, string source, ReadOnlySpan<LedgerRow> rows)
        {
            var i = 0;
            for (; i + RowsPerStatement <= rows.Length; i += RowsPerStatement)
            {
                for (var r = 0; r < RowsPerStatement; r++)
                {
                    Bind(_manyHandle, r * Columns.Length, importId, source, rows[i + r]);
                }
                Step(_manyHandle);
            }
            for (; i < rows.Length; i++)
            {
                Write(importId, source, rows[i]);
            }
        }

        /// <summary>Binds one row's values; SQLite's result codes are OR-ed, so one test per row sees any failure (SQLITE_OK is 0).</summary>
        private void Bind(IntPtr statement, int at, int importId, string source, LedgerRow row)
        {
            var rc = Native.sqlite3_bind_int(statement, at + 1, importId)
                | BindRepeated(statement, at + 2, source)
                | Native.sqlite3_bind_int(statement, at + 3, YearMonth.Of(row.VoucherDate).ToNumber())
                | BindRepeated(statement, at + 4, row.VoucherSeries)
                | BindOnce(statement, at + 5, row.VoucherNumber)
                | BindDate(statement, at + 6, row.VoucherDate)
                | BindDate(statement, at + 7, row.RowDate)
                | BindRepeated(statement, at + 8, row.Account)
                | Native.sqlite3_bind_int(statement, at + 9, AccountNumber(row.Account))
                | Native.sqlite3_bind_int64(statement, at + 10, Money.ToOre(row.Amount))
                | BindRepeated(statement, at + 11, row.CostObject!)
                | BindRepeated(statement, at + 12, row.CostCentre)
                | BindRepeated(statement, at + 13, row.Project)
                | BindOnce(statement, at + 14, Truncate(row.Text, 500))
                | Native.sqlite3_bind_int(statement, at + 15, row.Line);
            if (rc != raw.SQLITE_OK)
            {
                throw new SqliteException($"Rad {row.Line} kunde inte skrivas till databasen: {raw.sqlite3_errmsg(_db).utf8_to_string()}", raw.sqlite3_errcode(_db));
            }
        }

        private void Step(IntPtr statement)
        {
            var rc = Native.sqlite3_step(statement);
            Native.sqlite3_reset(statement);
            Check(rc);
        }

        // Bounded: a file whose "repeating" column never repeats must not grow the cache without end.
        private const int MaxCached = 50_000;
        private readonly Dictionary<string, (IntPtr Bytes, int Length)> _repeated = new(StringComparer.Ordinal);
        private readonly Dictionary<DateOnly, (IntPtr Bytes, int Length)> _dates = [];
        private byte[] _buffer = new byte[1024];

        private int BindRepeated(IntPtr statement, int index, string? value)
        {
            if (value is null)
            {
                return Native.sqlite3_bind_null(statement, index);
            }
            if (!_repeated.TryGetValue(value, out var utf8))
            {
                if (_repeated.Count >= MaxCached)
                {
                    return BindOnce(statement, index, value);
                }
                utf8 = Keep(Encoding.UTF8.GetBytes(value));
                _repeated[value] = utf8;
            }
            return Native.sqlite3_bind_text(statement, index, (byte*)utf8.Bytes, utf8.Length, Native.Static);
        }

        // A year has 365 dates and a file a million rows: each date is encoded once.
        private int BindDate(IntPtr statement, int index, DateOnly date)
        {
            if (!_dates.TryGetValue(date, out var utf8))
            {
                utf8 = Keep(Encoding.ASCII.GetBytes(IsoDate(date)));
                _dates[date] = utf8;
            }
            return Native.sqlite3_bind_text(statement, index, (byte*)utf8.Bytes, utf8.Length, Native.Static);
        }

        /// <summary>A value seen once: its UTF-8 bytes in a reused buffer, which SQLite copies (SQLITE_TRANSIENT).</summary>
        private int BindOnce(IntPtr statement, int index, string? value)
        {
            if (value is null)
            {
                return Native.sqlite3_bind_null(statement, index);
            }
            var needed = Encoding.UTF8.GetMaxByteCount(value.Length);
            if (needed > _buffer.Length)
            {
                _buffer = new byte[Math.Max(needed, _buffer.Length * 2)];
            }
            var length = Encoding.UTF8.GetBytes(value, _buffer);
            fixed (byte* bytes = _buffer)
            {
                return Native.sqlite3_bind_text(statement, index, bytes, length, Native.Transient);
            }
        }

        private static (IntPtr, int) Keep(byte[] bytes)
        {
            var native = NativeMemory.Alloc((nuint)Math.Max(bytes.Length, 1));
            bytes.CopyTo(new Span<byte>(native, bytes.Length));
            return ((IntPtr)native, bytes.Length);
        }

        private void Check(int rc) => SqliteException.ThrowExceptionForRC(rc, _db);

        public override void Dispose()
        {
            // The statements point into the kept bytes until they are finalized: finalize first, then free.
            _one?.Dispose();
            _many?.Dispose();
            foreach (var (bytes, _) in _repeated.Values.Concat(_dates.Values))
            {
                NativeMemory.Free((void*)bytes);
            }
            _repeated.Clear();
            _dates.Clear();
            raw.sqlite3_exec(_db, $"PRAGMA cache_size = {_cacheSizeBefore}");
        }
    }

    /// <summary>
    /// The few functions of SQLite's C API the writer calls, from the same native library that
    /// Microsoft.Data.Sqlite loads (<see cref="SqliteNative.Library"/>): SQLitePCL's own wrappers take a
    /// SafeHandle per call and cannot bind without a copy. Binding only sets a value in the statement (a text
    /// bound TRANSIENT is also copied), and during an import no other thread uses the connection, so SQLite's
    /// connection lock is never waited for: binding skips the runtime's GC transition; stepping does real
    /// work and keeps it.
    /// </summary>
    private static unsafe class Native
    {
        private const string Library = SqliteNative.Library;
        public static readonly IntPtr Static = IntPtr.Zero;
        public static readonly IntPtr Transient = new(-1);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl), SuppressGCTransition]
        public static extern int sqlite3_bind_int(IntPtr statement, int index, int value);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl), SuppressGCTransition]
        public static extern int sqlite3_bind_int64(IntPtr statement, int index, long value);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl), SuppressGCTransition]
        public static extern int sqlite3_bind_null(IntPtr statement, int index);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl), SuppressGCTransition]
        public static extern int sqlite3_bind_text(IntPtr statement, int index, byte* text, int length, IntPtr destructor);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern int sqlite3_step(IntPtr statement);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern int sqlite3_reset(IntPtr statement);
    }

    /// <summary>Other providers: one prepared ADO.NET command, parameters reassigned per row.</summary>
    private sealed class AdoWriter : LedgerEntryWriter
    {
        private readonly DbCommand _insert;
        private readonly DbParameter[] _p;

        public AdoWriter(DbConnection connection, DbTransaction transaction)
        {
            _insert = connection.CreateCommand();
            _insert.Transaction = transaction;
            _insert.CommandText = InsertSql(i => "@" + Columns[i]);
            _p = Columns.Select(c =>
            {
                var p = _insert.CreateParameter();
                p.ParameterName = "@" + c;
                _insert.Parameters.Add(p);
                return p;
            }).ToArray();
            _insert.Prepare();
        }

        public override void Write(int importId, string source, LedgerRow row)
        {
            _p[0].Value = importId;
            _p[1].Value = source;
            _p[2].Value = YearMonth.Of(row.VoucherDate).ToNumber();
            _p[3].Value = row.VoucherSeries;
            _p[4].Value = row.VoucherNumber;
            _p[5].Value = row.VoucherDate.ToDateTime(TimeOnly.MinValue);
            _p[6].Value = row.RowDate.ToDateTime(TimeOnly.MinValue);
            _p[7].Value = row.Account;
            _p[8].Value = AccountNumber(row.Account);
            _p[9].Value = Money.ToOre(row.Amount);
            _p[10].Value = row.CostObject!;
            _p[11].Value = (object?)row.CostCentre ?? DBNull.Value;
            _p[12].Value = (object?)row.Project ?? DBNull.Value;
            _p[13].Value = (object?)Truncate(row.Text, 500) ?? DBNull.Value;
            _p[14].Value = row.Line;
            _insert.ExecuteNonQuery();
        }

        public override void Dispose() => _insert.Dispose();
    }
}
