using System.Net;
using System.Text.RegularExpressions;
using GrantTracker.Application.Features.Deadlines;
using GrantTracker.Application.Features.Reconciliation;
using GrantTracker.Domain.Agreements;
using GrantTracker.Domain.Common;
using GrantTracker.Web.Tests.Infrastructure;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace GrantTracker.Web.Tests.Features;

/// <summary>
/// Issue 23, point 5: every form that edits a versioned row carries its version. Two clients load the same form; one saves,
/// the other's save is refused in Swedish; the first save is kept and the page still works. (Unit reports and a unit's
/// project code: <see cref="UnitReportHttpTests"/>; activities and the definition forms have their own.)
/// </summary>
public sealed partial class StaleSaveHttpTests : IDisposable
{
    private readonly GrantTrackerFactory _factory = new() { DemoLedger = true };

    public void Dispose() => _factory.Dispose();

    private async Task<T> SendAsync<T>(IQuery<T> query)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(query);
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string page, string action, Dictionary<string, string> fields)
    {
        fields["__RequestVerificationToken"] = HttpClientFormExtensions.AntiforgeryToken(page);
        return client.PostAsync(action, new FormUrlEncodedContent(fields));
    }

    private const string Requirements = "/rapporter/aterrapportering?avtal=gnv2023&ar=2023";

    private static string RequirementVersion(string html, int id) =>
        new Regex($"name=\"requirementId\" value=\"{id}\" /><input type=\"hidden\" name=\"version\" value=\"(-?[0-9]+)\"").Match(html).Groups[1].Value;

    [Fact]
    public async Task A_stale_answer_to_a_requirement_is_refused_also_when_both_forms_were_opened_before_the_first_answer()
    {
        var first = await _factory.SignedInAsync("handlaggare@demo.local");
        var second = await _factory.SignedInAsync("admin@demo.local");
        var page = await first.GetStringAsync(Requirements);
        var id = int.Parse(Regex.Match(page[..page.IndexOf("data-testid=\"requirement-2.1.3-fast-lakarkontakt\"", StringComparison.Ordinal)],
            "id=\"krav-([0-9]+)\"", RegexOptions.RightToLeft).Groups[1].Value);
        var secondPage = await second.GetStringAsync(Requirements);
        Assert.Equal("-1", RequirementVersion(page, id));

        Dictionary<string, string> Answer(string value, string version) => new()
        {
            ["avtal"] = "gnv2023", ["ar"] = "2023", ["requirementId"] = id.ToString(), ["value"] = value, ["measuredOn"] = "2023-12-31", ["version"] = version,
        };
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(first, page, "/rapporter/aterrapportering", Answer("57,3", "-1"))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(second, secondPage, "/rapporter/aterrapportering", Answer("12,5", "-1"))).StatusCode);

        var shown = await second.GetPageAsync(Requirements);
        Assert.Contains("Någon annan har ändrat svaret sedan du öppnade sidan", shown);
        Assert.Contains("57,3 %", shown);
        Assert.DoesNotContain("12,5 %", shown);

        // Both read the answer; the first changes it; the second's change, against the version it read, is refused too.
        page = await first.GetStringAsync(Requirements);
        secondPage = await second.GetStringAsync(Requirements);
        var read = RequirementVersion(secondPage, id);
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(first, page, "/rapporter/aterrapportering", Answer("58,1", read))).StatusCode);
        await PostAsync(second, secondPage, "/rapporter/aterrapportering", Answer("12,5", read));
        shown = await second.GetPageAsync(Requirements);
        Assert.Contains("Någon annan har ändrat svaret", shown);
        Assert.Contains("58,1 %", shown);
        Assert.Equal(HttpStatusCode.OK, (await second.GetAsync("/rapporter/slutredovisning?avtal=gnv2023&ar=2023")).StatusCode);
    }

    [Fact]
    public async Task A_stale_note_on_an_exception_is_refused_and_the_first_note_is_kept()
    {
        const string page = "/avstamning?avtal=gnv2023&manad=2023-03";
        var exception = (await SendAsync(new ReconcileQuery("gnv2023", YearMonth.Parse("2023-03"))))!.Exceptions.First();
        // Only an Ekonom notes exceptions: the same Ekonom in two tabs, or two Ekonomer.
        var first = await _factory.SignedInAsync("ekonom@demo.local");
        var second = await _factory.SignedInAsync("ekonom@demo.local");
        var firstPage = await first.GetStringAsync(page);
        var secondPage = await second.GetStringAsync(page);
        Dictionary<string, string> Note(string text) => new()
        {
            ["avtal"] = "gnv2023", ["manad"] = "2023-03", ["kind"] = exception.Kind.ToString(), ["costObject"] = exception.CostObject, ["key"] = exception.Key,
            ["text"] = text, ["version"] = "-1",
        };
        Assert.Matches("name=\"version\" value=\"-1\"", firstPage);

        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(first, firstPage, "/avstamning/avvikelse", Note("Ekonomens förklaring"))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(second, secondPage, "/avstamning/avvikelse", Note("Skriver över"))).StatusCode);

        var shown = await second.GetPageAsync(page);
        Assert.Contains("Någon annan har kommenterat avvikelsen sedan du öppnade sidan", shown);
        Assert.Contains("Ekonomens förklaring", shown);
        Assert.DoesNotContain("Skriver över", shown);
        var note = (await SendAsync(new ReconcileQuery("gnv2023", YearMonth.Parse("2023-03"))))!.Exceptions
            .Single(e => e.Kind == exception.Kind && e.Key == exception.Key && e.CostObject == exception.CostObject).Note;
        Assert.Equal("Ekonomens förklaring", note!.Text);
    }

    [Fact]
    public async Task A_stale_change_to_a_reports_status_or_owner_is_refused_and_the_first_is_kept()
    {
        var id = (await SendAsync(new ListDeadlinesQuery())).Rows.First(r => r.Kind == ObligationKind.Slutredovisning).Id;
        var url = $"/deadlines/{id}";
        var first = await _factory.SignedInAsync("handlaggare@demo.local");
        var second = await _factory.SignedInAsync("admin@demo.local");
        var firstPage = await first.GetStringAsync(url);
        var secondPage = await second.GetStringAsync(url);
        var version = Regex.Match(firstPage, "/ansvarig\"[^>]*><input type=\"hidden\" name=\"version\" value=\"([0-9]+)\"").Groups[1].Value;
        Assert.NotEmpty(version);

        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(first, firstPage, url + "/ansvarig", new() { ["owner"] = "Hanna Handläggare", ["version"] = version })).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(second, secondPage, url + "/ansvarig", new() { ["owner"] = "Alva Administratör", ["version"] = version })).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(second, secondPage, url + "/paborja", new() { ["version"] = version })).StatusCode);

        var shown = await second.GetPageAsync(url);
        Assert.Contains("Någon annan har ändrat rapporten eller överenskommelsen sedan du öppnade sidan", shown);
        Assert.Contains("value=\"Hanna Handläggare\"", shown);
        Assert.Contains("Markera som pågående", shown); // not begun
        Assert.Contains("Hanna Handläggare", await first.GetPageAsync("/deadlines"));

        // Read again, the second's change goes through.
        var fresh = await second.GetStringAsync(url);
        var now = Regex.Match(fresh, "/paborja\"[^>]*><input type=\"hidden\" name=\"version\" value=\"([0-9]+)\"").Groups[1].Value;
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(second, fresh, url + "/paborja", new() { ["version"] = now })).StatusCode);
        Assert.DoesNotContain("Markera som pågående", await second.GetPageAsync(url));
    }
}
