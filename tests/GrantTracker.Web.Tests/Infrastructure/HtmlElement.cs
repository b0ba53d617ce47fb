using System.Text.RegularExpressions;

namespace GrantTracker.Web.Tests.Infrastructure;

/// <summary>One element of a page by its id, with everything inside it: to test that a message is shown in a section, not just on the page.</summary>
public static class HtmlElement
{
    public static string ById(string html, string id) => ByAttribute(html, "id", id);

    public static string ByTestId(string html, string testId) => ByAttribute(html, "data-testid", testId);

    private static string ByAttribute(string html, string attribute, string id)
    {
        var open = Regex.Match(html, $"<([a-z0-9]+)[^>]*\\s{attribute}=\"{Regex.Escape(id)}\"[^>]*>");
        Assert.True(open.Success, $"The page has no element with {attribute}=\"{id}\".");
        var tag = open.Groups[1].Value;
        var depth = 0;
        foreach (Match m in Regex.Matches(html[open.Index..], $"<(/?){tag}(?=[\\s>/])[^>]*>"))
        {
            depth += m.Groups[1].Value == "/" ? -1 : 1;
            if (depth == 0)
            {
                return html.Substring(open.Index, m.Index + m.Length);
            }
        }
        throw new InvalidOperationException($"The element with {attribute}=\"{id}\" is not closed.");
    }
}
