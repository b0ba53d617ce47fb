using System.Net;
using System.Text.RegularExpressions;
using GrantTracker.Web.Tests.Infrastructure;

namespace GrantTracker.Web.Tests.Features;

/// <summary>
/// Issue 23, point 5: two people with the same unit report open. The second save is refused in Swedish, never a silent
/// overwrite of the first; the first stays, and the page works for both afterwards.
/// </summary>
public sealed partial class UnitReportHttpTests
{
    private const string StaleReport = "Någon annan har ändrat återrapporten för vårdenheten sedan du öppnade sidan";

    private static async Task<HttpResponseMessage> PostReportAsync(HttpClient client, string page, string url, IDictionary<string, string> fields)
    {
        using var content = new MultipartFormDataContent { { new StringContent(HttpClientFormExtensions.AntiforgeryToken(page)), "__RequestVerificationToken" } };
        foreach (var (name, value) in fields)
        {
            content.Add(new StringContent(value), name);
        }
        return await client.PostAsync(url + "/aterrapport", content);
    }

    [Fact]
    public async Task A_providers_stale_correction_is_refused_and_the_officers_correction_is_kept()
    {
        var url = await DecidedAsync();
        var provider = await _factory.SignedInAsync("utforare@demo.local");
        var officer = await _factory.SignedInAsync("handlaggare@demo.local");
        Assert.Equal(HttpStatusCode.Redirect, (await ReportAsync(provider, url, OwnUnit, "Första versionen", "100 000", "Resultat")).StatusCode);

        // Both open the report.
        var providerPage = await provider.GetStringAsync(url);
        var officerPage = await officer.GetStringAsync(url);
        var providerVersion = ReportVersion().Match(providerPage).Groups[1].Value;
        var officerVersion = KnownVersion(OwnUnit).Match(officerPage).Groups[1].Value;
        Assert.Equal(providerVersion, officerVersion);

        var corrected = await PostReportAsync(officer, officerPage, url, new Dictionary<string, string>
        {
            ["Unit"] = OwnUnit, ["Use"] = "Handläggarens rättelse", ["AmountUsed"] = "90 000", ["Outcome"] = "Resultat", [$"Known[{OwnUnit}]"] = officerVersion,
        });
        Assert.Equal(HttpStatusCode.Redirect, corrected.StatusCode);

        var stale = await PostReportAsync(provider, providerPage, url, new Dictionary<string, string>
        {
            ["Unit"] = OwnUnit, ["Use"] = "Utförarens gamla text", ["AmountUsed"] = "100 000", ["Outcome"] = "Resultat", ["Version"] = providerVersion,
        });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, stale.StatusCode);
        var html = WebUtility.HtmlDecode(await stale.Content.ReadAsStringAsync());
        Assert.Contains(StaleReport, html);
        Assert.Contains("Utförarens gamla text", html); // what was written is shown again
        var after = await officer.GetPageAsync(url);
        Assert.Contains("Handläggarens rättelse", after);
        Assert.DoesNotContain("Utförarens gamla text", after);

