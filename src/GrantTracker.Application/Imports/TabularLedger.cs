using System.Globalization;
using System.Text.RegularExpressions;
using GrantTracker.Domain.Common;

namespace GrantTracker.Application.Imports;

/// <summary>
/// What CSV and Excel ledgers share: one header row naming the columns, then one booked row per record.
/// The readers only pull cell values out of their format; the field rules and the Swedish messages live here.
/// </summary>
internal static partial class TabularLedger
{
    /// <summary>
    /// Finds the mapped columns in a header row (case-insensitive, first match wins). Every required column
    /// that is missing is one error naming it, so the user can fix the header in one go.
    /// </summary>
    public static LedgerHeader? ResolveHeader(IReadOnlyList<string?> names, LedgerColumnMap map, int line, LedgerErrorList errors)
    {
        var duplicated = new List<string>();
        int Find(string? column)
        {
            if (string.IsNullOrWhiteSpace(column))
            {
                return -1;
            }

            var found = new List<int>();
            for (var i = 0; i < names.Count; i++)
            {
                if (string.Equals(names[i]?.Trim(), column.Trim(), StringComparison.OrdinalIgnoreCase))
                {
                    found.Add(i);
                }
            }

            if (found.Count > 1)
            {
                // Two columns with a name the import reads: which one holds the amount is a guess, and a guess moves money.
                errors.Add(line, column, $"Kolumnen ”{column}” finns {found.Count} gånger i rubrikraden (kolumn {string.Join(" och ", found.Select(i => i + 1))}). " +
                    "Byt namn på eller ta bort den som inte ska läsas.");
                duplicated.Add(column);
            }

            return found.Count == 0 ? -1 : found[0];
        }

        var header = new LedgerHeader(
            Voucher: Find(map.Voucher),
            Date: Find(map.Date),
            Account: Find(map.Account),
            CostCentre: Find(map.CostCentre),
            CostObject: Find(map.CostObject),
            Amount: Find(map.Amount),
            Text: Find(map.Text),
            Project: Find(map.Project));

        // The cost object is required although its values are optional: a header without it (a typo, another
        // export) would otherwise import a ledger where no row ever reaches a grant. A project column is only
        // looked for when the map names one, and then it must be there.
        var required = new List<(string Name, int Index)>
        {
            (map.Voucher, header.Voucher),
            (map.Date, header.Date),
            (map.Account, header.Account),
            (map.CostObject, header.CostObject),
            (map.Amount, header.Amount),
        };
        if (!string.IsNullOrWhiteSpace(map.Project))
        {
            required.Add((map.Project, header.Project));
        }

        var missing = required.Where(c => c.Index < 0).ToList();
        foreach (var (name, _) in missing)
        {
            errors.Add(line, name, $"Kolumnen ”{name}” saknas i rubrikraden.");
        }

        return missing.Count == 0 && duplicated.Count == 0 ? header : null;
    }

    /// <summary>
    /// Turns one record's cells into a row, or records every problem with it and returns null.
    /// Cells are strings (CSV, Excel text) or what Excel stores: numbers as double, dates as DateTime.
    /// </summary>
    public static LedgerRow? ParseRow(int line, in LedgerCells cells, LedgerColumnMap map, LedgerErrorList errors)
    {
        var before = errors.Seen;

        var voucher = ParseVoucher(line, cells.Voucher, map.Voucher, errors);
        var date = ParseDate(line, cells.Date, map.Date, errors);
        var account = ParseAccount(line, cells.Account, map.Account, errors);
        var amount = ParseAmount(line, cells.Amount, map.Amount, errors);

        if (errors.Seen != before)
        {
            return null;
        }

        return new LedgerRow(
            Line: line,
            VoucherSeries: voucher.Series,
            VoucherNumber: voucher.Number,
            VoucherDate: date,
            RowDate: date,
            Account: account,
            Amount: amount,
            CostObject: Text(cells.CostObject),
            CostCentre: Text(cells.CostCentre),
            Project: Text(cells.Project),
            Text: Text(cells.Text));
    }

    private static (string Series, string Number) ParseVoucher(int line, object? cell, string field, LedgerErrorList errors)
    {
        var text = Text(cell);
        if (text is null)
        {
            errors.Add(line, field, "Verifikationen saknas.");
            return default;
        }

        var match = VoucherPattern().Match(text);
        if (!match.Success)
        {
            errors.Add(line, field, $"Verifikationen ”{text}” ska vara en serie och ett nummer, till exempel ”A 123” eller ”123”.");
            return default;
        }

        return (match.Groups["series"].Value, match.Groups["number"].Value);
    }

