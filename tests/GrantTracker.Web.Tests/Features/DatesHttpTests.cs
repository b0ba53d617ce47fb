using System.Net;
using System.Text.RegularExpressions;
using GrantTracker.Application.Features.Reconciliation;
using GrantTracker.Domain.Common;
using GrantTracker.Web.Features.Activities;
using GrantTracker.Web.Features.Reconciliation;
using GrantTracker.Web.Tests.Infrastructure;
using Mediator;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace GrantTracker.Web.Tests.Features;

/// <summary>Issue 25, "dates that make sense", over HTTP: a future month is not closed; a late preparation or grant is confirmed with a reason.</summary>
public sealed partial class DatesHttpTests : IDisposable
{
    private readonly GrantTrackerFactory _factory = new() { DemoLedger = true };

    public void Dispose() => _factory.Dispose();

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    [Fact]
    public async Task Closing_a_month_after_the_current_one_is_refused_in_the_month_close_card_and_the_month_stays_open()
    {
        // The app on 2023-06-15, as demo mode moves its clock: sign-in keeps the real clock, or the cookie would have expired "in 2023".
        using var app = _factory.WithWebHostBuilder(b => b.ConfigureServices(s =>
        {
            s.AddSingleton<TimeProvider>(new FixedClock(new DateTimeOffset(2023, 6, 15, 10, 0, 0, TimeSpan.Zero)));
            s.ConfigureAll<CookieAuthenticationOptions>(o => o.TimeProvider = TimeProvider.System);
            s.Configure<SecurityStampValidatorOptions>(o => o.TimeProvider = TimeProvider.System);
        }));
        var ekonom = await GrantTrackerFactory.SignInAsync(app, "ekonom@demo.local");
        const string page = "/avstamning?avtal=gnv2023&manad=2023-07";

        var refused = await ekonom.PostFormAsync(page, "/avstamning/stang", new Dictionary<string, string> { ["avtal"] = "gnv2023", ["manad"] = "2023-07" });

        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        var shown = await ekonom.GetPageAsync(refused.Headers.Location!.OriginalString);
        Assert.Contains("2023-07 kan inte stängas: månaden har inte kommit än (i dag är 2023-06-15). Stäng en månad när den är bokförd och avstämd.",
            HtmlElement.ById(shown, ReconciliationController.MonthSection));
        Assert.Contains("2023-07 är öppen", shown);
        await using var scope = app.Services.CreateAsyncScope();
        Assert.False((await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new ReconcileQuery("gnv2023", new YearMonth(2023, 7))))!.Close.Closed);
    }

    /// <summary>A complete activity of God och nära vård 2023 with its exit budget: on the real clock, its agreement has ended.</summary>
    private async Task<int> CompleteDraftAsync(HttpClient officer)
    {
        var list = await officer.GetStringAsync("/overenskommelser");
        var agreementId = AgreementLink().Matches(list).Select(m => m.Groups[1].Value).First(id => list.Contains($"/overenskommelser/{id}\">God och nära vård 2023"));
        var form = WebUtility.HtmlDecode(await officer.GetStringAsync($"/insatser/ny?agreementId={agreementId}"));
        var lineId = Regex.Match(form, "<option value=\"(\\d+)\">2.4 ").Groups[1].Value;
        var registered = await officer.PostFormAsync($"/insatser/ny?agreementId={agreementId}", $"/insatser/ny?agreementId={agreementId}", new Dictionary<string, string>
        {
            ["Form.LineId"] = lineId, ["Form.Measure"] = "Point-of-care-provtagning i ambulans", ["Form.PerformerKind"] = "Regionenhet",
            ["Form.ResponsiblePerson"] = "Anna Andersson", ["Form.StartDate"] = "2023-02-01", ["Form.EndDate"] = "2023-12-31",
            ["Form.Budgets[0].Year"] = "2023", ["Form.Budgets[0].Amount"] = "100 000",
        });
        var id = int.Parse(registered.Headers.Location!.OriginalString.Split('/').Last());
        var exit = await officer.PostFormAsync($"/insatser/{id}/exitbudget", $"/insatser/{id}/exitbudget", new Dictionary<string, string>
        {
            ["Form.Strategy"] = "Avveckling", ["Form.WindDownDate"] = "2024-06-30", ["Form.Description"] = "Avslutas.", ["Form.Version"] = await VersionAsync(officer, id),
        });
        Assert.Equal(HttpStatusCode.Redirect, exit.StatusCode);
        return id;
    }

    private static async Task<string> VersionAsync(HttpClient client, int id) =>
        Regex.Match(await client.GetStringAsync($"/insatser/{id}"), "name=\"version\" value=\"(\\d+)\"").Groups[1].Value;

    [Fact]
    public async Task Preparing_and_granting_an_activity_of_an_ended_agreement_asks_for_a_reason_and_shows_it_in_the_history()
    {
        var officer = await _factory.SignedInAsync("handlaggare@demo.local");
        var id = await CompleteDraftAsync(officer);
        var details = await officer.GetPageAsync($"/insatser/{id}");
        Assert.Contains("data-testid=\"activity-ended\"", details);
        Assert.Contains("Observera: insatsens period slutade 2023-12-31 och överenskommelsen slutade 2023-12-31.", details);
        Assert.Contains("Skäl att bereda ändå", details);

        var refused = await officer.PostFormAsync($"/insatser/{id}", $"/insatser/{id}/status", new Dictionary<string, string>
        {
            ["step"] = "Prepare", ["version"] = await VersionAsync(officer, id),
        });
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.EndsWith("#" + ActivitiesController.StatusSection, refused.Headers.Location!.OriginalString);
        var shown = await officer.GetPageAsync($"/insatser/{id}");
        Assert.Contains("Bekräfta att insatsen ska bli beredd fast insatsens period slutade 2023-12-31 och överenskommelsen slutade 2023-12-31: skriv skälet",
            HtmlElement.ById(shown, ActivitiesController.StatusSection));
        Assert.Contains("data-testid=\"activity-status\">Utkast<", shown);

        var prepared = await officer.PostFormAsync($"/insatser/{id}", $"/insatser/{id}/status", new Dictionary<string, string>
        {
            ["step"] = "Prepare", ["version"] = await VersionAsync(officer, id), ["lateReason"] = "Beslutet registreras i efterhand",
        });
        Assert.Equal(HttpStatusCode.Redirect, prepared.StatusCode);
        var preparedPage = await officer.GetPageAsync($"/insatser/{id}");
        Assert.Contains("data-testid=\"activity-status\">Beredd<", preparedPage);
        Assert.Contains("Skäl: Beslutet registreras i efterhand", preparedPage);

        var decider = await _factory.SignedInAsync("beslutsfattare@demo.local");
        var decisionForm = await decider.GetPageAsync($"/insatser/{id}/beslut");
        Assert.Contains("data-testid=\"late-decision\"", decisionForm);
        var notConfirmed = await decider.PostFormAsync($"/insatser/{id}/beslut", $"/insatser/{id}/beslut", new Dictionary<string, string>
        {
            ["Form.Approve"] = "true", ["Form.DecisionDate"] = "2023-03-01", ["Form.DecisionReference"] = "RS §12", ["Form.Version"] = await VersionAsync(officer, id),
        });
        Assert.Equal(HttpStatusCode.OK, notConfirmed.StatusCode);
        var refusedDecision = WebUtility.HtmlDecode(await notConfirmed.Content.ReadAsStringAsync());
        Assert.Matches("data-valmsg-for=\"Form.LateReason\"[^>]*>Bekräfta att insatsen ska bli beviljad fast", refusedDecision);
        Assert.Contains("data-testid=\"activity-status\">Beredd<", await officer.GetPageAsync($"/insatser/{id}"));

        var granted = await decider.PostFormAsync($"/insatser/{id}/beslut", $"/insatser/{id}/beslut", new Dictionary<string, string>
        {
            ["Form.Approve"] = "true", ["Form.DecisionDate"] = "2023-03-01", ["Form.DecisionReference"] = "RS §12", ["Form.LateReason"] = "Beslutades i mars, registreras nu",
            ["Form.Version"] = await VersionAsync(officer, id),
        });
        Assert.Equal(HttpStatusCode.Redirect, granted.StatusCode);
        var grantedPage = await officer.GetPageAsync($"/insatser/{id}");
        Assert.Contains("data-testid=\"activity-status\">Beslutad<", grantedPage);
        Assert.Contains("Skäl: Beslutades i mars, registreras nu", grantedPage);
        Assert.DoesNotContain("data-testid=\"activity-ended\"", grantedPage);
    }

    [GeneratedRegex("/overenskommelser/(\\d+)\"")]
    private static partial Regex AgreementLink();
}
