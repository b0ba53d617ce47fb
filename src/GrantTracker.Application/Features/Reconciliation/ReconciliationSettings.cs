using System.Globalization;
using GrantTracker.Domain.Reconciliation;
using Microsoft.Extensions.Configuration;

namespace GrantTracker.Application.Features.Reconciliation;

/// <summary>
/// The reconciliation's settings (section <c>Reconciliation</c>): which accounts are cost, income and
/// investment, how far a forecast may stray from the allocation and still be on track, and the accounts of
/// the accrual entry.
/// </summary>
/// <param name="ObjectDimension">
/// The SIE dimension of the ledger's cost objects, for the rows of the accrual entry: 20 unless set (not 6, which SIE reserves for
/// projects, the dimension that carries the activities' project codes).
/// </param>
/// <param name="RepaymentAccount">
/// The account a repayment of unused money is paid from, credited in the repayment's voucher against the deferred income (issue 26):
/// <c>Reconciliation:RepaymentAccount</c>, 1930 (bank) unless set.
/// </param>
public sealed record ReconciliationSettings(AccountPlan Accounts, decimal ForecastTolerance, AccrualAccounts AccrualAccounts, string AccrualVoucherSeries,
    int ObjectDimension = 20, string RepaymentAccount = "1930")
{
    public static readonly ReconciliationSettings Default = new(AccountPlan.Default, 0.10m, AccrualAccounts.Default, "P");

    /// <summary>Reads <c>Reconciliation:CostAccounts</c> ("4000-7999"), <c>IncomeAccounts</c>, <c>InvestmentAccounts</c>, <c>ForecastTolerance</c>, <c>IncomeAccount</c>, <c>DeferredIncomeAccount</c>, <c>AccruedIncomeAccount</c>, <c>VoucherSeries</c>, <c>ObjectDimension</c>.</summary>
    public static ReconciliationSettings From(IConfiguration configuration)
    {
        var s = configuration.GetSection("Reconciliation");
        var d = Default;
        return new ReconciliationSettings(
            new AccountPlan(
                Range(s["CostAccounts"], d.Accounts.Cost),
                Range(s["IncomeAccounts"], d.Accounts.Income),
                Range(s["InvestmentAccounts"], d.Accounts.Investment)),
            decimal.TryParse(s["ForecastTolerance"], NumberStyles.Number, CultureInfo.InvariantCulture, out var t) && t is >= 0 and < 1 ? t : d.ForecastTolerance,
            new AccrualAccounts(
                Text(s["IncomeAccount"], d.AccrualAccounts.Income),
                Text(s["DeferredIncomeAccount"], d.AccrualAccounts.DeferredIncome),
                Text(s["AccruedIncomeAccount"], d.AccrualAccounts.AccruedIncome)),
            Text(s["VoucherSeries"], d.AccrualVoucherSeries),
            int.TryParse(s["ObjectDimension"], NumberStyles.None, CultureInfo.InvariantCulture, out var dim) && dim >= 1 ? dim : d.ObjectDimension,
            Text(s["RepaymentAccount"], d.RepaymentAccount));
    }

    private static string Text(string? value, string fallback) => string.IsNullOrWhiteSpace(value) ? fallback : value.Trim();

    private static AccountRange Range(string? text, AccountRange fallback)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }
        var parts = text.Split('-', '–');
        if (parts.Length == 2
            && int.TryParse(parts[0].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var from)
            && int.TryParse(parts[1].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var to)
            && from <= to)
        {
            return new AccountRange(from, to);
        }
        throw new InvalidOperationException($"Reconciliation account range '{text}' is not of the form 4000-7999.");
    }
}
