using System.Security.Claims;
using GrantTracker.Web.Infrastructure;
using GrantTracker.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace GrantTracker.Web.Tests.Security;

public sealed class OpenIdConnectSettingsTests
{
    private static readonly OpenIdConnectSettings Settings = new()
    {
        RoleClaimType = "roles",
        RoleMap = new Dictionary<string, string>
        {
            ["GT-Ekonom"] = "Ekonom",
            ["GT-Revisor"] = "Revisor",
            ["GT-Superuser"] = "Superanvändare",
        },
    };

    [Fact]
    public void Mapped_claim_values_become_GrantTracker_roles()
    {
        var roles = Settings.MapRoles([new Claim("roles", "GT-Ekonom"), new Claim("roles", "GT-Revisor"), new Claim("roles", "GT-Ekonom")]);

        Assert.Equal(["Ekonom", "Revisor"], roles.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void An_unknown_claim_value_grants_nothing()
    {
        var roles = Settings.MapRoles([new Claim("roles", "Domain Admins"), new Claim("roles", "gt-ekonom")]);

        Assert.Empty(roles);
    }

    [Fact]
    public void A_mapping_to_a_role_GrantTracker_does_not_have_grants_nothing()
    {
        var roles = Settings.MapRoles([new Claim("roles", "GT-Superuser")]);

        Assert.Empty(roles);
    }

    [Fact]
    public void A_mapped_value_in_another_claim_type_grants_nothing()
    {
        var roles = Settings.MapRoles([new Claim("groups", "GT-Ekonom"), new Claim(ClaimTypes.Role, "GT-Revisor")]);

        Assert.Empty(roles);
    }

    [Fact]
    public async Task With_OpenID_Connect_enabled_the_sign_in_page_offers_SITHS_and_the_scheme_is_registered()
    {
        await using var baseFactory = new GrantTrackerFactory();
        // Dummy, unresolvable values: the provider's metadata is only fetched on a challenge, which this test never makes.
        await using var factory = baseFactory.WithWebHostBuilder(b => b
            .UseSetting("Authentication:OpenIdConnect:Enabled", "true")
            .UseSetting("Authentication:OpenIdConnect:Authority", "https://idp.example.invalid")
            .UseSetting("Authentication:OpenIdConnect:ClientId", "granttracker-test"));
        var client = factory.CreateClient();

        var html = await client.GetStringAsync("/konto/logga-in");
        var scheme = await factory.Services.GetRequiredService<IAuthenticationSchemeProvider>().GetSchemeAsync(OpenIdConnectSettings.Scheme);

        Assert.Contains("Logga in med SITHS-kort", html);
        Assert.Contains("value=\"oidc\"", html);
        Assert.NotNull(scheme);
    }

    [Fact]
    public async Task The_providers_claims_keep_their_names_so_that_only_the_role_map_grants_roles()
    {
        // With the default mapping "roles" becomes a .NET role claim: RoleMap then maps nothing, and a provider group
        // spelt like a GrantTracker role grants it (the browser test SithsSignInJourneyTests shows it end to end).
        await using var baseFactory = new GrantTrackerFactory();
        await using var factory = baseFactory.WithWebHostBuilder(b => b
            .UseSetting("Authentication:OpenIdConnect:Enabled", "true")
            .UseSetting("Authentication:OpenIdConnect:Authority", "https://idp.example.invalid")
            .UseSetting("Authentication:OpenIdConnect:ClientId", "granttracker-test"));

        var options = factory.Services.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<Microsoft.AspNetCore.Authentication.OpenIdConnect.OpenIdConnectOptions>>()
            .Get(OpenIdConnectSettings.Scheme);

        Assert.False(options.MapInboundClaims);
        Assert.Equal(ClaimTypes.Role, options.TokenValidationParameters.RoleClaimType);
        Assert.True(options.RequireHttpsMetadata);
        Assert.True(options.UsePkce);
        Assert.Equal("code", options.ResponseType);
    }

    [Fact]
    public async Task Without_OpenID_Connect_the_sign_in_page_has_no_SITHS_button()
    {
        await using var factory = new GrantTrackerFactory();
        var client = factory.CreateClient();

        var html = await client.GetStringAsync("/konto/logga-in");
        var scheme = await factory.Services.GetRequiredService<IAuthenticationSchemeProvider>().GetSchemeAsync(OpenIdConnectSettings.Scheme);

        Assert.DoesNotContain("SITHS", html);
        Assert.Null(scheme);
    }
}
