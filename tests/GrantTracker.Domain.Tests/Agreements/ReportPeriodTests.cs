using GrantTracker.Domain.Agreements;
using GrantTracker.Domain.Common;

namespace GrantTracker.Domain.Tests.Agreements;

public sealed class ReportPeriodTests
{
    [Theory]
    [InlineData(ObligationKind.Slutredovisning, "2024-03-31", "2023-01", "2023-12")]
    [InlineData(ObligationKind.Arsbokslut, "2024-02-15", "2023-01", "2023-12")]
    [InlineData(ObligationKind.Tertialrapport, "2023-05-15", "2023-01", "2023-04")]
    [InlineData(ObligationKind.Delarsbokslut, "2023-09-15", "2023-01", "2023-08")]
    [InlineData(ObligationKind.Manadsrapport, "2023-02-15", "2023-01", "2023-01")]
    [InlineData(ObligationKind.Manadsrapport, "2024-01-10", "2023-12", "2023-12")]
    [InlineData(ObligationKind.Redovisning, "2023-03-31", "2023-01", "2023-12")]
    public void Each_kind_of_report_covers_one_period_of_its_due_date(ObligationKind kind, string due, string from, string to)
    {
        var period = ReportPeriods.Of(kind, DateOnly.Parse(due));

        Assert.Equal(new ReportPeriod(YearMonth.Parse(from), YearMonth.Parse(to)), period);
    }

    [Fact]
    public void The_links_to_the_reports_name_the_same_periods()
    {
        Assert.Equal("/rapporter/slutredovisning?avtal=gnv2023&ar=2023", ReportPeriods.Url(ObligationKind.Slutredovisning, "gnv2023", new DateOnly(2024, 3, 31)));
        Assert.Equal("/rapporter/avstamning?avtal=gnv2023&typ=manad&manad=2023-12", ReportPeriods.Url(ObligationKind.Manadsrapport, "gnv2023", new DateOnly(2024, 1, 10)));
        Assert.Equal("/rapporter/avstamning?avtal=gnv2023&typ=tertial&ar=2023", ReportPeriods.Url(ObligationKind.Tertialrapport, "gnv2023", new DateOnly(2023, 5, 15)));
        Assert.Equal("/rapporter/vfu?avtal=gnv2023&ar=2023", ReportPeriods.Url(ObligationKind.Redovisning, "gnv2023", new DateOnly(2023, 3, 31)));
        Assert.Null(ReportPeriods.Of(ObligationKind.Handlingsplan, new DateOnly(2018, 6, 1)));
        Assert.Equal(12, ReportPeriods.Regional["ar"].Month);
    }
}
