using System.Net;
using System.Text.RegularExpressions;
using GrantTracker.Web.Tests.Infrastructure;

namespace GrantTracker.Web.Tests.Features;

public sealed partial class AgreementFormTests(GrantTrackerFactory factory) : IClassFixture<GrantTrackerFactory>
{
    private const char Nbsp = '\u00A0';

    [Fact]
    public async Task An_officer_creates_an_agreement_adds_an_area_and_two_lines_and_sees_the_totals()
    {
        var client = await factory.SignedInAsync("handlaggare@demo.local");

        var created = await CreateAgreementAsync(client, "form-totals", "Formulärprovet 2025");
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var id = AgreementId(created);
        var page = await client.GetStringAsync($"/overenskommelser/{id}");
        Assert.Contains("Överenskommelsen Formulärprovet 2025 är skapad.", page);

        var area = await PostWithVersionAsync(client, $"/overenskommelser/{id}/omraden/nytt", new()
        {
            ["Form.Code"] = "2.1",
            ["Form.Name"] = "Nära vård",
            ["Form.Amount"] = "800 000",
        });
        Assert.Equal($"/overenskommelser/{id}", area.Headers.Location!.OriginalString);
        var areaId = await AreaOptionAsync(client, id, "2.1 Nära vård");
        await AddLineAsync(client, id, areaId, "2.1.1", "500 000", "7101", extra: new() { ["Form.Earmarks[0].Name"] = "Landsbygd", ["Form.Earmarks[0].Amount"] = "120 000" });
        await AddLineAsync(client, id, areaId, "2.1.2", "300 000", "7101", extra: new() { ["Form.RingFenced"] = "true" });

        // The encoder writes U+00A0 as &#xA0;: compare the text the browser shows.
        page = WebUtility.HtmlDecode(await client.GetStringAsync($"/overenskommelser/{id}"));
        Assert.Contains("Raden 2.1.2 är tillagd.", page);
        Assert.Matches($"data-testid=\"region-allocation\">1{Nbsp}000{Nbsp}000{Nbsp}kr<", page);
        Assert.Matches($"data-testid=\"area-total-2.1\">800{Nbsp}000{Nbsp}kr<", page);
        Assert.Matches($"data-testid=\"tree-total\">800{Nbsp}000{Nbsp}kr<", page);
        Assert.Contains($"200{Nbsp}000{Nbsp}kr är inte fördelat på någon rad.", page);
        Assert.Contains($"varav Landsbygd: 120{Nbsp}000{Nbsp}kr", page);
        Assert.Contains("Ja – får ej nyttjas för andra ändamål", page);
    }