    private static DateOnly ParseDate(int line, object? cell, string field, LedgerErrorList errors)
    {
        var date = ParseAnyDate(line, cell, field, errors);
        if (date is { } d && !LedgerDates.IsBookable(d))
        {
            errors.Add(line, field, LedgerDates.TooEarly(Text(cell) ?? SwedishDate(d)));
            return default;
        }

        return date ?? default;
    }

    private static string SwedishDate(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly? ParseAnyDate(int line, object? cell, string field, LedgerErrorList errors)
    {
        switch (cell)
        {
            case DateTime dateTime:
                return DateOnly.FromDateTime(dateTime);
            case DateOnly dateOnly:
                return dateOnly;
            // A date cell that lost its date format still holds Excel's serial day number.
            case double serial when serial >= 1 && serial < 2958466:
                return DateOnly.FromDateTime(DateTime.FromOADate(Math.Floor(serial)));
        }

        var text = Text(cell);
        if (text is null)
        {
            errors.Add(line, field, "Datumet saknas.");
            return null;
        }

        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            errors.Add(line, field, $"Datumet ”{text}” är inte ett datum (ÅÅÅÅ-MM-DD).");
            return null;
        }

        return date;
    }

    private static string ParseAccount(int line, object? cell, string field, LedgerErrorList errors)
    {
        var text = Text(cell);
        if (text is null)
        {
            errors.Add(line, field, "Kontot saknas.");
            return "";
        }

        if (!AccountPattern().IsMatch(text))
        {
            errors.Add(line, field, $"Kontot ”{text}” ska vara 4–6 siffror.");
            return "";
        }

        return text;
    }

    private static decimal ParseAmount(int line, object? cell, string field, LedgerErrorList errors)
    {
        switch (cell)
        {
            case double number:
                return AmountFromNumber(line, number, field, errors);
            case decimal exact:
                return AmountFromDecimal(line, exact, field, errors);
            case int or long:
                return AmountFromDecimal(line, Convert.ToDecimal(cell, CultureInfo.InvariantCulture), field, errors);
        }

        var text = Text(cell);
        if (text is null)
        {
            errors.Add(line, field, "Beloppet saknas.");
            return 0m;
        }

        var match = AmountPattern().Match(text.Replace(NoBreakSpace, ' ').Replace(NarrowNoBreakSpace, ' '));
        if (!match.Success && Money.IsTooLarge(text))
        {
            // 1e20, or an amount with a decimal point: still a number, and the user is told what is wrong with it.
            errors.Add(line, field, Money.TooLargeMessage(text));
            return 0m;
        }
        if (!match.Success)
        {
            errors.Add(line, field, $"Beloppet ”{text}” är inte ett belopp. Skriv det med decimalkomma, till exempel -1 234,50.");
            return 0m;
        }

        var decimals = match.Groups["decimals"].Value;
        if (decimals.Length > 2)
        {
            errors.Add(line, field, $"Beloppet ”{text}” har fler än två decimaler.");
            return 0m;
        }

        var invariant = (match.Groups["sign"].Success ? "-" : "")
            + match.Groups["integer"].Value.Replace(" ", "", StringComparison.Ordinal)
            + (decimals.Length > 0 ? "." + decimals : "");
        if (!decimal.TryParse(invariant, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount)
            || Math.Abs(amount) > Money.MaxAmount)
        {
            // Beyond the öre range a 64-bit sum can hold: refused here, never an OverflowException later.
            errors.Add(line, field, Money.TooLargeMessage(text));
            return 0m;
        }

        return amount;
    }

    private static decimal AmountFromNumber(int line, double number, string field, LedgerErrorList errors)
    {
        if (double.IsNaN(number))
        {
            errors.Add(line, field, "Cellen är inte ett belopp.");
            return 0m;
        }
        if (double.IsInfinity(number) || Math.Abs(number) >= 1e15)
        {
            errors.Add(line, field, Money.TooLargeMessage(number.ToString("R", CultureInfo.InvariantCulture)));
            return 0m;
        }

        // The decimal conversion keeps 15 significant digits, which removes binary noise such as 0.30000000000000004.
        return AmountFromDecimal(line, (decimal)number, field, errors);
    }

