using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using GrantTracker.Domain.Common;
using GrantTracker.Web.Tests.Infrastructure;

namespace GrantTracker.Web.Tests.Features;

/// <summary>
/// An agreement made in the app gets its conditions, reporting obligations, reporting requirements and cost-object months in the app,
/// over real HTTP: each appears where the seeded ones do (decision document, Deadlines, Att göra, the calendar feed, Återrapportering,
/// the final report); every refusal is in Swedish beside its field with what was typed kept, and every page still answers after it;
/// only officers and administrators see the links and reach the pages.
/// </summary>
public sealed partial class DefinitionHttpTests(GrantTrackerFactory factory) : IClassFixture<GrantTrackerFactory>
{
    private static readonly DateOnly Today = SwedishFormat.Today(TimeProvider.System);

    // Helpers

    /// <summary>A new agreement (by default over this year and the next), with one area and one line on the cost object in its first year.</summary>
    private static async Task<int> NewAgreementAsync(HttpClient client, string code, string costObject, int? firstYear = null, int years = 2)
    {
        var start = firstYear ?? Today.Year;
        var created = await client.PostFormAsync("/overenskommelser/ny", "/overenskommelser/ny", new Dictionary<string, string>
        {
            ["Form.Code"] = code, ["Form.Name"] = $"Kvinnors hälsa {code}", ["Form.Counterparty"] = "Staten och SKR",
            ["Form.StartDate"] = $"{start}-01-01", ["Form.EndDate"] = $"{start + years - 1}-12-31", ["Form.RegionAllocation"] = "1 000 000",
            ["Form.Responsible"] = "Chef för HOSPA",
        });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var id = int.Parse(AgreementPath().Match(created.Headers.Location!.OriginalString).Groups[1].Value);
        Assert.Equal(HttpStatusCode.Redirect, (await PostWithVersionAsync(client, $"/overenskommelser/{id}/omraden/nytt",
            new() { ["Form.Code"] = "1", ["Form.Name"] = "Kvinnors hälsa" })).StatusCode);
        var areaId = Regex.Match(await client.GetPageAsync($"/overenskommelser/{id}/rader/ny"), "<option value=\"(\\d+)\">1 Kvinnors hälsa</option>").Groups[1].Value;
        var line = await PostWithVersionAsync(client, $"/overenskommelser/{id}/rader/ny", new()
        {
            ["Form.AreaId"] = areaId, ["Form.Code"] = "1.1", ["Form.Year"] = $"{start}", ["Form.Amount"] = "500 000", ["Form.CostObjectCode"] = costObject,
        });
        Assert.True(line.StatusCode == HttpStatusCode.Redirect, FieldErrors(await line.Content.ReadAsStringAsync()));
        return id;
    }

    /// <summary>Posts a form back to its own page with the agreement version the page carried, as a browser would.</summary>
    private static async Task<HttpResponseMessage> PostWithVersionAsync(HttpClient client, string page, Dictionary<string, string> fields, string? action = null)
    {
        var html = await client.GetStringAsync(page);
        fields.TryAdd("Form.Version", VersionField().Match(html).Groups[1].Value);
        fields["__RequestVerificationToken"] = HttpClientFormExtensions.AntiforgeryToken(html);
        return await client.PostAsync(action ?? page, new FormUrlEncodedContent(fields));
    }

    /// <summary>The message shown beside a field, or null.</summary>
    private static string? FieldError(string html, string field) =>
        Regex.Match(html, $"data-valmsg-for=\"{Regex.Escape(field)}\"[^>]*>([^<]+)<") is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : null;

