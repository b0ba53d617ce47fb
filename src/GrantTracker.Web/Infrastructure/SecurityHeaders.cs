using System.Security.Cryptography;

namespace GrantTracker.Web.Infrastructure;

/// <summary>
/// The headers a region's security review expects, on every response (pages, files, errors, static files):
/// a Content-Security-Policy that allows scripts only from the app's own files and forbids framing, nosniff, a
/// same-origin referrer and X-Frame-Options DENY for browsers without frame-ancestors.
/// </summary>
/// <remarks>
/// No inline script and no inline event handler is allowed: behaviour lives in <c>wwwroot/js</c>. The one inline
/// style block (the print view's page margins, which name the report) carries the request's nonce (<see cref="Nonce"/>).
/// </remarks>
public static class SecurityHeaders
{
    private const string NonceKey = "GrantTracker.CspNonce";

    /// <summary>This request's nonce for an inline <c>&lt;style&gt;</c> block.</summary>
    public static string Nonce(HttpContext http)
    {
        if (http.Items[NonceKey] is not string nonce)
        {
            nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
            http.Items[NonceKey] = nonce;
        }
        return nonce;
    }

    /// <summary>
    /// Issue 27, part 3 (ADR 29): the API documentation page (Scalar, a Vue application) is the one page whose script the app
    /// does not write, and it needs three things the rest of the site does not:
    /// <list type="bullet">
    /// <item>script-src: its one inline module script (it starts the bundled scalar.js), which Scalar marks with a fresh nonce per
    /// response and leaves in <c>HttpContext.Items</c>; that nonce is allowed, never 'unsafe-inline';</item>
    /// <item>style-src: its main style sheet carries the request's style nonce (a csp-nonce meta element, see
    /// <see cref="ApiDocumentation"/>); two more style elements it writes without one are allowed by their hashes
    /// (<see cref="ApiDocumentation.PageStyleHashes"/>);</item>
    /// <item>style-src-attr 'unsafe-inline': Vue writes style attributes (sizes, CSS variables) into the page. An attribute
    /// cannot run script; what it could do (restyle the page) needs markup injected into a page that shows only the app's own
    /// document.</item>
    /// </list>
    /// Only a response of that page has Scalar's nonce item (and the path is checked too), so every other response's CSP stays
    /// exactly as it was. Returns that nonce, or null elsewhere.
    /// </summary>
    private static string? ApiDocumentationPageNonce(HttpContext http) =>
        http.Request.Path.StartsWithSegments(ApiDocumentation.PagePath, StringComparison.OrdinalIgnoreCase)
        && http.Items[Scalar.AspNetCore.ScalarOptions.NonceHttpContextItemKey] is string { Length: > 0 } nonce
            ? nonce
            : null;

    /// <param name="formTargets">Other origins a form may lead to: the identity provider, whose sign-in a form starts.</param>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app, IReadOnlyList<string> formTargets)
    {
        var formAction = string.Join(" ", new[] { "'self'" }.Concat(formTargets));
        return app.Use(async (http, next) =>
        {
            http.Response.OnStarting(() =>
            {
                var headers = http.Response.Headers;
                var apiPage = ApiDocumentationPageNonce(http);
                headers.ContentSecurityPolicy =
                    $"default-src 'self'; script-src 'self'{(apiPage is null ? "" : $" 'nonce-{apiPage}'")}; " +
                    $"style-src 'self' 'nonce-{Nonce(http)}'{(apiPage is null ? "" : ApiDocumentation.PageStyleHashes)}; " +
                    (apiPage is null ? "" : "style-src-attr 'unsafe-inline'; ") +
                    "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; " +
                    $"base-uri 'self'; form-action {formAction}; frame-ancestors 'none'";
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "same-origin";
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
                return Task.CompletedTask;
            });
            await next(http);
        });
    }
}
