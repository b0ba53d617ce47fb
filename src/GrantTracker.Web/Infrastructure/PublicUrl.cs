namespace GrantTracker.Web.Infrastructure;

/// <summary>
/// The address users reach the app at, for every absolute link the app hands out (the calendar feed and its link).
/// Set by <c>App:PublicBaseUrl</c>; never taken from the request's Host header, which the client writes.
/// </summary>
/// <remarks>
/// Required outside Development (the app refuses to start without it). In Development, when unset, the request's own
/// address is used so that <c>dotnet run</c> works on any port.
/// </remarks>
public sealed class PublicUrl
{
    public const string Setting = "App:PublicBaseUrl";

    private readonly string? _configured;

    public PublicUrl(IConfiguration configuration, IHostEnvironment environment)
    {
        var value = configuration[Setting];
        if (string.IsNullOrWhiteSpace(value))
        {
            if (!environment.IsDevelopment())
            {
                throw new InvalidOperationException(
                    $"{Setting} (environment variable App__PublicBaseUrl) is not set. Set it to the address users reach GrantTracker at, e.g. https://granttracker.region.se.");
            }
            return;
        }
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
        {
            throw new InvalidOperationException($"{Setting} must be an absolute http(s) address without query, e.g. https://granttracker.region.se; it is '{value}'.");
        }
        _configured = uri.GetLeftPart(UriPartial.Path).TrimEnd('/');
    }

    /// <summary>The configured base address without a trailing slash, or null when unset (Development only).</summary>
    public string? Configured => _configured;

    /// <summary>The base address, without a trailing slash, e.g. https://granttracker.region.se.</summary>
    public string Base(HttpRequest request) => _configured ?? $"{request.Scheme}://{request.Host}{request.PathBase}";
}
