using System.Text.Json;
using Microsoft.Playwright;

namespace GrantTracker.BrowserTests.Infrastructure;

/// <summary>
/// Runs axe-core (npm, copied to the output by the build) on the page as it is, for WCAG 2.1 A and AA, and fails with
/// every violation: its rule id, impact, help text and the elements (CSS targets) it was found on.
/// </summary>
public static class Accessibility
{
    /// <summary>The WCAG 2.0 and 2.1 levels A and AA: what the Swedish public-sector accessibility law asks.</summary>
    private static readonly string[] Tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

    private static readonly Lazy<string> Script = new(() => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "axe", "axe.min.js")));

    public static async Task AssertNoViolationsAsync(IPage page)
    {
        // Evaluated through the browser's debugging protocol, which the page's Content-Security-Policy does not govern:
        // no script tag, so the app's policy stays as strict in the test as in production.
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe !== 'undefined'"))
        {
            await page.EvaluateAsync(Script.Value);
        }
        var json = await page.EvaluateAsync<string>(
            "async tags => JSON.stringify((await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] })).violations" +
            ".map(v => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map(n => n.target.join(' ')), summary: v.nodes[0] ? v.nodes[0].failureSummary : null })))",
            Tags);
        var violations = JsonSerializer.Deserialize<List<Violation>>(json, new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!;
        Assert.True(violations.Count == 0,
            $"{page.Url}: {violations.Count} WCAG 2.1 AA violations:\n" + string.Join("\n",
                violations.Select(v => $"- {v.Id} ({v.Impact}): {v.Help}; {v.Targets.Count} elements: {string.Join(" | ", v.Targets.Take(25))}; first: {v.Summary}")));
    }

    private sealed record Violation(string Id, string? Impact, string Help, List<string> Targets, string? Summary);
}
