using GrantTracker.Domain.Reconciliation;

namespace GrantTracker.Application.Features.Reconciliation;

/// <summary>
/// The account plan as SQL over a column of account numbers, written in one place so that Kostnader, the
/// reconciliation's sums and its drill-down always count the same accounts as cost, income and investment.
/// The ranges are integers from the settings, so they are written into the SQL rather than bound.
/// </summary>
internal static class AccountClassSql
{
    /// <summary>True for the rows of one account class; <see cref="AccountClass.Other"/> is every account outside the three ranges.</summary>
    public static string Condition(AccountPlan plan, AccountClass accountClass, string column) => accountClass switch
    {
        AccountClass.Cost => Between(plan.Cost, column),
        AccountClass.Income => Between(plan.Income, column),
        AccountClass.Investment => Between(plan.Investment, column),
        _ => $"NOT ({Between(plan.Cost, column)} OR {Between(plan.Income, column)} OR {Between(plan.Investment, column)})",
    };

    /// <summary>The account class of the row's account, as the number of <see cref="AccountClass"/>.</summary>
    public static string Case(AccountPlan plan, string column) =>
        $"CASE WHEN {Between(plan.Cost, column)} THEN {(int)AccountClass.Cost} " +
        $"WHEN {Between(plan.Income, column)} THEN {(int)AccountClass.Income} " +
        $"WHEN {Between(plan.Investment, column)} THEN {(int)AccountClass.Investment} " +
        $"ELSE {(int)AccountClass.Other} END";

    private static string Between(AccountRange range, string column) => $"{column} BETWEEN {range.From} AND {range.To}";
}
