using System.Text.RegularExpressions;
using GrantTracker.BrowserTests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;

namespace GrantTracker.BrowserTests.Journeys;

/// <summary>
/// The SITHS sign-in tried for real: GrantTracker's OpenID Connect sign-in against a running provider
/// (<see cref="IdentityProviderHost"/>), in a browser, with the authorization-code flow. The provider's claims are
/// mapped by RoleMap alone, an Utförare sees what its organisation claim names, and signing out ends the session.
/// </summary>
[Collection(SithsCollection.Name)]
public sealed partial class SithsSignInJourneyTests(SithsFixture fixture) : BrowserTest(fixture)
{
    private SithsFixture Siths => (SithsFixture)Fixture;

    [Fact]
    public Task An_officer_signs_in_through_the_identity_provider_and_gets_the_mapped_role_only() =>
        InBrowserAsync(async page =>
        {
            await SignInThroughProviderAsync(page, "Hanna Handläggare (SITHS)");

            Assert.Equal("Hanna Handläggare (SITHS)", (await page.GetByTestId("signed-in-user").InnerTextAsync()).Trim());
            // Handläggare (GT-Handlaggare): registers agreements…
            await page.GotoAsync("overenskommelser/ny");
            Assert.EndsWith("/overenskommelser/ny", new Uri(page.Url).AbsolutePath);
            // …and reads no audit trail (not Administratör, not Revisor).
            await page.GotoAsync("granskningslogg");
            Assert.StartsWith("/konto/nekad", new Uri(page.Url).AbsolutePath);
        });

    [Fact]
    public Task Role_claims_not_in_the_role_map_grant_nothing_even_when_spelt_like_a_GrantTracker_role() =>
        InBrowserAsync(async page =>
        {
            // Olle's provider groups are "Domain Admins", "Handläggare" and "Administratör": none is in RoleMap.
            await SignInThroughProviderAsync(page, "Olle Okänd (SITHS)", expectSignedIn: false);

            Assert.StartsWith("/konto/nekad", new Uri(page.Url).AbsolutePath);
            await page.GotoAsync("overenskommelser");
            Assert.StartsWith("/konto/nekad", new Uri(page.Url).AbsolutePath);
            await page.GotoAsync("granskningslogg");
            Assert.StartsWith("/konto/nekad", new Uri(page.Url).AbsolutePath);
        });

    [Fact]
    public Task A_provider_sees_the_activities_its_organisation_claim_names_and_nothing_of_the_regions_money() =>
        InBrowserAsync(async page =>
        {
            var (own, ownMeasure, other, otherMeasure, agreement) = AssignPerformers();

            await SignInThroughProviderAsync(page, "Ulf på Frösö (SITHS)");

            await page.GotoAsync("insatser");
            var list = await page.Locator("main").InnerTextAsync();
            Assert.Contains(ownMeasure, list);
            Assert.DoesNotContain(otherMeasure, list);
            await page.GotoAsync($"overenskommelser/{agreement}");
            var agreementPage = Text.Normalize(await page.Locator("main").InnerTextAsync());
            Assert.Contains(ownMeasure, agreementPage);
            Assert.DoesNotContain(otherMeasure, agreementPage);
            Assert.DoesNotContain("Regionens tilldelning", agreementPage);
            Assert.DoesNotContain("75 422 690 kr", agreementPage);
            var response = await page.GotoAsync($"insatser/{other}");
            Assert.Equal(404, response!.Status);
            response = await page.GotoAsync($"insatser/{own}");
            Assert.Equal(200, response!.Status);
        });

    [Fact]
    public Task Signing_out_ends_the_session_a_copy_of_the_cookie_opens_nothing() =>
        InBrowsersAsync(async (page, thief) =>
        {
            await SignInThroughProviderAsync(page, "Hanna Handläggare (SITHS)");
            var copied = (await page.Context.CookiesAsync()).Where(c => c.Name == "GrantTracker").ToList();
            Assert.Single(copied);
            await thief.Context.AddCookiesAsync(copied.Select(c => new Cookie
            {
                Name = c.Name, Value = c.Value, Domain = c.Domain, Path = c.Path, HttpOnly = c.HttpOnly, Secure = c.Secure, SameSite = c.SameSite,
            }));
            await thief.GotoAsync("overenskommelser/ny");
            Assert.EndsWith("/overenskommelser/ny", new Uri(thief.Url).AbsolutePath); // the copy works while the session lasts

            await page.GetByRole(AriaRole.Button, new() { Name = "Logga ut" }).ClickAsync();
            await page.WaitForURLAsync(SignInUrl());
            await thief.GotoAsync("overenskommelser/ny");

            Assert.StartsWith("/konto/logga-in", new Uri(thief.Url).AbsolutePath);
        });

    /// <summary>From GrantTracker's sign-in page through the provider's and back, as the user would click.</summary>
    private static async Task SignInThroughProviderAsync(IPage page, string user, bool expectSignedIn = true)
    {
        await page.GotoAsync("konto/logga-in");
        await page.GetByRole(AriaRole.Button, new() { Name = "Logga in med SITHS-kort" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = user }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/connect/", StringComparison.Ordinal) && !url.Contains("/login", StringComparison.Ordinal)
                                          && !url.Contains("/signin-oidc", StringComparison.Ordinal) && !SignInUrl().IsMatch(url));
        if (expectSignedIn)
        {
            await page.GetByTestId("signed-in-user").WaitForAsync();
        }
    }

    /// <summary>The first activity is Frösö Hälsocentral AB's (the provider's organisation claim), the second another provider's.</summary>
    private (int Own, string OwnMeasure, int Other, string OtherMeasure, int Agreement) AssignPerformers()
    {
        using var connection = new SqliteConnection($"Data Source={Siths.App.DatabasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT Id, Measure, AgreementId FROM Activities WHERE AgreementId = (SELECT MIN(AgreementId) FROM Activities) ORDER BY Id LIMIT 2";
        int own, other, agreement;
        string ownMeasure, otherMeasure;
        using (var reader = command.ExecuteReader())
        {
            reader.Read(); own = reader.GetInt32(0); ownMeasure = reader.GetString(1); agreement = reader.GetInt32(2);
            reader.Read(); other = reader.GetInt32(0); otherMeasure = reader.GetString(1);
        }
        command.CommandText =
            $"UPDATE Activities SET PerformerName = 'Frösö Hälsocentral AB', PerformerKind = 2 WHERE Id = {own}; " +
            $"UPDATE Activities SET PerformerName = 'Annan Vårdgivare AB', PerformerKind = 2 WHERE Id = {other};";
        command.ExecuteNonQuery();
        return (own, Text.Normalize(ownMeasure), other, Text.Normalize(otherMeasure), agreement);
    }

    [GeneratedRegex("/konto/logga-in")]
    private static partial Regex SignInUrl();
}
