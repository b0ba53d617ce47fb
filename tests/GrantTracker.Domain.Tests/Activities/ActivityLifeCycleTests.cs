using GrantTracker.Domain.Activities;

namespace GrantTracker.Domain.Tests.Activities;

public sealed class ActivityLifeCycleTests
{
    private static readonly DateTime At = new(2023, 3, 1, 9, 0, 0, DateTimeKind.Utc);
    private static readonly ActivityLine Line = new(LineId: 1, AreaId: 1, CostObjectCode: "9916");
    private static readonly ExitPlan CompletePlan = new(ExitStrategy.OrdinarieVerksamhet, 400_000m, "Primärvårdens ram", null, null, null, "Ingår i ramen från 2024.");

    private static Activity Draft(Investment? investment = null) =>
        Activity.Register(1, 1, Line, new ActivityDetails("Mål", "Projektledare för gemensam plan", "Lön", "Anna", "HOSPA", "Primärvården", PerformerKind.Regionenhet,
            new DateOnly(2023, 1, 1), new DateOnly(2023, 12, 31), [new BudgetYear(2023, 800_000m)], investment), At, "hanna").Value;

    /// <summary>
    /// Prepared with a complete exit budget, which preparation needs; then the exit budget is set to
    /// <paramref name="plan"/> while prepared (an officer may still change it), so the decision's own check is tested.
    /// </summary>
    private static Activity Prepared(ExitPlan? plan)
    {
        var activity = Draft();
        Assert.True(activity.SetExitPlan(CompletePlan).Succeeded);
        Assert.True(activity.Prepare(At, "hanna").Succeeded);
        Assert.True(activity.SetExitPlan(plan).Succeeded);
        return activity;
    }

    [Fact]
    public void A_registered_activity_starts_as_a_draft()
    {
        var activity = Draft();

        Assert.Equal(ActivityStatus.Utkast, activity.Status);
        Assert.Equal(800_000m, activity.TotalBudget);
        Assert.Single(activity.Transitions);
    }

    [Fact]
    public void Approving_an_activity_without_an_exit_budget_is_refused()
    {
        var activity = Prepared(plan: null);

        var result = activity.Approve(new DateOnly(2023, 3, 10), "RS §45", null, At, "bertil");

        Assert.False(result.Succeeded);
        Assert.Contains("utan exitbudget", result.Errors[0].Message);
        Assert.Equal(ActivityStatus.Beredd, activity.Status);
        Assert.Null(activity.DecisionReference);
    }

