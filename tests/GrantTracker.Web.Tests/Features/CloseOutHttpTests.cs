using System.Net;
using GrantTracker.Application.Data;
using GrantTracker.Application.Features.Agreements;
using GrantTracker.Application.Features.Deadlines;
using GrantTracker.Application.Features.Reconciliation;
using GrantTracker.Application.Features.Reports;
using GrantTracker.Domain.Agreements;
using GrantTracker.Domain.Common;
using GrantTracker.Web.Tests.Infrastructure;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GrantTracker.Web.Tests.Features;

/// <summary>
/// Issue 26, sections 1 and 2, over HTTP: Patientmiljarden closed out from the agreement page, then every kind of change refused in Swedish
/// beside its form, the Administratör's reopening, and after each refusal every page still answers for every role.
/// </summary>
public sealed class CloseOutHttpTests : IDisposable
{
    private readonly GrantTrackerFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    private async Task<T> SendAsync<T>(ICommand<T> command)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(command);
    }

    private async Task<T> WithDbAsync<T>(Func<AppDbContext, Task<T>> read)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    private Task<int> AgreementIdAsync() => WithDbAsync(db => db.Agreements.Where(a => a.Code == "patientmiljarden").Select(a => a.Id).SingleAsync());

    private Task<AgreementStatus> StatusAsync() => WithDbAsync(db => db.Agreements.Where(a => a.Code == "patientmiljarden").Select(a => a.Status).SingleAsync());

    /// <summary>The final report sent in 2021 (Slutredovisad), the repayment paid, and, when asked, every month closed.</summary>
    private async Task ReportedAsync(bool monthsClosed)
    {
        var id = await AgreementIdAsync();
        var version = await WithDbAsync(db => db.Agreements.Where(a => a.Id == id).Select(a => a.Version).SingleAsync());
        var added = await SendAsync(new AddObligationCommand(id, version, new ObligationFields(ObligationKind.Slutredovisning, "Slutredovisning", "SKR", new DateOnly(2021, 3, 31), false, null)));
        Assert.True((await SendAsync(new MarkObligationSentCommand(added.Value, new DateOnly(2021, 3, 29), new SentFile("slutredovisning.pdf", "application/pdf", "%PDF-1.4 test"u8.ToArray())))).Succeeded);
        Assert.True((await SendAsync(new RecordUnusedFundsCommand("patientmiljarden", 2020, 1_000m, UnusedFundsOutcome.Aterbetalas, new DateOnly(2021, 6, 28), "Verifikation 612", null,
            new DateOnly(2021, 6, 30), "Kammarkollegiet", null, "S2021/01234"))).Succeeded);
        if (monthsClosed)
        {
            for (var month = new YearMonth(2018, 1); month <= new YearMonth(2020, 12); month = month.AddMonths(1))
            {
                Assert.True((await SendAsync(new ConfirmMonthTotalsCommand("patientmiljarden", month))).Succeeded);
                Assert.True((await SendAsync(new CloseMonthCommand("patientmiljarden", month))).Succeeded);
            }
        }
    }

    private static readonly string[] Users = ["admin@demo.local", "handlaggare@demo.local", "beslutsfattare@demo.local", "ekonom@demo.local", "utforare@demo.local", "revisor@demo.local"];

    /// <summary>Every page of the closed agreement and the lists it is on, for every role: a page, or the role's refusal; never an error.</summary>
    private async Task EveryPageAnswersAsync(int id)
    {
        string[] pages = ["/", "/overenskommelser", $"/overenskommelser/{id}", "/deadlines", "/insatser", "/rapporter", "/rapporter/slutredovisning?avtal=patientmiljarden&ar=2020",
            "/avstamning?avtal=patientmiljarden&manad=2020-12", "/avstamning/periodisering?avtal=patientmiljarden", "/granskningslogg"];
        foreach (var user in Users)
        {
            var client = await _factory.SignedInAsync(user);
            foreach (var page in pages)
            {
                var response = await client.GetAsync(page);
                Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Redirect or HttpStatusCode.NotFound,
                    $"{user} {page}: {(int)response.StatusCode}");
                if (response.StatusCode == HttpStatusCode.Redirect)
                {
                    Assert.Contains("/konto/nekad", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
                }
            }
        }
    }

    [Fact]
    public async Task Closing_with_months_still_open_is_refused_beside_the_button_listing_them_and_the_agreement_stays_Slutredovisad()
    {
        await ReportedAsync(monthsClosed: false);
        var id = await AgreementIdAsync();
        var officer = await _factory.SignedInAsync("handlaggare@demo.local");
        var page = await officer.GetPageAsync($"/overenskommelser/{id}");
        Assert.Contains(">Slutredovisad</span>", page, StringComparison.Ordinal);
        Assert.Contains("36 månader 2018-01–2020-12 är inte stängda.", page, StringComparison.Ordinal);

        var response = await officer.PostFormAsync($"/overenskommelser/{id}", $"/overenskommelser/{id}/avsluta", new Dictionary<string, string> { ["version"] = VersionIn(page) });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var shown = await officer.GetPageAsync($"/overenskommelser/{id}");
        Assert.Contains("data-testid=\"section-error\">36 månader 2018-01–2020-12 är inte stängda. Ekonomen stänger dem under Avstämning.", shown, StringComparison.Ordinal);
        Assert.Equal(AgreementStatus.Slutredovisad, await StatusAsync());
        await EveryPageAnswersAsync(id);
    }

    [Fact]
    public async Task Closed_out_from_the_page_the_agreement_is_Avslutad_read_only_every_change_is_refused_and_every_page_answers()
    {
        await ReportedAsync(monthsClosed: true);
        var id = await AgreementIdAsync();
        var economist = await _factory.SignedInAsync("ekonom@demo.local");
        var page = await economist.GetPageAsync($"/overenskommelser/{id}");
        Assert.Contains("Allt är klart: överenskommelsen kan avslutas.", page, StringComparison.Ordinal);
        Assert.Contains($"2020: {Money.Format(1_000m)} till Kammarkollegiet, betald 2021-06-28.", page, StringComparison.Ordinal);

        await economist.PostFormAsync($"/overenskommelser/{id}", $"/overenskommelser/{id}/avsluta", new Dictionary<string, string> { ["version"] = VersionIn(page) });

        Assert.Equal(AgreementStatus.Avslutad, await StatusAsync());
        var closed = await economist.GetPageAsync($"/overenskommelser/{id}");
        Assert.Contains(">Avslutad</span>", closed, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"read-only\"", closed, StringComparison.Ordinal);
        var list = await economist.GetPageAsync("/overenskommelser");
        Assert.Contains("Avslutad", list, StringComparison.Ordinal);

        // Its activities are read as they were, with no forms to change them.
        var activityId = await WithDbAsync(db => db.Activities.Where(a => a.AgreementId == id).OrderBy(a => a.Number).Select(a => a.Id).FirstAsync());
        var officerView = await (await _factory.SignedInAsync("handlaggare@demo.local")).GetPageAsync($"/insatser/{activityId}");
        Assert.Contains("data-testid=\"activity-read-only\"", officerView, StringComparison.Ordinal);
        Assert.DoesNotContain($"action=\"/insatser/{activityId}/status\"", officerView, StringComparison.Ordinal);
        Assert.DoesNotContain($"href=\"/insatser/{activityId}/redigera\"", officerView, StringComparison.Ordinal);

        // A month reopened: refused beside the month's form, in Swedish.
        await economist.PostFormAsync("/avstamning?avtal=patientmiljarden&manad=2020-12", "/avstamning/oppna",
            new Dictionary<string, string> { ["avtal"] = "patientmiljarden", ["manad"] = "2020-12", ["reason"] = "Fel i december" });
        Assert.Contains("Överenskommelsen Patientmiljarden 2018–2020 är avslutad och kan bara läsas", await economist.GetPageAsync("/avstamning?avtal=patientmiljarden&manad=2020-12"),
            StringComparison.Ordinal);
        await EveryPageAnswersAsync(id);

        // The repayment changed: refused beside its form.
        var officer = await _factory.SignedInAsync("handlaggare@demo.local");
        const string report = "/rapporter/slutredovisning?avtal=patientmiljarden&ar=2020";
        await officer.PostFormAsync(report, "/rapporter/slutredovisning/outnyttjat", new Dictionary<string, string>
        {
            ["avtal"] = "patientmiljarden", ["ar"] = "2020", ["amount"] = "2000", ["outcome"] = "Aterbetalas", ["paidOn"] = "2021-06-28", ["reference"] = "Ny",
        });
        Assert.Contains("Överenskommelsen Patientmiljarden 2018–2020 är avslutad och kan bara läsas", await officer.GetPageAsync(report), StringComparison.Ordinal);
        await EveryPageAnswersAsync(id);

        // The Administratör: reopening without a reason is refused; with one, the agreement is Slutredovisad again.
        var admin = await _factory.SignedInAsync("admin@demo.local");
        var adminPage = await admin.GetPageAsync($"/overenskommelser/{id}");
        await admin.PostFormAsync($"/overenskommelser/{id}", $"/overenskommelser/{id}/oppna-igen", new Dictionary<string, string> { ["version"] = VersionIn(adminPage), ["reason"] = "" });
        Assert.Contains("Ange varför överenskommelsen öppnas igen", await admin.GetPageAsync($"/overenskommelser/{id}"), StringComparison.Ordinal);
        Assert.Equal(AgreementStatus.Avslutad, await StatusAsync());
        await EveryPageAnswersAsync(id);

        // An officer cannot reopen at all.
        var denied = await officer.PostFormAsync($"/overenskommelser/{id}", $"/overenskommelser/{id}/oppna-igen", new Dictionary<string, string> { ["version"] = VersionIn(adminPage), ["reason"] = "Jag vill ändra" });
        Assert.Equal(AgreementStatus.Avslutad, await StatusAsync());
        Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);

        await admin.PostFormAsync($"/overenskommelser/{id}", $"/overenskommelser/{id}/oppna-igen", new Dictionary<string, string> { ["version"] = VersionIn(adminPage), ["reason"] = "Kammarkollegiet begärde en rättelse" });
        Assert.Equal(AgreementStatus.Slutredovisad, await StatusAsync());
        await EveryPageAnswersAsync(id);
    }

    [Fact]
    public async Task The_repayments_voucher_is_a_SIE_file_with_the_recipient_in_its_text()
    {
        await ReportedAsync(monthsClosed: false);
        var economist = await _factory.SignedInAsync("ekonom@demo.local");

        var response = await economist.GetAsync("/rapporter/slutredovisning/aterbetalning/sie?avtal=patientmiljarden&ar=2020");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("aterbetalning-patientmiljarden-2020.se", response.Content.Headers.ContentDisposition!.FileNameStar ?? response.Content.Headers.ContentDisposition.FileName);
        var text = System.Text.Encoding.Latin1.GetString(await response.Content.ReadAsByteArrayAsync());
        Assert.Contains("#VER \"P\" \"\" 20210628", text, StringComparison.Ordinal);
        Assert.Contains("#TRANS 1930 {} -1000.00 20210628", text, StringComparison.Ordinal);
    }

    /// <summary>The close-out form's version (the section's hidden field).</summary>
    private static string VersionIn(string html)
    {
        var section = html[html.IndexOf("id=\"avslut\"", StringComparison.Ordinal)..];
        return System.Text.RegularExpressions.Regex.Match(section, "name=\"version\" value=\"(-?[0-9]+)\"").Groups[1].Value;
    }
}
