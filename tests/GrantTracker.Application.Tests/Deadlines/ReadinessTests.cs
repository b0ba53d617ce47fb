using System.Text;
using GrantTracker.Application.Features.Deadlines;
using GrantTracker.Application.Features.Ledger;
using GrantTracker.Application.Features.Reconciliation;
using GrantTracker.Application.Features.Reports;
using GrantTracker.Application.Tests.Infrastructure;
using GrantTracker.Domain.Agreements;
using GrantTracker.Domain.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GrantTracker.Application.Tests.Deadlines;

/// <summary>Readiness on the seeded agreements: exactly what is missing, and nothing once it is all done.</summary>
public sealed class ReadinessTests : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "granttracker-readiness-tests", Guid.NewGuid().ToString("N"));
    private TestDatabase _db = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        _db = await TestDatabase.CreateAsync();
    }

    public async Task DisposeAsync()
    {
        await _db.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private Task<int> ObligationAsync(string agreementCode, ObligationKind kind, string? titleContains = null) =>
        _db.WithContextAsync(db => db.ReportingObligations
            .Where(o => o.Agreement.Code == agreementCode && o.Kind == kind && (titleContains == null || o.Title.Contains(titleContains)))
            .Select(o => o.Id)
            .SingleAsync());

    private async Task<Readiness> ReadinessAsync(int obligationId) => (await _db.SendAsync(new CheckReadinessQuery(obligationId)))!;

    /// <summary>An asset bought on 9942 in March 2023: an investment exception until an Ekonom annotates it.</summary>
    private async Task ImportInvestmentAsync()
    {
        var path = Path.Combine(_dir, "2023.se");
        await File.WriteAllTextAsync(path,
            "#FLAGGA 0\n#FORMAT PC8\n#SIETYP 4\n#RAR 0 20230101 20231231\n#DIM 20 \"Objekt\"\n" +
            "#VER \"A\" \"1\" 20230305 \"Inköp\"\n{\n#TRANS 1220 {20 \"9942\"} 50000\n#TRANS 7832 {20 \"9942\"} 1000\n#TRANS 2440 {} -51000\n}\n",
            new UTF8Encoding(false));
        var import = await _db.SendAsync(new ImportLedgerFileCommand(path, "2023.se"));
        Assert.True(import.Succeeded, import.Message);
    }

    private async Task CloseAsync(string code, params string[] months)
    {
        foreach (var month in months)
        {
            // A month is tied out before it closes (ADR 21): here by the Ekonom's confirmation of the totals.
            await _db.SendAsync(new ConfirmMonthTotalsCommand(code, YearMonth.Parse(month)));
            // A month is closed after it has come (issue 25): early the next month, when the test's clock (June 2023) is before it.
            var now = _db.Clock.GetUtcNow();
            var nextMonth = YearMonth.Parse(month).AddMonths(1).FirstDay;
            if (DateOnly.FromDateTime(now.UtcDateTime) < nextMonth)
            {
                _db.Clock.Set(new DateTimeOffset(nextMonth.ToDateTime(new TimeOnly(10, 0)), TimeSpan.Zero));
            }
            var closed = await _db.SendAsync(new CloseMonthCommand(code, YearMonth.Parse(month)));
            _db.Clock.Set(now);
            Assert.True(closed.Succeeded, string.Join(" ", closed.Errors.Select(e => e.Message)));
        }
    }

    /// <summary>Rejection is the shortest way to a final status; the readiness does not care which final status it is.</summary>
    private Task RejectActivitiesAsync(Func<int, bool> which) =>
        _db.WithContextAsync(async db =>
        {
            var agreementId = await db.Agreements.Where(x => x.Code == "gnv2023").Select(x => x.Id).SingleAsync();
            foreach (var a in (await db.Activities.Where(a => a.AgreementId == agreementId).ToListAsync()).Where(a => which(a.Number)))
            {
                ReadyForDecision.Prepare(a, 2023);
                Assert.True(a.Reject(new DateOnly(2023, 2, 1), "RS/12/2023", "Ryms inte i årets medel", DateTime.UtcNow, "test").Succeeded);
            }
            await db.SaveChangesAsync();
        });

    private static string[] Year2023 => Enumerable.Range(1, 12).Select(m => $"2023-{m:D2}").ToArray();

    [Fact]
    public async Task The_final_report_of_God_och_nara_vard_2023_lists_exactly_what_is_missing_in_the_seeded_state()
    {
        var final = await ObligationAsync("gnv2023", ObligationKind.Slutredovisning);

        var readiness = await ReadinessAsync(final);

        Assert.True(readiness.Checked);
        Assert.False(readiness.Ready);
        Assert.Equal(
        [
            "12 månader är inte stängda: 2023-01–2023-12.",
            "17 insatser saknar slutstatus (avslutad, avvecklad eller avslagen): utkast nr 1–17.",
            "Beslut om outnyttjade medel för 2023 saknas.",
        ], readiness.Missing.SkipLast(1));
        // Seed 003's requirements for the final report, each named by its section (the VFU report's is not among them).
        var requirements = readiness.Missing[^1];
        Assert.StartsWith("12 återrapporteringskrav saknar svar för 2023: 2.1.1 Genomförda och planerade insatser", requirements);
        Assert.Contains("; 2.1.3 Andel av befolkningen som har en namngiven fast läkarkontakt", requirements);
        Assert.Contains("2.2.1 Insatserna för en ändamålsenlig kompetensförsörjning", requirements);
        Assert.DoesNotContain("2.2.4", requirements);
    }

    /// <summary>Answers every requirement of the agreement for the year as an officer would.</summary>
    private async Task AnswerAllAsync(string code, int year)
    {
        var view = (await _db.SendAsync(new GetRequirementsQuery(code, year)))!;
        foreach (var r in view.Requirements)
        {
            var counted = r.Counted.Select(_ => (decimal?)12m).ToList();
            var saved = await _db.SendAsync(new SaveRequirementAnswerCommand(code, year, r.Id, $"Svar på {r.Code}", 57.3m, new DateOnly(year, 12, 31), null,
                0.3m, counted, counted, 40, 35));
            Assert.True(saved.Succeeded, string.Join(" ", saved.Errors.Select(e => e.Message)));
        }
    }

    [Fact]
    public async Task The_final_report_is_ready_when_the_year_is_closed_the_exceptions_annotated_the_activities_final_and_the_unused_money_decided()
    {
        var final = await ObligationAsync("gnv2023", ObligationKind.Slutredovisning);
        await ImportInvestmentAsync();

        var before = await ReadinessAsync(final);
        Assert.Equal(
        [
            "12 månader är inte stängda: 2023-01–2023-12.",
            "1 avvikelse saknar kommentar eller åtgärd: Investering på kostnadsobjektet (9942).",
            "17 insatser saknar slutstatus (avslutad, avvecklad eller avslagen): utkast nr 1–17.",
            "Beslut om outnyttjade medel för 2023 saknas.",
        ], before.Missing.SkipLast(1));
        Assert.StartsWith("12 återrapporteringskrav saknar svar för 2023:", before.Missing[^1]);
        await AnswerAllAsync("gnv2023", 2023);

        Assert.True((await _db.SendAsync(new NoteExceptionCommand("gnv2023", Domain.Reconciliation.ExceptionKind.Investment, "9942", "9942",
            "Bokad om till investeringsprojektet", Resolved: true))).Succeeded);
        await CloseAsync("gnv2023", Year2023[..10]);
        await RejectActivitiesAsync(number => number <= 15);

        var partly = await ReadinessAsync(final);
        Assert.Equal(
        [
            "2 månader är inte stängda: 2023-11, 2023-12.",
            "2 insatser saknar slutstatus (avslutad, avvecklad eller avslagen): utkast nr 16, 17.",
            "Beslut om outnyttjade medel för 2023 saknas.",
        ], partly.Missing);

        await CloseAsync("gnv2023", Year2023[10..]);
        await RejectActivitiesAsync(number => number > 15);
        await _db.WithContextAsync(async db =>
        {
            var agreementId = await db.Agreements.Where(x => x.Code == "gnv2023").Select(x => x.Id).SingleAsync();
            db.UnusedFundsDecisions.Add(new UnusedFundsDecision
            {
                AgreementId = agreementId, Year = 2023, Amount = 1_234_567m, Outcome = UnusedFundsOutcome.Aterbetalas,
                PaidOn = new DateOnly(2024, 4, 30), Reference = "Kammarkollegiet 2024-123", DecidedAtUtc = DateTime.UtcNow, DecidedBy = "test",
            });
            await db.SaveChangesAsync();
        });

        var after = await ReadinessAsync(final);
        Assert.True(after.Ready);
        Assert.Empty(after.Missing);
    }

    [Fact]
    public async Task A_second_check_without_a_change_reuses_the_reconciliation_and_any_change_makes_it_reconcile_again()
    {
        var final = await ObligationAsync("gnv2023", ObligationKind.Slutredovisning);
        var cache = await _db.InScopeAsync(services => Task.FromResult(services.GetRequiredService<ReadinessCache>()));
        await ImportInvestmentAsync();

        var first = await ReadinessAsync(final);
        var misses = cache.Misses;
        var again = await ReadinessAsync(final);

        Assert.Equal(first.Missing, again.Missing);
        Assert.Equal(misses, cache.Misses);
        Assert.True(cache.Hits >= 1);
        Assert.Contains("1 avvikelse saknar kommentar eller åtgärd: Investering på kostnadsobjektet (9942).", again.Missing);

        // A note is a change: the next check reconciles again and sees it.
        Assert.True((await _db.SendAsync(new NoteExceptionCommand("gnv2023", Domain.Reconciliation.ExceptionKind.Investment, "9942", "9942",
            "Bokad om till investeringsprojektet", Resolved: true))).Succeeded);
        var noted = await ReadinessAsync(final);

        Assert.Equal(misses + 1, cache.Misses);
        Assert.DoesNotContain(noted.Missing, m => m.Contains("avvikelse", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_final_report_says_what_is_missing_as_the_Deadlines_page_does_without_reconciling_twice()
    {
        var final = await ObligationAsync("gnv2023", ObligationKind.Slutredovisning);
        var cache = await _db.InScopeAsync(services => Task.FromResult(services.GetRequiredService<ReadinessCache>()));
        await ImportInvestmentAsync();

        var report = (await _db.SendAsync(new GetFinalReportQuery("gnv2023", 2023)))!;

        Assert.Equal(0, cache.Misses); // the report's own reconciliation served the check
        Assert.Equal((await ReadinessAsync(final)).Missing, report.Readiness.Missing);
        Assert.Contains("1 avvikelse saknar kommentar eller åtgärd: Investering på kostnadsobjektet (9942).", report.Readiness.Missing);
    }

    [Fact]
    public async Task A_month_reopened_counts_as_not_closed_again()
    {
        var monthly = await ObligationAsync("gnv2023", ObligationKind.Manadsrapport, "januari");
        await CloseAsync("gnv2023", "2023-01");
        Assert.True((await ReadinessAsync(monthly)).Ready);

        Assert.True((await _db.SendAsync(new ReopenMonthCommand("gnv2023", YearMonth.Parse("2023-01"), "Sen leverantörsfaktura"))).Succeeded);

        Assert.Equal(["Månaden 2023-01 är inte stängd."], (await ReadinessAsync(monthly)).Missing);
    }

    [Fact]
    public async Task The_monthly_tertial_interim_and_annual_reports_each_check_their_own_months()
    {
        var january = await ObligationAsync("gnv2023", ObligationKind.Manadsrapport, "januari");
        var november = await ObligationAsync("gnv2023", ObligationKind.Manadsrapport, "november");
        var tertial = await ObligationAsync("gnv2023", ObligationKind.Tertialrapport);
        var interim = await ObligationAsync("gnv2023", ObligationKind.Delarsbokslut);
        var annual = await ObligationAsync("gnv2023", ObligationKind.Arsbokslut);

        await CloseAsync("gnv2023", "2023-01", "2023-02", "2023-04");

        Assert.True((await ReadinessAsync(january)).Ready);
        Assert.Equal(["Månaden 2023-11 är inte stängd."], (await ReadinessAsync(november)).Missing);
        Assert.Equal(["Månaden 2023-03 är inte stängd."], (await ReadinessAsync(tertial)).Missing);
        Assert.Equal(["5 månader är inte stängda: 2023-03, 2023-05–2023-08."], (await ReadinessAsync(interim)).Missing);
        Assert.Equal(["9 månader är inte stängda: 2023-03, 2023-05–2023-12."], (await ReadinessAsync(annual)).Missing);
    }

    [Fact]
    public async Task The_VFU_report_is_ready_when_its_weeks_and_places_are_reported()
    {
        var vfu = await ObligationAsync("gnv2023", ObligationKind.Redovisning);

        var before = await ReadinessAsync(vfu);
        Assert.True(before.Checked);
        Assert.StartsWith("1 återrapporteringskrav saknar svar för 2023: 2.2.4 VFU-veckor och platser", Assert.Single(before.Missing));

        var requirement = (await _db.SendAsync(new GetRequirementsQuery("gnv2023", 2023)))!.For(ObligationKind.Redovisning).Single();
        // Only the weeks: refused, and nothing is saved.
        Assert.False((await _db.SendAsync(new SaveRequirementAnswerCommand("gnv2023", 2023, requirement.Id, null, null, null, null, null, [120m, null], [140m, 30m], null, null))).Succeeded);
        Assert.False((await ReadinessAsync(vfu)).Ready);
        Assert.True((await _db.SendAsync(new SaveRequirementAnswerCommand("gnv2023", 2023, requirement.Id, null, null, null, null, null, [120m, 28m], [140m, 30m], null, null))).Succeeded);

        var after = await ReadinessAsync(vfu);
        Assert.True(after.Ready);
    }

    [Fact]
    public async Task The_action_plan_for_Patientmiljarden_asks_for_each_activity_s_goal_and_budget()
    {
        var plan = await ObligationAsync("patientmiljarden", ObligationKind.Handlingsplan);

        var readiness = await ReadinessAsync(plan);

        // Every area has activities and each names the head of the commissioning unit; the seed gives no goals or budgets.
        Assert.Equal(["6 insatser saknar mål: nr 1–6.", "6 insatser saknar budget: nr 1–6."], readiness.Missing);
    }

    [Fact]
    public async Task An_obligation_that_does_not_exist_has_no_readiness()
    {
        Assert.Null(await _db.SendAsync(new CheckReadinessQuery(987_654)));
    }
}
