using GrantTracker.Application.Features;
using GrantTracker.Application.Identity;
using GrantTracker.Domain.Common;
using GrantTracker.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace GrantTracker.Web.Tests.Security;

/// <summary>
/// The agreement page, the agreement list and Insatser answer from <see cref="FiguresCache"/> while nothing changes; an
/// answer computed for one scope is never given to another: not the region's to an Utförare, not one provider's to
/// another provider, not a provider's to an officer, whoever asks first.
/// </summary>
public sealed class CachedAnswerScopeTests(GrantTrackerFactory factory) : IClassFixture<GrantTrackerFactory>
{
    private const string OtherProviderEmail = "annan.vardgivare@demo.local";

    /// <summary>The region's allocation of God och nära vård 2023, as the pages write it.</summary>
    private static readonly string RegionTotal = Money.Format(75_422_690m);

    /// <summary>A second provider account, the performer of the other activity. Identity's tables are not audited: the figures' stamp stays.</summary>
    private async Task CreateOtherProviderAsync()
    {
        using var scope = factory.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        if (await users.FindByEmailAsync(OtherProviderEmail) is not null)
        {
            return;
        }
        var user = new AppUser { UserName = OtherProviderEmail, Email = OtherProviderEmail, EmailConfirmed = true, DisplayName = GrantTrackerFactory.OtherPerformer };
        Assert.True((await users.CreateAsync(user, "Demo123!")).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, Roles.Provider)).Succeeded);
    }

    [Fact]
    public async Task A_cached_answer_is_given_only_to_the_scope_it_was_computed_for()
    {
        var ids = await factory.ProviderActivitiesAsync();
        await CreateOtherProviderAsync();
        // Every sign-in is an audit entry, which moves the cache's stamp: all of them first, then only reading.
        var officer = await factory.SignedInAsync("handlaggare@demo.local");
        var own = await factory.SignedInAsync("utforare@demo.local");
        var other = await factory.SignedInAsync(OtherProviderEmail);
        var cache = factory.Services.GetRequiredService<FiguresCache>();
        var agreement = $"/overenskommelser/{ids.Agreement}";

        // The region's answers computed first, then each provider's, then all of them again from the cache.
        for (var round = 1; round <= 2; round++)
        {
            var shared = cache.Shared;
            var computed = cache.Computed;

            var officerAgreement = await officer.GetPageAsync(agreement);
            var officerActivities = await officer.GetPageAsync("/insatser");
            var officerList = await officer.GetPageAsync("/overenskommelser");
            var ownAgreement = await own.GetPageAsync(agreement);
            var ownActivities = await own.GetPageAsync("/insatser");
            var ownList = await own.GetPageAsync("/overenskommelser");
            var otherAgreement = await other.GetPageAsync(agreement);
            var otherActivities = await other.GetPageAsync("/insatser");

            foreach (var page in new[] { officerAgreement, officerActivities })
            {
                Assert.Contains($"href=\"/insatser/{ids.Own}\"", page);
                Assert.Contains($"href=\"/insatser/{ids.Other}\"", page);
            }
            Assert.Contains(RegionTotal, officerAgreement);
            Assert.Contains(RegionTotal, officerList);
            foreach (var page in new[] { ownAgreement, ownActivities })
            {
                Assert.Contains($"href=\"/insatser/{ids.Own}\"", page);
                Assert.DoesNotContain($"href=\"/insatser/{ids.Other}\"", page);
                Assert.DoesNotContain(ids.OtherMeasure, page);
            }
            foreach (var page in new[] { otherAgreement, otherActivities })
            {
                Assert.Contains($"href=\"/insatser/{ids.Other}\"", page);
                Assert.DoesNotContain($"href=\"/insatser/{ids.Own}\"", page);
                Assert.DoesNotContain(ids.OwnMeasure, page);
            }
            foreach (var page in new[] { ownAgreement, ownList, otherAgreement })
            {
                Assert.DoesNotContain(RegionTotal, page);
            }
            if (round == 2)
            {
                // Nothing changed since round 1: every answer came from the cache, none was computed again.
                Assert.Equal(computed, cache.Computed);
                Assert.True(cache.Shared >= shared + 8, $"{cache.Shared - shared} answers from the cache");
            }
        }

        // And in the other order: the providers' answers are cached first (a change moves the stamp), the region's after.
        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<GrantTracker.Application.Data.AppDbContext>();
            db.AuditEntries.Add(new GrantTracker.Application.Auditing.AuditEntry(DateTime.UtcNow, null, "test", "Test", "1", GrantTracker.Application.Auditing.AuditAction.Ändrad, "{}"));
            await db.SaveChangesAsync();
        }
        var ownFirst = await own.GetPageAsync("/insatser");
        var otherNext = await other.GetPageAsync("/insatser");
        var officerLast = await officer.GetPageAsync("/insatser");
        Assert.DoesNotContain($"href=\"/insatser/{ids.Other}\"", ownFirst);
        Assert.DoesNotContain($"href=\"/insatser/{ids.Own}\"", otherNext);
        Assert.Contains($"href=\"/insatser/{ids.Own}\"", officerLast);
        Assert.Contains($"href=\"/insatser/{ids.Other}\"", officerLast);
    }

    [Fact]
    public async Task An_activity_page_kept_for_the_officer_is_never_shown_to_a_provider_it_does_not_belong_to()
    {
        var ids = await factory.ProviderActivitiesAsync();
        var officer = await factory.SignedInAsync("handlaggare@demo.local");
        var own = await factory.SignedInAsync("utforare@demo.local");
        var cache = factory.Services.GetRequiredService<FiguresCache>();

        for (var round = 1; round <= 2; round++)
        {
            var computed = cache.Computed;
            Assert.Contains(ids.OtherMeasure, await officer.GetPageAsync($"/insatser/{ids.Other}")); // kept from round 1 on
            var refused = await own.GetAsync($"/insatser/{ids.Other}");
            Assert.NotEqual(System.Net.HttpStatusCode.OK, refused.StatusCode);
            Assert.DoesNotContain(ids.OtherMeasure, await refused.Content.ReadAsStringAsync());
            Assert.Contains(ids.OwnMeasure, await own.GetPageAsync($"/insatser/{ids.Own}"));
            if (round == 2)
            {
                Assert.Equal(computed, cache.Computed);
            }
        }
    }
}
