using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using GrantTracker.Application.Features.Tokens;
using GrantTracker.Application.Identity;
using Mediator;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace GrantTracker.Web.Infrastructure;

/// <summary>Names of the personal-access-token scheme (issue 27) that the feed's policy (<see cref="Policies.ReadFeed"/>) uses.</summary>
public static class AccessTokenDefaults
{
    public const string Scheme = "AccessToken";

    /// <summary>The claim that carries the token's id: the rate limiter's partition (<see cref="FeedRateLimit"/>), and which token read what.</summary>
    public const string TokenIdClaim = "gt:access-token";

    public const string Realm = "GrantTracker";

    /// <summary>
    /// Excel's and Power BI's OData connectors offer Basic authentication (and anonymous, and an organisational account), so Basic
    /// comes first; any user name, the token as the password. Bearer for scripts.
    /// </summary>
    public static readonly string[] Challenges = [$"Basic realm=\"{Realm}\", charset=\"UTF-8\"", $"Bearer realm=\"{Realm}\""];
}

/// <summary>
/// Authenticates a request by a personal access token, sent as <c>Authorization: Bearer gt_…</c> or as the password of
/// <c>Authorization: Basic</c>. The principal is the one a cookie sign-in builds (the registered
/// <see cref="IUserClaimsPrincipalFactory{TUser}"/>: name, id, roles), so <see cref="ProviderScope"/> scopes an Utförare's token
/// exactly as its pages, plus <see cref="AccessTokenDefaults.TokenIdClaim"/>.
/// </summary>
/// <remarks>
/// Not the default scheme: pages authenticate by cookie only and never look at the Authorization header, and the feed's policy
/// names only this scheme, so a cookie never authenticates the feed (no cross-site request can read it). Every request reads the
/// token from the database (one indexed look-up): nothing is cached, so a revoked token fails at the very next request. A challenge
/// is a 401 with the Basic and Bearer challenges and a short text, never a redirect to the sign-in page.
/// </remarks>
public sealed class AccessTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    IMediator mediator, IUserClaimsPrincipalFactory<AppUser> principals, IOptions<IdentityOptions> identity)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string NoToken =
        "Ange en åtkomsttoken: i Excel och Power BI som lösenord med Grundläggande (Basic) autentisering, valfritt användarnamn; " +
        "annars som \"Authorization: Bearer <token>\". Skapa en token under Åtkomsttoken (/konto/token). " +
        "(An access token is required: Basic authentication with the token as the password, or Bearer.)";

    public const string Malformed =
        "Authorization-huvudet kunde inte läsas. Skicka \"Bearer <token>\", eller Basic med token som lösenord. " +
        "(The Authorization header could not be read.)";

    public const string Refused = "Din roll får inte läsa det här. (Your role may not read this.)";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (string.IsNullOrWhiteSpace(header))
        {
            return AuthenticateResult.NoResult();
        }
        if (ReadSecret(header) is not { } secret)
        {
            return AuthenticateResult.Fail(Malformed);
        }
        var result = await mediator.Send(new AuthenticateAccessTokenCommand(secret), Context.RequestAborted);
        if (!result.Succeeded)
        {
            return AuthenticateResult.Fail(string.Join(" ", result.Errors.Select(e => e.Message)));
        }
        var built = await principals.CreateAsync(result.Value.User);
        var claims = identity.Value.ClaimsIdentity;
        var tokenIdentity = new ClaimsIdentity(built.Claims, Scheme.Name, claims.UserNameClaimType, claims.RoleClaimType);
        tokenIdentity.AddClaim(new Claim(AccessTokenDefaults.TokenIdClaim, result.Value.TokenId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(tokenIdentity), Scheme.Name));
    }

    /// <summary>The token of "Bearer &lt;token&gt;" or the password of "Basic base64(user:token)"; null when the header is neither.</summary>
    public static string? ReadSecret(string header)
    {
        if (!AuthenticationHeaderValue.TryParse(header, out var value) || string.IsNullOrWhiteSpace(value.Parameter))
        {
            return null;
        }
        if (value.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
        {
            return value.Parameter.Trim();
        }
        if (!value.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        Span<byte> bytes = stackalloc byte[256];
        if (value.Parameter.Length > 340 || !Convert.TryFromBase64String(value.Parameter.Trim(), bytes, out var written))
        {
            return null;
        }
        var pair = Encoding.UTF8.GetString(bytes[..written]);
        var colon = pair.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? null : pair[(colon + 1)..].Trim();
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        foreach (var challenge in AccessTokenDefaults.Challenges)
        {
            Response.Headers.Append(HeaderNames.WWWAuthenticate, challenge);
        }
        // A body of its own: the status-code pages leave it alone (no Swedish HTML error page for a tool).
        // Only this handler's own refusals are shown; any other failure's message (an exception's) is not for the client.
        await WriteTextAsync(result.Failure is AuthenticationFailureException refused ? refused.Message : NoToken);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return WriteTextAsync(Refused);
    }

    private Task WriteTextAsync(string text)
    {
        Response.ContentType = "text/plain; charset=utf-8";
        Response.Headers.CacheControl = "no-store";
        return Response.WriteAsync(text + "\n", Context.RequestAborted);
    }
}
