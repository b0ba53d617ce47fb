using System.Security.Claims;
using GrantTracker.Application.Auditing;
using GrantTracker.Application.Features.Audit;
using Mediator;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace GrantTracker.Web.Infrastructure;

/// <summary>
/// A sign-in is a session with an id of its own (a claim in the cookie). Signing out records the session as ended in
/// the audit trail, and every request checks that record, so a copy of the cookie taken before the sign-out opens
/// nothing afterwards. A local account's cookie is also checked against the account every
/// <see cref="ValidationInterval"/>: a changed password, a removed role or a removed user ends it within that time.
/// </summary>
/// <remarks>
/// Why a record and not only the security stamp: the stamp is checked once per interval, so a copied cookie would
/// still work for up to a minute after sign-out; and a user signed in through the identity provider has no local
/// account and so no stamp. The record needs no table of its own: it is the sign-out's audit entry.
/// </remarks>
public static class Sessions
{
    public const string SessionClaim = "gt:session";

    public static readonly TimeSpan ValidationInterval = TimeSpan.FromMinutes(1);

    public static void Configure(CookieAuthenticationOptions options)
    {
        options.Events.OnSigningIn = OnSigningInAsync;
        options.Events.OnValidatePrincipal = OnValidatePrincipalAsync;
    }

    public static void Configure(SecurityStampValidatorOptions options)
    {
        options.ValidationInterval = ValidationInterval;
        // The refreshed principal is built anew from the account: it keeps the session it belongs to.
        options.OnRefreshingPrincipal = context =>
        {
            if (context.CurrentPrincipal?.FindFirst(SessionClaim) is { } session && context.NewPrincipal?.Identity is ClaimsIdentity identity
                && !identity.HasClaim(c => c.Type == SessionClaim))
            {
                identity.AddClaim(new Claim(SessionClaim, session.Value));
            }
            return Task.CompletedTask;
        };
    }

    /// <summary>True for a principal of a local account (it carries the account's security stamp).</summary>
    public static bool IsLocalAccount(ClaimsPrincipal principal, IdentityOptions identity) =>
        principal.HasClaim(c => c.Type == identity.ClaimsIdentity.SecurityStampClaimType);

    private static async Task OnSigningInAsync(CookieSigningInContext context)
    {
        if (context.Principal?.Identity is not ClaimsIdentity identity || identity.HasClaim(c => c.Type == SessionClaim))
        {
            return;
        }
        var session = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        identity.AddClaim(new Claim(SessionClaim, session));
        var services = context.HttpContext.RequestServices;
        var local = IsLocalAccount(context.Principal, services.GetRequiredService<IOptions<IdentityOptions>>().Value);
        await services.GetRequiredService<IMediator>().Send(new RecordSignInEventCommand(
            AuditAction.SignedIn, identity.Name ?? "", context.Principal.FindFirstValue(ClaimTypes.NameIdentifier) ?? context.Principal.FindFirstValue("sub"), session,
            local ? SignInMethods.Password : SignInMethods.IdentityProvider, RemoteAddress(context.HttpContext)));
    }

    private static async Task OnValidatePrincipalAsync(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal;
        var services = context.HttpContext.RequestServices;
        var session = principal?.FindFirstValue(SessionClaim);
        // A cookie without a session is older than sessions: one more sign-in, and it has one.
        if (principal is null || session is null || await services.GetRequiredService<IMediator>().Send(new SessionEndedQuery(session)))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(context.Scheme.Name);
            return;
        }
        if (IsLocalAccount(principal, services.GetRequiredService<IOptions<IdentityOptions>>().Value) && StampCheckDue(context, services))
        {
            await SecurityStampValidator.ValidatePrincipalAsync(context);
        }
        // Signed in through the identity provider: there is no local account to check; the session lasts until
        // sign-out or the cookie's expiry, and the provider decides the next sign-in.
    }

    /// <summary>
    /// The validator's own test (<c>SecurityStampValidator.ValidateAsync</c>: a cookie without an issue time, or issued
    /// longer than <see cref="ValidationInterval"/> ago), made before the validator is asked for: building it builds the
    /// sign-in manager, the user manager and their stores, about a twentieth of a cached page's CPU, on every request.
    /// </summary>
    private static bool StampCheckDue(CookieValidatePrincipalContext context, IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<SecurityStampValidatorOptions>>().Value;
        var issued = context.Properties.IssuedUtc;
        return issued is null || (options.TimeProvider ?? TimeProvider.System).GetUtcNow() - issued.Value > options.ValidationInterval;
    }

    /// <summary>Ends the signed-in user's session for good (the cookie and every copy of it) and signs out.</summary>
    public static async Task SignOutAsync(HttpContext http, SignInManager<Application.Identity.AppUser> signIn)
    {
        var user = http.User;
        if (user.FindFirstValue(SessionClaim) is { } session)
        {
            var local = IsLocalAccount(user, http.RequestServices.GetRequiredService<IOptions<IdentityOptions>>().Value);
            await http.RequestServices.GetRequiredService<IMediator>().Send(new RecordSignInEventCommand(
                AuditAction.SignedOut, user.Identity?.Name ?? "", user.FindFirstValue(ClaimTypes.NameIdentifier) ?? user.FindFirstValue("sub"), session,
                local ? SignInMethods.Password : SignInMethods.IdentityProvider, RemoteAddress(http)));
        }
        await signIn.SignOutAsync();
    }

    public static string? RemoteAddress(HttpContext http) => http.Connection.RemoteIpAddress?.ToString();
}

/// <summary>How a user signed in, as the audit trail shows it.</summary>
public static class SignInMethods
{
    public const string Password = "Lösenord";
    public const string IdentityProvider = "Identitetsleverantör (SITHS)";
}
