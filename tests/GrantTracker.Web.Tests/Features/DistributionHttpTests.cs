using System.Net;
using System.Text.RegularExpressions;
using ClosedXML.Excel;
using GrantTracker.Web.Tests.Infrastructure;

namespace GrantTracker.Web.Tests.Features;

/// <summary>A distribution of the 24 mkr over real HTTP: saved by an officer, decided by a Beslutsfattare, locked, its payment list.</summary>
public sealed partial class DistributionHttpTests : IDisposable
{
    private readonly GrantTrackerFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    private const string Preview = "/vardenheter?belopp=24000000&nyckel=Halsoval&modell=2026";

    [Fact]
    public async Task An_officer_saves_the_24_mkr_a_decision_maker_decides_it_and_the_payment_list_adds_up()
    {
        var officer = await _factory.SignedInAsync("handlaggare@demo.local");
        var saved = await officer.PostFormAsync(Preview, "/fordelningar", new Dictionary<string, string>
        {
            ["name"] = "24 mkr till vårdenheterna 2023", ["agreement"] = "gnv2023", ["line"] = "2.1", ["amount"] = "24000000", ["key"] = "Halsoval",
            ["model"] = "2026", ["asOf"] = "2022-12-31",
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var url = saved.Headers.Location!.OriginalString;
        Assert.Matches("^/fordelningar/[0-9]+$", url);
        var draft = await officer.GetPageAsync(url);
        Assert.Contains("Utkast – inte beslutad", draft);
        Assert.Contains("data-testid=\"distribution-sum\">24\u00A0000\u00A0000\u00A0kr<", draft);
        Assert.DoesNotContain("Besluta fördelningen", draft);
        Assert.Equal(HttpStatusCode.NotFound, (await officer.GetAsync(url + "/betalningslista")).StatusCode);

        var decisionMaker = await _factory.SignedInAsync("beslutsfattare@demo.local");
        var refused = await decisionMaker.PostFormAsync(url, url + "/beslut", new Dictionary<string, string> { ["reference"] = " ", ["version"] = Version(await decisionMaker.GetPageAsync(url)) });
        Assert.Contains("Ange beslutets diarienummer", await decisionMaker.GetPageAsync(refused.Headers.Location!.OriginalString));
        await decisionMaker.PostFormAsync(url, url + "/beslut", new Dictionary<string, string> { ["reference"] = "RS/123/2023 § 45", ["version"] = Version(await decisionMaker.GetPageAsync(url)) });

        var decided = await decisionMaker.GetPageAsync(url);
        Assert.Contains("RS/123/2023 § 45. Låst.", decided);
        Assert.DoesNotContain("Besluta fördelningen", decided);
        var again = await decisionMaker.PostFormAsync(url, url + "/beslut", new Dictionary<string, string> { ["reference"] = "RS/999/2023", ["version"] = Version(decided) });
        Assert.Contains("är låst", await decisionMaker.GetPageAsync(again.Headers.Location!.OriginalString));

        var ekonom = await _factory.SignedInAsync("ekonom@demo.local");
        var file = await ekonom.GetAsync(url + "/betalningslista");
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        using var workbook = new XLWorkbook(await file.Content.ReadAsStreamAsync());
        var sheet = workbook.Worksheets.First();
        var amounts = sheet.Column(5).CellsUsed().Where(c => c.DataType == XLDataType.Number).Select(c => (decimal)c.GetDouble()).ToList();
        // 24 units and the sum row.
        Assert.Equal(25, amounts.Count);
        Assert.Equal(24_000_000m, amounts[^1]);
        Assert.Equal(24_000_000m, amounts[..^1].Sum());
        Assert.Contains("24 mkr till vårdenheterna 2023", await ekonom.GetPageAsync("/fordelningar"));
    }

    [Fact]
    public async Task A_pot_above_the_line_is_refused_back_on_the_preview()
    {
        var officer = await _factory.SignedInAsync("handlaggare@demo.local");

        var saved = await officer.PostFormAsync(Preview, "/fordelningar", new Dictionary<string, string>
        {
            ["name"] = "För mycket", ["agreement"] = "gnv2023", ["line"] = "2.3", ["amount"] = "24000000", ["key"] = "Listade",
        });

        Assert.StartsWith("/vardenheter", saved.Headers.Location!.OriginalString);
        Assert.Contains("mer än radens tilldelning", await officer.GetPageAsync(saved.Headers.Location!.OriginalString));
        Assert.Contains("Det finns inga fördelningar än", await officer.GetPageAsync("/fordelningar"));
    }

    private static string Version(string page) => VersionField().Match(page).Groups[1].Value;

    [GeneratedRegex("name=\"version\" value=\"([0-9]+)\"")]
    private static partial Regex VersionField();
}
