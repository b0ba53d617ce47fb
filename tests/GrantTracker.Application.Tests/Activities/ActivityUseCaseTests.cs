using GrantTracker.Application.Features.Activities;
using GrantTracker.Application.Tests.Infrastructure;
using GrantTracker.Domain.Activities;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Tests.Activities;

public sealed class ActivityUseCaseTests : IAsyncLifetime
{
    private TestDatabase _db = null!;

    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private Task<(int AgreementId, int LineId)> LineAsync(string agreement, string line) =>
        _db.WithContextAsync(async db =>
        {
            var l = await db.AllocationLines.Where(x => x.Code == line && x.Agreement.Code == agreement).Select(x => new { x.AgreementId, x.Id }).SingleAsync();
            return (l.AgreementId, l.Id);
        });

    private static ActivityDetails Details(decimal budget, string measure = "Projektledare för ny arbetsmodell") =>
        new("Utveckla vårdnivån primärvård i hela länet", measure, "Lön", "Anna Andersson", "HOSPA", "Hälsocentralen Lit", PerformerKind.PrivatUtforare,
            new DateOnly(2023, 2, 1), new DateOnly(2023, 12, 31), [new BudgetYear(2023, budget)], null);

    [Fact]
    public async Task Registering_an_activity_stores_it_as_a_draft_with_the_lines_cost_object()
    {
        var (agreementId, lineId) = await LineAsync("gnv2023", "2.3");

        var saved = await _db.SendAsync(new RegisterActivityCommand(agreementId, lineId, Details(200_000m)));

        Assert.True(saved.Succeeded);
        var view = (await _db.SendAsync(new GetActivityQuery(saved.Value.Id)))!;
        Assert.Equal(ActivityStatus.Utkast, view.Status);
        Assert.Equal("9942", view.CostObjectCode);
        Assert.Equal(18, view.Number);
        Assert.Equal(200_000m, view.TotalBudget);
    }

    private static readonly ExitPlan WindDown = new(ExitStrategy.Avveckling, null, null, null, null, new DateOnly(2024, 6, 30), "Avslutas när provtagningen är införd.");

    private async Task<long> VersionAsync(int id) => (await _db.SendAsync(new GetActivityQuery(id)))!.Version;

    [Fact]
    public async Task Preparing_without_an_exit_budget_is_refused_naming_it_and_with_one_succeeds()
    {
        var (agreementId, lineId) = await LineAsync("gnv2023", "2.4");
        var id = (await _db.SendAsync(new RegisterActivityCommand(agreementId, lineId, Details(300_000m)))).Value.Id;

        var refused = await _db.SendAsync(new ChangeActivityStatusCommand(id, 0, ActivityStep.Prepare, null));
        Assert.False(refused.Succeeded);
        Assert.Equal([nameof(Activity.ExitPlan)], refused.Errors.Select(e => e.Field));
        Assert.StartsWith("Exitbudget saknas", refused.Errors[0].Message);
        Assert.Equal(ActivityStatus.Utkast, (await _db.SendAsync(new GetActivityQuery(id)))!.Status);

        Assert.True((await _db.SendAsync(new SaveExitPlanCommand(id, 0, WindDown))).Succeeded);
        Assert.True((await _db.SendAsync(new ChangeActivityStatusCommand(id, await VersionAsync(id), ActivityStep.Prepare, null))).Succeeded);
        Assert.Equal(ActivityStatus.Beredd, (await _db.SendAsync(new GetActivityQuery(id)))!.Status);
    }

