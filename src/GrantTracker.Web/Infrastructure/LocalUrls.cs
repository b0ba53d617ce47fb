using Microsoft.AspNetCore.Mvc;

namespace GrantTracker.Web.Infrastructure;

public static class LocalUrls
{
    /// <summary>
    /// A return address that is safe to redirect to: local (no other site), and printable ASCII only, as a browser
    /// writes a URL (percent-encoded). A control character or a raw non-ASCII letter cannot go into a Location header:
    /// the server would throw, so such an address is treated as foreign.
    /// </summary>
    public static bool IsSafeLocalUrl(this IUrlHelper url, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? value) =>
        !string.IsNullOrEmpty(value) && value.All(c => c is > ' ' and < '\u007f') && url.IsLocalUrl(value);
}
