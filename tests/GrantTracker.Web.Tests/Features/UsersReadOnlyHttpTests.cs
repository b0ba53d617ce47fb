using System.Net;
using System.Text.RegularExpressions;
using GrantTracker.Application.Seeding;
using GrantTracker.Web.Tests.Infrastructure;

namespace GrantTracker.Web.Tests.Features;

/// <summary>Issue 23, point 10: the Revisor sees who may do what on /anvandare, and nothing on the page can change it.</summary>
public sealed partial class UsersReadOnlyHttpTests : IDisposable
{
    private readonly GrantTrackerFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task The_Revisor_reads_every_user_with_roles_and_organisation_numbers_and_the_page_has_no_form_that_changes_anything()
    {
        var revisor = await _factory.SignedInAsync("revisor@demo.local");

        var page = await revisor.GetPageAsync("/anvandare");

        var table = UsersTable().Match(page).Value;
        foreach (var (email, role) in new[]
                 {
                     ("admin@demo.local", "Administratör"), ("handlaggare@demo.local", "Handläggare"), ("ekonom@demo.local", "Ekonom"),
                     ("revisor@demo.local", "Revisor"), ("utforare@demo.local", "Utförare"), ("beslutsfattare@demo.local", "Beslutsfattare"),
                 })
        {
            Assert.Matches($@"<td>{Regex.Escape(email)}</td><td>[^<]*</td><td>[^<]*{role}", table);
        }
        Assert.Matches($@"<td>utforare@demo\.local</td>.*?data-testid=""provider-organisations-read"">{Regex.Escape(DemoListing.ProviderOrganisation)}</span>",
            table.Replace("\n", " "));
        Assert.Contains("Sidan visas för granskning och går inte att ändra.", page);
        // The only form is the layout's sign-out; none posts to the users, no input or button in the list.
        Assert.Equal(["/konto/logga-ut"], FormActions().Matches(page).Select(m => m.Groups[1].Value));
        Assert.DoesNotContain("<input", table);
        Assert.DoesNotContain("<button", table);
        Assert.Contains("href=\"/anvandare\"", page);
    }

    [Fact]
    public async Task The_Revisor_cannot_post_organisation_numbers_and_the_administrator_keeps_the_editable_page()
    {
        var admin = await _factory.SignedInAsync("admin@demo.local");
        var adminPage = await admin.GetPageAsync("/anvandare");
        var userId = Regex.Match(adminPage, "action=\"/anvandare/([^/\"]+)/organisationsnummer(?:#[^\"]*)?\"").Groups[1].Value;
        Assert.NotEmpty(userId);
        Assert.Contains("data-testid=\"provider-organisations\"", adminPage);
        Assert.DoesNotContain("users-read-only", adminPage);

        var revisor = await _factory.SignedInAsync("revisor@demo.local");
        var refused = await revisor.PostFormAsync("/anvandare", $"/anvandare/{userId}/organisationsnummer", new Dictionary<string, string> { ["numbers"] = "" });

        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.StartsWith("/konto/nekad", refused.Headers.Location!.PathAndQuery);
        Assert.Contains(DemoListing.ProviderOrganisation, await admin.GetPageAsync("/anvandare"));
    }

    [Theory]
    [InlineData("handlaggare@demo.local")]
    [InlineData("ekonom@demo.local")]
    [InlineData("utforare@demo.local")]
    public async Task Other_roles_neither_see_the_link_nor_the_page(string email)
    {
        var client = await _factory.SignedInAsync(email);

        Assert.DoesNotContain("href=\"/anvandare\"", await client.GetPageAsync("/"));
        var response = await client.GetAsync("/anvandare");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/konto/nekad", response.Headers.Location!.PathAndQuery);
    }

    [GeneratedRegex(@"<table class=""table table-sm"" data-testid=""users"">.*?</table>", RegexOptions.Singleline)]
    private static partial Regex UsersTable();

    [GeneratedRegex(@"<form[^>]*action=""([^""]*)""")]
    private static partial Regex FormActions();
}
