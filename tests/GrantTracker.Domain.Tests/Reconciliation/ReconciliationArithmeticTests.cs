using GrantTracker.Domain.Common;
using GrantTracker.Domain.Reconciliation;

namespace GrantTracker.Domain.Tests.Reconciliation;

public sealed class ReconciliationArithmeticTests
{
    [Fact]
    public void Remaining_utilisation_and_run_rate_forecast_follow_the_booked_cost()
    {
        var f = new LineFigures(Allocated: 1_200_000m, BookedInMonth: 100_000m, BookedToDate: 300_000.30m, MonthsElapsed: 3, MonthsInYear: 12, DecidedBudgets: 900_000m, PlannedBudgets: 0m);

        Assert.Equal(899_999.70m, f.Remaining);
        Assert.Equal(0.25000025m, f.Utilisation);
        Assert.Equal(1_200_001.20m, f.Forecast);
        Assert.Equal(LineStatus.IFas, f.Status(0.10m));
    }

    [Theory]
    [InlineData(100_000, 6, LineStatus.Under)]    // forecast 200 000 of 1 200 000
    [InlineData(600_000, 6, LineStatus.IFas)]     // forecast 1 200 000
    [InlineData(700_000, 6, LineStatus.Over)]     // forecast 1 400 000: more than 10 % over
    [InlineData(1_200_000.01, 12, LineStatus.Over)] // booked above the allocation
    [InlineData(0, 0, LineStatus.IFas)]           // nothing elapsed, nothing to judge
    public void Status_compares_the_forecast_with_the_allocation_within_the_tolerance(double booked, int elapsed, LineStatus expected)
    {
        var f = new LineFigures(1_200_000m, 0, (decimal)booked, elapsed, 12, 0, 0);

        Assert.Equal(expected, f.Status(0.10m));
    }

    [Fact]
    public void A_line_without_allocation_has_no_utilisation()
    {
        Assert.Null(new LineFigures(0, 0, 10m, 1, 12, 0, 0).Utilisation);
    }

    [Fact]
    public void Accrual_recognises_booked_cost_capped_per_line_and_defers_the_rest()
    {
        var a = AccrualFigures.Compute(1_000_000m, [(300_000m, 500_000m), (250_000m, 200_000m), (-10m, 100m)]);

        Assert.Equal(549_990m, a.BookedCost);
        Assert.Equal(500_000m, a.Recognised);
        Assert.Equal(500_000m, a.Deferred);
        Assert.Equal([new JournalRow("3510", 500_000m), new JournalRow("2970", -500_000m)], a.Entry(AccrualAccounts.Default));
    }

    [Fact]
    public void Costs_ahead_of_the_payments_are_accrued_income_and_the_entry_balances()
    {
        var a = AccrualFigures.Compute(100m, [(250.50m, 1_000m)]);

        Assert.Equal(-150.50m, a.Deferred);
        var entry = a.Entry(AccrualAccounts.Default);
        Assert.Equal([new JournalRow("1790", 150.50m), new JournalRow("3510", -150.50m)], entry);
        Assert.Equal(0m, entry.Sum(r => r.Amount));
        Assert.Empty(AccrualFigures.Compute(5m, [(5m, 10m)]).Entry(AccrualAccounts.Default));
    }

    [Theory]
    [InlineData(4000, AccountClass.Cost)]
    [InlineData(7832, AccountClass.Cost)]
    [InlineData(3510, AccountClass.Income)]
    [InlineData(1220, AccountClass.Investment)]
    [InlineData(2970, AccountClass.Other)]
    [InlineData(8400, AccountClass.Other)]
    public void Accounts_are_classified_by_the_plan(int account, AccountClass expected)
    {
        Assert.Equal(expected, AccountPlan.Default.Classify(account));
    }

    private static readonly YearMonth Jan2019 = new(2019, 1);

    private static LineMap SharedObjectMap() => new(
        agreementId: 2,
        lines:
        [
            new LineRef(10, "9917", 2023, AreaId: 100, Order: 1),
            new LineRef(11, "9917", 2023, AreaId: 101, Order: 2),
            new LineRef(12, "9917", 2023, AreaId: 102, Order: 3),
            new LineRef(20, "9916", 2023, AreaId: 200, Order: 0),
        ],
        periods:
        [
            new PeriodRef(1, "9916", new(2018, 1), new(2020, 12)),
            new PeriodRef(2, "9916", new(2023, 1), new(2023, 12)),
            new PeriodRef(2, "9917", new(2023, 1), new(2023, 12)),
        ],
        activities:
        [
            new ActivityRef(1, 1, "VUB", "9917", AreaId: 101, LineId: 11, Approved: true, EndMonth: null),
            new ActivityRef(2, 2, "KAR", "9917", AreaId: 102, LineId: 12, Approved: false, EndMonth: null),
            new ActivityRef(3, 3, "X16", "9916", AreaId: 200, LineId: 20, Approved: true, EndMonth: null),
        ]);

    [Fact]
    public void A_shared_object_is_attributed_by_period_to_the_agreement_that_holds_the_month()
    {
        var map = SharedObjectMap();

        Assert.Null(map.LineFor("9916", Jan2019, null));            // Patientmiljarden's month
        Assert.False(map.IsOurs("9916", Jan2019));
        Assert.False(map.IsOutsideEveryPeriod("9916", Jan2019));
        Assert.Equal(20, map.LineFor("9916", new(2023, 5), null));
        Assert.True(map.IsOutsideEveryPeriod("9916", new(2022, 6)));
        Assert.Null(map.LineFor("9916", new(2024, 1), null));
    }

    [Fact]
    public void Sub_lines_sharing_an_object_are_chosen_by_project_code_and_the_rest_fall_to_the_main_line()
    {
        var map = SharedObjectMap();
        var may = new YearMonth(2023, 5);

        Assert.Equal(10, map.LineFor("9917", may, null));
        Assert.Equal(10, map.LineFor("9917", may, ""));
        Assert.Equal(10, map.LineFor("9917", may, "OKÄND"));
        Assert.Equal(11, map.LineFor("9917", may, "VUB"));
        Assert.Equal(12, map.LineFor("9917", may, "KAR"));
        Assert.Equal(10, map.LineFor("9917", may, "vub"));          // codes are the ledger's, compared exactly
        Assert.Null(map.Activity("9916", "VUB"));                   // a code maps only on its own object
    }
}
