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
    /// Issue 27, part 3 (ADR 29): the API documentation page (Scalar) starts its bundled script with one inline module script,
    /// which Scalar marks with a fresh nonce per response and leaves in <c>HttpContext.Items</c>. That page's script-src allows
    /// that nonce, and nothing else changes: no 'unsafe-inline', no other origin. Every other response has no such item (and the
    /// path is checked too), so its CSP stays as it was.
    /// </summary>
    private static string ScriptNonce(HttpContext http) =>
        http.Request.Path.StartsWithSegments(ApiDocumentation.PagePath, StringComparison.OrdinalIgnoreCase)
        && http.Items[Scalar.AspNetCore.ScalarOptions.NonceHttpContextItemKey] is string { Length: > 0 } nonce
            ? $" 'nonce-{nonce}'"
            : "";

    /// <param name="formTargets">Other origins a form may lead to: the identity provider, whose sign-in a form starts.</param>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app, IReadOnlyList<string> formTargets)
    {
        var formAction = string.Join(" ", new[] { "'self'" }.Concat(formTargets));
        return app.Use(async (http, next) =>
        {
            http.Response.OnStarting(() =>
            {
                var headers = http.Response.Headers;
                headers.ContentSecurityPolicy =
                    $"default-src 'self'; script-src 'self'{ScriptNonce(http)}; " +
                    $"style-src 'self' 'nonce-{Nonce(http)}'; " +
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
