using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using ClosedXML.Excel;
using GrantTracker.Application.Seeding;
using GrantTracker.Domain.Common;
using GrantTracker.Web.Tests.Infrastructure;

namespace GrantTracker.Web.Tests.Features;

/// <summary>
/// A decided distribution as the demo Utförare sees it: only the unit its organisation number runs (P-0001, Privat
/// hälsocentral Östersund), its report back, and none of the other units' names or amounts. Checked by what the pages
/// and files say, not only by their status.
/// </summary>
public sealed partial class UnitReportHttpTests : IDisposable
{
    private readonly GrantTrackerFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    private const string OwnUnit = DemoListing.ProviderUnitCode;
    private const string OwnName = "Privat hälsocentral Östersund";
    private const string OtherUnit = "SE2321000222-HC01";
    private const string OtherName = "Hälsocentralen Odenslund";
    private const string OtherPrivateName = "Privat hälsocentral Åre";

    /// <summary>The 24 mkr saved by an officer and decided with a report deadline; the distribution's URL.</summary>
    private async Task<string> DecidedAsync(bool decide = true, string deadline = "2099-02-02")
    {
        var officer = await _factory.SignedInAsync("handlaggare@demo.local");
        var saved = await officer.PostFormAsync("/vardenheter?belopp=24000000&nyckel=Halsoval&modell=2026", "/fordelningar", new Dictionary<string, string>
        {
            ["name"] = "24 mkr till vårdenheterna 2023", ["agreement"] = "gnv2023", ["line"] = "2.1", ["amount"] = "24000000", ["key"] = "Halsoval",
            ["model"] = "2026", ["asOf"] = "2022-12-31",
        });
        var url = saved.Headers.Location!.OriginalString;
        if (decide)
        {
            var decisionMaker = await _factory.SignedInAsync("beslutsfattare@demo.local");
            var page = await decisionMaker.GetPageAsync(url);
            var decided = await decisionMaker.PostFormAsync(url, url + "/beslut", new Dictionary<string, string>
            {
                ["reference"] = "RS/123/2023 § 45", ["reportDeadline"] = deadline, ["version"] = VersionField().Match(page).Groups[1].Value,
            });
            Assert.Equal(HttpStatusCode.Redirect, decided.StatusCode);
            Assert.Contains("Sista dag för återrapport", await decisionMaker.GetPageAsync(url));
        }
        return url;
    }