    [Fact]
    public async Task The_decision_keeps_its_own_exit_budget_check_when_the_budget_is_removed_after_preparation()
    {
        var (agreementId, lineId) = await LineAsync("gnv2023", "2.4");
        var id = (await _db.SendAsync(new RegisterActivityCommand(agreementId, lineId, Details(300_000m)))).Value.Id;
        Assert.True((await _db.SendAsync(new SaveExitPlanCommand(id, 0, WindDown))).Succeeded);
        Assert.True((await _db.SendAsync(new ChangeActivityStatusCommand(id, await VersionAsync(id), ActivityStep.Prepare, null))).Succeeded);
        // A prepared activity is still editable: the officer may clear the exit budget before the decision.
        Assert.True((await _db.SendAsync(new SaveExitPlanCommand(id, await VersionAsync(id), null))).Succeeded);

        var refused = await _db.SendAsync(new DecideActivityCommand(id, await VersionAsync(id), true, new DateOnly(2023, 3, 1), "RS §12", null));
        Assert.False(refused.Succeeded);
        Assert.Contains("utan exitbudget", refused.Errors[0].Message);
        Assert.Equal(ActivityStatus.Beredd, (await _db.SendAsync(new GetActivityQuery(id)))!.Status);

        Assert.True((await _db.SendAsync(new SaveExitPlanCommand(id, await VersionAsync(id), WindDown))).Succeeded);
        var approved = await _db.SendAsync(new DecideActivityCommand(id, await VersionAsync(id), true, new DateOnly(2023, 3, 1), "RS §12", null));

        Assert.True(approved.Succeeded);
        var view = (await _db.SendAsync(new GetActivityQuery(id)))!;
        Assert.Equal(ActivityStatus.Beslutad, view.Status);
        Assert.Equal("RS §12", view.DecisionReference);
        Assert.Contains(view.Transitions, t => t.To == ActivityStatus.Beslutad && t.UserName == "test@demo.local");
    }

    [Fact]
    public async Task Every_transition_leaves_an_audit_entry()
    {
        var (agreementId, lineId) = await LineAsync("gnv2023", "2.4");
        var id = (await _db.SendAsync(new RegisterActivityCommand(agreementId, lineId, Details(1_000m)))).Value.Id;
        Assert.True((await _db.SendAsync(new SaveExitPlanCommand(id, 0, WindDown))).Succeeded);
        Assert.True((await _db.SendAsync(new ChangeActivityStatusCommand(id, await VersionAsync(id), ActivityStep.Prepare, null))).Succeeded);

        var entries = await _db.WithContextAsync(db => db.AuditEntries.Where(e => e.EntityType == nameof(Activity) && e.EntityId == id.ToString()).ToListAsync());

        Assert.Contains(entries, e => e.Changes.Contains("\"Status\"") && e.Changes.Contains("Beredd"));
        Assert.All(entries, e => Assert.Equal("test@demo.local", e.UserName));
    }

    [Fact]
    public async Task Over_committing_a_ring_fenced_line_is_refused_and_nothing_is_saved()
    {
        var (agreementId, lineId) = await LineAsync("gnv2023", "2.2.b");
        var before = await _db.WithContextAsync(db => db.Activities.CountAsync());

        var result = await _db.SendAsync(new RegisterActivityCommand(agreementId, lineId, Details(5_039_945m)));

        Assert.False(result.Succeeded);
        Assert.Contains("öronmärkt", result.Errors[0].Message);
        Assert.Equal(before, await _db.WithContextAsync(db => db.Activities.CountAsync()));
    }

    [Fact]
    public async Task Over_committing_an_ordinary_line_saves_with_a_warning()
    {
        var (agreementId, lineId) = await LineAsync("gnv2023", "2.4");

        var result = await _db.SendAsync(new RegisterActivityCommand(agreementId, lineId, Details(1_500_000m)));

        Assert.True(result.Succeeded);
        Assert.Contains("61\u00A0310\u00A0kr mer än radens 1\u00A0438\u00A0690\u00A0kr", result.Value.Warning);
    }

    [Fact]
    public async Task Drafts_over_an_ordinary_line_warn_only_once_decided_money_would_exceed_it()
    {
        var (agreementId, lineId) = await LineAsync("gnv2023", "2.4");
        var first = (await _db.SendAsync(new RegisterActivityCommand(agreementId, lineId, Details(1_000_000m)))).Value.Id;

        // 2 mkr of plans on a 1,4 mkr line: nothing is decided, so no warning.
        var planned = await _db.SendAsync(new RegisterActivityCommand(agreementId, lineId, Details(1_000_000m)));
        Assert.True(planned.Succeeded);
        Assert.Null(planned.Value.Warning);
        var view = (await _db.SendAsync(new GetActivityQuery(first)))!;
        Assert.Equal((0m, 2_000_000m, false), (view.LineDecided, view.LinePlanned, view.OverCommitted));

        Assert.True((await _db.SendAsync(new SaveExitPlanCommand(first, 0, WindDown))).Succeeded);
        Assert.True((await _db.SendAsync(new ChangeActivityStatusCommand(first, await VersionAsync(first), ActivityStep.Prepare, null))).Succeeded);
        Assert.True((await _db.SendAsync(new DecideActivityCommand(first, await VersionAsync(first), true, new DateOnly(2023, 3, 1), "RS §14", null))).Succeeded);

        // Decided 1 mkr + this 0,5 mkr would be over the line: a warning that names the decided money.
        var third = await _db.SendAsync(new RegisterActivityCommand(agreementId, lineId, Details(500_000m)));
        Assert.True(third.Succeeded);
        Assert.Contains("Beslutas insatsen blir de beslutade insatserna på rad 2.4 1\u00A0500\u00A0000\u00A0kr, 61\u00A0310\u00A0kr mer än radens 1\u00A0438\u00A0690\u00A0kr", third.Value.Warning);
        view = (await _db.SendAsync(new GetActivityQuery(first)))!;
        Assert.Equal((1_000_000m, 1_500_000m, false), (view.LineDecided, view.LinePlanned, view.OverCommitted));
    }