    [Fact]
    public void Approving_with_an_incomplete_exit_budget_says_what_is_missing()
    {
        var activity = Prepared(new ExitPlan(ExitStrategy.ErsatterBefintlig, null, null, null, null, null, null));

        var result = activity.Approve(new DateOnly(2023, 3, 10), "RS §45", null, At, "bertil");

        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, e => e.Message.Contains("vilken befintlig verksamhet"));
        Assert.Contains(result.Errors, e => e.Message.Contains("sparar per år"));
        Assert.Equal(ActivityStatus.Beredd, activity.Status);
    }

    [Fact]
    public void A_prepared_activity_with_a_complete_exit_budget_is_approved_with_its_decision()
    {
        var activity = Prepared(CompletePlan);

        var result = activity.Approve(new DateOnly(2023, 3, 10), "RS §45", "Enligt beredningen", At, "bertil");

        Assert.True(result.Succeeded);
        Assert.Equal(ActivityStatus.Beslutad, activity.Status);
        Assert.Equal("RS §45", activity.DecisionReference);
        Assert.Equal(new DateOnly(2023, 3, 10), activity.DecisionDate);
        Assert.Equal((ActivityStatus.Beredd, ActivityStatus.Beslutad, "bertil"), (activity.Transitions[^1].From, activity.Transitions[^1].To, activity.Transitions[^1].UserName));
    }

    [Fact]
    public void Preparing_an_activity_without_budget_responsible_period_or_exit_budget_is_refused_naming_each()
    {
        var activity = Activity.Register(1, 1, Line, new ActivityDetails(null, "Projektledare", null, null, null, null, PerformerKind.Regionenhet,
            null, null, [], null), At, "hanna").Value;

        var result = activity.Prepare(At, "hanna");

        Assert.False(result.Succeeded);
        Assert.Equal(ActivityStatus.Utkast, activity.Status);
        Assert.Equal([nameof(Activity.Budgets), nameof(Activity.ResponsiblePerson), nameof(Activity.StartDate), nameof(Activity.ExitPlan)],
            result.Errors.Select(e => e.Field));
        Assert.StartsWith("Budget saknas", result.Errors[0].Message);
        Assert.StartsWith("Ansvarig saknas", result.Errors[1].Message);
        Assert.StartsWith("Period saknas: ange startdatum och slutdatum", result.Errors[2].Message);
        Assert.StartsWith("Exitbudget saknas", result.Errors[3].Message);
        Assert.Single(activity.Transitions);
    }

    [Fact]
    public void Preparing_with_an_incomplete_exit_budget_or_half_a_period_names_what_is_missing()
    {
        var activity = Activity.Register(1, 1, Line, new ActivityDetails(null, "Projektledare", null, "Anna", null, null, PerformerKind.Regionenhet,
            new DateOnly(2023, 1, 1), null, [new BudgetYear(2023, 100_000m)], null), At, "hanna").Value;
        Assert.True(activity.SetExitPlan(new ExitPlan(ExitStrategy.Avveckling, null, null, null, null, null, "Avslutas.")).Succeeded);

        var result = activity.Prepare(At, "hanna");

        Assert.False(result.Succeeded);
        Assert.Equal(2, result.Errors.Count);
        Assert.Contains(result.Errors, e => e.Message == "Period saknas: ange slutdatum under Redigera.");
        Assert.Contains(result.Errors, e => e.Message.StartsWith("Exitbudgeten är inte komplett: Ange när insatsen ska vara avvecklad"));
    }

    [Fact]
    public void A_draft_with_everything_a_decision_needs_is_prepared()
    {
        var activity = Draft();
        Assert.True(activity.SetExitPlan(CompletePlan).Succeeded);

        Assert.Empty(activity.MissingForPreparation());
        Assert.True(activity.Prepare(At, "hanna").Succeeded);
        Assert.Equal(ActivityStatus.Beredd, activity.Status);
        Assert.False(activity.Prepare(At, "hanna").Succeeded);
    }

    [Fact]
    public void A_draft_cannot_be_approved_before_it_is_prepared()
    {
        var activity = Draft();
        activity.SetExitPlan(CompletePlan);

        var result = activity.Approve(new DateOnly(2023, 3, 10), "RS §45", null, At, "bertil");

        Assert.False(result.Succeeded);
        Assert.Equal(ActivityStatus.Utkast, activity.Status);
    }

    [Fact]
    public void The_whole_life_cycle_runs_in_order_and_ends_once()
    {
        var activity = Prepared(CompletePlan);
        Assert.True(activity.Approve(new DateOnly(2023, 3, 10), "RS §45", null, At, "bertil").Succeeded);
        Assert.True(activity.Start(At, "hanna").Succeeded);
        Assert.True(activity.Complete(At, "hanna", "Klar").Succeeded);

        Assert.Equal(ActivityStatus.Avslutad, activity.Status);
        Assert.False(activity.WindDown(At, "hanna", null).Succeeded);
        Assert.False(activity.Start(At, "hanna").Succeeded);
        Assert.Equal(ActivityStatus.Avslutad, activity.Status);
    }

    [Fact]
    public void A_running_activity_can_be_wound_down()
    {
        var activity = Prepared(CompletePlan);
        activity.Approve(new DateOnly(2023, 3, 10), "RS §45", null, At, "bertil");
        activity.Start(At, "hanna");

        Assert.True(activity.WindDown(At, "hanna", "Medlen upphörde").Succeeded);
        Assert.Equal(ActivityStatus.Avvecklad, activity.Status);
    }

    [Fact]
    public void A_rejected_activity_cannot_start_and_no_longer_commits_money()
    {
        var activity = Prepared(null);

        Assert.True(activity.Reject(new DateOnly(2023, 3, 10), "RS §46", "Ryms inte", At, "bertil").Succeeded);

        Assert.Equal(ActivityStatus.Avslagen, activity.Status);
        Assert.False(activity.CommitsMoney);
        Assert.False(activity.Start(At, "hanna").Succeeded);
    }

    [Fact]
    public void A_decision_needs_a_reference()
    {
        var activity = Prepared(CompletePlan);

        var result = activity.Approve(new DateOnly(2023, 3, 10), " ", null, At, "bertil");

        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, e => e.Field == nameof(Activity.DecisionReference));
        Assert.Equal(ActivityStatus.Beredd, activity.Status);
    }

    [Fact]
    public void An_approved_activity_can_no_longer_be_edited()
    {
        var activity = Prepared(CompletePlan);
        activity.Approve(new DateOnly(2023, 3, 10), "RS §45", null, At, "bertil");

        var update = activity.Update(Line, new ActivityDetails(null, "Något annat", null, null, null, null, PerformerKind.Regionenhet, null, null, [], null));

        Assert.False(update.Succeeded);
        Assert.Equal("Projektledare för gemensam plan", activity.Measure);
        Assert.False(activity.SetExitPlan(null).Succeeded);
    }

    [Fact]
    public void An_end_before_the_start_and_a_negative_budget_are_refused()
    {
        var result = Activity.Register(1, 1, Line, new ActivityDetails(null, "X", null, null, null, null, PerformerKind.PrivatUtforare,
            new DateOnly(2023, 6, 1), new DateOnly(2023, 1, 1), [new BudgetYear(2023, -1m)], null), At, "hanna");

        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, e => e.Field == nameof(Activity.EndDate));
        Assert.Contains(result.Errors, e => e.Field == nameof(Activity.Budgets));
    }

    [Fact]
    public void An_investment_books_only_each_years_depreciation_and_the_plan_sums_to_the_amount()
    {
        var activity = Draft(new Investment(1_000_000m, 3, 2023));

        Assert.Equal(333_333.33m, activity.DepreciationIn(2023));
        Assert.Equal(333_333.33m, activity.DepreciationIn(2024));
        Assert.Equal(333_333.34m, activity.DepreciationIn(2025));
        Assert.Equal(0m, activity.DepreciationIn(2026));
        Assert.Equal(1_000_000m, Enumerable.Range(2023, 3).Sum(activity.DepreciationIn));
    }

    [Fact]
    public void Each_exit_strategy_asks_for_its_own_facts()
    {
        Assert.Empty(CompletePlan.Check());
        Assert.Empty(new ExitPlan(ExitStrategy.ErsatterBefintlig, null, null, "Manuell journalgranskning", 250_000m, null, null).Check());
        Assert.Empty(new ExitPlan(ExitStrategy.Avveckling, null, null, null, null, new DateOnly(2024, 6, 30), "Projektet avslutas och personalen återgår.").Check());
        Assert.Equal(2, new ExitPlan(ExitStrategy.Avveckling, null, null, null, null, null, null).Check().Count);
    }

    [Fact]
    public void An_activity_counts_toward_one_of_its_lines_of_which_parts_or_the_line_as_a_whole()
    {
        var activity = Draft();
        string[] parts = ["Primärvård i landsbygd"];

        Assert.True(activity.SetEarmark(" Primärvård i landsbygd ", parts).Succeeded);
        Assert.Equal("Primärvård i landsbygd", activity.Earmark);

        var unknown = activity.SetEarmark("Ambulans", parts);
        Assert.False(unknown.Succeeded);
        Assert.Contains("Primärvård i landsbygd", unknown.Errors[0].Message);
        Assert.Equal("Primärvård i landsbygd", activity.Earmark); // a refusal changes nothing

        Assert.False(activity.SetEarmark("Primärvård i landsbygd", []).Succeeded);
        Assert.True(activity.SetEarmark("", parts).Succeeded);
        Assert.Null(activity.Earmark);
    }
}

