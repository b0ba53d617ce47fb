using System.Globalization;
using System.Text;

namespace GrantTracker.Application.Features.Deadlines;

/// <summary>An all-day event in a calendar feed.</summary>
/// <param name="RemindDaysBefore">A display alarm (VALARM) this many days before the day, each; none for a deadline already met.</param>
public sealed record CalendarEvent(string Uid, DateOnly Date, string Summary, string Description, string? Url, IReadOnlyList<int>? RemindDaysBefore = null);

/// <summary>
/// Writes an iCalendar (RFC 5545) feed: CRLF line endings, TEXT values escaped (backslash, semicolon, comma,
/// newline), and content lines folded at 75 octets of UTF-8 without splitting a character.
/// </summary>
public static class ICalendarWriter
{
    public const string ContentType = "text/calendar; charset=utf-8";

    private const int MaxOctets = 75;

    public static string Write(string calendarName, DateTime stampUtc, IEnumerable<CalendarEvent> events)
    {
        var text = new StringBuilder();
        void Line(string line) => Fold(text, line);

        Line("BEGIN:VCALENDAR");
        Line("VERSION:2.0");
        Line("PRODID:-//GrantTracker//Deadlines//SV");
        Line("CALSCALE:GREGORIAN");
        Line("METHOD:PUBLISH");
        Line("X-WR-CALNAME:" + Escape(calendarName));
        // Outlook and others poll a subscribed feed; an hour is often enough for deadlines.
        Line("X-PUBLISHED-TTL:PT1H");
        Line("REFRESH-INTERVAL;VALUE=DURATION:PT1H");
        var stamp = stampUtc.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        foreach (var e in events)
        {
            Line("BEGIN:VEVENT");
            Line("UID:" + e.Uid);
            Line("DTSTAMP:" + stamp);
            Line("DTSTART;VALUE=DATE:" + Date(e.Date));
            Line("DTEND;VALUE=DATE:" + Date(e.Date.AddDays(1)));
            Line("SUMMARY:" + Escape(e.Summary));
            Line("DESCRIPTION:" + Escape(e.Description));
            if (e.Url is not null)
            {
                Line("URL:" + e.Url);
            }
            // A deadline is a reminder, not a meeting: it must not show the day as busy.
            Line("TRANSP:TRANSPARENT");
            foreach (var days in (e.RemindDaysBefore ?? []).Where(d => d > 0).Distinct().OrderDescending())
            {
                // Relative to the all-day event's start (midnight): -P14D is the morning of the day 14 days before.
                Line("BEGIN:VALARM");
                Line("ACTION:DISPLAY");
                Line("DESCRIPTION:" + Escape($"Om {days} dagar: {e.Summary}"));
                Line($"TRIGGER:-P{days.ToString(CultureInfo.InvariantCulture)}D");
                Line("END:VALARM");
            }
            Line("END:VEVENT");
        }
        Line("END:VCALENDAR");
        return text.ToString();
    }

    /// <summary>Escapes a TEXT value (RFC 5545 3.3.11).</summary>
    public static string Escape(string value) =>
        value
            .Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace(";", "\\;", StringComparison.Ordinal)
            .Replace(",", "\\,", StringComparison.Ordinal)
            .Replace("\r\n", "\\n", StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal)
            .Replace("\r", "\\n", StringComparison.Ordinal);

    private static string Date(DateOnly date) => date.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    /// <summary>Appends a content line, folded so that no line exceeds 75 octets; a continuation starts with a space (RFC 5545 3.1).</summary>
    private static void Fold(StringBuilder text, string line)
    {
        var octets = 0;
        foreach (var rune in line.EnumerateRunes())
        {
            var size = rune.Utf8SequenceLength;
            if (octets + size > MaxOctets)
            {
                text.Append("\r\n ");
                octets = 1;
            }
            text.Append(rune.ToString());
            octets += size;
        }
        text.Append("\r\n");
    }
}
