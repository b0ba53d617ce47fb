using System.Text;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using SQLitePCL;
using System.Globalization;
using GrantTracker.Domain.Common;

namespace GrantTracker.Application.Imports;

/// <summary>
/// Writes ledger rows with one prepared INSERT reused inside the import's transaction: the change tracker
/// costs about five times more per row (measured in bench/), and an import can hold millions of rows.
/// On SQLite the statement is bound by parameter index through SQLitePCL directly, on the same connection
/// and so inside the same transaction: Microsoft.Data.Sqlite looks every parameter up by name on each
/// execution, which is half the cost of a row. SQL Server goes through ADO.NET.
/// </summary>
internal abstract class LedgerEntryWriter : IDisposable
{
    protected static readonly string[] Columns =
    [
        "ImportId", "Source", "Month", "VoucherSeries", "VoucherNumber", "VoucherDate", "RowDate", "Account", "AccountNumber",
        "Amount", "CostObject", "CostCentre", "Project", "Text", "Line",
    ];

    public static LedgerEntryWriter Create(DbConnection connection, DbTransaction transaction) =>
        connection is SqliteConnection sqlite ? new SqliteWriter(sqlite) : new AdoWriter(connection, transaction);

    public abstract void Write(int importId, string source, LedgerRow row);

    public abstract void Dispose();

    public static int AccountNumber(string account) =>
        int.TryParse(account, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;

    protected static string IsoDate(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    protected static string? Truncate(string? text, int max) => text is null || text.Length <= max ? text : text[..max];

    private static string InsertSql(Func<int, string> parameter) =>
        $"INSERT INTO \"LedgerEntries\" ({string.Join(", ", Columns.Select(c => $"\"{c}\""))}) " +
        $"VALUES ({string.Join(", ", Columns.Select((_, i) => parameter(i)))})";

    /// <summary>SQLite: one statement prepared on the connection's handle, values bound by position (dates as ISO text, as EF stores them).</summary>
    private sealed class SqliteWriter : LedgerEntryWriter
    {
        private readonly sqlite3 _db;
        private readonly sqlite3_stmt _insert;


        public SqliteWriter(SqliteConnection connection)
        {
            _db = connection.Handle!;
            Check(raw.sqlite3_exec(_db, "PRAGMA cache_size = -65536"));
            Check(raw.sqlite3_prepare_v2(_db, InsertSql(i => "?" + (i + 1).ToString(CultureInfo.InvariantCulture)), out _insert));
        }

        public override void Write(int importId, string source, LedgerRow row)
        {
            // Texts are bound as UTF-8 bytes: values that repeat (source, dates, accounts, objects, series) are
            // encoded once and kept; the others are encoded into a reused buffer. Binding a string instead makes
            // SQLitePCL allocate a UTF-8 copy per value, 2.4 million of them for a year's tracked rows.
            raw.sqlite3_bind_int(_insert, 1, importId);
            raw.sqlite3_bind_text(_insert, 2, Repeated(source));
            raw.sqlite3_bind_int(_insert, 3, YearMonth.Of(row.VoucherDate).ToNumber());
            raw.sqlite3_bind_text(_insert, 4, Repeated(row.VoucherSeries));
            raw.sqlite3_bind_text(_insert, 5, Once(row.VoucherNumber));
            raw.sqlite3_bind_text(_insert, 6, Date(row.VoucherDate));
            raw.sqlite3_bind_text(_insert, 7, Date(row.RowDate));
            raw.sqlite3_bind_text(_insert, 8, Repeated(row.Account));
            raw.sqlite3_bind_int(_insert, 9, AccountNumber(row.Account));
            raw.sqlite3_bind_int64(_insert, 10, Money.ToOre(row.Amount));
            raw.sqlite3_bind_text(_insert, 11, Repeated(row.CostObject!));
            RepeatedOrNull(12, row.CostCentre);
            RepeatedOrNull(13, row.Project);
            if (Truncate(row.Text, 500) is { } text)
            {
                raw.sqlite3_bind_text(_insert, 14, Once(text));
            }
            else
            {
                raw.sqlite3_bind_null(_insert, 14);
            }
            raw.sqlite3_bind_int(_insert, 15, row.Line);
            var rc = raw.sqlite3_step(_insert);
            raw.sqlite3_reset(_insert);
            if (rc != raw.SQLITE_DONE)
            {
                Check(rc);
            }
        }

        // Bounded: a file whose "repeating" column never repeats must not grow the cache without end.
        private const int MaxCached = 50_000;
        private readonly Dictionary<string, byte[]> _utf8 = new(StringComparer.Ordinal);
        private byte[] _buffer = new byte[1024];

        private ReadOnlySpan<byte> Repeated(string value)
        {
            if (_utf8.TryGetValue(value, out var bytes))
            {
                return bytes;
            }
            if (_utf8.Count >= MaxCached)
            {
                return Once(value);
            }
            bytes = Encoding.UTF8.GetBytes(value);
            _utf8[value] = bytes;
            return bytes;
        }

        /// <summary>The value's UTF-8 bytes in the reused buffer; SQLitePCL binds spans as SQLITE_TRANSIENT (SQLite copies them).</summary>
        private ReadOnlySpan<byte> Once(string value)
        {
            var needed = Encoding.UTF8.GetMaxByteCount(value.Length);
            if (needed > _buffer.Length)
            {
                _buffer = new byte[Math.Max(needed, _buffer.Length * 2)];
            }
            var length = Encoding.UTF8.GetBytes(value, _buffer);
            return _buffer.AsSpan(0, length);
        }

        private void RepeatedOrNull(int index, string? value)
        {
            if (value is null)
            {
                raw.sqlite3_bind_null(_insert, index);
            }
            else
            {
                raw.sqlite3_bind_text(_insert, index, Repeated(value));
            }
        }

        // A year has 365 dates and a file a million rows: encode each date once.
        private readonly Dictionary<DateOnly, byte[]> _dateBytes = [];

        private ReadOnlySpan<byte> Date(DateOnly date)
        {
            if (!_dateBytes.TryGetValue(date, out var bytes))
            {
                bytes = Encoding.ASCII.GetBytes(IsoDate(date));
                _dateBytes[date] = bytes;
            }
            return bytes;
        }

        private void Check(int rc)
        {
            if (rc != raw.SQLITE_OK)
            {
                throw new SqliteException(raw.sqlite3_errmsg(_db).utf8_to_string(), rc);
            }
        }

        public override void Dispose()
        {
            _insert.Dispose();
            raw.sqlite3_exec(_db, "PRAGMA cache_size = -2000");
        }
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
