using System.Net;
using System.Text.RegularExpressions;
using GrantTracker.Web.Tests.Infrastructure;

namespace GrantTracker.Web.Tests.Features;

/// <summary>
/// Issue 25, the forms left after the first pass: the monthly report's month on Rapporter, a provider's organisation numbers on
/// Användare and the distribution's save on Vårdenheter answer beside their own form, in the app's Swedish words, and every page
/// still answers after the refusal.
/// </summary>
public sealed partial class MoreSectionOutcomeHttpTests(GrantTrackerFactory factory) : IClassFixture<GrantTrackerFactory>
{
    [Fact]
    public async Task A_monthly_report_without_a_month_is_refused_beside_its_form_on_Rapporter_not_with_a_bare_error_page()
    {
        var ekonom = await factory.SignedInAsync("ekonom@demo.local");

        var refused = await ekonom.GetAsync("/rapporter/avstamning?avtal=gnv2023&typ=manad&manad=");
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Equal("/rapporter#manadsrapport-gnv2023", refused.Headers.Location!.OriginalString);
        var page = await ekonom.GetPageAsync("/rapporter");
        Assert.Contains("Välj månaden för månadsrapporten, till exempel 2023-03.", HtmlElement.ById(page, "manadsrapport-gnv2023"));
        Assert.Contains("novalidate action=\"/rapporter/avstamning\"", page);

        var typo = await ekonom.GetAsync("/rapporter/avstamning?avtal=gnv2023&typ=manad&manad=mars");
        Assert.Equal(HttpStatusCode.Redirect, typo.StatusCode);
        Assert.Contains("Månaden ”mars” ska skrivas som ÅÅÅÅ-MM", HtmlElement.ById(await ekonom.GetPageAsync("/rapporter"), "manadsrapport-gnv2023"));
        Assert.Contains("Månadsrapport", await ekonom.GetPageAsync("/rapporter/avstamning?avtal=gnv2023&typ=manad&manad=2023-06"));
    }

    [Fact]
    public async Task A_wrong_organisation_number_is_refused_in_the_providers_own_row_with_what_was_typed()
    {
        var admin = await factory.SignedInAsync("admin@demo.local");
        var page = await admin.GetPageAsync("/anvandare");
        var id = UserAction().Match(page).Groups[1].Value;

        var refused = await admin.PostFormAsync("/anvandare", $"/anvandare/{id}/organisationsnummer", new Dictionary<string, string> { ["numbers"] = "12345" });
        var body = await refused.Content.ReadAsStringAsync();
        var row = HtmlElement.ById(body, $"anvandare-{id}");
        Assert.Contains("data-testid=\"users-error\"", row);
        Assert.Contains("value=\"12345\"", row);
        Assert.Single(Regex.Matches(body, "data-testid=\"users-error\""));

        var saved = await admin.PostFormAsync("/anvandare", $"/anvandare/{id}/organisationsnummer", new Dictionary<string, string> { ["numbers"] = "556036-0793" });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal($"/anvandare#anvandare-{id}", saved.Headers.Location!.OriginalString);
        Assert.Contains("Organisationsnumren är sparade.", HtmlElement.ById(await admin.GetPageAsync("/anvandare"), $"anvandare-{id}"));
    }

    [Fact]
    public async Task A_distribution_saved_without_a_name_is_refused_beside_the_save_form_of_the_same_preview()
    {
        var officer = await factory.SignedInAsync("handlaggare@demo.local");
        const string preview = "/vardenheter?belopp=24000000&nyckel=Halsoval&modell=2026";

        var refused = await officer.PostFormAsync(preview, "/fordelningar", new Dictionary<string, string>
        {
            ["name"] = "", ["agreement"] = "gnv2023", ["line"] = "2.1", ["amount"] = "24000000", ["key"] = "Halsoval", ["model"] = "2026", ["asOf"] = "2022-12-31",
        });
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        var back = refused.Headers.Location!.OriginalString;
        Assert.EndsWith("#spara-fordelning", back);
        var page = await officer.GetPageAsync(back);
        Assert.Contains("data-testid=\"section-error\"", HtmlElement.ById(page, "spara-fordelning"));
        Assert.Contains("data-testid=\"save-distribution\"", page);
        Assert.Contains("Fördelningar", await officer.GetPageAsync("/fordelningar"));
    }

    [GeneratedRegex("action=\"/anvandare/([^/\"]+)/organisationsnummer")]
    private static partial Regex UserAction();
}
