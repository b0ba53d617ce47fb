using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Identity;

namespace GrantTracker.Web.Infrastructure;

/// <summary>
/// Production sign-in through the region's identity provider (staff sign in with SITHS cards there).
/// Configured under <c>Authentication:OpenIdConnect</c>; off unless <c>Enabled</c> is true. The
/// provider's role or group claims are mapped to GrantTracker's roles by <c>RoleMap</c>.
/// </summary>
public sealed class OpenIdConnectSettings
{
    public const string Section = "Authentication:OpenIdConnect";
    public const string Scheme = "oidc";

    public bool Enabled { get; set; }
    public string DisplayName { get; set; } = "Logga in med SITHS-kort";
    public string Authority { get; set; } = "";
    public string ClientId { get; set; } = "";
    public string? ClientSecret { get; set; }
    public string CallbackPath { get; set; } = "/signin-oidc";

    /// <summary>The provider's metadata only over HTTPS; false only for a test provider on this machine.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;
    public string RoleClaimType { get; set; } = "roles";
    public string NameClaimType { get; set; } = "name";

    /// <summary>
    /// For an Utförare: the claim that names the provider (its organisation), matched against the performer of
    /// activities. Empty: the user's name (<see cref="NameClaimType"/>).
    /// </summary>
    public string PerformerClaimType { get; set; } = "";

    /// <summary>
    /// For an Utförare: the claim that carries the organisation number(s) it acts for (one claim per number, or several
    /// numbers separated by commas); it then sees the distributions, payments and reports of the units those organisations
    /// run. Invalid numbers are ignored. Default <c>organisationNumber</c>.
    /// </summary>
    public string OrganisationNumberClaimType { get; set; } = "organisationNumber";

    /// <summary>Claim value at the identity provider → GrantTracker role, e.g. "GT-Ekonom" → "Ekonom".</summary>
    public Dictionary<string, string> RoleMap { get; set; } = [];

    /// <summary>The settings as configured; off when the section is missing.</summary>
    public static OpenIdConnectSettings From(IConfiguration configuration) =>
        configuration.GetSection(Section).Get<OpenIdConnectSettings>() ?? new();

    /// <summary>The GrantTracker roles a set of provider claims grants; unknown values grant nothing.</summary>
    public IReadOnlyList<string> MapRoles(IEnumerable<Claim> claims) =>
        claims.Where(c => c.Type == RoleClaimType)
            .Select(c => RoleMap.TryGetValue(c.Value, out var role) ? role : null)
            .OfType<string>()
            .Where(r => GrantTracker.Domain.Common.Roles.All.Contains(r))
            .Distinct()
            .ToList();
}

public static class OpenIdConnectSetup
{
    public static void AddRegionIdentityProvider(this AuthenticationBuilder auth, IConfiguration configuration)
    {
        var settings = OpenIdConnectSettings.From(configuration);
        auth.Services.AddSingleton(settings); // read once: ProviderScope asks it on every request
        if (!settings.Enabled)
        {
            return;
        }
        auth.AddOpenIdConnect(OpenIdConnectSettings.Scheme, settings.DisplayName, o =>
        {
            o.SignInScheme = IdentityConstants.ApplicationScheme;
            o.Authority = settings.Authority;
            o.ClientId = settings.ClientId;
            o.ClientSecret = settings.ClientSecret;
            o.CallbackPath = settings.CallbackPath;
            o.RequireHttpsMetadata = settings.RequireHttpsMetadata;
            o.ResponseType = "code";
            o.UsePkce = true;
            o.SaveTokens = false;
            // The provider's claims keep their own names ("roles", "sub", "organisation"). The default mapping turns
            // "roles" into role claims: RoleMap then found nothing to map, and a provider group spelt like a
            // GrantTracker role ("Administratör") granted that role directly. Only RoleMap grants roles.
            o.MapInboundClaims = false;
            o.TokenValidationParameters.NameClaimType = settings.NameClaimType;
            o.TokenValidationParameters.RoleClaimType = ClaimTypes.Role;
            o.Events.OnTokenValidated = context =>
            {
                if (context.Principal?.Identity is ClaimsIdentity identity)
                {
                    var roles = settings.MapRoles(identity.Claims);
                    foreach (var granted in identity.FindAll(ClaimTypes.Role).ToList())
                    {
                        identity.RemoveClaim(granted);
                    }
                    foreach (var role in roles)
                    {
                        identity.AddClaim(new Claim(ClaimTypes.Role, role));
                    }
                }
                return Task.CompletedTask;
            };
        });
    }
}
