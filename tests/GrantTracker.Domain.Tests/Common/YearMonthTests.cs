using GrantTracker.Domain.Common;

namespace GrantTracker.Domain.Tests.Common;

public sealed class YearMonthTests
{
    [Fact]
    public void A_month_is_parsed_from_year_dash_month()
    {
        var month = YearMonth.Parse("2023-03");

        Assert.Equal(new YearMonth(2023, 3), month);
        Assert.Equal("2023-03", month.ToString());
        Assert.Equal(202303, month.ToNumber());
        Assert.Equal(month, YearMonth.FromNumber(202303));
    }

    [Theory]
    [InlineData("2023-13")]
    [InlineData("2023-00")]
    [InlineData("2023-3")]
    [InlineData("23-03")]
    [InlineData("2023/03")]
    [InlineData("")]
    [InlineData(null)]
    public void Text_that_is_not_a_month_is_rejected(string? text)
    {
        Assert.False(YearMonth.TryParse(text, out _));
    }

    [Fact]
    public void Months_compare_across_years()
    {
        var december = new YearMonth(2022, 12);
        var january = new YearMonth(2023, 1);

        Assert.True(december < january);
        Assert.True(january > december);
        Assert.True(january >= new YearMonth(2023, 1));
        Assert.Equal([december, january, new YearMonth(2023, 2)], new[] { new YearMonth(2023, 2), january, december }.Order());
    }

    [Theory]
    [InlineData("2023-11", 3, "2024-02")]
    [InlineData("2024-01", -1, "2023-12")]
    [InlineData("2018-01", 35, "2020-12")]
    [InlineData("2023-06", 0, "2023-06")]
    public void Adding_months_carries_over_into_other_years(string start, int months, string expected)
    {
        Assert.Equal(YearMonth.Parse(expected), YearMonth.Parse(start).AddMonths(months));
    }

    [Theory]
    [InlineData("2024-02", "2024-02-29")]
    [InlineData("2023-02", "2023-02-28")]
    [InlineData("2023-12", "2023-12-31")]
    [InlineData("2023-04", "2023-04-30")]
    public void The_last_day_knows_month_lengths_and_leap_years(string month, string lastDay)
    {
        Assert.Equal(DateOnly.Parse(lastDay, System.Globalization.CultureInfo.InvariantCulture), YearMonth.Parse(month).LastDay);
    }

    [Fact]
    public void The_month_of_a_date_starts_on_the_first()
    {
        var month = YearMonth.Of(new DateOnly(2024, 3, 31));

        Assert.Equal(new DateOnly(2024, 3, 1), month.FirstDay);
    }
}
