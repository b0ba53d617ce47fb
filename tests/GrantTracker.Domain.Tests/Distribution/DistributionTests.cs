using GrantTracker.Domain.Distribution;

namespace GrantTracker.Domain.Tests.Distribution;

public sealed class DistributionTests
{
    private static Domain.Distribution.Distribution Draft()
    {
        var units = new[] { new UnitShare("A", "A", "232100-0222", Ownership.Offentlig, 1, 0.5m, 50), new UnitShare("B", "B", "556036-0793", Ownership.Privat, 1, 0.5m, 50) };
        return Domain.Distribution.Distribution.Create("Test", 1, 1, "2.1", "9916", 1, new DateOnly(2022, 12, 31),
            new DistributionResult(100, DistributionKey.Listade, 2026, units), "handlaggare", DateTime.UtcNow).Value;
    }

    [Fact]
    public void A_decided_distribution_is_locked()
    {
        var d = Draft();

        Assert.False(d.Decide(" ", Deadline, Today, "beslut", DateTime.UtcNow).Succeeded);
        Assert.Equal(DistributionStatus.Utkast, d.Status);
        Assert.True(d.Decide("RS/1/2023", Deadline, Today, "beslut", DateTime.UtcNow).Succeeded);
        var again = d.Decide("RS/2/2023", Deadline, Today, "beslut", DateTime.UtcNow);

        Assert.False(again.Succeeded);
        Assert.Contains("låst", again.Errors.Single().Message);
        Assert.Equal(("RS/1/2023", 50m, 50m, Deadline), (d.DecisionReference, d.Public, d.Private, d.ReportDeadline));
    }

    private static readonly DateOnly Today = new(2023, 6, 1);
    private static readonly DateOnly Deadline = new(2024, 2, 2);

    [Fact]
    public void A_decision_needs_a_report_deadline_after_today()
    {
        var d = Draft();

        var none = d.Decide("RS/1/2023", null, Today, "beslut", DateTime.UtcNow);
        var past = d.Decide("RS/1/2023", Today, Today, "beslut", DateTime.UtcNow);

        Assert.Contains("sista dag för vårdenheternas återrapport", none.Errors.Single().Message);
        Assert.False(past.Succeeded);
        Assert.Equal(DistributionStatus.Utkast, d.Status);
    }

    [Fact]
    public void A_unit_report_shows_unused_money_and_is_locked_once_received()
    {
        var d = Draft();
        var row = d.Rows[0];
        Assert.False(UnitReport.Submit(d, row, "Personal", 10, "Bra", "utforare", DateTime.UtcNow).Succeeded);
        d.Decide("RS/1/2023", Deadline, Today, "beslut", DateTime.UtcNow);

        var refused = UnitReport.Submit(d, row, " ", -1, "", "utforare", DateTime.UtcNow);
        var report = UnitReport.Submit(d, row, "Personal", 40, "Bra", "utforare", DateTime.UtcNow).Value;

        Assert.Equal(3, refused.Errors.Count);
        Assert.Equal((row.UnitCode, row.OrganisationNumber, 40m), (report.UnitCode, report.OrganisationNumber, report.AmountUsed));
        Assert.True(report.Correct("Personal och lokaler", 60, "Bra", "utforare", DateTime.UtcNow).Succeeded);
        Assert.True(report.MarkReceived("handlaggare", DateTime.UtcNow).Succeeded);
        Assert.Contains("kan inte ändras", report.Correct("Annat", 1, "X", "utforare", DateTime.UtcNow).Errors.Single().Message);
        Assert.Equal(60m, report.AmountUsed);
    }

    [Fact]
    public void A_split_that_does_not_add_up_is_refused()
    {
        var units = new[] { new UnitShare("A", "A", "232100-0222", Ownership.Offentlig, 1, 1m, 99) };

        var result = Domain.Distribution.Distribution.Create("Test", 1, 1, "2.1", "9916", 1, new DateOnly(2022, 12, 31),
            new DistributionResult(100, DistributionKey.Listade, 2026, units), "handlaggare", DateTime.UtcNow);

        Assert.False(result.Succeeded);
    }
}