    [Fact]
    public async Task An_officer_edits_an_area_and_a_line_and_an_area_below_its_lines_is_refused()
    {
        var client = await factory.SignedInAsync("handlaggare@demo.local");
        var id = AgreementId(await CreateAgreementAsync(client, "form-edit", "Redigeringsprovet 2025"));
        await PostWithVersionAsync(client, $"/overenskommelser/{id}/omraden/nytt", new() { ["Form.Code"] = "1", ["Form.Name"] = "Område", ["Form.Amount"] = "500 000" });
        var areaId = await AreaOptionAsync(client, id, "1 Område");
        await AddLineAsync(client, id, areaId, "1.1", "400 000", "7106", extra: new() { ["Form.Earmarks[0].Name"] = "Landsbygd", ["Form.Earmarks[0].Amount"] = "100 000" });
        var lineId = LineEditLink().Match(await client.GetStringAsync($"/overenskommelser/{id}")).Groups[1].Value;
        var areaPage = $"/overenskommelser/{id}/omraden/{areaId}/redigera";
        var linePage = $"/overenskommelser/{id}/rader/{lineId}/redigera";

        var tooLow = await PostWithVersionAsync(client, areaPage, new() { ["Form.Code"] = "1", ["Form.Name"] = "Område", ["Form.Amount"] = "300 000" });
        var area = await PostWithVersionAsync(client, areaPage, new() { ["Form.Code"] = "1", ["Form.Name"] = "Omdöpt område", ["Form.Amount"] = "600 000" });
        var editForm = WebUtility.HtmlDecode(await client.GetStringAsync(linePage));
        var line = await PostWithVersionAsync(client, linePage, new()
        {
            ["Form.AreaId"] = areaId, ["Form.Code"] = "1.1", ["Form.Year"] = "2025", ["Form.Amount"] = "550 000", ["Form.CostObjectCode"] = "7106",
            ["Form.Earmarks[0].Name"] = "Landsbygd", ["Form.Earmarks[0].Amount"] = "150 000",
        });

        Assert.Equal(HttpStatusCode.OK, tooLow.StatusCode);
        Assert.Contains($"Raderna under området summerar till 400{Nbsp}000{Nbsp}kr, mer än 300{Nbsp}000{Nbsp}kr.", WebUtility.HtmlDecode(await tooLow.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.Redirect, area.StatusCode);
        Assert.Contains("value=\"Landsbygd\"", editForm);
        Assert.Contains("value=\"100 000\"", editForm);
        Assert.True(line.StatusCode == HttpStatusCode.Redirect, ErrorsOn(await line.Content.ReadAsStringAsync()));
        var page = WebUtility.HtmlDecode(await client.GetStringAsync($"/overenskommelser/{id}"));
        Assert.Contains("1 Omdöpt område", page);
        Assert.Contains($"data-testid=\"area-total-1\">550{Nbsp}000{Nbsp}kr<", page);
        Assert.Contains($"varav Landsbygd: 150{Nbsp}000{Nbsp}kr", page);
        Assert.DoesNotContain($"varav Landsbygd: 100{Nbsp}000{Nbsp}kr", page);
    }

    [Fact]
    public async Task A_negative_line_amount_is_refused_in_Swedish()
    {
        var client = await factory.SignedInAsync("handlaggare@demo.local");
        var id = AgreementId(await CreateAgreementAsync(client, "form-negative", "Negativa beloppet 2025"));
        await PostWithVersionAsync(client, $"/overenskommelser/{id}/omraden/nytt", new() { ["Form.Code"] = "1", ["Form.Name"] = "Område" });
        var areaId = await AreaOptionAsync(client, id, "1 Område");

        var response = await PostWithVersionAsync(client, $"/overenskommelser/{id}/rader/ny", LineFields(areaId, "1.1", "-5 000", "7102"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Beloppet kan inte vara negativt.", html);
        Assert.Contains("value=\"-5 000\"", html);
    }

    [Fact]
    public async Task A_duplicate_area_code_is_refused_in_Swedish()
    {
        var client = await factory.SignedInAsync("handlaggare@demo.local");
        var id = AgreementId(await CreateAgreementAsync(client, "form-duplicate", "Dubbla koder 2025"));
        await PostWithVersionAsync(client, $"/overenskommelser/{id}/omraden/nytt", new() { ["Form.Code"] = "2.2", ["Form.Name"] = "Medarbetare" });

        var response = await PostWithVersionAsync(client, $"/overenskommelser/{id}/omraden/nytt", new() { ["Form.Code"] = "2.2", ["Form.Name"] = "Igen" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Koden 2.2 används redan av ett annat område i överenskommelsen. Välj en annan kod.", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Sub_lines_that_add_up_to_more_than_their_area_are_refused_in_Swedish()
    {
        var client = await factory.SignedInAsync("handlaggare@demo.local");
        var id = AgreementId(await CreateAgreementAsync(client, "form-ceiling", "Takprovet 2025"));
        await PostWithVersionAsync(client, $"/overenskommelser/{id}/omraden/nytt", new() { ["Form.Code"] = "2.2", ["Form.Name"] = "Medarbetare", ["Form.Amount"] = "800 000" });
        var parent = await AreaOptionAsync(client, id, "2.2 Medarbetare", page: "omraden/nytt");
        await PostWithVersionAsync(client, $"/overenskommelser/{id}/omraden/nytt", new() { ["Form.Code"] = "2.2.1", ["Form.Name"] = "Allmänt", ["Form.ParentId"] = parent });
        await PostWithVersionAsync(client, $"/overenskommelser/{id}/omraden/nytt", new() { ["Form.Code"] = "2.2.2", ["Form.Name"] = "Vidareutbildning", ["Form.ParentId"] = parent });
        var general = await AreaOptionAsync(client, id, "2.2.1 Allmänt");
        var education = await AreaOptionAsync(client, id, "2.2.2 Vidareutbildning");
        await AddLineAsync(client, id, general, "2.2.1", "600 000", "7103");

        var response = await PostWithVersionAsync(client, $"/overenskommelser/{id}/rader/ny", LineFields(education, "2.2.2", "250 000", "7103"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"Raderna under 2.2 Medarbetare skulle summera till 850{Nbsp}000{Nbsp}kr, mer än områdets 800{Nbsp}000{Nbsp}kr.",
            WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
        Assert.DoesNotContain("data-testid=\"line-2.2.2\"", await client.GetStringAsync($"/overenskommelser/{id}"));
    }

    [Fact]
    public async Task An_end_date_before_the_start_date_is_refused_in_Swedish()
    {
        var client = await factory.SignedInAsync("handlaggare@demo.local");

        var response = await CreateAgreementAsync(client, "form-dates", "Bakvända datum", endDate: "2024-12-31");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Slutdatum kan inte ligga före startdatum.", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Removing_a_line_asks_first_and_then_deletes_it()
    {
        var client = await factory.SignedInAsync("handlaggare@demo.local");
        var id = AgreementId(await CreateAgreementAsync(client, "form-remove", "Borttagningsprovet 2025"));
        await PostWithVersionAsync(client, $"/overenskommelser/{id}/omraden/nytt", new() { ["Form.Code"] = "1", ["Form.Name"] = "Område" });
        await AddLineAsync(client, id, await AreaOptionAsync(client, id, "1 Område"), "1.1", "1 000", "7104");
        var lineId = LineEditLink().Match(await client.GetStringAsync($"/overenskommelser/{id}")).Groups[1].Value;
        var editPage = $"/overenskommelser/{id}/rader/{lineId}/redigera";
        var version = Version(await client.GetStringAsync(editPage));

        var ask = await client.PostFormAsync(editPage, $"/overenskommelser/{id}/rader/{lineId}/ta-bort", new Dictionary<string, string> { ["version"] = version });
        var askHtml = await ask.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, ask.StatusCode);
        Assert.Contains("Vill du ta bort raden 1.1", askHtml);
        Assert.Contains($"href=\"/overenskommelser/{id}\"", askHtml);
        Assert.Contains("data-testid=\"line-1.1\"", await client.GetStringAsync($"/overenskommelser/{id}"));

        var confirmed = await client.PostAsync($"/overenskommelser/{id}/rader/{lineId}/ta-bort", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["version"] = version,
            ["confirmed"] = "true",
            ["__RequestVerificationToken"] = HttpClientFormExtensions.AntiforgeryToken(askHtml),
        }));

        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        var page = await client.GetStringAsync($"/overenskommelser/{id}");
        Assert.Contains("Raden 1.1 är borttagen.", page);
        Assert.DoesNotContain("data-testid=\"line-1.1\"", page);
    }

    [Fact]
    public async Task An_auditor_is_sent_to_the_access_denied_page_from_the_new_agreement_form_but_reads_the_list()
    {
        var client = await factory.SignedInAsync("revisor@demo.local");

        var form = await client.GetAsync("/overenskommelser/ny");
        var list = await client.GetAsync("/overenskommelser");
        // The sign-out form on every page carries a valid token, so the refusal is the policy's, not antiforgery's.
        var token = HttpClientFormExtensions.AntiforgeryToken(await list.Content.ReadAsStringAsync());
        var post = await client.PostAsync("/overenskommelser/ny", new FormUrlEncodedContent(AgreementFields("form-revisor", "Revisorns försök", "2025-12-31")
            .Append(new KeyValuePair<string, string>("__RequestVerificationToken", token))));

        Assert.Equal(HttpStatusCode.Redirect, form.StatusCode);
        Assert.StartsWith("/konto/nekad", form.Headers.Location!.PathAndQuery);
        Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
        Assert.StartsWith("/konto/nekad", post.Headers.Location!.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        var after = await client.GetStringAsync("/overenskommelser");
        Assert.Contains("God och nära vård 2023", after);
        Assert.DoesNotContain("Revisorns försök", after);
    }

    [Fact]
    public async Task A_finance_officer_may_not_edit_areas_or_lines()
    {
        var officer = await factory.SignedInAsync("handlaggare@demo.local");
        var id = AgreementId(await CreateAgreementAsync(officer, "form-ekonom", "Ekonomens överenskommelse 2025"));
        await PostWithVersionAsync(officer, $"/overenskommelser/{id}/omraden/nytt", new() { ["Form.Code"] = "1", ["Form.Name"] = "Område" });
        var areaId = await AreaOptionAsync(officer, id, "1 Område");
        var client = await factory.SignedInAsync("ekonom@demo.local");
        var page = await client.GetStringAsync($"/overenskommelser/{id}");
        var token = HttpClientFormExtensions.AntiforgeryToken(page);

        var newArea = await client.GetAsync($"/overenskommelser/{id}/omraden/nytt");
        var editArea = await client.GetAsync($"/overenskommelser/{id}/omraden/{areaId}/redigera");
        var postLine = await client.PostAsync($"/overenskommelser/{id}/rader/ny",
            new FormUrlEncodedContent(LineFields(areaId, "1.1", "100", "7105").Append(new("Form.Version", "1")).Append(new("__RequestVerificationToken", token))));
        var removeArea = await client.PostAsync($"/overenskommelser/{id}/omraden/{areaId}/ta-bort",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["version"] = "1", ["confirmed"] = "true", ["__RequestVerificationToken"] = token }));

        Assert.DoesNotContain("/omraden/nytt", page);
        Assert.All([newArea, editArea, postLine, removeArea], r =>
        {
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
            Assert.StartsWith("/konto/nekad", r.Headers.Location!.PathAndQuery);
        });
        var after = await officer.GetStringAsync($"/overenskommelser/{id}");
        Assert.Contains("data-testid=\"area-1\"", after);
        Assert.DoesNotContain("data-testid=\"line-1.1\"", after);
    }

    private static Dictionary<string, string> AgreementFields(string code, string name, string endDate) => new()
    {
        ["Form.Code"] = code,
        ["Form.Name"] = name,
        ["Form.Counterparty"] = "Staten och SKR",
        ["Form.StartDate"] = "2025-01-01",
        ["Form.EndDate"] = endDate,
        ["Form.RegionAllocation"] = "1 000 000",
    };

    private static Task<HttpResponseMessage> CreateAgreementAsync(HttpClient client, string code, string name, string endDate = "2025-12-31") =>
        client.PostFormAsync("/overenskommelser/ny", "/overenskommelser/ny", AgreementFields(code, name, endDate));

    private static int AgreementId(HttpResponseMessage created)
    {
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        return int.Parse(AgreementPath().Match(created.Headers.Location!.OriginalString).Groups[1].Value);
    }

    /// <param name="costObject">One object per test: the tests share a database, and one object cannot serve two agreements in 2025.</param>
    private static Dictionary<string, string> LineFields(string areaId, string code, string amount, string costObject) => new()
    {
        ["Form.AreaId"] = areaId,
        ["Form.Code"] = code,
        ["Form.Year"] = "2025",
        ["Form.Amount"] = amount,
        ["Form.CostObjectCode"] = costObject,
    };

    private static async Task AddLineAsync(HttpClient client, int id, string areaId, string code, string amount, string costObject, Dictionary<string, string>? extra = null)
    {
        var fields = LineFields(areaId, code, amount, costObject);
        foreach (var (k, v) in extra ?? [])
        {
            fields[k] = v;
        }
        var response = await PostWithVersionAsync(client, $"/overenskommelser/{id}/rader/ny", fields);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, ErrorsOn(await response.Content.ReadAsStringAsync()));
    }

    /// <summary>Posts a form back to its own page with the agreement version the page carried, as a browser would.</summary>
    private static async Task<HttpResponseMessage> PostWithVersionAsync(HttpClient client, string page, Dictionary<string, string> fields)
    {
        var html = await client.GetStringAsync(page);
        fields["Form.Version"] = Version(html);
        fields["__RequestVerificationToken"] = HttpClientFormExtensions.AntiforgeryToken(html);
        return await client.PostAsync(page, new FormUrlEncodedContent(fields));
    }

    private static async Task<string> AreaOptionAsync(HttpClient client, int id, string label, string page = "rader/ny")
    {
        var html = WebUtility.HtmlDecode(await client.GetStringAsync($"/overenskommelser/{id}/{page}"));
        var match = Regex.Match(html, "<option value=\"(\\d+)\">(?:\u00A0)*" + Regex.Escape(label) + "</option>");
        Assert.True(match.Success, $"No option '{label}' on {page}: " + string.Join(" ", Regex.Matches(html, "<option[^>]*>[^<]*</option>").Select(m => m.Value)));
        return match.Groups[1].Value;
    }

    /// <summary>The refusals on a re-rendered form, so a failing test says why.</summary>
    private static string ErrorsOn(string html) =>
        string.Join(" | ", Regex.Matches(html, "class=\"(?:field-validation-error[^\"]*|text-danger field-validation-error)\"[^>]*>([^<]+)<|<li>([^<]+)</li>")
            .Select(m => m.Groups[1].Value + m.Groups[2].Value));

    private static string Version(string html) => VersionField().Match(html) is { Success: true } m
        ? m.Groups[1].Value
        : throw new InvalidOperationException("No version on the page.");

    [GeneratedRegex("name=\"Form.Version\" value=\"(\\d+)\"")]
    private static partial Regex VersionField();

    [GeneratedRegex("^/overenskommelser/(\\d+)$")]
    private static partial Regex AgreementPath();

    [GeneratedRegex("href=\"/overenskommelser/\\d+/rader/(\\d+)/redigera\"")]
    private static partial Regex LineEditLink();
}
