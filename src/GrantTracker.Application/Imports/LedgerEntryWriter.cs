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

        // A year has 365 dates and a file a million rows: format each date once.
        private readonly Dictionary<DateOnly, string> _dates = [];

        public SqliteWriter(SqliteConnection connection)
        {
            _db = connection.Handle!;
            Check(raw.sqlite3_exec(_db, "PRAGMA cache_size = -65536"));
            Check(raw.sqlite3_prepare_v2(_db, InsertSql(i => "?" + (i + 1).ToString(CultureInfo.InvariantCulture)), out _insert));
        }

        public override void Write(int importId, string source, LedgerRow row)
        {
            // Texts are bound as UTF-16 spans (SQLite converts them in C): binding a string makes SQLitePCL
            // allocate a UTF-8 copy of it per value, 2.4 million of them for a year's tracked rows.
            raw.sqlite3_bind_int(_insert, 1, importId);
            raw.sqlite3_bind_text16(_insert, 2, source.AsSpan());
            raw.sqlite3_bind_int(_insert, 3, YearMonth.Of(row.VoucherDate).ToNumber());
            raw.sqlite3_bind_text16(_insert, 4, row.VoucherSeries.AsSpan());
            raw.sqlite3_bind_text16(_insert, 5, row.VoucherNumber.AsSpan());
            raw.sqlite3_bind_text16(_insert, 6, Date(row.VoucherDate).AsSpan());
            raw.sqlite3_bind_text16(_insert, 7, Date(row.RowDate).AsSpan());
            raw.sqlite3_bind_text16(_insert, 8, row.Account.AsSpan());
            raw.sqlite3_bind_int(_insert, 9, AccountNumber(row.Account));
            raw.sqlite3_bind_int64(_insert, 10, Money.ToOre(row.Amount));
            raw.sqlite3_bind_text16(_insert, 11, row.CostObject!.AsSpan());
            Text(12, row.CostCentre);
            Text(13, row.Project);
            Text(14, Truncate(row.Text, 500));
            raw.sqlite3_bind_int(_insert, 15, row.Line);
            var rc = raw.sqlite3_step(_insert);
            raw.sqlite3_reset(_insert);
            if (rc != raw.SQLITE_DONE)
            {
                Check(rc);
            }
        }

        private string Date(DateOnly date)
        {
            if (!_dates.TryGetValue(date, out var text))
            {
                text = IsoDate(date);
                _dates[date] = text;
            }
            return text;
        }

        private void Text(int index, string? value)
        {
            if (value is null)
            {
                raw.sqlite3_bind_null(_insert, index);
            }
            else
            {
                raw.sqlite3_bind_text16(_insert, index, value.AsSpan());
            }
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
