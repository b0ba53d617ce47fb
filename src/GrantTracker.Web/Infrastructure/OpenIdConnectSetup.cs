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
    public string RoleClaimType { get; set; } = "roles";
    public string NameClaimType { get; set; } = "name";

    /// <summary>
    /// For an Utförare: the claim that names the provider (its organisation), matched against the performer of
    /// activities. Empty: the user's name (<see cref="NameClaimType"/>).
    /// </summary>
    public string PerformerClaimType { get; set; } = "";

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
            o.ResponseType = "code";
            o.UsePkce = true;
            o.SaveTokens = false;
            o.TokenValidationParameters.NameClaimType = settings.NameClaimType;
            o.Events.OnTokenValidated = context =>
            {
                if (context.Principal?.Identity is ClaimsIdentity identity)
                {
                    foreach (var role in settings.MapRoles(identity.Claims))
                    {
                        identity.AddClaim(new Claim(ClaimTypes.Role, role));
                    }
                }
                return Task.CompletedTask;
            };
        });
    }
}