    private static decimal AmountFromDecimal(int line, decimal amount, string field, LedgerErrorList errors)
    {
        if (Math.Abs(amount) > Money.MaxAmount)
        {
            errors.Add(line, field, Money.TooLargeMessage(amount.ToString(CultureInfo.InvariantCulture)));
            return 0m;
        }
        if (decimal.Round(amount, 2) != amount)
        {
            errors.Add(line, field, $"Beloppet ”{amount.ToString(SwedishNumbers)}” har fler än två decimaler.");
            return 0m;
        }

        return amount;
    }

    /// <summary>A cell as trimmed text, or null when it is empty; Excel numbers print without exponent or decimal noise.</summary>
    public static string? Text(object? cell)
    {
        var text = cell switch
        {
            null => null,
            string s => s,
            double d when d == Math.Floor(d) && Math.Abs(d) < 1e15 => ((decimal)d).ToString(CultureInfo.InvariantCulture),
            double d => d.ToString("R", CultureInfo.InvariantCulture),
            DateTime dt => dt.TimeOfDay == TimeSpan.Zero
                ? dt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
                : dt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => cell.ToString(),
        };

        text = text?.Trim();
        return string.IsNullOrEmpty(text) ? null : text;
    }

    private const char NoBreakSpace = '\u00A0';
    private const char NarrowNoBreakSpace = '\u202F';

    private static readonly NumberFormatInfo SwedishNumbers = new() { NumberDecimalSeparator = ",", NegativeSign = "-" };

    [GeneratedRegex(@"^(?<series>\p{L}*)\s*(?<number>\d+)$")]
    private static partial Regex VoucherPattern();

    [GeneratedRegex(@"^\d{4,6}$")]
    private static partial Regex AccountPattern();

    // Thousands are grouped by spaces (or not at all); a minus may be the typographic one Swedish exports use.
    [GeneratedRegex(@"^(?<sign>[-\u2212])?\s*(?<integer>\d{1,3}(?: \d{3})+|\d+)(?:,(?<decimals>\d+))?$")]
    private static partial Regex AmountPattern();
}

/// <summary>Column positions in the header row; -1 where the file has no such column.</summary>
internal sealed record LedgerHeader(int Voucher, int Date, int Account, int CostCentre, int CostObject, int Amount, int Text, int Project)
{
    public LedgerCells Pick<TRecord>(TRecord record, Func<TRecord, int, object?> cell)
    {
        object? At(int index) => index < 0 ? null : cell(record, index);
        return new LedgerCells(At(Voucher), At(Date), At(Account), At(CostCentre), At(CostObject), At(Amount), At(Text), At(Project));
    }
}

/// <summary>The raw values of one record, one per ledger field.</summary>
internal readonly record struct LedgerCells(
    object? Voucher,
    object? Date,
    object? Account,
    object? CostCentre,
    object? CostObject,
    object? Amount,
    object? Text,
    object? Project)
{
    /// <summary>Spreadsheets and exports end with rows of empty cells; they are not rows with every field missing.</summary>
    public bool IsEmpty =>
        TabularLedger.Text(Voucher) is null && TabularLedger.Text(Date) is null && TabularLedger.Text(Account) is null
        && TabularLedger.Text(CostCentre) is null && TabularLedger.Text(CostObject) is null && TabularLedger.Text(Amount) is null
        && TabularLedger.Text(Text) is null && TabularLedger.Text(Project) is null;
}

/// <summary>Collects errors up to the limit and remembers that there were more.</summary>
internal sealed class LedgerErrorList(int max)
{
    private readonly List<ImportError> errors = [];

    /// <summary>Every error found, kept or not: a row is bad when this grows while it is parsed.</summary>
    public int Seen { get; private set; }

    public bool More => Seen > errors.Count;

    public IReadOnlyList<ImportError> Errors => errors;

    public void Add(int line, string? field, string message)
    {
        Seen++;
        if (errors.Count < Math.Max(max, 1))
        {
            errors.Add(new ImportError(line, field, message));
        }
    }
}

/// <summary>
/// Encoding detection and zip archives need to go back to the start. An upload stream often cannot, so it is
/// spooled to a temporary file rather than into memory: ledgers can be hundreds of megabytes.
/// </summary>
internal sealed class SeekableInput : IDisposable
{
    private readonly FileStream? spool;

