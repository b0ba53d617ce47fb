using System.Net;
using System.Text.RegularExpressions;
using GrantTracker.Application.Features.Reconciliation;
using GrantTracker.Application.Features.Reports;
using GrantTracker.Domain.Common;
using GrantTracker.Web.Features.Reconciliation;
using GrantTracker.Web.Features.Reports;
using GrantTracker.Web.Tests.Infrastructure;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace GrantTracker.Web.Tests.Features;

/// <summary>
/// Issue 25, "errors where the eye is": a form in one section of a longer page is answered in that section, where the browser is sent
/// back to (#section), not at the top of the page out of view; and every form leaves checking to the server's Swedish messages.
/// </summary>
public sealed partial class SectionOutcomeHttpTests : IDisposable
{
    private const string Avstamning = "/avstamning?avtal=gnv2023&manad=2023-03";
    private const string Periodisering = "/avstamning/periodisering?avtal=gnv2023&manad=2023-03";
    private const string Final = "/rapporter/slutredovisning?avtal=gnv2023&ar=2023";
    private const string Requirements = "/rapporter/aterrapportering?avtal=gnv2023&ar=2023";
    private readonly GrantTrackerFactory _factory = new() { DemoLedger = true };

    public void Dispose() => _factory.Dispose();

    private async Task<ReconciliationResult> MarchAsync()
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new ReconcileQuery("gnv2023", new YearMonth(2023, 3))))!;
    }

    private async Task<FinalReportData> FinalAsync()
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new GetFinalReportQuery("gnv2023", 2023)))!;
    }

    private static void RedirectsTo(HttpResponseMessage response, string section)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.EndsWith("#" + section, response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task An_exception_comment_without_text_is_refused_inside_the_exceptions_card_and_not_at_the_top_of_the_page()
    {
        var ekonom = await _factory.SignedInAsync("ekonom@demo.local");
        var exception = (await MarchAsync()).Exceptions[0];
        var section = ReconciliationController.ExceptionSection(exception.Kind, exception.Key);

        var refused = await ekonom.PostFormAsync(Avstamning, "/avstamning/avvikelse", new Dictionary<string, string>
        {
            ["avtal"] = "gnv2023", ["manad"] = "2023-03", ["kind"] = exception.Kind.ToString(), ["costObject"] = exception.CostObject, ["key"] = exception.Key, ["text"] = " ",
        });

        RedirectsTo(refused, section);
        var page = await ekonom.GetPageAsync(refused.Headers.Location!.OriginalString);
        var card = HtmlElement.ById(page, section);
        Assert.Contains("data-testid=\"section-error\">Skriv en kommentar som förklarar avvikelsen.", card);
        Assert.DoesNotContain("data-testid=\"page-error\"", page);
        Assert.Single(Regex.Matches(page, "Skriv en kommentar som förklarar avvikelsen"));
        // Nothing written, and the message is shown once: the next page is clean.
        Assert.Null((await MarchAsync()).Exceptions[0].Note);
        Assert.DoesNotContain("Skriv en kommentar som förklarar avvikelsen", await ekonom.GetPageAsync(Avstamning));

        var saved = await ekonom.PostFormAsync(Avstamning, "/avstamning/avvikelse", new Dictionary<string, string>
        {
            ["avtal"] = "gnv2023", ["manad"] = "2023-03", ["kind"] = exception.Kind.ToString(), ["costObject"] = exception.CostObject, ["key"] = exception.Key,
            ["text"] = "Utreds med verksamheten",
        });
        RedirectsTo(saved, section);
        Assert.Contains("data-testid=\"section-message\">Kommentaren är sparad.", HtmlElement.ById(await ekonom.GetPageAsync(saved.Headers.Location!.OriginalString), section));
    }

    [Fact]
    public async Task A_payment_with_a_date_that_is_no_date_is_refused_next_to_the_payment_form_and_nothing_is_registered()
    {
        var ekonom = await _factory.SignedInAsync("ekonom@demo.local");

        var refused = await ekonom.PostFormAsync(Periodisering, "/avstamning/betalning", new Dictionary<string, string>
        {
            ["avtal"] = "gnv2023", ["manad"] = "2023-03", ["date"] = "15 mars", ["amount"] = "18 855 673", ["reference"] = "SoS 2023/1",
        });

        RedirectsTo(refused, ReconciliationController.PaymentsSection);
        var page = await ekonom.GetPageAsync(refused.Headers.Location!.OriginalString);
        var payments = HtmlElement.ById(page, ReconciliationController.PaymentsSection);
        Assert.Contains("Datumet ”15 mars” ska skrivas som ÅÅÅÅ-MM-DD", payments);
        Assert.Contains("data-testid=\"payment-form\"", payments);
        Assert.DoesNotContain("data-testid=\"page-error\"", page);
        Assert.DoesNotContain("SoS 2023/1", page);
    }

    [Fact]
    public async Task A_month_closed_before_it_is_tied_out_is_refused_in_the_month_close_card()
    {
        var ekonom = await _factory.SignedInAsync("ekonom@demo.local");

        var refused = await ekonom.PostFormAsync(Avstamning, "/avstamning/stang", new Dictionary<string, string> { ["avtal"] = "gnv2023", ["manad"] = "2023-03" });

        RedirectsTo(refused, ReconciliationController.MonthSection);
        var card = HtmlElement.ById(await ekonom.GetPageAsync(refused.Headers.Location!.OriginalString), ReconciliationController.MonthSection);
        Assert.Contains("data-testid=\"section-error\">2023-03 kan inte stängas", card);
        Assert.False((await MarchAsync()).Close.Closed);
    }

    [Fact]
    public async Task A_requirement_answer_with_a_bad_date_is_refused_inside_that_requirements_card()
    {
        var officer = await _factory.SignedInAsync("handlaggare@demo.local");
        var requirementId = int.Parse(RequirementId().Match(await officer.GetPageAsync(Requirements)).Groups[1].Value);
        var section = ReportsController.RequirementSection(requirementId);

        var refused = await officer.PostFormAsync(Requirements, "/rapporter/aterrapportering", new Dictionary<string, string>
        {
            ["avtal"] = "gnv2023", ["ar"] = "2023", ["requirementId"] = requirementId.ToString(), ["measuredOn"] = "igår", ["text"] = "Svar som inte sparas",
        });

        RedirectsTo(refused, section);
        var page = await officer.GetPageAsync(refused.Headers.Location!.OriginalString);
        Assert.Contains("Datumet ”igår” ska skrivas som ÅÅÅÅ-MM-DD", HtmlElement.ById(page, section));
        Assert.DoesNotContain("data-testid=\"page-error\"", page);
        Assert.DoesNotContain("Svar som inte sparas", page);
    }

    [Fact]
    public async Task A_repayment_paid_after_today_is_refused_inside_the_repayment_section_and_one_planned_after_today_is_recorded()
    {
        var officer = await _factory.SignedInAsync("handlaggare@demo.local");
        var today = SwedishFormat.Today(TimeProvider.System);
        var ahead = SwedishFormat.Date(today.AddDays(30));

        var refused = await officer.PostFormAsync(Final, "/rapporter/slutredovisning/outnyttjat", new Dictionary<string, string>
        {
            ["avtal"] = "gnv2023", ["ar"] = "2023", ["amount"] = "1 234 567", ["outcome"] = "Aterbetalas", ["plannedOn"] = ahead, ["paidOn"] = ahead,
            ["reference"] = "Kammarkollegiet 2024/55",
        });

        RedirectsTo(refused, ReportsController.RepaymentSection);
        var page = await officer.GetPageAsync(refused.Headers.Location!.OriginalString);
        Assert.Contains($"Återbetalt datum {ahead} ligger i framtiden (i dag är {SwedishFormat.Date(today)}). Ange det som planerat datum",
            HtmlElement.ById(page, ReportsController.RepaymentSection));
        Assert.Null((await FinalAsync()).Decision);

        var planned = await officer.PostFormAsync(Final, "/rapporter/slutredovisning/outnyttjat", new Dictionary<string, string>
        {
            ["avtal"] = "gnv2023", ["ar"] = "2023", ["amount"] = "1 234 567", ["outcome"] = "Aterbetalas", ["plannedOn"] = ahead, ["reference"] = "Kammarkollegiet 2024/55",
        });

        RedirectsTo(planned, ReportsController.RepaymentSection);
        var recorded = await officer.GetPageAsync(planned.Headers.Location!.OriginalString);
        Assert.Contains("data-testid=\"section-message\">Beslutet om outnyttjade medel är registrerat.", HtmlElement.ById(recorded, ReportsController.RepaymentSection));
        Assert.Contains($"id=\"plannedOn\" name=\"plannedOn\" value=\"{ahead}\"", recorded);
        Assert.Equal(today.AddDays(30), (await FinalAsync()).Decision!.PlannedOn);
    }

    [Fact]
    public void Every_form_that_posts_leaves_checking_to_the_server_and_no_field_asks_the_browser_to_check_it()
    {
        var views = Directory.GetFiles(Path.Combine(RepositoryRoot(), "src", "GrantTracker.Web", "Features"), "*.cshtml", SearchOption.AllDirectories);
        Assert.NotEmpty(views);
        var withoutNovalidate = views
            .SelectMany(v => PostForm().Matches(File.ReadAllText(v)).Where(m => !m.Value.Contains("novalidate")).Select(m => $"{Path.GetFileName(v)}: {m.Value}"))
            .ToList();
        Assert.Empty(withoutNovalidate);
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "GrantTracker.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("GrantTracker.sln not found above the test's directory.");
    }

    [GeneratedRegex("<form[^>]*method=\"post\"[^>]*>", RegexOptions.Singleline)]
    private static partial Regex PostForm();

    [GeneratedRegex("name=\"requirementId\" value=\"(\\d+)\"")]
    private static partial Regex RequirementId();
}
