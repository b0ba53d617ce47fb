using System.Text.RegularExpressions;

namespace GrantTracker.BrowserTests.Infrastructure;

public static partial class Text
{
    /// <summary>
    /// Collapses every kind of whitespace to one plain space: the app writes amounts with non-breaking spaces
    /// (41&#160;247&#160;254&#160;kr) so that they never wrap, while tests write ordinary ones.
    /// </summary>
    public static string Normalize(string text) => Whitespace().Replace(text, " ").Trim();

    [GeneratedRegex(@"[\s\u00A0\u202F]+")]
    private static partial Regex Whitespace();
}