public sealed class LineCommitmentTests
{
    [Fact]
    public void Decided_money_over_an_ordinary_line_is_a_warning_naming_the_decided_sum()
    {
        var (result, warning) = LineCommitment.Check("2.1", 1_000_000m, ringFenced: false, decidedByOthers: 900_000m, plannedByOthers: 0m, thisBudget: 200_000m);

        Assert.True(result.Succeeded);
        Assert.Contains("de beslutade insatserna på rad 2.1 1\u00A0100\u00A0000\u00A0kr, 100\u00A0000\u00A0kr mer än radens", warning);
    }

    [Fact]
    public void Planned_money_over_an_ordinary_line_is_no_warning()
    {
        // Line 2.1 of God och nära vård 2023: 45,2 mkr of proposals against 41,2 mkr, nothing decided yet.
        var (result, warning) = LineCommitment.Check("2.1", 41_247_254m, ringFenced: false, decidedByOthers: 0m, plannedByOthers: 44_000_000m, thisBudget: 1_200_000m);

        Assert.True(result.Succeeded);
        Assert.Null(warning);
    }

    [Fact]
    public void Over_commitment_of_a_ring_fenced_line_is_refused_counting_planned_money_too()
    {
        var (result, warning) = LineCommitment.Check("2.2.b", 5_039_944m, ringFenced: true, decidedByOthers: 0m, plannedByOthers: 5_000_000m, thisBudget: 40_000m);

        Assert.False(result.Succeeded);
        Assert.Single(result.Errors);
        Assert.Contains("öronmärkt", result.Errors[0].Message);
        Assert.Null(warning);
    }

    [Fact]
    public void Exactly_the_line_amount_is_allowed_on_a_ring_fenced_line()
    {
        var (result, warning) = LineCommitment.Check("2.2.b", 5_039_944m, ringFenced: true, decidedByOthers: 4_000_000m, plannedByOthers: 1_000_000m, thisBudget: 39_944m);

        Assert.True(result.Succeeded);
        Assert.Null(warning);
    }
}
