using System.Data.Common;
using System.Globalization;
using System.Text;
using GrantTracker.Application.Imports;
using GrantTracker.Domain.Common;
using GrantTracker.Domain.Ledger;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace GrantTracker.Application.Features.Ledger;

/// <summary>
/// Reads the rows of a query EF Core wrote (<c>CreateDbCommand</c>) one at a time into a <see cref="LedgerEntry"/>, for
/// exports of up to a million rows. The columns are found by name (EF Core names them after the properties).
/// On SQLite the statement is prepared on the connection's handle and stepped through SQLitePCL directly, the way
/// <see cref="Imports.LedgerEntryWriter"/> writes: dates are parsed from their UTF-8 text and the few distinct values of
/// the short columns (account, object, series, project, source) are decoded once and reused: reading a million rows
/// took 1.7–2.3 s this way against 3.3–3.8 s through Microsoft.Data.Sqlite's data reader (docs/performance.md). Other
/// providers read through ADO.NET.
/// </summary>
internal abstract class LedgerEntryReader : IAsyncDisposable
{
    /// <summary>The columns the query must select, by property name.</summary>
    public static readonly string[] Columns =
    [
        nameof(LedgerEntry.Id), nameof(LedgerEntry.RowDate), nameof(LedgerEntry.VoucherSeries), nameof(LedgerEntry.VoucherNumber),
        nameof(LedgerEntry.Account), nameof(LedgerEntry.CostObject), nameof(LedgerEntry.Project), nameof(LedgerEntry.CostCentre),
        nameof(LedgerEntry.Text), nameof(LedgerEntry.Amount), nameof(LedgerEntry.Month), nameof(LedgerEntry.Source), nameof(LedgerEntry.Line),
        nameof(LedgerEntry.VoucherDate),
    ];

    private const int Id = 0, RowDate = 1, VoucherSeries = 2, VoucherNumber = 3, Account = 4, CostObject = 5, Project = 6, CostCentre = 7,
        Text = 8, Amount = 9, Month = 10, Source = 11, Line = 12, VoucherDate = 13;

    /// <summary>The command must belong to an open connection.</summary>
    public static async Task<LedgerEntryReader> OpenAsync(DbCommand command, CancellationToken ct) =>
        command.Connection is SqliteConnection sqlite && SqliteNative.Available && command.Parameters.Cast<DbParameter>().All(p => SqliteReader.Binds(p.Value))
            ? new SqliteReader(sqlite, command)
            : await AdoReader.ExecuteAsync(command, ct);

    /// <summary>
    /// Fills <paramref name="e"/> with the next row (every property <see cref="Columns"/> names; <see cref="LedgerEntry.VoucherDate"/>
    /// only when <paramref name="voucherDate"/>, since only a reassignment's lookup needs it). False after the last row.
    /// </summary>
    public abstract ValueTask<bool> ReadAsync(LedgerEntry e, bool voucherDate, CancellationToken ct);

    public abstract ValueTask DisposeAsync();

    /// <summary>A date as SQLite stores it (<c>yyyy-MM-dd</c>), digit by digit.</summary>
    private static DateOnly ParseDate(ReadOnlySpan<byte> text)
    {
        if (text.Length == 10 && text[4] == '-' && text[7] == '-'
            && TryDigits(text[..4], out var year) && TryDigits(text.Slice(5, 2), out var month) && TryDigits(text.Slice(8, 2), out var day))
        {
            return new DateOnly(year, month, day);
        }
        return DateOnly.Parse(Encoding.UTF8.GetString(text), CultureInfo.InvariantCulture);
    }

    private static bool TryDigits(ReadOnlySpan<byte> text, out int value)
    {
        value = 0;
        foreach (var b in text)
        {
            var digit = b - '0';
            if ((uint)digit > 9)
            {
                return false;
            }
            value = value * 10 + digit;
        }
        return true;
    }

    private static int[] Ordinals(Func<string, int> ordinal) => Columns.Select(ordinal).ToArray();

