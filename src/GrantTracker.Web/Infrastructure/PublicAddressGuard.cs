using System.Net;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.HostFiltering;
using Microsoft.Extensions.Primitives;

namespace GrantTracker.Web.Infrastructure;

/// <summary>
/// The address a request must come to (issue 23). Outside Development a plain-HTTP request is redirected to
/// <c>App:PublicBaseUrl</c>'s scheme and host (the antiforgery and sign-in cookies are Secure, so a page served over HTTP
/// would fail with 500), or, when that address is itself http, answered 400 with a Swedish page. A request whose Host is not
/// allowed is answered 400 with a Swedish page: the allowed hosts are <c>AllowedHosts</c> when it is set, else, outside
/// Development, <c>App:PublicBaseUrl</c>'s host.
/// </summary>
/// <remarks>
/// This replaces ASP.NET Core's own host filtering and HTTPS redirection, for three reasons: the built-in redirection
/// needs an HTTPS port it cannot always find (then it lets the request through, to a 500), its refusal is an English page,
/// and neither lets the monitoring's probes (<see cref="HealthChecks"/>) come over plain HTTP by the server's own address.
/// The probes stay exempt from both checks; they answer one word.
/// </remarks>
public sealed class PublicAddressGuard
{
    private readonly IList<StringSegment> _allowedHosts;
    private readonly bool _requireHttps;
    private readonly string? _publicBase;

    public PublicAddressGuard(IConfiguration configuration, IHostEnvironment environment, PublicUrl publicUrl)
    {
        _publicBase = publicUrl.Configured;
        _requireHttps = !environment.IsDevelopment();
        _allowedHosts = AllowedHosts(configuration, environment);
    }

    /// <summary>The hosts a request may name: empty for any.</summary>
    public static IList<StringSegment> AllowedHosts(IConfiguration configuration, IHostEnvironment environment)
    {
        var configured = configuration["AllowedHosts"]?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (configured is { Length: > 0 })
        {
            return configured.Contains("*") ? [] : [.. configured.Select(h => new StringSegment(h))];
        }
        if (!environment.IsDevelopment() && Uri.TryCreate(configuration[PublicUrl.Setting], UriKind.Absolute, out var uri))
        {
            return [new StringSegment(uri.IdnHost)];
        }
        return [];
    }

    /// <summary>Turns the framework's host filter off: <see cref="PublicAddressGuard"/> does it, in Swedish and with the probes exempt.</summary>
    public static void Register(IServiceCollection services)
    {
        services.Configure<HostFilteringOptions>(o => o.AllowedHosts = ["*"]);
        services.AddSingleton<PublicAddressGuard>();
    }

    /// <summary>Outside Development with an http public address: a plain-HTTP request cannot be redirected and is refused.</summary>
    public bool PublicAddressIsHttp => _requireHttps && _publicBase is not null && !_publicBase.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    public async Task InvokeAsync(HttpContext http, RequestDelegate next)
    {
        if (HealthChecks.IsProbe(http))
        {
            await next(http);
            return;
        }
        var request = http.Request;
        // An HTTP/1.0 request may name no host; like the framework's filter, it is let through (links never come from it).
        if (_allowedHosts.Count > 0 && request.Host.HasValue && !HostString.MatchesAny(new StringSegment(request.Host.Value), _allowedHosts))
        {
            await RefuseAsync(http, "Fel adress",
                _publicBase is null
                    ? "GrantTracker tar inte emot frågor till den här adressen. Använd den adress till GrantTracker som regionen har gett dig."
                    : $"GrantTracker tar inte emot frågor till den här adressen. Öppna {_publicBase} i stället.");
            return;
        }
        if (_requireHttps && !request.IsHttps)
        {
            if (_publicBase is not null && _publicBase.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            {
                // To the configured address, never to the request's Host: the client writes that header.
                http.Response.StatusCode = StatusCodes.Status307TemporaryRedirect;
                http.Response.Headers.Location = _publicBase + request.Path.ToUriComponent() + request.QueryString.ToUriComponent();
                return;
            }
            await RefuseAsync(http, "HTTPS krävs",
                "GrantTracker nås bara över en krypterad anslutning. Öppna adressen med https:// i stället för http://.");
            return;
        }
        await next(http);
    }

    private static async Task RefuseAsync(HttpContext http, string title, string text)
    {
        http.Response.StatusCode = StatusCodes.Status400BadRequest;
        http.Response.ContentType = "text/html; charset=utf-8";
        var html = HtmlEncoder.Default;
        await http.Response.WriteAsync(
            $"<!DOCTYPE html>\n<html lang=\"sv\">\n<head><meta charset=\"utf-8\"><title>{html.Encode(title)} – GrantTracker</title></head>\n" +
            $"<body>\n<main>\n<h1>{html.Encode(title)}</h1>\n<p>{html.Encode(text)}</p>\n</main>\n</body>\n</html>\n");
    }
}
