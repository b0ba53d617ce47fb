using System.Text.RegularExpressions;
using GrantTracker.Application.Data;
using GrantTracker.Application.Features;
using GrantTracker.Domain.Agreements;
using GrantTracker.Domain.Common;
using GrantTracker.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GrantTracker.Web.Tests.Features;

/// <summary>
/// Issue 22, part 5: the agreements list filtered by year, status and counterparty from the query string, with the listed
/// agreements' lines summed per year. Over the two seed agreements (God och nära vård 2023, Staten och SKR; Patientmiljarden
/// 2018–2020, Staten och SKL) and a draft made here (Kvinnors hälsa 2024–2025, Staten och SKR).
/// </summary>
public sealed partial class AgreementListHttpTests(GrantTrackerFactory factory) : IClassFixture<GrantTrackerFactory>
{
    private const char Nbsp = '\u00A0';
    private const string Gnv = "God och nära vård 2023";
    private const string Patient = "Patientmiljarden";
    private const string Draft = "Kvinnors hälsa 2024–2025";

    private static string Kr(decimal amount) => Money.Format(amount);

    /// <summary>A draft agreement of two years with a line in each, built through the domain and saved (audited) once per factory.</summary>
    private async Task EnsureDraftAsync()
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        if (await db.Agreements.AnyAsync(a => a.Code == "kvinnor2024"))
        {
            return;
        }
        var agreement = Agreement.Create("kvinnor2024", new AgreementDetails(Draft, "Staten och SKR", null, null, new DateOnly(2024, 1, 1),
            new DateOnly(2025, 12, 31), null, 3_000_000m, null, null, null, null), AgreementStatus.Utkast).Value;
        var area = agreement.AddArea("1", "Förlossningsvård", 3_000_000m, null).Value;
        Assert.True(agreement.AddLine(area, new LineDetails("1.1", 2024, 1_000_000m, "9971", false, [])).Succeeded);
        Assert.True(agreement.AddLine(area, new LineDetails("1.2", 2025, 1_500_000m, "9971", false, [])).Succeeded);
        db.Agreements.Add(agreement);
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task The_unfiltered_list_shows_every_agreement_with_its_status_and_the_lines_summed_per_year()
    {
        await EnsureDraftAsync();
        var client = await factory.SignedInAsync("handlaggare@demo.local");

        var page = await client.GetPageAsync("/overenskommelser");

        Assert.Contains(Gnv, page);
        Assert.Contains(Patient, page);
        Assert.Contains(Draft, page);
        Assert.Equal(["Aktiv", "Aktiv", "Utkast"], Statuses(page).Order().ToArray());
        var sums = YearSums(page);
        Assert.Equal(Kr(12_600_000m), sums[2018]);
        Assert.Equal(Kr(12_500_000m), sums[2019]);
        Assert.Equal(Kr(12_400_000m), sums[2020]);
        Assert.Equal(Kr(75_422_690m), sums[2023]);
        Assert.Equal(Kr(1_000_000m), sums[2024]);
        Assert.Equal(Kr(1_500_000m), sums[2025]);
        Assert.Contains($"data-testid=\"year-sums-total\">{Kr(75_422_690m + 37_500_000m + 2_500_000m)}<", page);
        Assert.Contains($"data-testid=\"year-sums-allocation\">{Kr(75_422_690m + 37_500_000m + 3_000_000m)}<", page);
        Assert.DoesNotContain("Rensa filter", page);
    }

    [Fact]
    public async Task A_year_lists_the_agreements_whose_period_covers_it_and_sums_only_their_lines()
    {
        await EnsureDraftAsync();
        var client = await factory.SignedInAsync("handlaggare@demo.local");

        var page = await client.GetPageAsync("/overenskommelser?ar=2019");

        Assert.Contains(Patient, page);
        Assert.DoesNotContain(Gnv, page);
        Assert.DoesNotContain(Draft, page);
        var sums = YearSums(page);
        Assert.Equal([2018, 2019, 2020], sums.Keys.Order().ToArray());
        Assert.Equal(Kr(12_500_000m), sums[2019]);
        Assert.Contains("<option value=\"2019\" selected=\"selected\">2019</option>", page);
        Assert.Contains("<a class=\"btn btn-link\" href=\"/overenskommelser\">Rensa filter</a>", page);

        // A year inside a multi-year period: the draft of 2024–2025 covers 2025, though it starts in 2024.
        var later = await client.GetPageAsync("/overenskommelser?ar=2025");
        Assert.Contains(Draft, later);
        Assert.DoesNotContain(Gnv, later);
        Assert.DoesNotContain(Patient, later);
    }

    [Fact]
    public async Task A_counterparty_and_a_status_filter_together_and_the_choices_are_the_counterparties_present()
    {
        await EnsureDraftAsync();
        var client = await factory.SignedInAsync("handlaggare@demo.local");

        var skr = await client.GetPageAsync("/overenskommelser?motpart=Staten%20och%20SKR");
        Assert.Contains(Gnv, skr);
        Assert.Contains(Draft, skr);
        Assert.DoesNotContain(Patient, skr);
        Assert.Contains("<option value=\"Staten och SKR\" selected=\"selected\">Staten och SKR</option>", skr);
        Assert.Contains("<option value=\"Staten och SKL\">Staten och SKL</option>", skr);

        var drafts = await client.GetPageAsync("/overenskommelser?motpart=Staten%20och%20SKR&status=Utkast");
        Assert.Contains(Draft, drafts);
        Assert.DoesNotContain(Gnv, drafts);
        Assert.Equal(["Utkast"], Statuses(drafts));
        Assert.Equal(Kr(1_000_000m), YearSums(drafts)[2024]);
        Assert.DoesNotContain(2023, YearSums(drafts).Keys);
        Assert.Contains("<option value=\"Utkast\" selected=\"selected\">Utkast</option>", drafts);
    }

