using System.Text;
using GrantTracker.Domain.Common;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace GrantTracker.Web.Features.Shared;

/// <summary>
/// Where a form's outcome is shown when the form sits in one section of a longer page (issue 25): the action names the
/// section it came from, sends the user back to the page at <c>#section</c>, and the section renders the success or the
/// refusal inside itself (<c>_SectionOutcome</c>), next to the form and in view. Without the section on the page (it was
/// removed meanwhile) the layout shows the outcome at the top as before, so nothing is ever lost.
/// </summary>
public static class PageSection
{
    private const string Key = "Section";
    private const string Shown = "SectionOutcomeShown";

    /// <summary>The outcome of a command for a section of the page the user is sent back to.</summary>
    public static void Report(this ITempDataDictionary tempData, Result result, string success, string section)
    {
        tempData.Report(result, success);
        tempData[Key] = section;
    }

    /// <summary>A refusal found before the command ran (a date or an amount that did not parse), for a section.</summary>
    public static void Refuse(this ITempDataDictionary tempData, string error, string section)
    {
        tempData["Error"] = error;
        tempData[Key] = section;
    }

    /// <summary>A success for a section.</summary>
    public static void Succeed(this ITempDataDictionary tempData, string message, string section)
    {
        tempData["Message"] = message;
        tempData[Key] = section;
    }

    /// <summary>The section this request's outcome belongs to, if any: read without using it up, as the layout still may.</summary>
    public static bool IsFor(ITempDataDictionary tempData, string section) =>
        tempData.Peek(Key) is string s && string.Equals(s, section, StringComparison.Ordinal);

    /// <summary>Marks the outcome as shown inside its section, so that the layout does not show it a second time at the top.</summary>
    public static void MarkShown(HttpContext context) => context.Items[Shown] = true;

    public static bool WasShown(HttpContext context) => context.Items.TryGetValue(Shown, out var shown) && shown is true;

    /// <summary>An anchor for a page's part whose name is data (an exception's key): letters, digits and hyphens only.</summary>
    public static string Id(string prefix, params object?[] parts)
    {
        var id = new StringBuilder(prefix);
        foreach (var part in parts)
        {
            id.Append('-');
            foreach (var c in Convert.ToString(part, System.Globalization.CultureInfo.InvariantCulture) ?? "")
            {
                id.Append(char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '_');
            }
        }
        return id.ToString();
    }
}