        // Read again, the provider's correction goes through.
        var fresh = await provider.GetStringAsync(url);
        var again = await PostReportAsync(provider, fresh, url, new Dictionary<string, string>
        {
            ["Unit"] = OwnUnit, ["Use"] = "Utförarens nya text", ["AmountUsed"] = "100 000", ["Outcome"] = "Resultat", ["Version"] = ReportVersion().Match(fresh).Groups[1].Value,
        });
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Contains("Utförarens nya text", await provider.GetPageAsync(url));
    }

    [Fact]
    public async Task Two_first_reports_from_forms_opened_before_either_existed_keep_the_first()
    {
        var url = await DecidedAsync();
        var provider = await _factory.SignedInAsync("utforare@demo.local");
        var officer = await _factory.SignedInAsync("handlaggare@demo.local");
        var providerPage = await provider.GetStringAsync(url);
        var officerPage = await officer.GetStringAsync(url);
        Assert.Equal("-1", ReportVersion().Match(providerPage).Groups[1].Value);

        Assert.Equal(HttpStatusCode.Redirect, (await PostReportAsync(provider, providerPage, url, new Dictionary<string, string>
        {
            ["Unit"] = OwnUnit, ["Use"] = "Utförarens rapport", ["AmountUsed"] = "100 000", ["Outcome"] = "Resultat", ["Version"] = "-1",
        })).StatusCode);
        var stale = await PostReportAsync(officer, officerPage, url, new Dictionary<string, string>
        {
            ["Unit"] = OwnUnit, ["Use"] = "Postad rapport", ["AmountUsed"] = "1", ["Outcome"] = "Resultat", [$"Known[{OwnUnit}]"] = KnownVersion(OwnUnit).Match(officerPage).Groups[1].Value,
        });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, stale.StatusCode);
        Assert.Contains(StaleReport, WebUtility.HtmlDecode(await stale.Content.ReadAsStringAsync()));
        var page = await officer.GetPageAsync(url);
        Assert.Contains("Utförarens rapport", page);
        Assert.DoesNotContain("Postad rapport", page);
    }

    [Fact]
    public async Task An_officer_cannot_mark_received_a_report_corrected_after_the_officer_read_it()
    {
        var url = await DecidedAsync();
        var provider = await _factory.SignedInAsync("utforare@demo.local");
        var officer = await _factory.SignedInAsync("handlaggare@demo.local");
        Assert.Equal(HttpStatusCode.Redirect, (await ReportAsync(provider, url, OwnUnit, "Som handläggaren läste", "100 000", "Resultat")).StatusCode);
        var officerPage = await officer.GetStringAsync(url);
        var read = ReceiveVersion().Match(officerPage).Groups[1].Value;
        var providerPage = await provider.GetStringAsync(url);
        Assert.Equal(HttpStatusCode.Redirect, (await PostReportAsync(provider, providerPage, url, new Dictionary<string, string>
        {
            ["Unit"] = OwnUnit, ["Use"] = "Rättad efteråt", ["AmountUsed"] = "100 000", ["Outcome"] = "Resultat", ["Version"] = ReportVersion().Match(providerPage).Groups[1].Value,
        })).StatusCode);

        var received = await officer.PostAsync(url + "/aterrapport/mottagen", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = HttpClientFormExtensions.AntiforgeryToken(officerPage), ["unit"] = OwnUnit, ["version"] = read,
        }));

        Assert.Equal(HttpStatusCode.Redirect, received.StatusCode);
        var page = await officer.GetPageAsync(url);
        Assert.Contains(StaleReport, page);
        Assert.Contains("Markera som mottagen", page); // not taken
        Assert.Contains("Spara rättelsen", await provider.GetPageAsync(url));
    }

    [Fact]
    public async Task A_stale_project_code_is_refused_and_the_first_is_kept()
    {
        var url = await DecidedAsync();
        var officer = await _factory.SignedInAsync("handlaggare@demo.local");
        var economist = await _factory.SignedInAsync("ekonom@demo.local");
        var officerPage = await officer.GetStringAsync(url);
        var economistPage = await economist.GetStringAsync(url);
        var version = ProjectCodeVersion().Match(officerPage).Groups[1].Value;

        var first = await officer.PostAsync(url + "/projektkod", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = HttpClientFormExtensions.AntiforgeryToken(officerPage), ["unit"] = OwnUnit, ["projectCode"] = "PK-FORSTA", ["version"] = version,
        }));
        var second = await economist.PostAsync(url + "/projektkod", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = HttpClientFormExtensions.AntiforgeryToken(economistPage), ["unit"] = OwnUnit, ["projectCode"] = "PK-ANDRA",
            ["version"] = ProjectCodeVersion().Match(economistPage).Groups[1].Value,
        }));

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        var page = await economist.GetPageAsync(url);
        Assert.Contains("Någon annan har ändrat fördelningen sedan du öppnade den", page);
        Assert.Contains("PK-FORSTA", page);
        Assert.DoesNotContain("PK-ANDRA", page);
    }

    [GeneratedRegex("name=\"Version\" value=\"(-?[0-9]+)\"")]
    private static partial Regex ReportVersion();

    [GeneratedRegex("name=\"unit\" value=\"[^\"]+\" /><input type=\"hidden\" name=\"version\" value=\"([0-9]+)\"")]
    private static partial Regex ReceiveVersion();

    [GeneratedRegex("data-testid=\"project-code-form\">\\s*<input type=\"hidden\" name=\"version\" value=\"([0-9]+)\"")]
    private static partial Regex ProjectCodeVersion();

    private static Regex KnownVersion(string unit) => new($"name=\"Known\\[{Regex.Escape(unit)}\\]\" value=\"(-?[0-9]+)\"");
}
