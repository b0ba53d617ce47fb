using System.Security.Claims;
using GrantTracker.Application.Identity;
using GrantTracker.Domain.Common;
using GrantTracker.Web.Infrastructure;
using GrantTracker.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace GrantTracker.Web.Tests.Security;

/// <summary>
/// Which activities an Utförare reads: a local account by its display name; a provider signed in through the
/// region's identity provider (no local account) by the configured claim, else its user name.
/// </summary>
public sealed class ProviderScopeTests(GrantTrackerFactory factory) : IClassFixture<GrantTrackerFactory>
{
    private static ClaimsPrincipal SignedInThroughTheIdentityProvider(params Claim[] claims) =>
        new(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, "sub-from-the-idp"), new Claim(ClaimTypes.Role, Roles.Provider), .. claims],
            authenticationType: "oidc", nameType: "name", roleType: ClaimTypes.Role));

    private async Task<string?> PerformerAsync(ClaimsPrincipal user, Dictionary<string, string?> settings)
    {
        using var scope = factory.Services.CreateScope();
        return await Scope(scope.ServiceProvider, settings).PerformerAsync(user);
    }

    private static ProviderScope Scope(IServiceProvider services, Dictionary<string, string?> settings) =>
        new(services.GetRequiredService<UserManager<AppUser>>(), OpenIdConnectSettings.From(new ConfigurationBuilder().AddInMemoryCollection(settings).Build()),
            services.GetRequiredService<Mediator.IMediator>());

    private async Task<IReadOnlyCollection<string>?> OrganisationsAsync(ClaimsPrincipal user, Dictionary<string, string?> settings)
    {
        using var scope = factory.Services.CreateScope();
        return await Scope(scope.ServiceProvider, settings).OrganisationsAsync(user);
    }

    [Fact]
    public async Task Through_the_identity_provider_the_configured_claim_gives_the_providers_organisation_numbers()
    {
        var user = SignedInThroughTheIdentityProvider(new Claim("orgnr", "556712-3459, 5590012345"), new Claim("orgnr", "16556036-0793"), new Claim("orgnr", "123"));
        var settings = Oidc();
        settings["Authentication:OpenIdConnect:OrganisationNumberClaimType"] = "orgnr";

        var organisations = await OrganisationsAsync(user, settings);

        // Only the Luhn-valid ones, written alike; none without the claim; no limit for another role.
        Assert.Equal(["556712-3459", "556036-0793"], organisations!.ToList());
        Assert.Empty((await OrganisationsAsync(SignedInThroughTheIdentityProvider(), Oidc()))!);
        Assert.Null(await OrganisationsAsync(new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Role, Roles.Officer)], "oidc", "name", ClaimTypes.Role)), settings));
    }

    private static Dictionary<string, string?> Oidc(string performerClaimType = "") => new()
    {
        ["Authentication:OpenIdConnect:Enabled"] = "true",
        ["Authentication:OpenIdConnect:PerformerClaimType"] = performerClaimType,
    };

    [Fact]
    public async Task Through_the_identity_provider_the_configured_claim_names_the_provider()
    {
        var user = SignedInThroughTheIdentityProvider(new Claim("name", "Ulla Andersson"), new Claim("organisation", "Frösö Hälsocentral AB"));

        Assert.Equal("Frösö Hälsocentral AB", await PerformerAsync(user, Oidc("organisation")));
        Assert.Equal("Ulla Andersson", await PerformerAsync(user, Oidc()));
    }

    [Fact]
    public async Task A_provider_whose_claim_is_missing_or_who_has_no_account_sees_nothing_rather_than_everything()
    {
        var user = SignedInThroughTheIdentityProvider(new Claim("name", "Ulla Andersson"));

        Assert.Equal("\u0000", await PerformerAsync(user, Oidc("organisation")));
        Assert.Equal("\u0000", await PerformerAsync(user, new Dictionary<string, string?>()));
    }

    [Fact]
    public async Task Other_roles_are_not_limited()
    {
        var officer = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Role, Roles.Officer)], "oidc", "name", ClaimTypes.Role));

        Assert.Null(await PerformerAsync(officer, Oidc("organisation")));
    }

    [Fact]
    public async Task With_the_identity_provider_on_the_app_does_not_claim_that_a_performer_lacks_an_account()
    {
        // Accounts then live at the identity provider: GrantTracker cannot know every provider's name.
        int activity;
        await using var oidc = factory.WithWebHostBuilder(b => b
            .UseSetting("Authentication:OpenIdConnect:Enabled", "true")
            .UseSetting("Authentication:OpenIdConnect:Authority", "https://idp.example.invalid")
            .UseSetting("Authentication:OpenIdConnect:ClientId", "granttracker-test"));
        var officer = await GrantTrackerFactory.SignInAsync(oidc, "handlaggare@demo.local");
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={factory.DatabasePath};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT Id FROM Activities ORDER BY Id DESC LIMIT 1";
            activity = Convert.ToInt32(command.ExecuteScalar());
            command.CommandText = $"UPDATE Activities SET PerformerName = 'Okänd Vårdgivare AB', PerformerKind = 2 WHERE Id = {activity}";
            command.ExecuteNonQuery();
        }

        var page = await officer.GetPageAsync($"/insatser/{activity}");

        Assert.Contains("Okänd Vårdgivare AB", page);
        Assert.DoesNotContain("performer-without-account", page);
    }
}
