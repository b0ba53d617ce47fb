using System.Security.Claims;
using GrantTracker.Application.Identity;
using GrantTracker.Domain.Common;
using Microsoft.AspNetCore.Identity;

namespace GrantTracker.Web.Infrastructure;

/// <summary>
/// An Utförare (provider) reads only its own activities: those whose performer is the user's display name
/// (the provider's name). A provider signed in through the region's identity provider has no local account:
/// its name is the claim <see cref="OpenIdConnectSettings.PerformerClaimType"/> (else its user name). Every
/// other role reads all of them.
/// </summary>
public sealed class ProviderScope(UserManager<AppUser> users, OpenIdConnectSettings oidc)
{
    private readonly OpenIdConnectSettings _oidc = oidc;

    /// <summary>
    /// True when every account is local (no sign-in through the identity provider): only then does GrantTracker
    /// know every provider's name and can tell that an activity's performer has no account.
    /// </summary>
    public bool KnowsEveryProvider => !_oidc.Enabled;

    /// <summary>The performer the user is limited to, or null when the user may read every activity.</summary>
    public async Task<string?> PerformerAsync(ClaimsPrincipal user)
    {
        if (!user.IsInRole(Roles.Provider) || Roles.All.Any(r => r != Roles.Provider && user.IsInRole(r)))
        {
            return null;
        }
        var appUser = await users.GetUserAsync(user);
        var name = appUser is not null ? appUser.DisplayName
            : !_oidc.Enabled ? null
            : string.IsNullOrWhiteSpace(_oidc.PerformerClaimType) ? user.Identity?.Name
            : user.FindFirstValue(_oidc.PerformerClaimType);
        // A provider without a name sees nothing rather than everything.
        return string.IsNullOrWhiteSpace(name) ? "\u0000" : name;
    }

    /// <summary>
    /// The names of the provider accounts, in the request's (Swedish) order: the activity form offers them for the performer, and
    /// the activity page warns when a provider's activity names a performer that no account has, since that
    /// provider would not see it.
    /// </summary>
    public async Task<IReadOnlyList<string>> ProviderNamesAsync() =>
        (await users.GetUsersInRoleAsync(Roles.Provider))
            .Select(u => u.DisplayName)
            .Where(n => !string.IsNullOrWhiteSpace(n))
            .Select(n => n!)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.CurrentCulture)
            .ToList();
}
