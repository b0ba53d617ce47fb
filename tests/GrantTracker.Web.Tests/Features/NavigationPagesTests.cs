using System.Net;
using GrantTracker.Web.Tests.Infrastructure;

namespace GrantTracker.Web.Tests.Features;

public sealed class NavigationPagesTests(GrantTrackerFactory factory) : IClassFixture<GrantTrackerFactory>
{
    [Theory]
    [InlineData("/")]
    [InlineData("/overenskommelser")]
    [InlineData("/insatser")]
    [InlineData("/kostnader")]
    [InlineData("/avstamning")]
    [InlineData("/rapporter")]
    [InlineData("/deadlines")]
    public async Task Every_menu_page_opens_for_an_auditor(string path)
    {
        var client = await factory.SignedInAsync("revisor@demo.local");

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Överenskommelser", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/insatser/987654", HttpStatusCode.NotFound, "Sidan finns inte")]
    [InlineData("/avstamning/rader/excel?avtal=gnv2023&manad=mars&rad=1", HttpStatusCode.BadRequest, "Uppgifterna kunde inte läsas")]
    public async Task A_bare_error_status_gets_a_Swedish_page_with_a_way_back(string path, HttpStatusCode status, string title)
    {
        var client = await factory.SignedInAsync("revisor@demo.local");
        client.DefaultRequestHeaders.Referrer = new Uri("http://localhost/rapporter/handlingsplan?avtal=patientmiljarden");

        var response = await client.GetAsync(path);
        var page = await response.Content.ReadAsStringAsync();

        Assert.Equal(status, response.StatusCode);
        Assert.Contains(title, System.Net.WebUtility.HtmlDecode(page));
        Assert.Contains("href=\"/rapporter/handlingsplan?avtal=patientmiljarden\"", page);
        Assert.Contains("Till startsidan", page);
    }

    [Fact]
    public async Task The_activity_list_shows_the_seeded_activities_and_filters_by_cost_object()
    {
        var client = await factory.SignedInAsync("handlaggare@demo.local");

        var all = await client.GetPageAsync("/insatser");
        var ambulance = await client.GetPageAsync("/insatser?costObject=9943");

        Assert.Contains("Utveckla vårdnivån primärvård i hela länet", all);
        Assert.Contains("24\u00A0000\u00A0000\u00A0kr", all);
        Assert.Contains("ambulans", ambulance, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Utveckla vårdnivån primärvård i hela länet", ambulance);
    }

    [Fact]
    public async Task Deadlines_list_the_final_report_to_Socialstyrelsen()
    {
        var client = await factory.SignedInAsync("ekonom@demo.local");

        var html = await client.GetStringAsync("/deadlines");

        Assert.Contains("2024-03-31", html);
        Assert.Contains("Socialstyrelsen", html);
    }
}
