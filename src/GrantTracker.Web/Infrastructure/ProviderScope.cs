using System.Security.Claims;
using GrantTracker.Application.Features.Users;
using GrantTracker.Application.Identity;
using GrantTracker.Domain.Common;
using GrantTracker.Domain.Distribution;
using Mediator;
using Microsoft.AspNetCore.Identity;

namespace GrantTracker.Web.Infrastructure;

/// <summary>
/// An Utförare (provider) reads only its own activities: those whose performer is the user's display name
/// (the provider's name). A provider signed in through the region's identity provider has no local account:
/// its name is the claim <see cref="OpenIdConnectSettings.PerformerClaimType"/> (else its user name). Every
/// other role reads all of them.
/// Distributions to primary-care units, their payments and reports are scoped by organisation number instead
/// (<see cref="OrganisationsAsync"/>): a unit is run by an organisation, not by a display name (ADR 14).
/// </summary>
public sealed class ProviderScope(UserManager<AppUser> users, OpenIdConnectSettings oidc, IMediator mediator)
{
    private readonly OpenIdConnectSettings _oidc = oidc;

    // One request's answers (the scope is per request): the page and the navigation's count ask for the same user.
    private (ClaimsPrincipal User, string? Performer)? _performer;
    private (ClaimsPrincipal User, IReadOnlyCollection<string>? Organisations)? _organisations;

    /// <summary>
    /// True when every account is local (no sign-in through the identity provider): only then does GrantTracker
    /// know every provider's name and can tell that an activity's performer has no account.
    /// </summary>
    public bool KnowsEveryProvider => !_oidc.Enabled;

    /// <summary>The performer the user is limited to, or null when the user may read every activity.</summary>
    public async Task<string?> PerformerAsync(ClaimsPrincipal user)
    {
        if (_performer is { } known && ReferenceEquals(known.User, user))
        {
            return known.Performer;
        }
        var performer = await FindPerformerAsync(user);
        _performer = (user, performer);
        return performer;
    }

    private async Task<string?> FindPerformerAsync(ClaimsPrincipal user)
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
    /// The organisation numbers an Utförare acts for, or null when the user may read every unit. A local account's are
    /// set by the administrator (Användare); a user from the identity provider's come from the claim
    /// <see cref="OpenIdConnectSettings.OrganisationNumberClaimType"/>. An Utförare with none sees no unit (an empty set).
    /// </summary>
    public async Task<IReadOnlyCollection<string>?> OrganisationsAsync(ClaimsPrincipal user, CancellationToken ct = default)
    {
        if (_organisations is { } known && ReferenceEquals(known.User, user))
        {
            return known.Organisations;
        }
        var organisations = await FindOrganisationsAsync(user, ct);
        _organisations = (user, organisations);
        return organisations;
    }

    private async Task<IReadOnlyCollection<string>?> FindOrganisationsAsync(ClaimsPrincipal user, CancellationToken ct)
    {
        if (!user.IsInRole(Roles.Provider) || Roles.All.Any(r => r != Roles.Provider && user.IsInRole(r)))
        {
            return null;
        }
        var appUser = await users.GetUserAsync(user);
        if (appUser is not null)
        {
            return [.. await mediator.Send(new GetProviderOrganisationsQuery(appUser.Id), ct)];
        }
        if (!_oidc.Enabled || string.IsNullOrWhiteSpace(_oidc.OrganisationNumberClaimType))
        {
            return [];
        }
        return [.. user.FindAll(_oidc.OrganisationNumberClaimType)
            .SelectMany(c => c.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Select(OrganisationNumber.Normalize)
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)];
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
