using GrantTracker.Application.Features.Activities;
using GrantTracker.Application.Features.Reconciliation;
using GrantTracker.Application.Features.Reports;
using GrantTracker.Application.Tests.Infrastructure;
using GrantTracker.Domain.Activities;
using GrantTracker.Domain.Agreements;
using GrantTracker.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Tests.Dates;

/// <summary>Issue 25, "dates that make sense": on the test database's clock, 2023-06-15.</summary>
public sealed class DatesThatMakeSenseTests : IAsyncLifetime
{
    private TestDatabase _db = null!;

    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private static readonly DateOnly Today = new(2023, 6, 15);

    [Fact]
    public async Task A_repayment_may_be_planned_after_today_but_not_paid_after_today()
    {
        var planned = await _db.SendAsync(new RecordUnusedFundsCommand("gnv2023", 2023, 1_000m, UnusedFundsOutcome.Aterbetalas, null, "RS/5/2024", null,
            PlannedOn: new DateOnly(2024, 3, 31)));
        Assert.True(planned.Succeeded, string.Join(" ", planned.Errors.Select(e => e.Message)));
        var view = (await _db.SendAsync(new GetFinalReportQuery("gnv2023", 2023)))!.Decision!;
        Assert.Equal(new DateOnly(2024, 3, 31), view.PlannedOn);
        Assert.Null(view.PaidOn);

        var paidAhead = await _db.SendAsync(new RecordUnusedFundsCommand("gnv2023", 2023, 2_000m, UnusedFundsOutcome.Aterbetalas, Today.AddDays(1), "Kammarkollegiet 1", null,
            PlannedOn: new DateOnly(2024, 3, 31)));
        Assert.False(paidAhead.Succeeded);
        var error = Assert.Single(paidAhead.Errors);
        Assert.Equal("PaidOn", error.Field);
        Assert.Equal("Återbetalt datum 2023-06-16 ligger i framtiden (i dag är 2023-06-15). Ange det som planerat datum och fyll i återbetalt datum när pengarna är betalda.",
            error.Message);
        // Nothing written: the decision is the planned one.
        var unchanged = (await _db.SendAsync(new GetFinalReportQuery("gnv2023", 2023)))!.Decision!;
        Assert.Equal((1_000m, (DateOnly?)null, "RS/5/2024"), (unchanged.Amount, unchanged.PaidOn, unchanged.Reference));

        var paid = await _db.SendAsync(new RecordUnusedFundsCommand("gnv2023", 2023, 1_000m, UnusedFundsOutcome.Aterbetalas, Today, "Kammarkollegiet 1", null,
            PlannedOn: new DateOnly(2024, 3, 31)));
        Assert.True(paid.Succeeded);
    }

    [Fact]
    public async Task A_repayment_with_neither_a_planned_nor_a_paid_date_is_refused_asking_for_the_planned_one()
    {
        var refused = await _db.SendAsync(new RecordUnusedFundsCommand("gnv2023", 2023, 1_000m, UnusedFundsOutcome.Aterbetalas, null, "RS/5/2024", null));

        Assert.False(refused.Succeeded);
        Assert.Equal("PlannedOn", Assert.Single(refused.Errors).Field);
        Assert.Null((await _db.SendAsync(new GetFinalReportQuery("gnv2023", 2023)))!.Decision);
    }

    [Fact]
    public async Task Closing_a_month_after_the_current_one_is_refused_in_Swedish_and_closes_nothing()
    {
        var refused = await _db.SendAsync(new CloseMonthCommand("gnv2023", new YearMonth(2023, 7)));

        Assert.False(refused.Succeeded);
        Assert.Equal("2023-07 kan inte stängas: månaden har inte kommit än (i dag är 2023-06-15). Stäng en månad när den är bokförd och avstämd.",
            Assert.Single(refused.Errors).Message);
        Assert.Equal(0, await _db.WithContextAsync(db => db.ClosedMonths.CountAsync()));
    }

    /// <summary>A Patientmiljarden activity (the agreement ended 2020-12-31) with what preparation needs, as a draft.</summary>
    private Task<int> EndedDraftAsync() =>
        _db.WithContextAsync(async db =>
        {
            var activity = await db.Activities.Where(a => db.Agreements.Any(g => g.Id == a.AgreementId && g.Code == "patientmiljarden") && a.AllocationLineId != null).OrderBy(a => a.Number).FirstAsync();
            ReadyForDecision.Complete(activity, 2018);
            await db.SaveChangesAsync();
            return activity.Id;
        });

    private async Task<ActivityView> ActivityAsync(int id) => (await _db.SendAsync(new GetActivityQuery(id)))!;

