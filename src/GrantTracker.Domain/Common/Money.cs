using System.Globalization;

namespace GrantTracker.Domain.Common;

/// <summary>
/// Money is a <see cref="decimal"/> amount of Swedish kronor with at most two decimals (öre).
/// The database stores whole öre as a 64-bit integer so that SQL sums and compares exactly.
/// </summary>
public static class Money
{
    public static long ToOre(decimal kronor)
    {
        var ore = kronor * 100m;
        if (ore != decimal.Truncate(ore))
        {
            throw new ArgumentException($"{kronor} has more than two decimals; amounts are whole öre.", nameof(kronor));
        }
        return decimal.ToInt64(ore);
    }

    public static decimal FromOre(long ore) => ore / 100m;

    public static bool IsWholeOre(decimal kronor) => kronor * 100m == decimal.Truncate(kronor * 100m);

    /// <summary>Swedish display: <c>41 247 254 kr</c>, or <c>1 234,50 kr</c> when there are öre.</summary>
    public static string Format(decimal kronor) => FormatNumber(kronor) + SwedishFormat.Space + "kr";

    public static string Format(decimal? kronor) => kronor is null ? "–" : Format(kronor.Value);

    /// <summary>The number alone, grouped and with a decimal comma when there are öre.</summary>
    public static string FormatNumber(decimal kronor) =>
        kronor == decimal.Truncate(kronor)
            ? kronor.ToString("#,0", SwedishFormat.Numbers)
            : kronor.ToString("#,0.00", SwedishFormat.Numbers);

    /// <summary>Millions of kronor with one decimal, for agreement tables: <c>12,6 mkr</c>. Display only.</summary>
    public static string FormatMillions(decimal kronor) =>
        (kronor / 1_000_000m).ToString("#,0.0", SwedishFormat.Numbers) + SwedishFormat.Space + "mkr";

    /// <summary>
    /// The largest amount the app takes, either sign: 15 digits before the decimal comma, as a SIE amount may have. Its öre
    /// fit a 64-bit integer with room for sums, so no amount that was taken can overflow later.
    /// </summary>
    public const decimal MaxAmount = 999_999_999_999_999.99m;

    /// <summary>What a user reads when an amount is beyond <see cref="MaxAmount"/>.</summary>
    public static string TooLargeMessage(string text) =>
        $"Beloppet ”{Shorten(text.Trim())}” är för stort. Ett belopp får vara högst {FormatNumber(MaxAmount)} kr.";

    /// <summary>Parses a Swedish amount as typed: spaces as group separators, comma or point as decimal sign, optional "kr".</summary>
    /// <returns>False for anything else, and for an amount beyond <see cref="MaxAmount"/> (see <see cref="IsTooLarge"/>).</returns>
    public static bool TryParse(string? text, out decimal kronor)
    {
        kronor = 0;
        if (Clean(text) is not { } cleaned)
        {
            return false;
        }
        return decimal.TryParse(cleaned, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out kronor)
               && Math.Abs(kronor) <= MaxAmount
               && IsWholeOre(kronor);
    }

    /// <summary>
    /// True when the text is written as an amount (digits, an optional sign and decimal comma or point, or an exponent such as
    /// 1e20) but is beyond <see cref="MaxAmount"/>, so that the user is told it is too large rather than that it is no amount.
    /// </summary>
    public static bool IsTooLarge(string? text)
    {
        if (Clean(text) is not { } cleaned)
        {
            return false;
        }
        if (decimal.TryParse(cleaned, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var exact))
        {
            return Math.Abs(exact) > MaxAmount;
        }
        // Beyond decimal's range, or with an exponent: a double says how large it is, exactly enough at this distance.
        return double.TryParse(cleaned, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var value)
               && Math.Abs(value) >= 1e15;
    }

    private static string? Clean(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        var cleaned = text.Trim();
        if (cleaned.EndsWith("kr", StringComparison.OrdinalIgnoreCase))
        {
            cleaned = cleaned[..^2];
        }
        cleaned = new string(cleaned.Where(c => !char.IsWhiteSpace(c) && c != '\u00A0' && c != '\u202F').ToArray());
        return cleaned.Replace('\u2212', '-').Replace(',', '.');
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : string.Concat(text.AsSpan(0, 39), "…");
}

/// <summary>
/// sv-SE formatting that does not depend on the machine's ICU data: a non-breaking space groups
/// thousands (so an amount never wraps), a comma marks decimals, dates are ISO (2024-03-31).
/// </summary>
public static class SwedishFormat
{
    public const char Space = '\u00A0';

    public static readonly NumberFormatInfo Numbers = new()
    {
        NumberGroupSeparator = Space.ToString(),
        NumberDecimalSeparator = ",",
        NumberGroupSizes = [3],
        NegativeSign = "−",
    };

    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Date(DateOnly? date) => date is null ? "–" : Date(date.Value);

    /// <summary>The region's clock: Europe/Stockholm, summer time included (UTC if the machine lacks tzdata).</summary>
    public static readonly TimeZoneInfo Zone = FindZone();

    /// <summary>A moment as the users read it: Swedish local time, <c>2024-03-31 14:05</c>.</summary>
    public static string DateTime(DateTimeOffset at) =>
        TimeZoneInfo.ConvertTime(at, Zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary>A stored UTC time (EF reads it back as Unspecified) as Swedish local time: <c>2024-03-31 14:05</c>.</summary>
    public static string DateTime(System.DateTime utc) => Local(utc).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary>A stored UTC time as Swedish local time, with seconds: <c>2024-03-31 14:05:09</c>.</summary>
    public static string DateTimeSeconds(System.DateTime utc) => Local(utc).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    private static System.DateTime Local(System.DateTime utc) =>
        TimeZoneInfo.ConvertTimeFromUtc(System.DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone);

    /// <summary>Today as the region's users see it: the date in Sweden, whatever the server's time zone.</summary>
    public static DateOnly Today(TimeProvider clock) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), Zone).DateTime);

    /// <summary>The UTC moment at which a Swedish calendar day starts.</summary>
    public static System.DateTime StartOfDayUtc(DateOnly day) =>
        TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified), Zone);

    private static TimeZoneInfo FindZone()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Europe/Stockholm");
        }
        catch (TimeZoneNotFoundException)
        {
            return TimeZoneInfo.Utc;
        }
    }

    public static string Percent(decimal fraction) => (fraction * 100m).ToString("0.0", Numbers) + SwedishFormat.Space + "%";
}
