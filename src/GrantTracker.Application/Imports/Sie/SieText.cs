namespace GrantTracker.Application.Imports.Sie;

/// <summary>Writing SIE 4: a text field in quotes, with backslashes and quotes escaped as the standard says (the tokenizer reads them back).</summary>
internal static class SieText
{
    public static string Quote(string text) => "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}
