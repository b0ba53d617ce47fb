using System.Net;
using GrantTracker.Domain.Common;
using GrantTracker.Web.Tests.Infrastructure;

namespace GrantTracker.Web.Tests.Security;

/// <summary>
/// An Utförare sees the activities it performs and the money of those activities, nothing else of the region's: checked
/// by what the pages say, not only by their status.
/// </summary>
public sealed class ProviderVisibilityTests(GrantTrackerFactory factory) : IClassFixture<GrantTrackerFactory>
{
    /// <summary>The region's allocation of God och nära vård 2023, as the pages write it.</summary>
    private static readonly string RegionTotal = Money.Format(75_422_690m);

    [Fact]
    public async Task The_agreement_page_shows_a_provider_its_own_activity_and_neither_another_providers_nor_the_allocation()
    {
        var ids = await factory.ProviderActivitiesAsync();
        var provider = await factory.SignedInAsync("utforare@demo.local");
        var officer = await factory.SignedInAsync("handlaggare@demo.local");

        var page = await provider.GetPageAsync($"/overenskommelser/{ids.Agreement}");
        var officerPage = await officer.GetPageAsync($"/overenskommelser/{ids.Agreement}");

        Assert.Contains($"href=\"/insatser/{ids.Own}\"", page);
        Assert.DoesNotContain($"href=\"/insatser/{ids.Other}\"", page);
        Assert.DoesNotContain(ids.OtherMeasure, page);
        Assert.DoesNotContain(RegionTotal, page);
        Assert.DoesNotContain("data-testid=\"allocation-tree\"", page);
        Assert.DoesNotContain("Regionens tilldelning", page);
        Assert.DoesNotContain(Money.Format(41_247_254m), page); // a line's amount
        // The same page for an officer: the figures are there, so their absence above is the scoping.
        Assert.Contains(RegionTotal, officerPage);
        Assert.Contains($"href=\"/insatser/{ids.Other}\"", officerPage);
    }

    [Fact]
    public async Task The_start_page_and_the_agreement_list_show_a_provider_no_agreement_totals()
    {
        await factory.ProviderActivitiesAsync();
        var provider = await factory.SignedInAsync("utforare@demo.local");
        var officer = await factory.SignedInAsync("handlaggare@demo.local");

        var home = await provider.GetPageAsync("/");
        var list = await provider.GetPageAsync("/overenskommelser");

        Assert.Contains("God och nära vård 2023", home);
        Assert.Contains("God och nära vård 2023", list);
        Assert.DoesNotContain(RegionTotal, home);
        Assert.DoesNotContain(RegionTotal, list);
        Assert.DoesNotContain("Regionens tilldelning", list);
        Assert.Contains(RegionTotal, await officer.GetPageAsync("/"));
        Assert.Contains(RegionTotal, await officer.GetPageAsync("/overenskommelser"));
    }

    [Fact]
    public async Task A_deadline_shows_a_provider_no_readiness_naming_other_activities()
    {
        var ids = await factory.ProviderActivitiesAsync();
        var provider = await factory.SignedInAsync("utforare@demo.local");
        var officer = await factory.SignedInAsync("handlaggare@demo.local");
        var deadlines = await officer.GetPageAsync("/deadlines");
        // The final report of the agreement: its readiness lists activities without a final status, by number.
        var final = System.Text.RegularExpressions.Regex.Match(deadlines, "href=\"/deadlines/(\\d+)\">Slutredovisning[^<]*God och nära vård 2023");
        var obligation = final.Success ? int.Parse(final.Groups[1].Value) : ids.Obligation;

        var page = await provider.GetPageAsync($"/deadlines/{obligation}");
        var list = await provider.GetPageAsync("/deadlines");
        var officerPage = await officer.GetPageAsync($"/deadlines/{obligation}");

        Assert.Contains("data-testid=\"readiness-details\"", officerPage);
        Assert.DoesNotContain("data-testid=\"readiness-details\"", page);
        Assert.DoesNotContain("Det här saknas innan rapporten kan skickas", page);
        Assert.DoesNotContain("data-testid=\"readiness\"", list);
        Assert.DoesNotContain(ids.OtherMeasure, page);
    }

    [Fact]
    public async Task A_provider_still_opens_its_own_activity_and_not_another_providers()
    {
        var ids = await factory.ProviderActivitiesAsync();
        var provider = await factory.SignedInAsync("utforare@demo.local");

        Assert.Equal(HttpStatusCode.OK, (await provider.GetAsync($"/insatser/{ids.Own}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await provider.GetAsync($"/insatser/{ids.Other}")).StatusCode);
    }
}
