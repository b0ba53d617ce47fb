using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace GrantTracker.BrowserTests.Infrastructure;

/// <summary>
/// Issue 25: every browser test fails on an error in the browser's console or an uncaught script error, on any page
/// it visits. A style or script the Content-Security-Policy blocks, a missing file or a script that throws is an error
/// the user never sees but the page is broken by, so it is caught where it happens, not by a later field test.
/// </summary>
/// <remarks>
/// An error status of the page itself is not counted (<see cref="IsTheDocumentsOwnStatus"/>): the journeys that ask
/// for a page they may not see check the answer themselves. Watched per browser context (<see cref="IBrowserContext.Console"/> and <see cref="IBrowserContext.WebError"/>), so
/// pages a journey opens itself (a second tab, a print view) are watched too.
/// </remarks>
public sealed class ConsoleErrors
{
    private readonly ConcurrentQueue<string> _errors = new();

    public void Watch(IBrowserContext context)
    {
        context.Console += (_, message) =>
        {
            if (message.Type == "error" && !IsTheDocumentsOwnStatus(message))
            {
                _errors.Enqueue($"console error on {message.Page?.Url}: {message.Text} ({message.Location})");
            }
        };
        context.WebError += (_, error) => _errors.Enqueue($"uncaught script error on {error.Page?.Url}: {error.Error}");
    }

    /// <summary>
    /// "Failed to load resource" for the page itself: a journey that opens a page it may not see, or one that does not
    /// exist, gets a 403 or 404 page on purpose and checks that page. A file the page loads (a style sheet, a script, an
    /// icon) that fails is still an error.
    /// </summary>
    private static bool IsTheDocumentsOwnStatus(IConsoleMessage message)
    {
        if (!message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal) || message.Page is null)
        {
            return false;
        }
        var document = message.Page.Url.Split('#')[0];
        return message.Location.StartsWith(document + ":", StringComparison.Ordinal);
    }

    public void AssertNone() =>
        Assert.True(_errors.IsEmpty, $"{_errors.Count} errors in the browser's console:\n" + string.Join("\n", _errors.Select(e => "- " + e)));
}