    [Fact]
    public async Task A_rejected_activity_frees_its_lines_money()
    {
        var (agreementId, lineId) = await LineAsync("gnv2023", "2.2.c");
        var first = (await _db.SendAsync(new RegisterActivityCommand(agreementId, lineId, Details(1_259_986m)))).Value.Id;
        Assert.True((await _db.SendAsync(new SaveExitPlanCommand(first, 0, WindDown))).Succeeded);
        Assert.True((await _db.SendAsync(new ChangeActivityStatusCommand(first, await VersionAsync(first), ActivityStep.Prepare, null))).Succeeded);
        var version = await VersionAsync(first);
        Assert.True((await _db.SendAsync(new DecideActivityCommand(first, version, false, new DateOnly(2023, 3, 1), "RS §13", "Annan inriktning"))).Succeeded);

        var second = await _db.SendAsync(new RegisterActivityCommand(agreementId, lineId, Details(1_259_986m)));

        Assert.True(second.Succeeded);
        Assert.Null(second.Value.Warning);
    }

    [Fact]
    public async Task A_save_on_a_stale_version_is_refused_and_the_first_save_is_kept()
    {
        var (agreementId, lineId) = await LineAsync("gnv2023", "2.3");
        var id = (await _db.SendAsync(new RegisterActivityCommand(agreementId, lineId, Details(100_000m)))).Value.Id;

        var first = await _db.SendAsync(new UpdateActivityCommand(id, 0, lineId, Details(100_000m, "Först sparad")));
        var second = await _db.SendAsync(new UpdateActivityCommand(id, 0, lineId, Details(100_000m, "Sparad på gammal version")));

        Assert.True(first.Succeeded);
        Assert.False(second.Succeeded);
        Assert.Contains("Någon annan har sparat", second.Errors[0].Message);
        Assert.Equal("Först sparad", (await _db.SendAsync(new GetActivityQuery(id)))!.Measure);
    }

    [Fact]
    public async Task The_seeded_activities_are_drafts_with_their_texts_and_the_first_has_24_million()
    {
        var list = await _db.SendAsync(new ListActivitiesQuery(CostObject: "9916"));

        var first = list.Rows.Single(r => r.AgreementName == "God och nära vård 2023" && r.Number == 1);
        Assert.Equal(24_000_000m, first.Budget);
        Assert.Equal("2.1", first.LineCode);
        Assert.All(list.Rows, r => Assert.Equal(ActivityStatus.Utkast, r.Status));
        Assert.Contains(list.Rows, r => r.Measure.StartsWith("Patientkontrakt i form av sammanhållen vårdplan"));
        Assert.Equal(17, (await _db.SendAsync(new ListActivitiesQuery())).Rows.Count(r => r.AgreementName == "God och nära vård 2023"));
    }

    [Fact]
    public async Task The_register_filters_by_status_responsible_and_performer()
    {
        var (agreementId, lineId) = await LineAsync("gnv2023", "2.3");
        await _db.SendAsync(new RegisterActivityCommand(agreementId, lineId, Details(10_000m)));

        var byPerformer = await _db.SendAsync(new ListActivitiesQuery(Performer: "Lit"));
        var byResponsible = await _db.SendAsync(new ListActivitiesQuery(Responsible: "Anna"));
        var prepared = await _db.SendAsync(new ListActivitiesQuery(Status: ActivityStatus.Beredd));

        Assert.Single(byPerformer.Rows);
        Assert.Single(byResponsible.Rows);
        Assert.Empty(prepared.Rows);
        Assert.Equal(10_000m, byPerformer.BudgetTotal);
    }
}
