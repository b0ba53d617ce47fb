using System.Globalization;

namespace GrantTracker.Domain.Common;

/// <summary>A calendar month, the unit of ledger follow-up and month close. Stored as yyyymm.</summary>
public readonly record struct YearMonth : IComparable<YearMonth>
{
    public YearMonth(int year, int month)
    {
        if (year is < 1900 or > 9999)
        {
            throw new ArgumentOutOfRangeException(nameof(year), year, "Year must be 1900–9999.");
        }
        if (month is < 1 or > 12)
        {
            throw new ArgumentOutOfRangeException(nameof(month), month, "Month must be 1–12.");
        }
        Year = year;
        Month = month;
    }

    public int Year { get; }

    public int Month { get; }

    public static YearMonth Of(DateOnly date) => new(date.Year, date.Month);

    public static YearMonth FromNumber(int yyyymm) => new(yyyymm / 100, yyyymm % 100);

    public int ToNumber() => Year * 100 + Month;

    public DateOnly FirstDay => new(Year, Month, 1);

    public DateOnly LastDay => FirstDay.AddMonths(1).AddDays(-1);

    public YearMonth AddMonths(int months) => Of(FirstDay.AddMonths(months));

    public static bool TryParse(string? text, out YearMonth value)
    {
        value = default;
        if (text is null || text.Length != 7 || text[4] != '-'
            || !int.TryParse(text.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var y)
            || !int.TryParse(text.AsSpan(5, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var m)
            || y < 1900 || m is < 1 or > 12)
        {
            return false;
        }
        value = new YearMonth(y, m);
        return true;
    }

    public static YearMonth Parse(string text) =>
        TryParse(text, out var value) ? value : throw new FormatException($"'{text}' is not a month (YYYY-MM).");

    public int CompareTo(YearMonth other) => ToNumber().CompareTo(other.ToNumber());

    public static bool operator <(YearMonth a, YearMonth b) => a.CompareTo(b) < 0;

    public static bool operator >(YearMonth a, YearMonth b) => a.CompareTo(b) > 0;

    public static bool operator <=(YearMonth a, YearMonth b) => a.CompareTo(b) <= 0;

    public static bool operator >=(YearMonth a, YearMonth b) => a.CompareTo(b) >= 0;

    public override string ToString() => $"{Year:D4}-{Month:D2}";
}