    [Fact]
    public async Task Preparing_and_granting_an_activity_whose_agreement_has_ended_needs_a_reason_that_goes_into_the_history_and_the_audit_trail()
    {
        var id = await EndedDraftAsync();
        var before = await ActivityAsync(id);
        Assert.Equal("insatsens period slutade 2018-12-31 och överenskommelsen slutade 2020-12-31", before.Ended(Today));

        var refused = await _db.SendAsync(new ChangeActivityStatusCommand(id, before.Version, ActivityStep.Prepare, null));
        Assert.False(refused.Succeeded);
        var error = Assert.Single(refused.Errors);
        Assert.Equal(Activity.LateReason, error.Field);
        Assert.StartsWith("Bekräfta att insatsen ska bli beredd fast insatsens period slutade 2018-12-31 och överenskommelsen slutade 2020-12-31", error.Message);
        Assert.False((await _db.SendAsync(new ChangeActivityStatusCommand(id, before.Version, ActivityStep.Prepare, null, "   "))).Succeeded);
        var unchanged = await ActivityAsync(id);
        Assert.Equal((ActivityStatus.Utkast, before.Version), (unchanged.Status, unchanged.Version));

        Assert.True((await _db.SendAsync(new ChangeActivityStatusCommand(id, before.Version, ActivityStep.Prepare, null, "Beslut i efterhand enligt revisionen"))).Succeeded);
        var prepared = await ActivityAsync(id);
        Assert.Equal(ActivityStatus.Beredd, prepared.Status);
        Assert.Equal("Beredd fast insatsens period slutade 2018-12-31 och överenskommelsen slutade 2020-12-31. Skäl: Beslut i efterhand enligt revisionen",
            prepared.Transitions[^1].Note);

        var notConfirmed = await _db.SendAsync(new DecideActivityCommand(id, prepared.Version, true, new DateOnly(2018, 3, 1), "RS/1/2018", null));
        Assert.False(notConfirmed.Succeeded);
        Assert.StartsWith("Bekräfta att insatsen ska bli beviljad fast", Assert.Single(notConfirmed.Errors).Message);
        Assert.Equal(ActivityStatus.Beredd, (await ActivityAsync(id)).Status);

        Assert.True((await _db.SendAsync(new DecideActivityCommand(id, prepared.Version, true, new DateOnly(2018, 3, 1), "RS/1/2018", null, "Efterregistrering"))).Succeeded);
        var granted = await ActivityAsync(id);
        Assert.Equal(ActivityStatus.Beslutad, granted.Status);
        Assert.Equal("Beslut RS/1/2018 2018-03-01. Beviljad fast insatsens period slutade 2018-12-31 och överenskommelsen slutade 2020-12-31. Skäl: Efterregistrering",
            granted.Transitions[^1].Note);

        var audited = await _db.WithContextAsync(db => db.AuditEntries.Select(e => e.Changes).ToListAsync());
        Assert.Contains(audited, c => c.Contains("Beslut i efterhand enligt revisionen"));
        Assert.Contains(audited, c => c.Contains("Efterregistrering"));
    }

    [Fact]
    public async Task Rejecting_an_activity_whose_agreement_has_ended_needs_no_reason()
    {
        var id = await EndedDraftAsync();
        Assert.True((await _db.SendAsync(new ChangeActivityStatusCommand(id, (await ActivityAsync(id)).Version, ActivityStep.Prepare, null, "Avslutas formellt"))).Succeeded);

        var rejected = await _db.SendAsync(new DecideActivityCommand(id, (await ActivityAsync(id)).Version, false, new DateOnly(2023, 6, 1), "RS/9/2023", "Medlen är slut"));

        Assert.True(rejected.Succeeded);
        Assert.Equal(ActivityStatus.Avslagen, (await ActivityAsync(id)).Status);
    }

    [Fact]
    public async Task An_activity_within_its_period_and_agreement_is_prepared_without_a_reason()
    {
        var id = await _db.WithContextAsync(async db =>
        {
            var activity = await db.Activities.Where(a => db.Agreements.Any(g => g.Id == a.AgreementId && g.Code == "gnv2023") && a.AllocationLineId != null).OrderBy(a => a.Number).FirstAsync();
            ReadyForDecision.Complete(activity, 2023);
            await db.SaveChangesAsync();
            return activity.Id;
        });

        Assert.Null((await ActivityAsync(id)).Ended(Today));
        Assert.True((await _db.SendAsync(new ChangeActivityStatusCommand(id, (await ActivityAsync(id)).Version, ActivityStep.Prepare, null))).Succeeded);
        Assert.Null((await ActivityAsync(id)).Transitions[^1].Note);
    }
}
