using System.Security.Claims;
using GrantTracker.Application.Identity;
using GrantTracker.Domain.Common;
using Microsoft.AspNetCore.Identity;

namespace GrantTracker.Web.Infrastructure;

/// <summary>
/// An Utförare (provider) reads only its own activities: those whose performer is the user's display name
/// (the provider's name). Every other role reads all of them.
/// </summary>
public sealed class ProviderScope(UserManager<AppUser> users)
{
    /// <summary>The performer the user is limited to, or null when the user may read every activity.</summary>
    public async Task<string?> PerformerAsync(ClaimsPrincipal user)
    {
        if (!user.IsInRole(Roles.Provider) || Roles.All.Any(r => r != Roles.Provider && user.IsInRole(r)))
        {
            return null;
        }
        var appUser = await users.GetUserAsync(user);
        // A provider without a name sees nothing rather than everything.
        return string.IsNullOrWhiteSpace(appUser?.DisplayName) ? "\u0000" : appUser.DisplayName;
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