    /// <summary>The first amount in a unit's row of a distribution page: its part.</summary>
    private static string UnitAmount(string page, string unit)
    {
        var start = page.IndexOf($"data-unit=\"{unit}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"{unit} is on the page");
        var row = page[start..page.IndexOf("</tr>", start, StringComparison.Ordinal)];
        return AmountPattern().Match(row).Value;
    }

    private static async Task<HttpResponseMessage> ReportAsync(HttpClient client, string url, string unit, string use, string amount, string outcome,
        (string Name, byte[] Bytes)? file = null)
    {
        var page = await client.GetStringAsync(url);
        using var content = new MultipartFormDataContent
        {
            { new StringContent(HttpClientFormExtensions.AntiforgeryToken(page)), "__RequestVerificationToken" },
            { new StringContent(unit), "Unit" },
            { new StringContent(use), "Use" },
            { new StringContent(amount), "AmountUsed" },
            { new StringContent(outcome), "Outcome" },
        };
        if (file is { } f)
        {
            var bytes = new ByteArrayContent(f.Bytes);
            bytes.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
            content.Add(bytes, "Files", f.Name);
        }
        return await client.PostAsync(url + "/aterrapport", content);
    }

    [Fact]
    public async Task A_provider_sees_its_own_unit_of_a_decided_distribution_and_no_other_units_name_or_amount()
    {
        var draft = await DecidedAsync(decide: false);
        var provider = await _factory.SignedInAsync("utforare@demo.local");
        Assert.Equal(HttpStatusCode.NotFound, (await provider.GetAsync(draft)).StatusCode);
        Assert.DoesNotContain("24 mkr till vårdenheterna 2023", await provider.GetPageAsync("/fordelningar"));

        var url = await DecidedAsync();
        var officerPage = await (await _factory.SignedInAsync("handlaggare@demo.local")).GetPageAsync(url);
        var own = UnitAmount(officerPage, OwnUnit);
        var other = UnitAmount(officerPage, OtherUnit);
        var list = await provider.GetPageAsync("/fordelningar");
        var page = await provider.GetPageAsync(url);

        Assert.Contains("24 mkr till vårdenheterna 2023", list);
        Assert.Contains(own, list);
        Assert.DoesNotContain(Money.Format(24_000_000m), list);
        Assert.Contains(OwnName, page);
        Assert.Contains(own, page);
        Assert.Contains("Lämna återrapport", page);
        Assert.DoesNotContain(" style=\"", page);
        foreach (var hidden in new[] { OtherName, OtherUnit, OtherPrivateName, other, Money.Format(24_000_000m), "Offentliga vårdenheter", "Andel" })
        {
            Assert.DoesNotContain(hidden, page);
        }
        // The officer's page has them, so their absence above is the scoping.
        Assert.Contains(OtherName, officerPage);
        Assert.Contains(Money.Format(24_000_000m), officerPage);

        var file = await provider.GetAsync(url + "/betalningslista");
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        using var workbook = new XLWorkbook(await file.Content.ReadAsStreamAsync());
        var cells = workbook.Worksheets.First().CellsUsed().Select(c => c.GetFormattedString()).ToList();
        Assert.Contains(OwnName, cells);
        Assert.DoesNotContain(OtherName, cells);
        Assert.Equal(2, workbook.Worksheets.First().Column(5).CellsUsed().Count(c => c.DataType == XLDataType.Number)); // the unit and the sum
    }

    [Fact]
    public async Task A_provider_reports_back_for_its_unit_and_may_correct_it_until_an_officer_marks_it_received()
    {
        var url = await DecidedAsync();
        var provider = await _factory.SignedInAsync("utforare@demo.local");
        var own = decimal.Parse(UnitAmount(await provider.GetPageAsync(url), OwnUnit).Replace("kr", "").Replace("\u00A0", ""));

        var submitted = await ReportAsync(provider, url, OwnUnit, "Distriktssköterska på halvtid och hembesök", "100 000", "Fler hembesök hos äldre",
            ("underlag.pdf", Encoding.ASCII.GetBytes("%PDF-1.4 underlag")));

        Assert.Equal(HttpStatusCode.Redirect, submitted.StatusCode);
        var page = await provider.GetPageAsync(url);
        Assert.Contains("Distriktssköterska på halvtid och hembesök", page);
        Assert.Contains("Inlämnad", page);
        Assert.Contains(Money.Format(own - 100_000m), page); // to be paid back
        var fileLink = FileLink().Match(page).Value;
        Assert.Equal("%PDF-1.4 underlag", await provider.GetStringAsync(fileLink));

        var corrected = await ReportAsync(provider, url, OwnUnit, "Distriktssköterska på heltid", own + 5_000 + "", "Fler hembesök hos äldre");
        Assert.Equal(HttpStatusCode.Redirect, corrected.StatusCode);
        page = await provider.GetPageAsync(url);
        Assert.Contains("Distriktssköterska på heltid", page);
        Assert.Contains("mer än mottaget", page);

        var officer = await _factory.SignedInAsync("handlaggare@demo.local");
        var officerPage = await officer.GetPageAsync(url);
        Assert.Contains("Distriktssköterska på heltid", officerPage);
        Assert.Contains("1 av 24 inlämnade", officerPage);
        Assert.Contains(OtherName, officerPage[officerPage.IndexOf("data-testid=\"missing-reports\"", StringComparison.Ordinal)..]);
        Assert.Equal("%PDF-1.4 underlag", await officer.GetStringAsync(fileLink));
        var received = await officer.PostFormAsync(url, url + "/aterrapport/mottagen", new Dictionary<string, string> { ["unit"] = OwnUnit });
        Assert.Equal(HttpStatusCode.Redirect, received.StatusCode);

        page = await provider.GetPageAsync(url);
        Assert.Contains("Mottagen", page);
        Assert.DoesNotContain("Spara rättelsen", page);
        var late = await ReportAsync(provider, url, OwnUnit, "Något annat", "1", "X");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, late.StatusCode);
        Assert.Contains("kan inte ändras", WebUtility.HtmlDecode(await late.Content.ReadAsStringAsync()));
        Assert.Contains("Distriktssköterska på heltid", await officer.GetPageAsync(url));
    }

