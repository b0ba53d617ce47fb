using System.Text.RegularExpressions;
using GrantTracker.Application.Data;
using GrantTracker.Application.Features.Activities;
using GrantTracker.Domain.Activities;
using GrantTracker.Domain.Agreements;
using GrantTracker.Web.Tests.Infrastructure;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GrantTracker.Web.Tests.Features;

/// <summary>
/// Issue 22, part 5: the start page of a region with many agreements stays light. It shows the newest twelve agreements (the list has
/// them all) and, per to-do section, the first fifty items with the count of all and where the rest are.
/// </summary>
public sealed partial class StartPagePortfolioTests(GrantTrackerFactory factory) : IClassFixture<GrantTrackerFactory>
{
    /// <summary>Twelve more agreements (2010–2021, one a year) and thirty more drafts without budget: fourteen agreements, 53 drafts to complete.</summary>
    private async Task EnsurePortfolioAsync()
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        if (await db.Agreements.AnyAsync(a => a.Code == "start2010"))
        {
            return;
        }
        for (var year = 2010; year <= 2021; year++)
        {
            var agreement = Agreement.Create($"start{year}", new AgreementDetails($"Startsidans prov {year}", "Staten och SKR", null, null, new DateOnly(year, 1, 1),
                new DateOnly(year, 12, 31), null, 1_000_000m, null, null, null, null)).Value;
            var area = agreement.AddArea("1", "Område", null, null).Value;
            Assert.True(agreement.AddLine(area, new LineDetails("1", year, 1_000_000m, $"66{year}", false, [])).Succeeded);
            db.Agreements.Add(agreement);
        }
        await db.SaveChangesAsync();
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
        var target = await db.AllocationLines.Where(l => l.Agreement.Code == "start2021").Select(l => new { l.AgreementId, l.Id }).SingleAsync();
        for (var i = 1; i <= 30; i++)
        {
            var registered = await mediator.Send(new RegisterActivityCommand(target.AgreementId, target.Id,
                new ActivityDetails(null, $"Utkast {i} utan budget", null, null, null, null, PerformerKind.Regionenhet, null, null, [], null)));
            Assert.True(registered.Succeeded);
        }
    }

    [Fact]
    public async Task The_start_page_shows_the_twelve_newest_agreements_and_links_to_all_of_them()
    {
        await EnsurePortfolioAsync();
        var client = await factory.SignedInAsync("handlaggare@demo.local");

        var page = await client.GetPageAsync("/");

        var cards = page[page.IndexOf("data-testid=\"home-agreements\"", StringComparison.Ordinal)..page.IndexOf("data-testid=\"home-deadlines\"", StringComparison.Ordinal)];
        var names = CardName().Matches(cards).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(12, names.Count);
        Assert.Equal("God och nära vård 2023", names[0]); // the newest first
        Assert.Equal("Startsidans prov 2021", names[1]);
        Assert.Contains("Patientmiljarden 2018–2020", names); // among the twelve latest starts
        Assert.Equal("Startsidans prov 2012", names[^1]);
        Assert.DoesNotContain("Startsidans prov 2011", cards);
        Assert.DoesNotContain("Startsidans prov 2010", cards);
        Assert.Contains("Här visas de 12 senaste. <a href=\"/overenskommelser\">Alla 14 överenskommelser →</a>", page);
    }

    [Fact]
    public async Task A_to_do_section_of_more_than_fifty_items_lists_fifty_says_how_many_and_where_the_rest_are()
    {
        await EnsurePortfolioAsync();
        var client = await factory.SignedInAsync("handlaggare@demo.local");

        var page = await client.GetPageAsync("/");

        var start = page.IndexOf("data-testid=\"todo-incomplete-drafts\"", StringComparison.Ordinal);
        var section = page[start..page.IndexOf("data-testid=\"todo-readiness\"", start, StringComparison.Ordinal)];
        Assert.Equal(50, Regex.Matches(section, "<li class=\"mb-1\">").Count);
        Assert.Contains("<span class=\"badge rounded-pill text-bg-secondary\">53</span>", section);
        Assert.Matches("Här visas de första 50 av 53\\.\\s+<a href=\"/insatser\\?Status=Utkast\">Alla utkast finns under Insatser\\.</a>", section);
        // The navigation's count is every item, listed or not.
        Assert.Matches("data-testid=\"todo-count-total\">5[3-9]<", page);
        Assert.Contains("Utkast 30 utan budget", await client.GetPageAsync("/insatser?Status=Utkast"));
    }

    [GeneratedRegex("<h2 class=\"h5\"><a href=\"/overenskommelser/\\d+\">([^<]*)</a></h2>")]
    private static partial Regex CardName();
}
