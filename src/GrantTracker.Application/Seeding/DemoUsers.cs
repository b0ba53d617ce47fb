using GrantTracker.Application.Identity;
using GrantTracker.Domain.Common;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Seeding;

/// <summary>One demo user per role, for the embedded database's demo mode only.</summary>
public static class DemoUsers
{
    public const string Password = "Demo123!";

    public static readonly IReadOnlyList<(string Email, string Name, string Role)> All =
    [
        ("admin@demo.local", "Alva Administratör", Roles.Administrator),
        ("handlaggare@demo.local", "Hanna Handläggare", Roles.Officer),
        ("beslutsfattare@demo.local", "Bertil Beslutsfattare", Roles.DecisionMaker),
        ("ekonom@demo.local", "Eva Ekonom", Roles.Finance),
        ("utforare@demo.local", "Ulf Utförare", Roles.Provider),
        ("revisor@demo.local", "Rut Revisor", Roles.Auditor),
    ];

    public static async Task EnsureRolesAsync(RoleManager<IdentityRole> roles)
    {
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                Check(await roles.CreateAsync(new IdentityRole(role)), role);
            }
        }
    }

    public static async Task EnsureUsersAsync(UserManager<AppUser> users)
    {
        foreach (var (email, name, role) in All)
        {
            if (await users.FindByEmailAsync(email) is not null)
            {
                continue;
            }
            var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = name };
            Check(await users.CreateAsync(user, Password), email);
            Check(await users.AddToRoleAsync(user, role), email);
        }
    }

    /// <summary>
    /// The demo Utförare acts for the organisation that runs the demo listing's private unit in Östersund
    /// (<see cref="DemoListing.ProviderOrganisation"/>), so it sees that unit's distributions and reports back for it.
    /// Given once: an administrator's later change stands.
    /// </summary>
    public static async Task EnsureProviderOrganisationAsync(Data.AppDbContext db, UserManager<AppUser> users, CancellationToken ct = default)
    {
        var provider = await users.FindByEmailAsync(ProviderEmail);
        if (provider is null || await db.ProviderOrganisations.AnyAsync(p => p.UserId == provider.Id, ct))
        {
            return;
        }
        db.ProviderOrganisations.Add(new Domain.Distribution.ProviderOrganisation { UserId = provider.Id, OrganisationNumber = DemoListing.ProviderOrganisation });
        await db.SaveChangesAsync(ct);
    }

    public const string ProviderEmail = "utforare@demo.local";

    public static async Task RemoveUsersAsync(UserManager<AppUser> users)
    {
        foreach (var (email, _, _) in All)
        {
            if (await users.FindByEmailAsync(email) is { } user)
            {
                Check(await users.DeleteAsync(user), email);
            }
        }
    }

    private static void Check(IdentityResult result, string what)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Could not create demo {what}: " + string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }
}
