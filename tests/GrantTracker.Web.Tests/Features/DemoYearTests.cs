using System.Text.RegularExpressions;
using GrantTracker.Application.Data;
using GrantTracker.Application.Features.Ledger;
using GrantTracker.Application.Seeding;
using GrantTracker.Domain.Activities;
using GrantTracker.Domain.Ledger;
using GrantTracker.Web.Tests.Infrastructure;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GrantTracker.Web.Tests.Features;

/// <summary>
/// Demo mode's lived year (<c>Demo:Year</c>, on by default when the app runs in Development): built on first start through the
/// real use cases, and every role's pages show a year in progress, not empty columns. One app for the class: it is read only.
/// </summary>
public sealed class DemoYearTests(DemoYearTests.App app) : IClassFixture<DemoYearTests.App>
{
    public sealed class App : IDisposable
    {
        public GrantTrackerFactory Factory { get; } = new() { DemoYear = true };

        public void Dispose() => Factory.Dispose();
    }

    private GrantTrackerFactory Factory => app.Factory;

    private async Task<T> DbAsync<T>(Func<AppDbContext, Task<T>> read)
    {
        using var scope = Factory.Services.CreateScope();
        return await read(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    [Fact]
    public async Task The_seed_activities_are_decided_as_the_board_decided_with_two_left_prepared()
    {
        var activities = await DbAsync(db => db.Activities.AsNoTracking().Where(a => a.AgreementId == db.Agreements.Single(x => x.Code == DemoYear.AgreementCode).Id)
            .Select(a => new { a.Number, a.Status, a.ProjectCode, a.ExitPlan, a.ResponsiblePerson, a.StartDate, a.EndDate, Budget = a.Budgets.Sum(b => b.Amount), a.AllocationLineId })
            .ToListAsync());
        Assert.Equal(19, activities.Count);
        Assert.Equal([6, 13], activities.Where(a => a.Status == ActivityStatus.Beredd).Select(a => a.Number).Order());
        Assert.All(activities.Where(a => a.Status != ActivityStatus.Beredd), a => Assert.Equal(ActivityStatus.Beslutad, a.Status));
        Assert.All(activities, a =>
        {
            Assert.NotNull(a.ExitPlan);
            Assert.False(string.IsNullOrWhiteSpace(a.ResponsiblePerson));
            Assert.NotNull(a.StartDate);
            Assert.NotNull(a.EndDate);
            Assert.True(a.Budget > 0, $"Activity {a.Number} has no budget.");
        });
        Assert.Equal(24_000_000m, activities.Single(a => a.Number == 1).Budget);

        // The budgets sum to each line's amount, as the document's lines do.
        var lines = await DbAsync(db => db.AllocationLines.AsNoTracking().Where(l => l.Agreement.Code == DemoYear.AgreementCode)
            .Select(l => new { l.Id, l.Code, l.Amount }).ToListAsync());
        Assert.All(lines, l => Assert.Equal(l.Amount, activities.Where(a => a.AllocationLineId == l.Id).Sum(a => a.Budget)));

        var agreementId = await DbAsync(db => db.Agreements.Where(a => a.Code == DemoYear.AgreementCode).Select(a => a.Id).SingleAsync());
        var page = await (await Factory.SignedInAsync("handlaggare@demo.local")).GetPageAsync($"/insatser?agreementId={agreementId}");
        Assert.Equal(17, Regex.Matches(page, "<span class=\"badge[^\"]*\">Beslutad</span>").Count);
        Assert.Equal(2, Regex.Matches(page, "<span class=\"badge[^\"]*\">Beredd</span>").Count);
        Assert.DoesNotMatch("<span class=\"badge[^\"]*\">Utkast</span>", page);
    }

    [Fact]
    public async Task The_decision_maker_is_asked_to_decide_the_two_prepared_activities()
    {
        var page = await (await Factory.SignedInAsync("beslutsfattare@demo.local")).GetPageAsync("/");
        var start = page.IndexOf("data-testid=\"todo-prepared-activities\"", StringComparison.Ordinal);
        Assert.True(start > 0, "No activities waiting for decision on the start page.");
        var section = page[start..page.IndexOf("</ul>", start, StringComparison.Ordinal)];
        Assert.Equal(2, Regex.Matches(section, "<li class=\"mb-1\">").Count);
        Assert.Contains("Ta fram och besluta om en handlingsplan", section);
        Assert.Contains("Införa modul i Cosmic", section);
    }

    [Fact]
    public async Task January_to_October_are_closed_and_November_is_open_with_two_exceptions()
    {
        var closed = await DbAsync(db => db.ClosedMonths.AsNoTracking().Where(c => c.ReopenedAtUtc == null && c.AgreementId == db.Agreements.Single(a => a.Code == DemoYear.AgreementCode).Id)
            .Select(c => c.Month).ToListAsync());
        Assert.Equal(Enumerable.Range(1, 10).Select(m => new Domain.Common.YearMonth(2023, m)), closed.Order());

        var ekonom = await Factory.SignedInAsync("ekonom@demo.local");
        var november = await ekonom.GetPageAsync("/avstamning?avtal=gnv2023&manad=2023-11");
        Assert.Contains("hör till insats 13 ”Införa modul i Cosmic. Nya utvecklingstjänster Inera”, som inte är beslutad (status Beredd)", november);
        Assert.Contains("Rader på anläggningskonton (2023-11–2023-11) på objekt 9943", november);
        var reconciliation = await SendAsync(new Application.Features.Reconciliation.ReconcileQuery(DemoYear.AgreementCode, DemoYear.LastBooked));
        Assert.Equal(2, reconciliation!.Open.Count);
        Assert.Equal([Domain.Reconciliation.ExceptionKind.Investment, Domain.Reconciliation.ExceptionKind.Activity], reconciliation.Open.Select(e => e.Kind).Order());
        // March's investment is explained, so it does not count in November either.
        Assert.Contains(reconciliation.Exceptions, e => e.CostObject == "9942" && e.Note is not null);

        var october = await SendAsync(new Application.Features.Reconciliation.ReconcileQuery(DemoYear.AgreementCode, DemoYear.LastClosed));
        Assert.Empty(october!.Open);

        // The page offers only what the closed months allow: in November the open exceptions can be explained, March's note
        // cannot be removed while March is closed; in October (closed) nothing can be written.
        Assert.Equal(3, Regex.Matches(november, "action=\"/avstamning/avvikelse\"").Count);
        Assert.DoesNotContain("action=\"/avstamning/avvikelse/ta-bort\"", november);
        Assert.Contains("Kommentaren kan inte tas bort medan månaderna 2023-03–2023-10 är stängda: öppna först igen.", november);
        var closedOctober = await ekonom.GetPageAsync("/avstamning?avtal=gnv2023&manad=2023-10");
        Assert.DoesNotContain("action=\"/avstamning/avvikelse\"", closedOctober);
        Assert.Contains("Kommentaren kan inte ändras: månaden 2023-10 är stängd.", closedOctober);
    }

    [Fact]
    public async Task The_ring_fenced_parts_and_the_of_which_part_have_attributed_costs()
    {
        var reconciliation = await SendAsync(new Application.Features.Reconciliation.ReconcileQuery(DemoYear.AgreementCode, DemoYear.LastBooked));
        foreach (var code in new[] { "2.2.b", "2.2.c" })
        {
            var line = reconciliation!.Lines.Single(l => l.Code == code);
            Assert.True(line.Figures.BookedToDate > 0, $"{code} has no cost.");
            Assert.True(line.Figures.BookedToDate < line.Figures.Allocated, $"{code} is over its ring-fenced amount.");
        }
        Assert.True(reconciliation!.Earmarks.Single().Attributed > 0);
        Assert.All(reconciliation.Lines, l => Assert.True(l.Figures.BookedToDate > 0, $"{l.Code} has no cost."));

        // Activity 1 is paid through the distribution, on the units' project codes: with no code of its own its cost is not read as 0 kr.
        var data = await SendAsync(new Application.Features.Reports.GetFinalReportQuery(DemoYear.AgreementCode, 2023));
        Assert.Null(data!.Activities.Single(a => a.Number == 1).Cost);
        Assert.All(data.Activities.Where(a => a.Number != 1), a => Assert.True(a.Cost > 0, $"Activity {a.Number} has no cost."));
        Assert.DoesNotContain(data.Activities, a => a.Number is 6 or 13); // prepared, not decided: not in a report to the state

        var report = await (await Factory.SignedInAsync("handlaggare@demo.local")).GetPageAsync("/rapporter/slutredovisning?avtal=gnv2023&ar=2023");
        Assert.DoesNotContain("Öronmärkta medel utan kostnader", report);
        Assert.DoesNotContain("Varav-belopp utan hänförda kostnader", report);
    }

    [Fact]
    public async Task The_24_mkr_are_distributed_decided_paid_and_mostly_reported()
    {
        var distribution = await DbAsync(db => db.Distributions.AsNoTracking().Include(d => d.Rows).SingleAsync());
        Assert.Equal(Domain.Distribution.DistributionStatus.Beslutad, distribution.Status);
        Assert.Equal(24_000_000m, distribution.Rows.Sum(r => r.Amount));
        var reports = await DbAsync(db => db.UnitReports.AsNoTracking().Select(r => new { r.UnitCode, r.ReceivedAtUtc }).ToListAsync());
        Assert.Equal(16, reports.Count);
        Assert.Equal(10, reports.Count(r => r.ReceivedAtUtc is not null));
        Assert.DoesNotContain(reports, r => r.UnitCode == DemoListing.ProviderUnitCode);

        // Each unit's payments are booked on its own project code, so the follow-up shows them paid in full.
        var page = await (await Factory.SignedInAsync("handlaggare@demo.local")).GetPageAsync($"/fordelningar/{distribution.Id}");
        Assert.Contains("<dd class=\"col-7\">24\u00a0000\u00a0000\u00a0kr</dd>", page);
        Assert.Contains(DemoYear.DistributionReference, page);

        // The demo Utförare has its own unit's report to do.
        var provider = await (await Factory.SignedInAsync("utforare@demo.local")).GetPageAsync("/");
        Assert.Contains("data-testid=\"todo-own-unit-reports\"", provider);
    }

    [Fact]
    public async Task The_month_totals_equal_the_ledger_and_the_trail_names_who_did_what()
    {
        Assert.Empty(await SendAsync(new VerifyLedgerTotalsQuery()));

        var audit = await DbAsync(db => db.AuditEntries.AsNoTracking().Select(a => a.UserName).Distinct().ToListAsync());
        Assert.Contains("handlaggare@demo.local", audit);
        Assert.Contains("beslutsfattare@demo.local", audit);
        Assert.Contains("ekonom@demo.local", audit);
    }

    [Fact]
    public async Task The_app_runs_on_the_demo_date_and_the_reports_due_before_it_are_sent_with_the_apps_workbooks()
    {
        var handlaggare = await Factory.SignedInAsync("handlaggare@demo.local");
        var start = await handlaggare.GetPageAsync("/");
        Assert.Contains("Demoläge: dagens datum är 2023-12-08 i demon", start);
        // The month report for November is the next one due, and it waits for November to be closed.
        Assert.Contains("Månadsrapport november 2023, senast 2023-12-15 (om 7 dagar)", start);

        var obligations = await DbAsync(db => db.ReportingObligations.AsNoTracking()
            .Select(o => new { o.Title, o.DueDate, o.SentOn, Files = db.ObligationFiles.Where(f => f.ObligationId == o.Id).Select(f => f.Content).ToList() })
            .ToListAsync());
        var due = obligations.Where(o => o.DueDate < new DateOnly(2023, 12, 8)).ToList();
        // The VFU report, ten month reports, the tertial report, the interim accounts, Patientmiljarden's action plan and its final report (issue 26).
        Assert.Equal(15, due.Count);
        Assert.All(due, o =>
        {
            Assert.Equal(o.DueDate.AddDays(-2), o.SentOn);
            var file = Assert.Single(o.Files);
            Assert.Equal("PK"u8.ToArray(), file[..2]); // a workbook
        });
        Assert.All(obligations.Except(due), o => Assert.Null(o.SentOn));

        var deadlines = await handlaggare.GetPageAsync("/deadlines");
        Assert.Contains("Inskickad", deadlines);
    }

    /// <summary>Every role has something to do on the demo year (the Revisor a summary), and every link in its list opens for it.</summary>
    [Theory]
    [InlineData("beslutsfattare@demo.local", 2)]
    [InlineData("handlaggare@demo.local", 1)] // November's month report; Patientmiljarden is Avslutad, so its six old drafts are not (issue 26)
    [InlineData("ekonom@demo.local", 1)] // November's two exceptions
    [InlineData("utforare@demo.local", 1)] // its unit's report back
    public async Task Every_role_has_its_to_do_list_and_every_link_opens(string user, int count)
    {
        var client = await Factory.SignedInAsync(user);
        var page = await client.GetPageAsync("/");
        Assert.Contains($"data-testid=\"nav-todo-count\">{count}<", page);
        var start = page.IndexOf("id=\"att-gora\"", StringComparison.Ordinal);
        var section = page[start..page.IndexOf("</section>", start, StringComparison.Ordinal)];
        var links = Regex.Matches(section, "href=\"(/[^\"#]*)").Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.NotEmpty(links);
        foreach (var link in links)
        {
            var response = await client.GetAsync(link);
            Assert.True(response.StatusCode == System.Net.HttpStatusCode.OK, $"{link} answered {(int)response.StatusCode} for {user}");
        }
    }

    /// <summary>Issue 26: Patientmiljarden is closed out, its final report sent in 2021 and its repayment paid; it is read only, its activities readable.</summary>
    [Fact]
    public async Task Patientmiljarden_is_Avslutad_with_its_final_report_sent_in_2021_and_its_activities_stay_readable()
    {
        var agreement = await DbAsync(db => db.Agreements.AsNoTracking().Where(a => a.Code == DemoYear.ClosedAgreementCode)
            .Select(a => new { a.Id, a.Status }).SingleAsync());
        Assert.Equal(Domain.Agreements.AgreementStatus.Avslutad, agreement.Status);
        var final = await DbAsync(db => db.ReportingObligations.AsNoTracking()
            .Where(o => o.AgreementId == agreement.Id && o.Kind == Domain.Agreements.ObligationKind.Slutredovisning).Select(o => o.SentOn).SingleAsync());
        Assert.Equal(new DateOnly(2021, 3, 29), final);

        var handlaggare = await Factory.SignedInAsync("handlaggare@demo.local");
        var page = await handlaggare.GetPageAsync($"/overenskommelser/{agreement.Id}");
        Assert.Contains(">Avslutad</span>", page);
        Assert.Contains("data-testid=\"read-only\"", page);
        Assert.Contains("till Kammarkollegiet, betald 2021-06-28.", page);
        var activity = await DbAsync(db => db.Activities.AsNoTracking().Where(a => a.AgreementId == agreement.Id).Select(a => a.Id).FirstAsync());
        Assert.Equal(System.Net.HttpStatusCode.OK, (await handlaggare.GetAsync($"/insatser/{activity}")).StatusCode);
    }

    [Fact]
    public void The_ledger_file_is_the_same_every_time()
    {
        IReadOnlyList<(string, string, decimal)> units = [("SE2321000222-HC01", "SE2321000222-HC01", 1_000_000m), ("P-0001", "P-0001", 500_000m)];
        var first = Path.GetTempFileName();
        var second = Path.GetTempFileName();
        try
        {
            DemoYear.Write(first, units, ["9916", "9917", "9942", "9943"]);
            DemoYear.Write(second, units, ["9916", "9917", "9942", "9943"]);
            Assert.Equal(File.ReadAllBytes(first), File.ReadAllBytes(second));
            Assert.True(new FileInfo(first).Length > 100_000);
        }
        finally
        {
            File.Delete(first);
            File.Delete(second);
        }
    }

    /// <summary>
    /// Issue 25: the year's history is dated when it would have happened, not within the minutes demo mode starts: no close, payment or
    /// import precedes what it depends on, and nothing is dated after the demo's today.
    /// </summary>
    [Fact]
    public async Task The_demo_years_history_is_dated_when_it_happened_and_nothing_precedes_the_decision_it_depends_on()
    {
        var now = Factory.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        static DateTime EndOf(Domain.Common.YearMonth month) =>
            Domain.Common.SwedishFormat.StartOfDayUtc(new DateOnly(month.Year, month.Month, 1).AddMonths(1));
        var yearStart = Domain.Common.SwedishFormat.StartOfDayUtc(new DateOnly(2023, 1, 1));

        // Every business entry of the trail lies within the demo year, up to its today; the seeding is spread over the year, not one minute.
        var trail = await DbAsync(db => db.AuditEntries.AsNoTracking().Where(e => e.EntityType != Application.Auditing.SignInEvents.EntityType)
            .Select(e => new { e.EntityType, e.AtUtc }).ToListAsync());
        Assert.All(trail, e => Assert.InRange(e.AtUtc, yearStart, now));
        Assert.True(trail.Select(e => e.AtUtc.Date).Distinct().Count() > 40, "The demo's history is not spread over the year.");

        // Activities: prepared in January–February, decided by the board on the decision date, in spring.
        var activities = await DbAsync(db => db.Activities.AsNoTracking().Where(a => a.AgreementId == db.Agreements.Single(x => x.Code == DemoYear.AgreementCode).Id)
            .Select(a => new { a.Number, a.DecisionDate, a.Transitions }).ToListAsync());
        DateTime Decided(int number) => activities.Single(a => a.Number == number).Transitions.Single(t => t.To == ActivityStatus.Beslutad).AtUtc;
        var decided = activities.Where(a => a.DecisionDate is not null).ToList();
        Assert.Equal(17, decided.Count);
        foreach (var a in decided)
        {
            var prepared = a.Transitions.Single(t => t.To == ActivityStatus.Beredd).AtUtc;
            Assert.True(prepared < Decided(a.Number), $"Activity {a.Number} was decided before it was prepared.");
            Assert.Equal(DemoYear.DecisionDate, DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(Decided(a.Number), Domain.Common.SwedishFormat.Zone)));
        }
        var lastDecision = decided.Max(a => Decided(a.Number));

        // The distribution is decided before its first payment is booked, and the import that brought that payment comes after both.
        var distribution = await DbAsync(db => db.Distributions.AsNoTracking().Select(d => new { d.CreatedAtUtc, d.DecidedAtUtc }).SingleAsync());
        var payouts = await DbAsync(db => db.LedgerEntries.AsNoTracking().Where(e => e.Account == "4589")
            .Select(e => new { e.VoucherDate, Imported = db.LedgerImports.Where(i => i.Id == e.ImportId).Select(i => i.ImportedAtUtc).Single() }).ToListAsync());
        Assert.NotEmpty(payouts);
        Assert.True(distribution.CreatedAtUtc < distribution.DecidedAtUtc);
        Assert.All(payouts, p =>
        {
            Assert.True(distribution.DecidedAtUtc < Domain.Common.SwedishFormat.StartOfDayUtc(p.VoucherDate), $"A unit was paid on {p.VoucherDate} before the distribution was decided.");
            Assert.True(p.Imported > Domain.Common.SwedishFormat.StartOfDayUtc(p.VoucherDate));
        });
        var reports = await DbAsync(db => db.UnitReports.AsNoTracking().Select(r => new { r.SubmittedAtUtc, r.ReceivedAtUtc }).ToListAsync());
        Assert.All(reports, r => Assert.True(distribution.DecidedAtUtc < r.SubmittedAtUtc && (r.ReceivedAtUtc is null || r.SubmittedAtUtc < r.ReceivedAtUtc)));

        // The state's payment is registered after it arrived.
        var payment = await DbAsync(db => db.GrantPayments.AsNoTracking().Select(p => new { p.Date, p.RecordedAtUtc }).SingleAsync());
        Assert.True(payment.RecordedAtUtc >= Domain.Common.SwedishFormat.StartOfDayUtc(payment.Date.AddDays(1)));

        // Every import comes after the months it brings; each month was imported early in the next month, one import a month.
        var imports = await DbAsync(db => db.LedgerImports.AsNoTracking().Where(i => i.Status == ImportStatus.Importerad)
            .Select(i => new { i.Id, i.ImportedAtUtc }).ToListAsync());
        Assert.Equal(11, imports.Count);
        Assert.Equal(Enumerable.Range(2, 11), imports.OrderBy(i => i.Id).Select(i => TimeZoneInfo.ConvertTimeFromUtc(i.ImportedAtUtc, Domain.Common.SwedishFormat.Zone).Month));
        // A closed month keeps the rows of the import that brought it: the month is imported before it is closed, and after it ended.
        var closed = await DbAsync(db => db.ClosedMonths.AsNoTracking().Where(c => c.AgreementId == db.Agreements.Single(a => a.Code == DemoYear.AgreementCode).Id)
            .Select(c => new { c.Month, c.ClosedAtUtc }).ToListAsync());
        var tieOuts = await DbAsync(db => db.LedgerMonthTieOuts.AsNoTracking().Where(t => t.TiedOutAtUtc != null).Select(t => new { t.Month, t.TiedOutAtUtc }).ToListAsync());
        var notes = await DbAsync(db => db.ExceptionNotes.AsNoTracking().Select(n => new { n.Month, n.WrittenAtUtc }).ToListAsync());
        foreach (var month in closed)
        {
            var brought = await DbAsync(db => db.LedgerEntries.AsNoTracking().Where(e => e.Month == month.Month)
                .Select(e => db.LedgerImports.Where(i => i.Id == e.ImportId).Select(i => i.ImportedAtUtc).Single()).Distinct().ToListAsync());
            Assert.All(brought, at => Assert.True(EndOf(month.Month) < at && at < month.ClosedAtUtc, $"{month.Month} was imported at {at:u}, closed at {month.ClosedAtUtc:u}."));
            Assert.True(lastDecision < month.ClosedAtUtc, $"{month.Month} was closed before its activities were decided.");
            Assert.All(tieOuts.Where(t => t.Month == month.Month), t => Assert.True(t.TiedOutAtUtc <= month.ClosedAtUtc && t.TiedOutAtUtc > EndOf(month.Month)));
            Assert.All(notes.Where(n => n.Month == month.Month), n => Assert.True(n.WrittenAtUtc > EndOf(month.Month) && n.WrittenAtUtc <= month.ClosedAtUtc));
        }
        Assert.NotEmpty(notes);
        // The month closes come one a month: January after the decision, the others in the month after.
        Assert.Equal(Enumerable.Range(2, 10), closed.OrderBy(c => c.Month).Select(c => TimeZoneInfo.ConvertTimeFromUtc(c.ClosedAtUtc, Domain.Common.SwedishFormat.Zone).Month));
        Assert.All(trail, e => Assert.True(e.AtUtc <= now));
    }

    private async Task<T> SendAsync<T>(Mediator.IQuery<T> query)
    {
        using var scope = Factory.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(query);
    }
}
