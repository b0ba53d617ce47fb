using System.Net;
using ClosedXML.Excel;
using GrantTracker.Web.Tests.Infrastructure;

namespace GrantTracker.Web.Tests.Features;

/// <summary>Återrapportering over real HTTP: an officer answers, a bad number is refused with a message, an auditor reads, the VFU report renders.</summary>
public sealed class RequirementHttpTests : IDisposable
{
    private const string Page = "/rapporter/aterrapportering?avtal=gnv2023&ar=2023";
    private readonly GrantTrackerFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    private static int RequirementId(string html, string code)
    {
        var marker = $"data-testid=\"requirement-{code}\"";
        var at = html.IndexOf(marker, StringComparison.Ordinal);
        Assert.True(at > 0, $"No requirement {code} on the page.");
        var id = html.LastIndexOf("id=\"krav-", at, StringComparison.Ordinal) + "id=\"krav-".Length;
        return int.Parse(html[id..html.IndexOf('"', id)]);
    }

    [Fact]
    public async Task An_officer_answers_an_indicator_a_bad_number_is_refused_and_every_page_still_works()
    {
        var officer = await _factory.SignedInAsync("handlaggare@demo.local");
        var page = await officer.GetPageAsync(Page);
        Assert.Contains("Andel av befolkningen som har en namngiven fast läkarkontakt i primärvården.", page);
        Assert.Contains("mål minst 55 %", page);
        var id = RequirementId(page, "2.1.3-fast-lakarkontakt");

        var bad = await officer.PostFormAsync(Page, "/rapporter/aterrapportering", new Dictionary<string, string>
        {
            ["avtal"] = "gnv2023", ["ar"] = "2023", ["requirementId"] = id.ToString(), ["value"] = "femtio", ["measuredOn"] = "2023-12-31",
        });
        Assert.Equal(HttpStatusCode.Redirect, bad.StatusCode);
        var refused = await officer.GetPageAsync(Page);
        Assert.Contains("Värdet ”femtio” är inte ett tal", refused);
        Assert.DoesNotContain("data-testid=\"requirement-answer\"", refused);

        await officer.PostFormAsync(Page, "/rapporter/aterrapportering", new Dictionary<string, string>
        {
            ["avtal"] = "gnv2023", ["ar"] = "2023", ["requirementId"] = id.ToString(), ["value"] = "57,3", ["measuredOn"] = "2023-12-31", ["dataSource"] = "Primärvårdskvalitet",
        });
        var answered = await officer.GetPageAsync(Page);
        Assert.Contains("57,3 %, mätt 2023-12-31, källa Primärvårdskvalitet", answered);
        Assert.Contains("Målet nått: Ja", answered);

        foreach (var url in new[] { "/rapporter/slutredovisning?avtal=gnv2023&ar=2023", "/rapporter", "/deadlines", "/" })
        {
            Assert.Equal(HttpStatusCode.OK, (await officer.GetAsync(url)).StatusCode);
        }
        var final = await officer.GetPageAsync("/rapporter/slutredovisning?avtal=gnv2023&ar=2023");
        Assert.Contains("57,3 %, mätt 2023-12-31, källa Primärvårdskvalitet", final);
        Assert.Contains("11 återrapporteringskrav saknar svar för 2023", final);
    }

    [Fact]
    public async Task An_auditor_reads_the_answers_without_a_form_and_downloads_the_VFU_report()
    {
        var revisor = await _factory.SignedInAsync("revisor@demo.local");
        var page = await revisor.GetPageAsync(Page);
        Assert.Contains("VFU-veckor och platser", page);
        Assert.DoesNotContain("Spara svar", page);

        var vfu = await revisor.GetPageAsync("/rapporter/vfu?avtal=gnv2023&ar=2023");
        Assert.Contains("VFU-redovisning God och nära vård 2023", vfu);
        Assert.Contains("UTKAST – ej klar för inlämning", vfu);
        var excel = await revisor.GetAsync("/rapporter/vfu?avtal=gnv2023&ar=2023&format=excel");
        Assert.Equal(HttpStatusCode.OK, excel.StatusCode);
        using var workbook = new XLWorkbook(await excel.Content.ReadAsStreamAsync());
        Assert.Equal(["Att åtgärda före inlämning", "Återrapportering"], workbook.Worksheets.Select(w => w.Name));
        Assert.Equal(HttpStatusCode.NotFound, (await revisor.GetAsync("/rapporter/vfu?avtal=patientmiljarden&ar=2019")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await revisor.GetAsync("/rapporter/aterrapportering?avtal=gnv2023&ar=2024")).StatusCode); // not a year of the agreement
    }
}