    private static string FieldErrors(string html) =>
        string.Join(" | ", Regex.Matches(html, "data-valmsg-for=\"([^\"]+)\"[^>]*>([^<]+)<").Select(m => $"{m.Groups[1].Value}: {WebUtility.HtmlDecode(m.Groups[2].Value)}"))
        + " | " + string.Join(" | ", Regex.Matches(html, "<li>([^<]+)</li>").Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)));

    private static async Task<string> AssertRedirectAsync(HttpResponseMessage response, string to)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, FieldErrors(await response.Content.ReadAsStringAsync()));
        Assert.Equal(to, response.Headers.Location!.OriginalString);
        return to;
    }

    /// <summary>What a refusal must leave: every page around the definition answers.</summary>
    private static async Task AssertPagesAnswerAsync(HttpClient client, int id, string code, int? year = null)
    {
        var reportYear = year ?? Today.Year;
        foreach (var url in new[]
                 {
                     $"/overenskommelser/{id}", "/deadlines", "/rapporter", $"/rapporter/aterrapportering?avtal={code}&ar={reportYear}",
                     $"/rapporter/slutredovisning?avtal={code}&ar={reportYear}", "/",
                 })
        {
            var response = await client.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url} answered {(int)response.StatusCode}");
        }
    }

    private static int IdIn(string html, string pattern) => int.Parse(Regex.Match(html, pattern).Groups[1].Value);

    // Conditions

    [Fact]
    public async Task An_officer_adds_a_condition_that_every_decision_document_shows_edits_it_and_removes_it_after_confirming()
    {
        var officer = await factory.SignedInAsync("handlaggare@demo.local");
        var id = await NewAgreementAsync(officer, "kh-villkor", "7501");
        var agreement = await officer.GetPageAsync($"/overenskommelser/{id}");
        Assert.Contains($"href=\"/overenskommelser/{id}/villkor\"", agreement);
        Assert.Contains("data-testid=\"conditions-empty\"", await officer.GetPageAsync($"/overenskommelser/{id}/villkor"));

        await AssertRedirectAsync(await PostWithVersionAsync(officer, $"/overenskommelser/{id}/villkor/nytt", new()
        {
            ["Form.Code"] = "4.2", ["Form.Text"] = "Insatserna ska följas upp för kvinnor och män.",
        }), $"/overenskommelser/{id}/villkor");
        var list = await officer.GetPageAsync($"/overenskommelser/{id}/villkor");
        Assert.Contains("Villkoret i avsnitt 4.2 är tillagt.", list);
        Assert.Contains("Insatserna ska följas upp för kvinnor och män.", await officer.GetPageAsync($"/overenskommelser/{id}"));

        // An activity on the new agreement: its decision document shows the condition as it shows a seeded one.
        var form = await officer.GetPageAsync($"/insatser/ny?agreementId={id}");
        var registered = await officer.PostFormAsync($"/insatser/ny?agreementId={id}", $"/insatser/ny?agreementId={id}", new Dictionary<string, string>
        {
            ["Form.LineId"] = Regex.Match(form, "<option value=\"(\\d+)\">1.1").Groups[1].Value, ["Form.Measure"] = "Barnmorskemottagning på distans",
            ["Form.PerformerKind"] = "Regionenhet", ["Form.ResponsiblePerson"] = "Anna", ["Form.Budgets[0].Year"] = $"{Today.Year}", ["Form.Budgets[0].Amount"] = "100 000",
        });
        Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);
        var activity = registered.Headers.Location!.OriginalString;
        Assert.Contains("<li>Insatserna ska följas upp för kvinnor och män.</li>", await officer.GetPageAsync($"{activity}/beslutsunderlag"));

        var conditionId = IdIn(list, $"/overenskommelser/{id}/villkor/(\\d+)/redigera");
        await AssertRedirectAsync(await PostWithVersionAsync(officer, $"/overenskommelser/{id}/villkor/{conditionId}/redigera", new()
        {
            ["Form.Code"] = "4.3", ["Form.Text"] = "Insatserna följs upp för kvinnor och män och per åldersgrupp.",
        }), $"/overenskommelser/{id}/villkor");
        Assert.Contains("Insatserna följs upp för kvinnor och män och per åldersgrupp.", await officer.GetPageAsync($"{activity}/beslutsunderlag"));
        Assert.Contains("Insatserna följs upp för kvinnor och män och per åldersgrupp.",
            await officer.GetPageAsync($"/rapporter/slutredovisning?avtal=kh-villkor&ar={Today.Year}"));

        var listPage = $"/overenskommelser/{id}/villkor";
        var ask = await officer.PostFormAsync(listPage, $"/overenskommelser/{id}/villkor/{conditionId}/ta-bort",
            new Dictionary<string, string> { ["version"] = VersionOnList(await officer.GetStringAsync(listPage)) });
        var askHtml = WebUtility.HtmlDecode(await ask.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, ask.StatusCode);
        Assert.Contains("Vill du ta bort villkoret i avsnitt 4.3 ur Kvinnors hälsa kh-villkor?", askHtml);
        Assert.Contains($"href=\"/overenskommelser/{id}/villkor\"", askHtml);
        Assert.Contains("4.3", await officer.GetPageAsync(listPage));

        var confirmed = await officer.PostAsync($"/overenskommelser/{id}/villkor/{conditionId}/ta-bort", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["version"] = VersionOnList(await officer.GetStringAsync(listPage)), ["confirmed"] = "true",
            ["__RequestVerificationToken"] = HttpClientFormExtensions.AntiforgeryToken(askHtml),
        }));
        await AssertRedirectAsync(confirmed, listPage);
        var after = await officer.GetPageAsync(listPage);
        Assert.Contains("Villkoret i avsnitt 4.3 är borttaget.", after);
        Assert.Contains("data-testid=\"conditions-empty\"", after);
        Assert.Contains("Överenskommelsen har inga registrerade villkor.", await officer.GetPageAsync($"{activity}/beslutsunderlag"));
    }

    [Fact]
    public async Task An_empty_condition_shows_both_errors_beside_their_fields_and_keeps_what_was_typed()
    {
        var officer = await factory.SignedInAsync("handlaggare@demo.local");
        var id = await NewAgreementAsync(officer, "kh-tomt", "7502");

        var response = await PostWithVersionAsync(officer, $"/overenskommelser/{id}/villkor/nytt", new() { ["Form.Code"] = " ", ["Form.Text"] = "", ["Form.Source"] = "Sidan 4" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal("Ange avsnittet villkoret står i, till exempel 3.3.", FieldError(html, "Form.Code"));
        Assert.Equal("Skriv villkoret som det står i överenskommelsen.", FieldError(html, "Form.Text"));
        Assert.Contains("value=\"Sidan 4\"", html);
        await AssertPagesAnswerAsync(officer, id, "kh-tomt");
    }

    [Fact]
    public async Task A_change_on_a_page_someone_else_has_changed_since_is_refused_and_keeps_what_was_typed()
    {
        var officer = await factory.SignedInAsync("handlaggare@demo.local");
        var admin = await factory.SignedInAsync("admin@demo.local");
        var id = await NewAgreementAsync(officer, "kh-samtidigt", "7503");
        var page = await officer.GetStringAsync($"/overenskommelser/{id}/villkor/nytt");
        await AssertRedirectAsync(await PostWithVersionAsync(admin, $"/overenskommelser/{id}/villkor/nytt", new() { ["Form.Code"] = "3.1", ["Form.Text"] = "Administratörens villkor" }),
            $"/overenskommelser/{id}/villkor");

        var stale = await officer.PostAsync($"/overenskommelser/{id}/villkor/nytt", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Form.Code"] = "3.2", ["Form.Text"] = "Handläggarens villkor", ["Form.Version"] = VersionField().Match(page).Groups[1].Value,
            ["__RequestVerificationToken"] = HttpClientFormExtensions.AntiforgeryToken(page),
        }));

        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        var html = WebUtility.HtmlDecode(await stale.Content.ReadAsStringAsync());
        Assert.Contains("Någon annan har ändrat överenskommelsen sedan du öppnade den.", html);
        Assert.Contains("Handläggarens villkor", html);
        var list = await officer.GetPageAsync($"/overenskommelser/{id}/villkor");
        Assert.Contains("Administratörens villkor", list);
        Assert.DoesNotContain("Handläggarens villkor", list);
    }

    // Obligations

    [Fact]
    public async Task An_obligation_added_on_its_page_is_on_Deadlines_its_details_Att_gora_and_the_calendar_feed_as_a_seeded_one_is()
    {
        var officer = await factory.SignedInAsync("handlaggare@demo.local");
        var id = await NewAgreementAsync(officer, "kh-deadline", "7504");
        Assert.Contains("data-testid=\"obligations-empty\"", await officer.GetPageAsync($"/overenskommelser/{id}/rapportering"));
        var due = Today.AddDays(20);

        await AssertRedirectAsync(await PostWithVersionAsync(officer, $"/overenskommelser/{id}/rapportering/ny", new()
        {
            ["Form.Kind"] = "Slutredovisning", ["Form.Title"] = "Slutredovisning av Kvinnors hälsa", ["Form.Recipient"] = "Socialstyrelsen",
            ["Form.DueDate"] = SwedishFormat.Date(due), ["Form.DueDateAssumed"] = "true", ["Form.Note"] = "Enligt regionens tidplan",
        }), $"/overenskommelser/{id}/rapportering");
        var list = await officer.GetPageAsync($"/overenskommelser/{id}/rapportering");
        Assert.Contains($"Rapporteringskravet Slutredovisning av Kvinnors hälsa senast {SwedishFormat.Date(due)} är tillagt.", list);
        var obligationId = IdIn(list, $"/overenskommelser/{id}/rapportering/(\\d+)/redigera");

        var agreement = await officer.GetPageAsync($"/overenskommelser/{id}");
        Assert.Contains($"<a href=\"/deadlines/{obligationId}\">Slutredovisning av Kvinnors hälsa</a>", agreement);
        var deadlines = await officer.GetPageAsync("/deadlines");
        Assert.Contains($"/deadlines/{obligationId}", deadlines);
        Assert.Contains("Slutredovisning av Kvinnors hälsa", deadlines);
        var details = await officer.GetPageAsync($"/deadlines/{obligationId}");
        Assert.Contains("Socialstyrelsen", details);
        Assert.Contains(SwedishFormat.Date(due), details);
        Assert.Contains("Det här saknas innan rapporten kan skickas", details);
        Assert.Contains("Chef för HOSPA", details);

        // Att göra: the readiness of a report due within 60 days, linking its deadline.
        var home = await officer.GetPageAsync("/");
        var todo = home[home.IndexOf("id=\"att-gora\"", StringComparison.Ordinal)..];
        Assert.Matches($"href=\"/deadlines/{obligationId}\">Slutredovisning av Kvinnors hälsa, senast {SwedishFormat.Date(due)} \\(om 20 dagar\\): [0-9]+ saknas</a>", todo);

        // The calendar feed: one event on the due date, as for a seeded obligation.
        Assert.Equal(HttpStatusCode.Redirect, (await officer.PostFormAsync("/deadlines/kalender", "/deadlines/kalender/ny", new Dictionary<string, string>())).StatusCode);
        var url = CalendarUrl().Match(await officer.GetPageAsync("/deadlines/kalender")).Value;
        var calendar = StrictICalendar.Parse(await factory.CreateBrowserlessClient().GetByteArrayAsync(url));
        var ev = calendar.Children.Single(c => c.Name == "VEVENT" && c.Single("UID").Value == $"obligation-{obligationId}@granttracker");
        Assert.Equal(due, StrictICalendar.Date(ev.Single("DTSTART")));
        Assert.Equal("Slutredovisning av Kvinnors hälsa – till Socialstyrelsen", ev.Text("SUMMARY"));
        Assert.Contains("Överenskommelse: Kvinnors hälsa kh-deadline", ev.Text("DESCRIPTION"));
    }

    [Fact]
    public async Task An_obligation_with_every_field_wrong_shows_every_error_beside_its_field_and_keeps_what_was_typed()
    {
        var officer = await factory.SignedInAsync("handlaggare@demo.local");
        var id = await NewAgreementAsync(officer, "kh-fel", "7505");

        var response = await PostWithVersionAsync(officer, $"/overenskommelser/{id}/rapportering/ny", new()
        {
            ["Form.Kind"] = "Slutredovisning", ["Form.Title"] = "", ["Form.Recipient"] = "", ["Form.DueDate"] = "31/3 nästa år", ["Form.Note"] = "Min anteckning",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal("Ange vad som ska rapporteras.", FieldError(html, "Form.Title"));
        Assert.Equal("Ange mottagare, till exempel Socialstyrelsen.", FieldError(html, "Form.Recipient"));
        Assert.Equal("Datumet ”31/3 nästa år” ska skrivas som ÅÅÅÅ-MM-DD, till exempel 2025-03-31.", FieldError(html, "Form.DueDate"));
        Assert.Contains("value=\"31/3 nästa år\"", WebUtility.HtmlDecode(html));
        Assert.Contains("Min anteckning", WebUtility.HtmlDecode(html));
        Assert.Contains("data-testid=\"obligations-empty\"", await officer.GetPageAsync($"/overenskommelser/{id}/rapportering"));
        await AssertPagesAnswerAsync(officer, id, "kh-fel");
    }

    [Fact]
    public async Task A_sent_reports_obligation_is_changed_only_with_a_reason_and_its_removal_is_refused_in_Swedish()
    {
        var officer = await factory.SignedInAsync("handlaggare@demo.local");
        var id = await NewAgreementAsync(officer, "kh-skickad", "7506");
        await AssertRedirectAsync(await PostWithVersionAsync(officer, $"/overenskommelser/{id}/rapportering/ny", new()
        {
            ["Form.Kind"] = "Handlingsplan", ["Form.Title"] = "Handlingsplan för kvinnors hälsa", ["Form.Recipient"] = "SKR", ["Form.DueDate"] = SwedishFormat.Date(Today.AddDays(5)),
        }), $"/overenskommelser/{id}/rapportering");
        var obligationId = IdIn(await officer.GetPageAsync($"/overenskommelser/{id}/rapportering"), $"/overenskommelser/{id}/rapportering/(\\d+)/redigera");
        var sentPage = await officer.GetStringAsync($"/deadlines/{obligationId}");
        using (var content = new MultipartFormDataContent
               {
                   { new StringContent(HttpClientFormExtensions.AntiforgeryToken(sentPage)), "__RequestVerificationToken" },
                   { new StringContent(SwedishFormat.Date(Today)), "sentOn" },
               })
        {
            var file = new ByteArrayContent(Encoding.ASCII.GetBytes("%PDF-1.7\nHandlingsplan\n%%EOF"));
            file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
            content.Add(file, "file", "Handlingsplan.pdf");
            Assert.Equal(HttpStatusCode.Redirect, (await officer.PostAsync($"/deadlines/{obligationId}/inskickad", content)).StatusCode);
        }
        var editPage = $"/overenskommelser/{id}/rapportering/{obligationId}/redigera";
        Assert.Contains($"Rapporten skickades {SwedishFormat.Date(Today)}.", await officer.GetPageAsync(editPage));
        Assert.Contains("Skickad: ändras med skäl, tas inte bort.", await officer.GetPageAsync($"/overenskommelser/{id}/rapportering"));
        Dictionary<string, string> Fields(string reason) => new()
        {
            ["Form.Kind"] = "Handlingsplan", ["Form.Title"] = "Handlingsplan för kvinnors hälsa, reviderad", ["Form.Recipient"] = "SKR",
            ["Form.DueDate"] = SwedishFormat.Date(Today.AddDays(5)), ["Form.ChangeReason"] = reason,
        };

        var withoutReason = await PostWithVersionAsync(officer, editPage, Fields(""));
        var html = await withoutReason.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, withoutReason.StatusCode);
        Assert.StartsWith($"Rapporten skickades {SwedishFormat.Date(Today)}. Ange varför uppgifterna ändras efteråt", FieldError(html, "Form.ChangeReason"));
        Assert.Contains("value=\"Handlingsplan för kvinnors hälsa, reviderad\"", WebUtility.HtmlDecode(html));
        Assert.Contains("Handlingsplan för kvinnors hälsa</a>", await officer.GetPageAsync("/deadlines"));

        var ask = await officer.PostFormAsync(editPage, $"/overenskommelser/{id}/rapportering/{obligationId}/ta-bort", new Dictionary<string, string>
        {
            ["version"] = VersionField().Match(await officer.GetStringAsync(editPage)).Groups[1].Value, ["confirmed"] = "true",
        });
        Assert.Equal(HttpStatusCode.OK, ask.StatusCode);
        var refusal = WebUtility.HtmlDecode(await ask.Content.ReadAsStringAsync());
        Assert.Contains($"Rapporten skickades {SwedishFormat.Date(Today)} och kan inte tas bort. Ändra uppgifterna och ange skälet i stället.", refusal);
        Assert.DoesNotContain("Ja, ta bort", refusal);
        await AssertPagesAnswerAsync(officer, id, "kh-skickad");

        await AssertRedirectAsync(await PostWithVersionAsync(officer, editPage, Fields("SKR bad om en reviderad rubrik")), $"/overenskommelser/{id}/rapportering");
        Assert.Contains("Handlingsplan för kvinnors hälsa, reviderad", await officer.GetPageAsync($"/deadlines/{obligationId}"));
        var audit = await (await factory.SignedInAsync("revisor@demo.local")).GetPageAsync("/granskningslogg");
        Assert.Contains("SKR bad om en reviderad rubrik", audit);
    }

    // Requirements

    [Fact]
    public async Task A_requirement_limited_to_next_year_is_on_Aterrapportering_and_in_the_final_report_only_for_that_year()
    {
        var officer = await factory.SignedInAsync("handlaggare@demo.local");
        var id = await NewAgreementAsync(officer, "kh-krav", "7507");
        var next = Today.Year + 1;
        Assert.Contains("data-testid=\"requirements-empty\"", await officer.GetPageAsync($"/overenskommelser/{id}/krav"));

        await AssertRedirectAsync(await PostWithVersionAsync(officer, $"/overenskommelser/{id}/krav/nytt", new()
        {
            ["Form.Code"] = "barnmorska", ["Form.Section"] = "2.3", ["Form.Kind"] = "Indicator", ["Form.Report"] = "Slutredovisning",
            ["Form.Text"] = "Andel gravida som träffat barnmorska före vecka 12", ["Form.Unit"] = "%", ["Form.Target"] = "80", ["Form.Direction"] = "AtLeast",
            ["Form.FirstYear"] = $"{next}", ["Form.LastYear"] = $"{next}",
        }), $"/overenskommelser/{id}/krav");

        var agreement = await officer.GetPageAsync($"/overenskommelser/{id}");
        Assert.Matches($"data-testid=\"agreement-requirement-barnmorska\">[\\s\\S]*?minst 80 %[\\s\\S]*?{next}</td>", agreement);
        Assert.DoesNotContain("Andel gravida som träffat barnmorska", await officer.GetPageAsync($"/rapporter/aterrapportering?avtal=kh-krav&ar={Today.Year}"));
        Assert.DoesNotContain("Andel gravida som träffat barnmorska", await officer.GetPageAsync($"/rapporter/slutredovisning?avtal=kh-krav&ar={Today.Year}"));
        var nextYear = await officer.GetPageAsync($"/rapporter/aterrapportering?avtal=kh-krav&ar={next}");
        Assert.Contains("data-testid=\"requirement-barnmorska\"", nextYear);
        Assert.Contains("mål minst 80 %", nextYear);
        Assert.Contains("Andel gravida som träffat barnmorska före vecka 12", await officer.GetPageAsync($"/rapporter/slutredovisning?avtal=kh-krav&ar={next}"));
    }

    [Fact]
    public async Task A_requirement_with_an_unreadable_target_and_missing_fields_shows_every_error_beside_its_field()
    {
        var officer = await factory.SignedInAsync("handlaggare@demo.local");
        var id = await NewAgreementAsync(officer, "kh-kravfel", "7508");

        var response = await PostWithVersionAsync(officer, $"/overenskommelser/{id}/krav/nytt", new()
        {
            ["Form.Code"] = "", ["Form.Section"] = "2.3", ["Form.Kind"] = "Indicator", ["Form.Report"] = "Slutredovisning", ["Form.Text"] = "",
            ["Form.Unit"] = "%", ["Form.Target"] = "åttio", ["Form.Direction"] = "AtLeast", ["Form.Baseline"] = "40,5",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal("Ange en kod för kravet, till exempel vfu-veckor.", FieldError(html, "Form.Code"));
        Assert.Equal("Skriv vad som ska redovisas.", FieldError(html, "Form.Text"));
        Assert.Equal("Målvärdet ”åttio” är inte ett tal. Skriv till exempel 55 eller 57,3.", FieldError(html, "Form.Target"));
        Assert.Null(FieldError(html, "Form.Direction"));
        Assert.Contains("value=\"åttio\"", WebUtility.HtmlDecode(html));
        Assert.Contains("value=\"40,5\"", html);
        Assert.Contains("data-testid=\"requirements-empty\"", await officer.GetPageAsync($"/overenskommelser/{id}/krav"));
        await AssertPagesAnswerAsync(officer, id, "kh-kravfel");
    }

    [Fact]
    public async Task A_split_by_sex_indicator_is_answered_on_Aterrapportering_with_a_value_for_women_and_for_men()
    {
        var officer = await factory.SignedInAsync("handlaggare@demo.local");
        await NewAgreementAsync(officer, "kh-kon", "7509");
        var id = IdIn(await officer.GetPageAsync("/overenskommelser"), "/overenskommelser/(\\d+)\">Kvinnors hälsa kh-kon");
        await AssertRedirectAsync(await PostWithVersionAsync(officer, $"/overenskommelser/{id}/krav/nytt", new()
        {
            ["Form.Code"] = "fast-lakare", ["Form.Section"] = "2.1", ["Form.Kind"] = "Indicator", ["Form.Report"] = "Slutredovisning",
            ["Form.Text"] = "Andel med fast läkarkontakt", ["Form.Unit"] = "%", ["Form.SplitBySex"] = "true",
        }), $"/overenskommelser/{id}/krav");
        var page = $"/rapporter/aterrapportering?avtal=kh-kon&ar={Today.Year}";
        var html = await officer.GetPageAsync(page);
        Assert.Contains("name=\"valueWomen\"", html);
        var requirementId = IdIn(html, "id=\"krav-(\\d+)\"");

        var answer = await officer.PostFormAsync(page, "/rapporter/aterrapportering", new Dictionary<string, string>
        {
            ["avtal"] = "kh-kon", ["ar"] = $"{Today.Year}", ["requirementId"] = $"{requirementId}", ["value"] = "57,3", ["valueWomen"] = "59,1", ["valueMen"] = "55,2",
            ["measuredOn"] = $"{Today.Year}-06-30",
        });

        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        var answered = await officer.GetPageAsync(page);
        Assert.Contains($"57,3 % (kvinnor 59,1 %, män 55,2 %), mätt {Today.Year}-06-30", answered);
        Assert.Contains("Besvarat", answered);
        Assert.Contains("57,3 % (kvinnor 59,1 %, män 55,2 %)", await officer.GetPageAsync($"/rapporter/slutredovisning?avtal=kh-kon&ar={Today.Year}"));
        Assert.Contains("Besvarat " + Today.Year + "; kan inte tas bort.", await officer.GetPageAsync($"/overenskommelser/{id}/krav"));
    }

    // Cost objects

    [Fact]
    public async Task Cost_object_months_that_overlap_another_agreements_are_refused_naming_it_with_the_typed_months_kept_and_a_rename_is_saved()
    {
        var officer = await factory.SignedInAsync("handlaggare@demo.local");
        var next = Today.Year + 1;
        var first = await NewAgreementAsync(officer, "kh-objekt-a", "7510", years: 1);
        var second = await NewAgreementAsync(officer, "kh-objekt-b", "7510", firstYear: next, years: 1);
        var firstPeriod = IdIn(await officer.GetPageAsync($"/overenskommelser/{first}/objekt"), $"/overenskommelser/{first}/objekt/(\\d+)/redigera");
        var secondList = await officer.GetPageAsync($"/overenskommelser/{second}/objekt");
        Assert.Contains($"<td>{next}-01</td>", secondList);
        var secondPeriod = IdIn(secondList, $"/overenskommelser/{second}/objekt/(\\d+)/redigera");
        var edit = $"/overenskommelser/{second}/objekt/{secondPeriod}/redigera";

        var clash = await PostWithVersionAsync(officer, edit, new() { ["Form.Name"] = "Kvinnors hälsa", ["Form.From"] = $"{Today.Year}-07", ["Form.To"] = $"{next}-12" });

        Assert.Equal(HttpStatusCode.OK, clash.StatusCode);
        var html = await clash.Content.ReadAsStringAsync();
        Assert.Equal($"Kostnadsobjekt 7510 hör redan till överenskommelsen Kvinnors hälsa kh-objekt-a under {Today.Year}-01–{Today.Year}-12, och den här " +
                     $"överenskommelsen skulle använda det under {Today.Year}-07–{next}-12. Kostnaderna går då inte att hänföra till rätt överenskommelse. " +
                     "Ändra månaderna så att de inte överlappar, eller be ekonomienheten om ett nytt objekt.", FieldError(html, "Form.From"));
        Assert.Contains($"value=\"{Today.Year}-07\"", html);
        Assert.Contains("value=\"Kvinnors hälsa\"", WebUtility.HtmlDecode(html));
        Assert.Contains($"<td>{next}-01</td>", await officer.GetPageAsync($"/overenskommelser/{second}/objekt"));
        await AssertPagesAnswerAsync(officer, second, "kh-objekt-b", next);

        var unreadable = await PostWithVersionAsync(officer, edit, new() { ["Form.Name"] = new string('x', 201), ["Form.From"] = "juli", ["Form.To"] = $"{next}-12" });
        var unreadableHtml = await unreadable.Content.ReadAsStringAsync();
        Assert.Equal("Månaden ”juli” ska skrivas som ÅÅÅÅ-MM, till exempel 2025-01.", FieldError(unreadableHtml, "Form.From"));
        Assert.Equal("Benämningen får vara högst 200 tecken.", FieldError(unreadableHtml, "Form.Name"));

        // The first agreement gives up its second half-year; the second may then take it, and its name is saved.
        await AssertRedirectAsync(await PostWithVersionAsync(officer, $"/overenskommelser/{first}/objekt/{firstPeriod}/redigera", new()
        {
            ["Form.Name"] = "Kvinnors hälsa, första året", ["Form.From"] = $"{Today.Year}-01", ["Form.To"] = $"{Today.Year}-06",
        }), $"/overenskommelser/{first}/objekt");
        await AssertRedirectAsync(await PostWithVersionAsync(officer, edit, new() { ["Form.Name"] = "Kvinnors hälsa, andra året", ["Form.From"] = $"{Today.Year}-07", ["Form.To"] = $"{next}-12" }),
            $"/overenskommelser/{second}/objekt");
        var saved = await officer.GetPageAsync($"/overenskommelser/{second}/objekt");
        Assert.Contains($"Objekt 7510 är sparat: {Today.Year}-07–{next}-12.", saved);
        Assert.Contains("Kvinnors hälsa, andra året", await officer.GetPageAsync($"/overenskommelser/{second}"));
    }

    [Fact]
    public async Task Another_period_for_an_object_is_added_and_removed_after_confirming_and_the_last_one_stays()
    {
        var officer = await factory.SignedInAsync("handlaggare@demo.local");
        var id = await NewAgreementAsync(officer, "kh-perioder", "7511", years: 2);
        var list = $"/overenskommelser/{id}/objekt";
        var period = IdIn(await officer.GetPageAsync(list), $"/overenskommelser/{id}/objekt/(\\d+)/redigera");
        await AssertRedirectAsync(await PostWithVersionAsync(officer, $"/overenskommelser/{id}/objekt/{period}/redigera", new()
        {
            ["Form.Name"] = "År 1", ["Form.From"] = $"{Today.Year}-01", ["Form.To"] = $"{Today.Year}-12",
        }), list);
        Assert.Contains("Objektets enda period; rader bokas på det.", await officer.GetPageAsync(list));

        var overlapping = await PostWithVersionAsync(officer, $"/overenskommelser/{id}/objekt/ny?kod=7511", new()
        {
            ["Form.CostObjectCode"] = "7511", ["Form.Name"] = "År 2", ["Form.From"] = $"{Today.Year}-12", ["Form.To"] = $"{Today.Year + 1}-12",
        }, action: $"/overenskommelser/{id}/objekt/ny");
        Assert.Equal($"Objekt 7511 har redan en period i överenskommelsen som överlappar {Today.Year}-12–{Today.Year + 1}-12.",
            FieldError(await overlapping.Content.ReadAsStringAsync(), "Form.From"));
        await AssertRedirectAsync(await PostWithVersionAsync(officer, $"/overenskommelser/{id}/objekt/ny?kod=7511", new()
        {
            ["Form.CostObjectCode"] = "7511", ["Form.Name"] = "År 2", ["Form.From"] = $"{Today.Year + 1}-03", ["Form.To"] = $"{Today.Year + 1}-12",
        }, action: $"/overenskommelser/{id}/objekt/ny"), list);
        var two = await officer.GetPageAsync(list);
        Assert.Contains($"Objekt 7511 hör nu också till överenskommelsen {Today.Year + 1}-03–{Today.Year + 1}-12.", two);
        var added = Regex.Matches(two, $"/overenskommelser/{id}/objekt/(\\d+)/redigera").Select(m => int.Parse(m.Groups[1].Value)).Single(p => p != period);

        var ask = await officer.PostFormAsync(list, $"/overenskommelser/{id}/objekt/{added}/ta-bort", new Dictionary<string, string> { ["version"] = VersionOnList(two) });
        var askHtml = WebUtility.HtmlDecode(await ask.Content.ReadAsStringAsync());
        Assert.Contains($"Vill du ta bort perioden {Today.Year + 1}-03–{Today.Year + 1}-12 för objekt 7511", askHtml);
        var confirmed = await officer.PostAsync($"/overenskommelser/{id}/objekt/{added}/ta-bort", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["version"] = VersionOnList(two), ["confirmed"] = "true", ["__RequestVerificationToken"] = HttpClientFormExtensions.AntiforgeryToken(askHtml),
        }));
        await AssertRedirectAsync(confirmed, list);

        var last = await officer.PostAsync($"/overenskommelser/{id}/objekt/{period}/ta-bort", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            // The list offers no removal of an object's only period: the version is the one its edit page carries.
            ["version"] = VersionField().Match(await officer.GetStringAsync($"/overenskommelser/{id}/objekt/{period}/redigera")).Groups[1].Value, ["confirmed"] = "true",
            ["__RequestVerificationToken"] = HttpClientFormExtensions.AntiforgeryToken(askHtml),
        }));
        Assert.Equal(HttpStatusCode.OK, last.StatusCode);
        Assert.Contains("Fördelningsrader bokas på objekt 7511. Flytta eller ta bort raderna först, eller ändra objektets månader.",
            WebUtility.HtmlDecode(await last.Content.ReadAsStringAsync()));
        await AssertPagesAnswerAsync(officer, id, "kh-perioder");
    }

    // Roles

    [Theory]
    [InlineData("beslutsfattare@demo.local")]
    [InlineData("revisor@demo.local")]
    [InlineData("ekonom@demo.local")]
    public async Task Those_who_may_not_edit_the_definition_see_no_edit_links_and_are_denied_every_page_and_post(string email)
    {
        var officer = await factory.SignedInAsync("handlaggare@demo.local");
        var code = "kh-roll-" + email[..3];
        var id = await NewAgreementAsync(officer, code, email[0] switch { 'b' => "7520", 'r' => "7521", _ => "7522" });
        await AssertRedirectAsync(await PostWithVersionAsync(officer, $"/overenskommelser/{id}/villkor/nytt", new() { ["Form.Code"] = "3.3", ["Form.Text"] = "Villkoret" }),
            $"/overenskommelser/{id}/villkor");
        await AssertRedirectAsync(await PostWithVersionAsync(officer, $"/overenskommelser/{id}/krav/nytt", new()
        {
            ["Form.Code"] = "berattelse", ["Form.Section"] = "2.1", ["Form.Kind"] = "Narrative", ["Form.Report"] = "Slutredovisning", ["Form.Text"] = "Beskriv arbetet",
        }), $"/overenskommelser/{id}/krav");
        var client = await factory.SignedInAsync(email);

        var page = await client.GetPageAsync($"/overenskommelser/{id}");
        Assert.Contains("Villkoret", page);
        Assert.Contains("data-testid=\"agreement-requirement-berattelse\"", page);
        foreach (var link in new[] { "villkor", "rapportering", "krav", "objekt" })
        {
            Assert.DoesNotContain($"href=\"/overenskommelser/{id}/{link}\"", page);
        }
        var token = HttpClientFormExtensions.AntiforgeryToken(page);
        foreach (var path in new[] { "villkor", "villkor/nytt", "rapportering", "rapportering/ny", "krav", "krav/nytt", "objekt", "objekt/ny" })
        {
            var get = await client.GetAsync($"/overenskommelser/{id}/{path}");
            Assert.Equal(HttpStatusCode.Redirect, get.StatusCode);
            Assert.StartsWith("/konto/nekad", get.Headers.Location!.PathAndQuery);
        }
        foreach (var path in new[] { "villkor/nytt", "rapportering/ny", "krav/nytt", "objekt/ny" })
        {
            var post = await client.PostAsync($"/overenskommelser/{id}/{path}", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Form.Code"] = "9.9", ["Form.Text"] = "Försök", ["Form.Version"] = "1", ["__RequestVerificationToken"] = token,
            }));
            Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
            Assert.StartsWith("/konto/nekad", post.Headers.Location!.PathAndQuery);
        }
        Assert.DoesNotContain("Försök", await officer.GetPageAsync($"/overenskommelser/{id}/villkor"));
    }

    [Fact]
    public async Task A_provider_sees_the_agreement_without_its_requirements_or_edit_links()
    {
        var provider = await factory.ProviderActivitiesAsync();
        var utforare = await factory.SignedInAsync("utforare@demo.local");

        var page = await utforare.GetPageAsync($"/overenskommelser/{provider.Agreement}");

        Assert.DoesNotContain("data-testid=\"agreement-requirements\"", page);
        Assert.DoesNotContain("Återrapporteringskrav", page);
        Assert.DoesNotContain($"/overenskommelser/{provider.Agreement}/villkor", page);
        var officer = await factory.SignedInAsync("handlaggare@demo.local");
        var officers = await officer.GetPageAsync($"/overenskommelser/{provider.Agreement}");
        Assert.Contains("data-testid=\"agreement-requirements\"", officers);
        Assert.Contains("data-testid=\"edit-requirements\"", officers);
    }

    private static string VersionOnList(string html) => Regex.Match(html, "name=\"version\" value=\"(\\d+)\"").Groups[1].Value;

    [GeneratedRegex("name=\"Form.Version\" value=\"(\\d+)\"")]
    private static partial Regex VersionField();

    [GeneratedRegex("^/overenskommelser/(\\d+)$")]
    private static partial Regex AgreementPath();

    [GeneratedRegex("http://localhost/deadlines/kalender/[A-Za-z0-9_-]+\\.ics")]
    private static partial Regex CalendarUrl();
}
