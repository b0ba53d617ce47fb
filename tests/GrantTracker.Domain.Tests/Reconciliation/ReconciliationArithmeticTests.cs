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

    private static readonly Dictionary<string, decimal> NoIncome = [];

    [Fact]
    public void Accrual_recognises_booked_cost_capped_per_line_and_releases_it_from_the_deferred_income()
    {
        // Payments booked on the balance sheet (deferred income) when received; no grant income on the objects yet.
        var a = AccrualFigures.Compute(1_000_000m, [("A", 300_000m, 500_000m), ("A", 250_000m, 200_000m), ("B", -10m, 100m)], NoIncome);

        Assert.Equal(549_990m, a.BookedCost);
        Assert.Equal(500_000m, a.Recognised);
        Assert.Equal(500_000m, a.Deferred);
        Assert.Equal([new JournalRow("2970", 500_000m, "A"), new JournalRow("3510", -500_000m, "A")], a.Entry(AccrualAccounts.Default));
    }

    [Fact]
    public void Costs_ahead_of_the_payments_are_accrued_income_and_the_entry_balances()
    {
        var a = AccrualFigures.Compute(100m, [("9916", 250.50m, 1_000m)], NoIncome);

        Assert.Equal(-150.50m, a.Deferred);
        var entry = a.Entry(AccrualAccounts.Default);
        Assert.Equal([new JournalRow("2970", 100m, "9916"), new JournalRow("1790", 150.50m, "9916"), new JournalRow("3510", -250.50m, "9916")], entry);
        Assert.Equal(0m, entry.Sum(r => r.Amount));
    }

    [Fact]
    public void Grant_income_already_booked_on_the_object_is_netted_not_proposed_again()
    {
        // Issue 15's case: 8,4 mkr already credited to 3510 on the object, no payment registered: only the rest is accrued.
        var a = AccrualFigures.Compute(0m, [("9916", 35_499_384.05m, 41_247_254m)], new Dictionary<string, decimal> { ["9916"] = 8_400_000m });

        Assert.Equal(8_400_000m, a.IncomeBooked);
        Assert.Equal(27_099_384.05m, a.Adjustment);
        Assert.Equal([new JournalRow("1790", 27_099_384.05m, "9916"), new JournalRow("3510", -27_099_384.05m, "9916")], a.Entry(AccrualAccounts.Default));
    }

    [Fact]
    public void Income_booked_beyond_the_cost_is_taken_back_to_deferred_or_accrued_income()
    {
        // Received and booked as income: what is not used goes back to deferred income.
        var received = AccrualFigures.Compute(1_000m, [("A", 600m, 2_000m)], new Dictionary<string, decimal> { ["A"] = 1_000m });
        Assert.Equal([new JournalRow("3510", 400m, "A"), new JournalRow("2970", -400m, "A")], received.Entry(AccrualAccounts.Default));

        // Booked as income before any payment (against accrued income): taken back from the accrued income.
        var ahead = AccrualFigures.Compute(0m, [("A", 200m, 2_000m)], new Dictionary<string, decimal> { ["A"] = 500m });
        Assert.Equal([new JournalRow("3510", 300m, "A"), new JournalRow("1790", -300m, "A")], ahead.Entry(AccrualAccounts.Default));
    }

    [Fact]
    public void Once_the_entry_is_booked_the_next_proposal_for_the_month_is_empty()
    {
        var before = AccrualFigures.Compute(500m, [("A", 300m, 1_000m), ("B", 50m, 1_000m)], NoIncome);
        var booked = before.Entry(AccrualAccounts.Default).Where(r => r.Account == "3510").ToDictionary(r => r.CostObject!, r => -r.Amount);

        var after = AccrualFigures.Compute(500m, [("A", 300m, 1_000m), ("B", 50m, 1_000m)], booked);

        Assert.Empty(after.Entry(AccrualAccounts.Default));
        Assert.All(before.Objects, o => Assert.Equal(0m, o.Entry(AccrualAccounts.Default).Sum(r => r.Amount)));
    }

    [Fact]
    public void Payments_are_shared_out_by_allocation_to_the_ore_and_sum_to_the_whole()
    {
        var shares = AccrualFigures.ShareOut(100m, new Dictionary<string, decimal> { ["9916"] = 1m, ["9917"] = 1m, ["9942"] = 1m });
        Assert.Equal(100m, shares.Values.Sum());
        Assert.Equal([33.34m, 33.33m, 33.33m], shares.OrderBy(s => s.Key).Select(s => s.Value)); // the tie goes to the lower code

        var repaid = AccrualFigures.ShareOut(-1_000.01m, new Dictionary<string, decimal> { ["A"] = 2m, ["B"] = 1m });
        Assert.Equal(-1_000.01m, repaid.Values.Sum());
        Assert.Equal(-666.67m, repaid["A"]);
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
    public void Rows_without_a_project_code_never_fall_to_a_ring_fenced_line()
    {
        // The ring-fenced line comes first in area order; the main line is the first that is not ring-fenced.
        var map = new LineMap(2,
            [new LineRef(10, "9917", 2023, AreaId: 100, Order: 1, RingFenced: true), new LineRef(11, "9917", 2023, AreaId: 101, Order: 2)],
            [new PeriodRef(2, "9917", new(2023, 1), new(2023, 12))],
            [new ActivityRef(1, 1, "VUB", "9917", AreaId: 100, LineId: 10, Approved: true, EndMonth: null)]);

        Assert.Equal(11, map.LineFor("9917", new(2023, 5), null));
        Assert.Equal(11, map.LineFor("9917", new(2023, 5), "OKÄND"));
        Assert.Equal(10, map.LineFor("9917", new(2023, 5), "VUB"));

        // An object whose only line is ring-fenced keeps its rows on it.
        var alone = new LineMap(2, [new LineRef(10, "9917", 2023, AreaId: 100, Order: 1, RingFenced: true)], [new PeriodRef(2, "9917", new(2023, 1), new(2023, 12))], []);
        Assert.Equal(10, alone.LineFor("9917", new(2023, 5), null));
    }

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
