using System.Net;
using System.Text.RegularExpressions;
using GrantTracker.Web.Tests.Infrastructure;

namespace GrantTracker.Web.Tests.Security;

public sealed partial class RoleAccessTests(GrantTrackerFactory factory) : IClassFixture<GrantTrackerFactory>
{
    [Fact]
    public async Task An_auditor_reads_the_agreements_an_agreement_and_the_audit_trail()
    {
        var client = await factory.SignedInAsync("revisor@demo.local");

        var list = await client.GetAsync("/overenskommelser");
        var listHtml = await list.Content.ReadAsStringAsync();
        var agreementLink = AgreementLink().Match(listHtml);
        Assert.True(agreementLink.Success, "The agreement list links no agreement.");
        var agreement = await client.GetAsync(agreementLink.Value);
        var audit = await client.GetAsync("/granskningslogg");

        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal(HttpStatusCode.OK, agreement.StatusCode);
        Assert.Equal(HttpStatusCode.OK, audit.StatusCode);
        Assert.Contains("Granskningslogg", await audit.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_auditor_cannot_open_the_new_agreement_form()
    {
        var client = await factory.SignedInAsync("revisor@demo.local");

        var response = await client.GetAsync("/overenskommelser/ny");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/konto/nekad", response.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task An_officer_is_sent_to_access_denied_from_the_audit_trail()
    {
        var client = await factory.SignedInAsync("handlaggare@demo.local");

        var response = await client.GetAsync("/granskningslogg");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/konto/nekad", response.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task An_administrator_reads_the_audit_trail()
    {
        var client = await factory.SignedInAsync("admin@demo.local");

        var response = await client.GetAsync("/granskningslogg");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task The_audit_trail_shows_an_agreement_an_officer_created_and_the_filters_narrow_it()
    {
        var officer = await factory.SignedInAsync("handlaggare@demo.local");
        var created = await officer.PostFormAsync("/overenskommelser/ny", "/overenskommelser/ny", new Dictionary<string, string>
        {
            ["Form.Code"] = "granskad-2025",
            ["Form.Name"] = "Granskad överenskommelse 2025",
            ["Form.Counterparty"] = "Staten och SKR",
            ["Form.StartDate"] = "2025-01-01",
            ["Form.EndDate"] = "2025-12-31",
            ["Form.RegionAllocation"] = "1 000 000",
        });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var id = created.Headers.Location!.OriginalString.Split('/').Last();
        var auditor = await factory.SignedInAsync("revisor@demo.local");
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        string Day(DateOnly d) => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        var all = await auditor.GetStringAsync("/granskningslogg");
        var matching = await auditor.GetStringAsync($"/granskningslogg?objekt=Agreement&anvandare=HANDLAGGARE&fran={Day(today.AddDays(-1))}&till={Day(today.AddDays(1))}");
        var otherType = await auditor.GetStringAsync("/granskningslogg?objekt=Activity");
        // The auditor has only signed in (a sign-in event); it changed no agreement.
        var otherUser = await auditor.GetStringAsync("/granskningslogg?anvandare=revisor&objekt=Agreement");
        var earlier = await auditor.GetStringAsync("/granskningslogg?till=2020-12-31");

        Assert.Contains("Granskad överenskommelse 2025", all);
        Assert.Contains("Granskad överenskommelse 2025", matching);
        // Issue 25: the user by name, the agreement as what it is, fields in the interface's words, the time in Swedish time.
        Assert.Contains("<td>Hanna Handläggare (handlaggare@demo.local)</td>", matching);
        Assert.Contains("<td>Överenskommelse</td>", matching);
        Assert.Contains("<td>Granskad överenskommelse 2025</td>", matching);
        Assert.DoesNotContain($"<td>{id}</td>", matching);
        Assert.Contains("Skapad", matching);
        Assert.Contains("Namn:</span> – → Granskad överenskommelse 2025", matching);
        Assert.Contains("Regionens tilldelning:</span> – → 1&#xA0;000&#xA0;000&#xA0;kr", matching);
        Assert.DoesNotContain("RegionAllocation", matching);
        Assert.Matches(@"<td class=""text-nowrap"">\d{4}-\d{2}-\d{2} \d{2}:\d{2}</td>", matching);

        // The workbook of the same filter shows the same words.
        var excel = await auditor.GetAsync($"/granskningslogg/excel?objekt=Agreement&anvandare=HANDLAGGARE");
        Assert.Equal(HttpStatusCode.OK, excel.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", excel.Content.Headers.ContentType?.MediaType);
        using var workbook = new ClosedXML.Excel.XLWorkbook(await excel.Content.ReadAsStreamAsync());
        var cells = workbook.Worksheets.SelectMany(w => w.CellsUsed()).Select(c => c.GetString()).ToList();
        Assert.Contains("Avser", cells);
        Assert.Contains("Granskad överenskommelse 2025", cells);
        Assert.Contains("Hanna Handläggare (handlaggare@demo.local)", cells);
        Assert.Contains(cells, c => c.Contains("Namn: – → Granskad överenskommelse 2025", StringComparison.Ordinal));
        Assert.DoesNotContain(cells, c => c.Contains("RegionAllocation", StringComparison.Ordinal));
        Assert.DoesNotContain("Granskad överenskommelse 2025", otherType);
        Assert.DoesNotContain("Granskad överenskommelse 2025", otherUser);
        Assert.Contains("Inga händelser matchar filtret", otherUser);
        Assert.DoesNotContain("Granskad överenskommelse 2025", earlier);
    }

    [Fact]
    public async Task The_audit_trail_offers_no_way_to_change_or_delete_an_entry()
    {
        var auditor = await factory.SignedInAsync("admin@demo.local");

        var html = await auditor.GetStringAsync("/granskningslogg");
        var post = await auditor.PostAsync("/granskningslogg", new FormUrlEncodedContent([]));

        Assert.DoesNotContain("method=\"post\" action=\"/granskningslogg", html);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
    }

    [Fact]
    public async Task An_unreadable_date_in_the_filter_is_explained_in_Swedish()
    {
        var auditor = await factory.SignedInAsync("revisor@demo.local");

        var response = await auditor.GetAsync("/granskningslogg?fran=31%2F3%202024");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Ange det som ÅÅÅÅ-MM-DD, till exempel 2024-03-31.", await response.Content.ReadAsStringAsync());
    }

    [GeneratedRegex("/overenskommelser/\\d+")]
    private static partial Regex AgreementLink();
}
