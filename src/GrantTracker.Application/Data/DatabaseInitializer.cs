using GrantTracker.Application.Identity;
using GrantTracker.Application.Seeding;
using Mediator;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GrantTracker.Application.Data;

/// <summary>
/// Migrates the database, loads the seed agreements and the roles, and in demo mode the demo users, the Hälsoval listing and
/// (unless <paramref name="demoLedger"/> is off) a year of booked costs: with <paramref name="demoYear"/> the year as a region
/// lives it (<see cref="DemoYear"/>: activities decided, months closed, the 24 mkr distributed), else the ledger alone.
/// </summary>
public static class DatabaseInitializer
{
    public static async Task InitializeAsync(IServiceProvider services, bool demo, bool demoLedger = true, bool demoYear = false, CancellationToken ct = default)
    {
        using var scope = services.CreateScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<AppDbContext>();
        await db.Database.MigrateAsync(ct);
        // The demo year is dated as it happened (issue 25): on its first start the seeds are registered and the listing imported in January 2023.
        var datedDemo = demo && demoLedger && demoYear && sp.GetService<TimeProvider>() is HoldableClock && !await db.LedgerImports.AnyAsync(ct);
        if (datedDemo)
        {
            DemoYear.Timeline.Hold(sp, DemoYear.Timeline.SeedsRegistered, 9);
        }
        await SeedAgreements.LoadAsync(db, sp.GetService<TimeProvider>() ?? TimeProvider.System, ct);
        var roles = sp.GetService<RoleManager<IdentityRole>>();
        if (roles is not null)
        {
            await DemoUsers.EnsureRolesAsync(roles);
        }
        var users = sp.GetService<UserManager<AppUser>>();
        if (users is null)
        {
            return;
        }
        if (demo)
        {
            await DemoUsers.EnsureUsersAsync(users);
            if (demoLedger && !demoYear && sp.GetService<IMediator>() is { } mediator)
            {
                await DemoLedger.EnsureAsync(db, mediator, ct);
            }
            if (datedDemo)
            {
                DemoYear.Timeline.Hold(sp, DemoYear.Timeline.ListingImported, 10);
            }
            if (sp.GetService<IMediator>() is { } listing)
            {
                await DemoListing.EnsureAsync(db, listing, ct);
            }
            await DemoUsers.EnsureProviderOrganisationAsync(db, users, ct);
            // Each step of the year holds the clock itself.
            (sp.GetService<TimeProvider>() as HoldableClock)?.Release();
            if (demoLedger && demoYear)
            {
                await DemoYear.EnsureAsync(services, ct);
            }
        }
        else
        {
            // Demo users exist only in demo mode: a database that was once a demo loses them.
            await DemoUsers.RemoveUsersAsync(users);
        }
    }
}