    [Fact]
    public async Task When_no_agreement_matches_the_page_says_so_and_offers_to_clear_the_filters()
    {
        await EnsureDraftAsync();
        var client = await factory.SignedInAsync("handlaggare@demo.local");

        var page = await client.GetPageAsync("/overenskommelser?status=Avslutad&ar=2023");

        Assert.Contains("Ingen överenskommelse matchar urvalet.", page);
        Assert.Contains("<a href=\"/overenskommelser\">rensa filtren</a>", page);
        Assert.DoesNotContain("data-testid=\"agreements\"", page);
        Assert.DoesNotContain("Summor per år", page);
        Assert.DoesNotContain("Det finns inga överenskommelser ännu", page);
        // The form keeps the choices, so the user sees what gave nothing.
        Assert.Contains("<option value=\"Avslutad\" selected=\"selected\">Avslutad</option>", page);
        Assert.Contains("<option value=\"2023\" selected=\"selected\">2023</option>", page);

        // A bookmarked counterparty no agreement has any more is shown as chosen, and matches nothing.
        var gone = await client.GetPageAsync("/overenskommelser?motpart=Socialstyrelsen");
        Assert.Contains("Ingen överenskommelse matchar urvalet.", gone);
        Assert.Contains("<option value=\"Socialstyrelsen\" selected=\"selected\">Socialstyrelsen</option>", gone);
    }

    [Fact]
    public async Task Values_that_cannot_be_read_filter_nothing()
    {
        await EnsureDraftAsync();
        var client = await factory.SignedInAsync("handlaggare@demo.local");

        foreach (var query in new[] { "?ar=tjugo&status=Okand", "?ar=0", "?ar=10000", "?status=9", "?ar=&status=&motpart=" })
        {
            var page = await client.GetPageAsync("/overenskommelser" + query);
            Assert.Contains(Gnv, page);
            Assert.Contains(Patient, page);
            Assert.Contains(Draft, page);
        }
    }

    [Fact]
    public async Task A_providers_filtered_list_shows_no_amounts_whoever_asked_first()
    {
        await EnsureDraftAsync();
        var officer = await factory.SignedInAsync("handlaggare@demo.local");
        var provider = await factory.SignedInAsync("utforare@demo.local");
        var cache = factory.Services.GetRequiredService<FiguresCache>();
        const string filtered = "/overenskommelser?ar=2023&status=Aktiv&motpart=Staten%20och%20SKR";

        for (var round = 1; round <= 2; round++)
        {
            var computed = cache.Computed;
            var region = await officer.GetPageAsync(filtered);
            var own = await provider.GetPageAsync(filtered);

            Assert.Contains(Gnv, region);
            Assert.Contains(Kr(75_422_690m), region);
            Assert.Contains("Summor per år", region);
            Assert.Contains(Gnv, own);
            Assert.DoesNotContain(Patient, own);
            Assert.DoesNotContain("Regionens tilldelning", own);
            Assert.DoesNotContain("Fördelat på rader", own);
            Assert.DoesNotContain("Summor per år", own);
            Assert.DoesNotMatch(AnAmount(), own);
            if (round == 2)
            {
                // Nothing changed: both answers came from the cache, each from its own key.
                Assert.Equal(computed, cache.Computed);
            }
        }
    }

    [Fact]
    public async Task The_filters_do_not_change_the_other_pages_lists_of_agreements()
    {
        await EnsureDraftAsync();
        var client = await factory.SignedInAsync("ekonom@demo.local");
        _ = await client.GetPageAsync("/overenskommelser?ar=2019");

        var reports = await client.GetPageAsync("/rapporter");
        var reconciliation = await client.GetPageAsync("/avstamning?avtal=gnv2023&manad=2023-06");

        foreach (var page in new[] { reports, reconciliation })
        {
            Assert.Contains(Gnv, page);
            Assert.Contains(Patient, page);
        }
        // Issue 26: a draft reports nothing yet, so Rapporter leaves it out; the Ekonom may still look at its ledger rows in Avstämning.
        Assert.DoesNotContain(Draft, reports);
        Assert.Contains(Draft, reconciliation);
    }

    private static string[] Statuses(string page) =>
        StatusCell().Matches(page).Select(m => m.Groups[1].Value).ToArray();

    private static Dictionary<int, string> YearSums(string page)
    {
        var section = page.IndexOf("data-testid=\"agreement-year-sums\"", StringComparison.Ordinal);
        Assert.True(section >= 0, "no sums per year on the page");
        var body = page[section..page.IndexOf("</tbody>", section, StringComparison.Ordinal)];
        return YearRow().Matches(body).ToDictionary(m => int.Parse(m.Groups[1].Value), m => m.Groups[2].Value);
    }

    [GeneratedRegex("data-testid=\"agreement-status\">([^<]*)<")]
    private static partial Regex StatusCell();

    [GeneratedRegex("<th scope=\"row\">(\\d{4})</th>\\s*<td class=\"amount\">\\d+</td>\\s*<td class=\"amount\">([^<]*)</td>")]
    private static partial Regex YearRow();

    /// <summary>An amount as the pages write one: digits grouped with non-breaking spaces, then "kr".</summary>
    [GeneratedRegex("\\d\u00A0kr")]
    private static partial Regex AnAmount();
}
