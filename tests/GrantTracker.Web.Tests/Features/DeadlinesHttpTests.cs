using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using GrantTracker.Application.Features.Deadlines;
using GrantTracker.Domain.Agreements;
using GrantTracker.Web.Tests.Infrastructure;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace GrantTracker.Web.Tests.Features;

/// <summary>Deadlines over real HTTP: the list and its readiness, the status workflow with the sent file, who may do what, and the calendar feed.</summary>
public sealed partial class DeadlinesHttpTests : IDisposable
{
    private static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.7\nSlutredovisning God och nära vård 2023\n%%EOF");
    private readonly GrantTrackerFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    private async Task<T> SendAsync<T>(IQuery<T> query)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(query);
    }

    private async Task<DeadlineRow> FinalReportAsync() =>
        (await SendAsync(new ListDeadlinesQuery())).Rows.Single(r => r.Kind == ObligationKind.Slutredovisning);

    private static async Task<HttpResponseMessage> MarkSentAsync(HttpClient client, int id, string sentOn, byte[]? file)
    {
        var page = await client.GetStringAsync($"/deadlines/{id}");
        using var content = new MultipartFormDataContent
        {
            { new StringContent(HttpClientFormExtensions.AntiforgeryToken(page)), "__RequestVerificationToken" },
            { new StringContent(sentOn), "sentOn" },
        };
        if (file is not null)
        {
            var bytes = new ByteArrayContent(file);
            bytes.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
            content.Add(bytes, "file", "Slutredovisning 2023.pdf");
        }
        return await client.PostAsync($"/deadlines/{id}/inskickad", content);
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string formPage, string action, params (string Key, string Value)[] fields) =>
        client.PostFormAsync(formPage, action, fields.ToDictionary(f => f.Key, f => f.Value));

    private static void DeniedAccess(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/konto/nekad", response.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task The_list_groups_what_is_overdue_and_says_in_Swedish_what_the_final_report_still_lacks()
    {
        var ekonom = await _factory.SignedInAsync("ekonom@demo.local");

        var html = await ekonom.GetPageAsync("/deadlines");

        Assert.Contains("Förfallna, ej inskickade", html);
        Assert.Contains("Slutredovisning av God och nära vård 2023", html);
        Assert.Contains("Socialstyrelsen", html);
        Assert.Contains("2024-03-31", html);
        Assert.Contains("12 månader är inte stängda: 2023-01–2023-12.", html);
        Assert.Contains("Beslut om outnyttjade medel för 2023 saknas.", html);
        Assert.Contains("1 återrapporteringskrav saknar svar för 2023: 2.2.4", html); // the VFU report, checked by its requirement
        Assert.Contains("Chef på Hälso- och sjukvårdspolitiska avdelningen (HOSPA)", html);

        var final = await FinalReportAsync();
        var details = await ekonom.GetPageAsync($"/deadlines/{final.Id}");
        Assert.Contains("Det här saknas innan rapporten kan skickas", details);
        Assert.Contains("17 insatser saknar slutstatus", details);
    }

    [Fact]
    public async Task The_start_page_shows_the_overdue_reports_with_their_readiness()
    {
        var officer = await _factory.SignedInAsync("handlaggare@demo.local");

        var html = await officer.GetPageAsync("/");

        Assert.Contains("data-testid=\"home-deadlines\"", html);
        Assert.Contains("förfallna, ej inskickade", html);
        Assert.Contains("Slutredovisning av God och nära vård 2023", html);
        Assert.Contains("3 saknas", html);
        Assert.Contains("Alla deadlines", html);
    }

    [Fact]
    public async Task An_officer_begins_records_the_submission_with_the_file_and_reopens_it_and_the_file_is_kept()
    {
        var officer = await _factory.SignedInAsync("handlaggare@demo.local");
        var final = await FinalReportAsync();
        var page = $"/deadlines/{final.Id}";

        var owner = await PostAsync(officer, page, $"/deadlines/{final.Id}/ansvarig", ("owner", "Hanna Handläggare"));
        Assert.Equal(HttpStatusCode.Redirect, owner.StatusCode);
        var begun = await PostAsync(officer, page, $"/deadlines/{final.Id}/paborja");
        Assert.Equal(HttpStatusCode.Redirect, begun.StatusCode);
        Assert.Contains("Rapporten är markerad som pågående.", await officer.GetPageAsync(page));

        var noFile = await MarkSentAsync(officer, final.Id, "2024-03-28", null);
        Assert.Equal(HttpStatusCode.Redirect, noFile.StatusCode);
        Assert.Contains("Bifoga filen som skickades", await officer.GetPageAsync(page));
        var badDate = await MarkSentAsync(officer, final.Id, "28/3 2024", Pdf);
        Assert.Equal(HttpStatusCode.Redirect, badDate.StatusCode);
        Assert.Contains("Ange datumet då rapporten skickades som ÅÅÅÅ-MM-DD", await officer.GetPageAsync(page));

        var sent = await MarkSentAsync(officer, final.Id, "2024-03-28", Pdf);
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        var html = await officer.GetPageAsync(page);
        Assert.Contains("Rapporten är markerad som inskickad 2024-03-28.", html);
        Assert.Contains("2024-03-28 av handlaggare@demo.local", html);
        var row = (await SendAsync(new ListDeadlinesQuery())).Rows.Single(r => r.Id == final.Id);
        Assert.Equal((ObligationStatus.Inskickad, "Hanna Handläggare"), (row.Status, row.Owner));
        Assert.Contains("Inskickade (1)", await officer.GetPageAsync("/deadlines"));

        var link = FileLink().Match(html);
        Assert.True(link.Success, "The page links the kept file.");
        var download = await officer.GetAsync(link.Value);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/pdf", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal(Pdf, await download.Content.ReadAsByteArrayAsync());
        Assert.Contains("Slutredovisning 2023.pdf", download.Content.Headers.ContentDisposition!.ToString());

        var reopened = await PostAsync(officer, page, $"/deadlines/{final.Id}/oppna");
        Assert.Equal(HttpStatusCode.Redirect, reopened.StatusCode);
        var after = await officer.GetPageAsync(page);
        Assert.Contains("Rapporten är öppnad igen och pågår.", after);
        Assert.Contains("Slutredovisning 2023.pdf", after);
        Assert.Equal(ObligationStatus.Pagar, (await SendAsync(new GetObligationQuery(final.Id)))!.Status);
    }

    [Fact]
    public async Task An_auditor_reads_the_deadlines_and_downloads_the_kept_file_but_cannot_change_the_status()
    {
        var final = await FinalReportAsync();
        var ekonom = await _factory.SignedInAsync("ekonom@demo.local");
        Assert.Equal(HttpStatusCode.Redirect, (await MarkSentAsync(ekonom, final.Id, "2024-03-28", Pdf)).StatusCode);
        var fileId = (await SendAsync(new GetObligationQuery(final.Id)))!.SentFileId!.Value;
        var revisor = await _factory.SignedInAsync("revisor@demo.local");

        var list = await revisor.GetAsync("/deadlines");
        var details = await revisor.GetPageAsync($"/deadlines/{final.Id}");
        var download = await revisor.GetAsync($"/deadlines/fil/{fileId}");
        var reopen = await PostAsync(revisor, $"/deadlines/{final.Id}", $"/deadlines/{final.Id}/oppna");
        var owner = await PostAsync(revisor, $"/deadlines/{final.Id}", $"/deadlines/{final.Id}/ansvarig", ("owner", "Rut"));

        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.DoesNotContain("action=\"/deadlines/", details);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(Pdf, await download.Content.ReadAsByteArrayAsync());
        DeniedAccess(reopen);
        DeniedAccess(owner);
        var unchanged = (await SendAsync(new GetObligationQuery(final.Id)))!;
        Assert.Equal((ObligationStatus.Inskickad, (string?)null), (unchanged.Status, unchanged.Owner));
    }

    [Theory]
    [InlineData("beslutsfattare@demo.local")]
    [InlineData("utforare@demo.local")]
    [InlineData("revisor@demo.local")]
    public async Task Only_officers_finance_and_administrators_change_an_obligation(string email)
    {
        var final = await FinalReportAsync();
        var client = await _factory.SignedInAsync(email);

        DeniedAccess(await PostAsync(client, $"/deadlines/{final.Id}", $"/deadlines/{final.Id}/paborja"));
        DeniedAccess(await MarkSentAsync(client, final.Id, "2024-03-28", Pdf));

        Assert.Equal(ObligationStatus.EjPaborjad, (await SendAsync(new GetObligationQuery(final.Id)))!.Status);
    }

    [Fact]
    public async Task A_provider_reads_the_deadlines_but_not_the_files_sent_for_the_whole_agreement()
    {
        var final = await FinalReportAsync();
        var admin = await _factory.SignedInAsync("admin@demo.local");
        Assert.Equal(HttpStatusCode.Redirect, (await MarkSentAsync(admin, final.Id, "2024-03-28", Pdf)).StatusCode);
        var fileId = (await SendAsync(new GetObligationQuery(final.Id)))!.SentFileId!.Value;
        var utforare = await _factory.SignedInAsync("utforare@demo.local");

        Assert.Equal(HttpStatusCode.OK, (await utforare.GetAsync("/deadlines")).StatusCode);
        Assert.DoesNotContain($"/deadlines/fil/{fileId}", await utforare.GetStringAsync($"/deadlines/{final.Id}"));
        DeniedAccess(await utforare.GetAsync($"/deadlines/fil/{fileId}"));
    }

    [Fact]
    public async Task The_calendar_feed_is_valid_iCalendar_and_refuses_a_replaced_or_revoked_token()
    {
        var final = await FinalReportAsync();
        var officer = await _factory.SignedInAsync("handlaggare@demo.local");
        // Every character iCalendar must escape, in a value that reaches the feed.
        await PostAsync(officer, $"/deadlines/{final.Id}", $"/deadlines/{final.Id}/ansvarig", ("owner", @"Ek, Eva; ekonom \ HOSPA"));
        Assert.Contains("Du har ingen aktiv kalenderlänk.", await officer.GetPageAsync("/deadlines/kalender"));

        var url = await NewCalendarUrlAsync(officer);
        var outlook = _factory.CreateBrowserlessClient();
        var response = await outlook.GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/calendar", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType.CharSet);
        var calendar = StrictICalendar.Parse(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("GrantTracker – deadlines", calendar.Text("X-WR-CALNAME"));
        var events = calendar.Children.Where(c => c.Name == "VEVENT").ToList();
        Assert.Equal((await SendAsync(new ListDeadlinesQuery())).Rows.Count, events.Count);
        var finalEvent = events.Single(e => e.Single("UID").Value == $"obligation-{final.Id}@granttracker");
        Assert.Equal(new DateOnly(2024, 3, 31), StrictICalendar.Date(finalEvent.Single("DTSTART")));
        Assert.Equal(new DateOnly(2024, 4, 1), StrictICalendar.Date(finalEvent.Single("DTEND")));
        Assert.Equal("Slutredovisning av God och nära vård 2023 – till Socialstyrelsen", finalEvent.Text("SUMMARY"));
        var description = finalEvent.Text("DESCRIPTION");
        Assert.Contains("Ansvarig: Ek, Eva; ekonom \\ HOSPA\n", description);
        Assert.Contains("Status: Ej påbörjad", description);
        Assert.Contains("Överenskommelse: God och nära vård 2023", description);
        Assert.EndsWith($"/deadlines/{final.Id}", finalEvent.Single("URL").Value);
        // Reminders arrive 14 and 3 days before (Calendar:ReminderDays), as display alarms Outlook shows.
        var alarms = finalEvent.Children.Where(c => c.Name == "VALARM").ToList();
        Assert.Equal(["-P14D", "-P3D"], alarms.Select(a => a.Single("TRIGGER").Value));
        Assert.All(alarms, a => Assert.Equal("DISPLAY", a.Single("ACTION").Value));
        Assert.StartsWith("Om 14 dagar: Slutredovisning av God och nära vård 2023", alarms[0].Text("DESCRIPTION"));

        Assert.Contains("Du har en aktiv kalenderlänk", await officer.GetPageAsync("/deadlines/kalender"));
        var replacement = await NewCalendarUrlAsync(officer);
        Assert.NotEqual(url, replacement);
        Assert.Equal(HttpStatusCode.NotFound, (await outlook.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await outlook.GetAsync(replacement)).StatusCode);

        var revoked = await PostAsync(officer, "/deadlines/kalender", "/deadlines/kalender/aterkalla");
        Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
        Assert.Contains("Kalenderlänken är återkallad", await officer.GetPageAsync("/deadlines/kalender"));
        Assert.Equal(HttpStatusCode.NotFound, (await outlook.GetAsync(replacement)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await outlook.GetAsync("/deadlines/kalender/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.ics")).StatusCode);
    }

    [Fact]
    public async Task The_calendar_URL_is_shown_once()
    {
        var revisor = await _factory.SignedInAsync("revisor@demo.local");

        var url = await NewCalendarUrlAsync(revisor);
        var again = await revisor.GetPageAsync("/deadlines/kalender");

        Assert.StartsWith("http://localhost/deadlines/kalender/", url);
        Assert.DoesNotContain(url, again);
        Assert.Contains("Du har en aktiv kalenderlänk", again);
    }

    private static async Task<string> NewCalendarUrlAsync(HttpClient client)
    {
        var created = await PostAsync(client, "/deadlines/kalender", "/deadlines/kalender/ny");
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var page = await client.GetPageAsync("/deadlines/kalender");
        var match = CalendarUrl().Match(page);
        Assert.True(match.Success, "The calendar page shows the new URL.");
        return match.Value;
    }

    [GeneratedRegex("/deadlines/fil/\\d+")]
    private static partial Regex FileLink();

    [GeneratedRegex("http://localhost/deadlines/kalender/[A-Za-z0-9_-]+\\.ics")]
    private static partial Regex CalendarUrl();
}