    private sealed class SqliteReader : LedgerEntryReader
    {
        private readonly sqlite3 _db;
        private readonly sqlite3_stmt _statement;
        private readonly int[] _c;
        private readonly Strings _series = new(), _accounts = new(), _objects = new(), _projects = new(), _centres = new(), _sources = new();

        // Consecutive rows of a voucher share its series and number: "A 123" is made once per voucher.
        private string _lastSeries = "";
        private byte[] _lastNumber = [];
        private string _lastNumberText = "";
        private int _rows;

        public SqliteReader(SqliteConnection connection, DbCommand command)
        {
            _db = connection.Handle ?? throw new InvalidOperationException("The connection must be open.");
            Check(raw.sqlite3_prepare_v2(_db, command.CommandText, out _statement));
            try
            {
                foreach (DbParameter p in command.Parameters)
                {
                    var index = raw.sqlite3_bind_parameter_index(_statement, p.ParameterName.StartsWith('@') ? p.ParameterName : "@" + p.ParameterName);
                    if (index == 0)
                    {
                        continue; // declared by EF Core but not used in the text
                    }
                    Check(p.Value switch
                    {
                        null or DBNull => raw.sqlite3_bind_null(_statement, index),
                        string s => raw.sqlite3_bind_text16(_statement, index, s.AsSpan()),
                        long l => raw.sqlite3_bind_int64(_statement, index, l),
                        int i => raw.sqlite3_bind_int64(_statement, index, i),
                        short i => raw.sqlite3_bind_int64(_statement, index, i),
                        bool b => raw.sqlite3_bind_int64(_statement, index, b ? 1 : 0),
                        double d => raw.sqlite3_bind_double(_statement, index, d),
                        var other => throw new NotSupportedException($"A parameter of type {other.GetType().Name} is not bound by the export's reader."), // see Binds
                    });
                }
                var count = raw.sqlite3_column_count(_statement);
                var names = Enumerable.Range(0, count).Select(i => raw.sqlite3_column_name(_statement, i).utf8_to_string()).ToList();
                _c = Ordinals(name => names.IndexOf(name) is var i and >= 0 ? i : throw new InvalidOperationException($"The query selects no column {name}."));
            }
            catch
            {
                _statement.Dispose();
                throw;
            }
        }

        public override ValueTask<bool> ReadAsync(LedgerEntry e, bool voucherDate, CancellationToken ct)
        {
            if (++_rows % 4096 == 0)
            {
                ct.ThrowIfCancellationRequested();
            }
            var rc = raw.sqlite3_step(_statement);
            if (rc == raw.SQLITE_DONE)
            {
                return ValueTask.FromResult(false);
            }
            if (rc != raw.SQLITE_ROW)
            {
                Check(rc);
            }
            var s = _statement;
            e.Id = raw.sqlite3_column_int64(s, _c[Id]);
            e.RowDate = ParseDate(raw.sqlite3_column_blob(s, _c[RowDate]));
            e.VoucherSeries = _series.Get(raw.sqlite3_column_blob(s, _c[VoucherSeries]));
            e.VoucherNumber = Number(raw.sqlite3_column_blob(s, _c[VoucherNumber]), e.VoucherSeries);
            e.Account = _accounts.Get(raw.sqlite3_column_blob(s, _c[Account]));
            e.CostObject = _objects.Get(raw.sqlite3_column_blob(s, _c[CostObject]));
            e.Project = Null(_c[Project]) ? null : _projects.Get(raw.sqlite3_column_blob(s, _c[Project]));
            e.CostCentre = Null(_c[CostCentre]) ? null : _centres.Get(raw.sqlite3_column_blob(s, _c[CostCentre]));
            e.Text = Null(_c[Text]) ? null : Encoding.UTF8.GetString(raw.sqlite3_column_blob(s, _c[Text]));
            e.Amount = Money.FromOre(raw.sqlite3_column_int64(s, _c[Amount]));
            e.Month = YearMonth.FromNumber(raw.sqlite3_column_int(s, _c[Month]));
            e.Source = _sources.Get(raw.sqlite3_column_blob(s, _c[Source]));
            e.Line = raw.sqlite3_column_int(s, _c[Line]);
            if (voucherDate)
            {
                e.VoucherDate = ParseDate(raw.sqlite3_column_blob(s, _c[VoucherDate]));
            }
            return ValueTask.FromResult(true);
        }

