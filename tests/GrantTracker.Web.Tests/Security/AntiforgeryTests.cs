using System.Net;
using GrantTracker.Web.Tests.Infrastructure;

namespace GrantTracker.Web.Tests.Security;

public sealed class AntiforgeryTests(GrantTrackerFactory factory) : IClassFixture<GrantTrackerFactory>
{
    [Fact]
    public async Task A_post_without_the_antiforgery_token_is_refused_and_changes_nothing()
    {
        var client = await factory.SignedInAsync("handlaggare@demo.local");
        var fields = new Dictionary<string, string>
        {
            ["Form.Code"] = "forfalskad",
            ["Form.Name"] = "Förfalskad överenskommelse",
            ["Form.Counterparty"] = "Staten och SKR",
            ["Form.StartDate"] = "2025-01-01",
            ["Form.EndDate"] = "2025-12-31",
            ["Form.RegionAllocation"] = "1 000 000",
        };

        var response = await client.PostAsync("/overenskommelser/ny", new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain("Förfalskad överenskommelse", await client.GetStringAsync("/overenskommelser"));
    }

    [Fact]
    public async Task The_same_post_with_the_token_is_accepted()
    {
        // Shows that the refusal above is the missing token, not the fields.
        var client = await factory.SignedInAsync("handlaggare@demo.local");

        var response = await client.PostFormAsync("/overenskommelser/ny", "/overenskommelser/ny", new Dictionary<string, string>
        {
            ["Form.Code"] = "med-token",
            ["Form.Name"] = "Överenskommelse med token",
            ["Form.Counterparty"] = "Staten och SKR",
            ["Form.StartDate"] = "2025-01-01",
            ["Form.EndDate"] = "2025-12-31",
            ["Form.RegionAllocation"] = "1 000 000",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }
}
