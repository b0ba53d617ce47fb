using GrantTracker.Domain.Activities;

namespace GrantTracker.Application.Tests.Infrastructure;

/// <summary>
/// Gives a seed activity (which carries only its document's texts) what preparation for decision needs: a budget, a
/// responsible person, the year as its period and a complete exit budget, keeping whatever it already has.
/// </summary>
public static class ReadyForDecision
{
    public static readonly ExitPlan WindDown = new(ExitStrategy.Avveckling, null, null, null, null, new DateOnly(2023, 12, 31), "Avvecklas när medlen upphör.");

    public static Activity Complete(Activity activity, int year, decimal budget = 10_000m)
    {
        var line = new ActivityLine(activity.AllocationLineId!.Value, activity.AreaId!.Value, activity.CostObjectCode);
        var details = new ActivityDetails(activity.Goal, activity.Measure, activity.FundsFor, activity.ResponsiblePerson ?? "Anna Andersson",
            activity.ResponsibleUnit, activity.PerformerName, activity.PerformerKind,
            activity.StartDate ?? new DateOnly(year, 1, 1), activity.EndDate ?? new DateOnly(year, 12, 31),
            activity.TotalBudget > 0 ? activity.Budgets : [new BudgetYear(year, budget)], activity.Investment);
        Assert.True(activity.Update(line, details).Succeeded);
        if (activity.ExitPlan is null)
        {
            Assert.True(activity.SetExitPlan(WindDown with { WindDownDate = new DateOnly(year, 12, 31) }).Succeeded);
        }
        Assert.Empty(activity.MissingForPreparation());
        return activity;
    }

    /// <summary>Completes and prepares the activity.</summary>
    public static Activity Prepare(Activity activity, int year)
    {
        var result = Complete(activity, year).Prepare(DateTime.UtcNow, "test");
        Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(e => e.Message)));
        return activity;
    }
}