        /// <summary>The parameter values this reader binds itself; a query with any other goes through ADO.NET.</summary>
        public static bool Binds(object? value) => value is null or DBNull or string or long or int or short or bool or double;

        private bool Null(int column) => raw.sqlite3_column_type(_statement, column) == raw.SQLITE_NULL;

        private string Number(ReadOnlySpan<byte> number, string series)
        {
            if (!ReferenceEquals(series, _lastSeries) || !number.SequenceEqual(_lastNumber))
            {
                _lastSeries = series;
                _lastNumber = number.ToArray();
                _lastNumberText = Encoding.UTF8.GetString(number);
            }
            return _lastNumberText;
        }

        private void Check(int rc) => SqliteException.ThrowExceptionForRC(rc, _db);

        public override ValueTask DisposeAsync()
        {
            _statement.Dispose();
            return ValueTask.CompletedTask;
        }

        /// <summary>
        /// The distinct values of a short column, decoded once: a lookup by the decoded characters on the stack finds the
        /// string made before. Bounded, so that a column with more distinct values than expected costs no more than decoding.
        /// </summary>
        private sealed class Strings
        {
            private const int MaxLength = 64, MaxCount = 10_000;
            private readonly HashSet<string> _set = new(StringComparer.Ordinal);
            private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

            public Strings() => _lookup = _set.GetAlternateLookup<ReadOnlySpan<char>>();

            public string Get(ReadOnlySpan<byte> utf8)
            {
                if (utf8.Length > MaxLength)
                {
                    return Encoding.UTF8.GetString(utf8);
                }
                Span<char> buffer = stackalloc char[MaxLength];
                var chars = buffer[..Encoding.UTF8.GetChars(utf8, buffer)];
                if (_lookup.TryGetValue(chars, out var known))
                {
                    return known;
                }
                var text = chars.ToString();
                if (_set.Count < MaxCount)
                {
                    _set.Add(text);
                }
                return text;
            }
        }
    }

    private sealed class AdoReader(DbDataReader reader, int[] c, bool datesAsText) : LedgerEntryReader
    {
        public static async Task<AdoReader> ExecuteAsync(DbCommand command, CancellationToken ct)
        {
            var reader = await command.ExecuteReaderAsync(ct);
            var c = Ordinals(reader.GetOrdinal);
            return new AdoReader(reader, c, reader.GetFieldType(c[RowDate]) == typeof(string));
        }

        public override async ValueTask<bool> ReadAsync(LedgerEntry e, bool voucherDate, CancellationToken ct)
        {
            if (!await reader.ReadAsync(ct))
            {
                return false;
            }
            e.Id = reader.GetInt64(c[Id]);
            e.RowDate = Date(c[RowDate]);
            e.VoucherSeries = reader.GetString(c[VoucherSeries]);
            e.VoucherNumber = reader.GetString(c[VoucherNumber]);
            e.Account = reader.GetString(c[Account]);
            e.CostObject = reader.GetString(c[CostObject]);
            e.Project = reader.IsDBNull(c[Project]) ? null : reader.GetString(c[Project]);
            e.CostCentre = reader.IsDBNull(c[CostCentre]) ? null : reader.GetString(c[CostCentre]);
            e.Text = reader.IsDBNull(c[Text]) ? null : reader.GetString(c[Text]);
            e.Amount = Money.FromOre(reader.GetInt64(c[Amount]));
            e.Month = YearMonth.FromNumber(reader.GetInt32(c[Month]));
            e.Source = reader.GetString(c[Source]);
            e.Line = reader.GetInt32(c[Line]);
            if (voucherDate)
            {
                e.VoucherDate = Date(c[VoucherDate]);
            }
            return true;
        }

        private DateOnly Date(int ordinal) =>
            datesAsText ? ParseDate(Encoding.UTF8.GetBytes(reader.GetString(ordinal))) : reader.GetFieldValue<DateOnly>(ordinal);

        public override ValueTask DisposeAsync() => reader.DisposeAsync();
    }
}
