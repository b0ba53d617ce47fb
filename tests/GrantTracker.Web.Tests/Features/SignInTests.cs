using System.Net;
using GrantTracker.Web.Tests.Infrastructure;

namespace GrantTracker.Web.Tests.Features;

public sealed class SignInTests(GrantTrackerFactory factory) : IClassFixture<GrantTrackerFactory>
{
    [Fact]
    public async Task An_anonymous_visitor_is_sent_to_the_sign_in_page()
    {
        var response = await factory.CreateBrowserlessClient().GetAsync("/overenskommelser");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/konto/logga-in", response.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task A_demo_officer_signs_in_and_sees_the_agreements()
    {
        var client = await factory.SignedInAsync("handlaggare@demo.local");

        var html = await client.GetStringAsync("/overenskommelser");

        Assert.Contains("God och nära vård 2023", html);
        Assert.Contains("Patientmiljarden", html);
    }

    [Fact]
    public async Task A_wrong_password_is_refused_in_Swedish()
    {
        var client = factory.CreateBrowserlessClient();

        var response = await client.PostFormAsync("/konto/logga-in", "/konto/logga-in", new Dictionary<string, string>
        {
            ["Form.Email"] = "ekonom@demo.local",
            ["Form.Password"] = "fel-lösenord",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Fel e-post eller lösenord", await response.Content.ReadAsStringAsync());
    }
}