    [Fact]
    public async Task A_provider_cannot_report_for_another_unit_nor_read_its_files()
    {
        var url = await DecidedAsync();
        var officer = await _factory.SignedInAsync("handlaggare@demo.local");
        var provider = await _factory.SignedInAsync("utforare@demo.local");
        // An officer registers a report that came by mail for another unit, with an attachment.
        Assert.Equal(HttpStatusCode.Redirect, (await ReportAsync(officer, url, OtherUnit, "Hemlig användning", "10", "Hemligt resultat",
            ("odenslund.pdf", Encoding.ASCII.GetBytes("%PDF-1.4 odenslund")))).StatusCode);
        var otherFile = FileLink().Match(await officer.GetPageAsync(url)).Value;

        var other = await ReportAsync(provider, url, OtherUnit, "Försök", "1", "Försök");
        var otherPrivate = await ReportAsync(provider, url, "P-0002", "Försök", "1", "Försök");

        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, otherPrivate.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await provider.GetAsync(otherFile)).StatusCode);
        var page = await provider.GetPageAsync(url);
        Assert.DoesNotContain("Hemlig användning", page);
        Assert.DoesNotContain("Försök", await officer.GetPageAsync(url));
    }

    [Fact]
    public async Task A_report_with_bad_input_is_shown_again_with_what_was_written_and_nothing_is_saved()
    {
        var url = await DecidedAsync();
        var provider = await _factory.SignedInAsync("utforare@demo.local");

        var refused = await ReportAsync(provider, url, OwnUnit, " ", "tusen", "Kortare köer");
        var wrongType = await ReportAsync(provider, url, OwnUnit, "Personal", "1 000", "Kortare köer", ("program.exe", [1, 2, 3]));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var html = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        Assert.Contains("Beskriv vad pengarna användes till", html);
        Assert.Contains("Ange hur mycket som användes i kronor", html);
        Assert.Contains("Kortare köer", html);
        Assert.Contains("value=\"tusen\"", html);
        Assert.Contains("filtyp som inte tas emot", WebUtility.HtmlDecode(await wrongType.Content.ReadAsStringAsync()));
        // Issue 25: the refusal is in the unit's own card, next to its form, which the browser is sent back to (#…), and the form
        // leaves checking to the server: no browser bubbles in the browser's language.
        var card = HtmlElement.ById(html, GrantTracker.Web.Features.Distributions.DistributionsController.UnitReportSection(OwnUnit));
        Assert.Contains("Beskriv vad pengarna användes till", card);
        Assert.Contains("data-testid=\"report-error\"", card);
        // (Its fields may still say they are required, for screen readers; novalidate keeps the browser from checking them.)
        Assert.Matches($"<form method=\"post\" novalidate action=\"{Regex.Escape(url)}/aterrapport#{GrantTracker.Web.Features.Distributions.DistributionsController.UnitReportSection(OwnUnit)}\"", card);
        var page = await provider.GetPageAsync(url);
        Assert.DoesNotContain("Inlämnad", page);
        Assert.Contains("Lämna återrapport", page);
    }

    [Fact]
    public async Task The_report_deadline_is_on_a_providers_deadlines_and_in_its_calendar()
    {
        var url = await DecidedAsync();
        var provider = await _factory.SignedInAsync("utforare@demo.local");

        var deadlines = await provider.GetPageAsync("/deadlines");
        Assert.Contains("Vårdenheternas återrapporter", deadlines);
        Assert.Contains("2099-02-02", deadlines);
        Assert.Contains("0 av 1", deadlines);
        Assert.Contains("0 av 24", await (await _factory.SignedInAsync("handlaggare@demo.local")).GetPageAsync("/deadlines"));

        await provider.PostFormAsync("/deadlines/kalender", "/deadlines/kalender/ny", new Dictionary<string, string>());
        var feedUrl = CalendarUrl().Match(await provider.GetPageAsync("/deadlines/kalender")).Value;
        var feed = (await _factory.CreateClient().GetStringAsync(feedUrl)).Replace("\r\n ", "");
        Assert.Contains("Återrapport från vårdenheterna – 24 mkr till vårdenheterna 2023", feed);
        Assert.Contains("DTSTART;VALUE=DATE:20990202", feed);
        Assert.Contains("Inlämnade: 0 av 1", feed);
        Assert.Contains("VALARM", feed[feed.IndexOf("distribution-report-", StringComparison.Ordinal)..]);
    }

    [Fact]
    public async Task An_administrator_sets_a_providers_organisation_numbers_and_the_provider_then_sees_that_organisations_unit()
    {
        var url = await DecidedAsync();
        var admin = await _factory.SignedInAsync("admin@demo.local");
        var users = await admin.GetPageAsync("/anvandare");
        Assert.Contains(DemoListing.ProviderOrganisation, users);
        var userId = UserAction().Match(users).Groups[1].Value;

        var refused = await admin.PostFormAsync("/anvandare", $"/anvandare/{userId}/organisationsnummer", new Dictionary<string, string> { ["numbers"] = "556712-3451, 12345" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("är inte giltiga organisationsnummer", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()));
        Assert.Contains(DemoListing.ProviderOrganisation, await admin.GetPageAsync("/anvandare"));

        // The organisation that runs P-0002 (Privat hälsocentral Åre) instead.
        var otherPrivate = Regex.Match(await (await _factory.SignedInAsync("handlaggare@demo.local")).GetPageAsync(url),
            "data-unit=\"P-0002\"><td[^>]*>P-0002</td><td>[^<]+</td><td>([0-9-]+)</td>").Groups[1].Value;
        var saved = await admin.PostFormAsync("/anvandare", $"/anvandare/{userId}/organisationsnummer", new Dictionary<string, string> { ["numbers"] = otherPrivate });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        var provider = await _factory.SignedInAsync("utforare@demo.local");
        var page = await provider.GetPageAsync(url);
        Assert.Contains(OtherPrivateName, page);
        Assert.DoesNotContain(OwnName, page);
        var trail = await admin.GetPageAsync("/granskningslogg?objekt=ProviderOrganisation");
        Assert.Contains("<td>Utförarens organisation</td>", trail);
        Assert.Contains("Organisationsnummer:</span>", trail);
        Assert.DoesNotContain("OrganisationNumber", trail);
    }

    [Fact]
    public async Task Avstamning_and_the_final_report_show_each_units_part_of_a_decided_distribution()
    {
        var url = await DecidedAsync();
        var id = url[(url.LastIndexOf('/') + 1)..];
        var ekonom = await _factory.SignedInAsync("ekonom@demo.local");

        var projectCode = await ekonom.PostFormAsync(url, url + "/projektkod", new Dictionary<string, string> { ["unit"] = OwnUnit, ["projectCode"] = "HV-4711" });
        Assert.Equal(HttpStatusCode.Redirect, projectCode.StatusCode);
        var reconciliation = await ekonom.GetPageAsync("/avstamning?avtal=gnv2023&manad=2023-03");
        var final = await ekonom.GetPageAsync("/rapporter/slutredovisning?avtal=gnv2023&ar=2023");
        var print = await ekonom.GetPageAsync("/rapporter/slutredovisning?avtal=gnv2023&ar=2023&format=utskrift");

        var followUp = reconciliation[reconciliation.IndexOf("Fördelningar till vårdenheterna: bokfört per vårdenhet", StringComparison.Ordinal)..];
        Assert.Contains(OwnName, followUp);
        Assert.Contains("<td>HV-4711</td>", followUp);
        Assert.Contains(Money.Format(24_000_000m), followUp);
        Assert.Contains($"Fördelning 2.1 nr {id}", final);
        Assert.Contains("Privata vårdenheter", final);
        Assert.Contains("har inte återrapporterat fördelningen 24 mkr till vårdenheterna 2023", final);
        Assert.Contains($"Fördelning 2.1 nr {id}", print);
    }

    /// <summary>The start page's Att göra: the provider's own report due, and once the deadline has passed the officer's overdue units.</summary>
    [Fact]
    public async Task Reports_back_are_on_the_to_do_lists_of_the_provider_and_once_overdue_of_the_officer()
    {
        var due = SwedishFormat.Today(TimeProvider.System).AddDays(10);
        var url = await DecidedAsync(deadline: due.ToString("yyyy-MM-dd"));
        var provider = await _factory.SignedInAsync("utforare@demo.local");
        var page = await provider.GetPageAsync("/");
        Assert.Contains("Återrapporter att lämna för egna vårdenheter", page);
        Assert.Contains($"24 mkr till vårdenheterna 2023 (God och nära vård 2023), senast {SwedishFormat.Date(due)} (om 10 dagar)", page);

        // The deadline passes (set in the database: the decision refuses a past date) and the provider reports back.
        _ = _factory.Services;
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_factory.DatabasePath};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "UPDATE \"Distributions\" SET \"ReportDeadline\" = '2024-01-31'";
            await command.ExecuteNonQueryAsync();
        }
        Assert.Equal(HttpStatusCode.Redirect, (await ReportAsync(provider, url, OwnUnit, "Fler läkartider", "100000", "Kortare väntan")).StatusCode);

        Assert.DoesNotContain("24 mkr till vårdenheterna 2023 (God och nära vård 2023), senast", await provider.GetPageAsync("/"));
        var officer = await _factory.SignedInAsync("handlaggare@demo.local");
        var officers = await officer.GetPageAsync("/");
        Assert.Contains("Försenade återrapporter från vårdenheter", officers);
        Assert.Contains("24 mkr till vårdenheterna 2023 (God och nära vård 2023): 23 av 24 vårdenheter har inte återrapporterat, senast 2024-01-31", officers);
        Assert.Equal(HttpStatusCode.OK, (await officer.GetAsync(url)).StatusCode);
    }

    [GeneratedRegex("name=\"version\" value=\"([0-9]+)\"")]
    private static partial Regex VersionField();

    [GeneratedRegex("[0-9][0-9\u00A0]*\u00A0kr")]
    private static partial Regex AmountPattern();

    [GeneratedRegex("/fordelningar/\\d+/aterrapport/fil/\\d+")]
    private static partial Regex FileLink();

    [GeneratedRegex("http://localhost/deadlines/kalender/[A-Za-z0-9_-]+\\.ics")]
    private static partial Regex CalendarUrl();

    [GeneratedRegex("action=\"/anvandare/([^/\"]+)/organisationsnummer(?:#[^\"]*)?\"")]
    private static partial Regex UserAction();
}