    private SeekableInput(Stream stream, FileStream? spool)
    {
        Stream = stream;
        this.spool = spool;
    }

    public Stream Stream { get; }

    public static SeekableInput From(Stream input, CancellationToken cancellationToken)
    {
        if (input.CanSeek)
        {
            return new SeekableInput(input, null);
        }

        var spool = new FileStream(
            Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose);
        try
        {
            var buffer = new byte[81920];
            int read;
            while ((read = input.Read(buffer, 0, buffer.Length)) > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                spool.Write(buffer, 0, read);
            }

            spool.Position = 0;
            return new SeekableInput(spool, spool);
        }
        catch
        {
            spool.Dispose();
            throw;
        }
    }

    public void Dispose() => spool?.Dispose();
}

/// <summary>
/// Finds a voucher that a CSV or Excel file holds twice. A voucher's rows may be spread over such a file, so a voucher
/// number seen again is no error in itself; but a run of rows under a voucher number that repeats, row for row, an
/// earlier run under the same number is the file twice over (two exports put together, a sheet pasted twice), and
/// would count the same costs twice. A run is a stretch of consecutive rows with one voucher number; runs are compared
/// by an order-free fingerprint of their rows (count, and the sum and xor of a 64-bit hash per row), so memory grows
/// with the number of vouchers, not rows. The year of the voucher's date is part of its number: a CSV states no
/// fiscal year, and numbering starts over every year.
/// </summary>
internal sealed class RepeatedVouchers
{
    private readonly VoucherMap<Run> _first = new();
    private Dictionary<Key, List<Run>>? _more;
    private Key? _current;
    private Run _run;

    private readonly record struct Key(string Series, string Number, int Year);

    private record struct Run(int FirstLine, int LastLine, int Rows, ulong Sum, ulong Xor);

    public void Add(LedgerRow row, LedgerErrorList errors)
    {
        var key = new Key(row.VoucherSeries, row.VoucherNumber, row.VoucherDate.Year);
        if (_current != key)
        {
            Close(errors);
            _current = key;
            _run = new Run(row.Line, row.Line, 0, 0, 0);
        }

        var hash = Hash(row);
        _run.LastLine = row.Line;
        _run.Rows++;
        _run.Sum += hash;
        _run.Xor ^= hash;
    }

    public void Complete(LedgerErrorList errors) => Close(errors);

    private void Close(LedgerErrorList errors)
    {
        if (_current is not { } key)
        {
            return;
        }

        _current = null;
        ref var first = ref _first.GetOrAdd(key.Series, key.Number, key.Year, out var exists);
        if (!exists)
        {
            first = _run;
            return;
        }

        var earlier = _more is not null && _more.TryGetValue(key, out var runs) ? runs : null;
        var same = Same(first, _run) ? first : earlier?.FirstOrDefault(r => Same(r, _run));
        if (same is { } twin)
        {
            var name = $"{key.Series} {key.Number}".Trim();
            errors.Add(_run.FirstLine, "Verifikation",
                $"Verifikation {name} finns två gånger i filen med samma rader: rad {Lines(twin)} och rad {Lines(_run)}. " +
                "Filen är troligen sammanfogad av två exporter eller har inklistrade rader två gånger. Exportera om och importera en fil.");
            return;
        }

        _more ??= [];
        if (earlier is null)
        {
            _more.Add(key, [_run]);
        }
        else
        {
            earlier.Add(_run);
        }
    }

    private static bool Same(Run a, Run b) => a.Rows == b.Rows && a.Sum == b.Sum && a.Xor == b.Xor;

    private static string Lines(Run run) => run.FirstLine == run.LastLine ? $"{run.FirstLine}" : $"{run.FirstLine}–{run.LastLine}";

    /// <summary>
    /// Every field but the line: 32 bits from all of them (string hashes are per process, which is all one read needs)
    /// and 32 from the amount and the date alone, mixed.
    /// </summary>
    private static ulong Hash(LedgerRow row)
    {
        var fields = (uint)HashCode.Combine(row.RowDate, row.Account, row.Amount, row.CostObject, row.CostCentre, row.Project, row.Text);
        var amount = (ulong)GrantTracker.Domain.Common.Money.ToOre(row.Amount) * 0x9E3779B97F4A7C15UL ^ (ulong)row.RowDate.DayNumber * 0xC2B2AE3D27D4EB4FUL;
        return ((ulong)fields << 32) ^ (amount >> 16);
    }
}
