using GrantTracker.Domain.Common;

namespace GrantTracker.Domain.Tests.Common;

public sealed class SwedishTimeTests
{
    [Fact]
    public void Stored_UTC_times_show_as_Swedish_winter_and_summer_time()
    {
        Assert.Equal("2024-01-15 13:00:00", SwedishFormat.DateTimeSeconds(new DateTime(2024, 1, 15, 12, 0, 0, DateTimeKind.Utc)));
        Assert.Equal("2024-07-01 12:00:00", SwedishFormat.DateTimeSeconds(new DateTime(2024, 7, 1, 10, 0, 0, DateTimeKind.Utc)));
        Assert.Equal("2024-03-31 00:30", SwedishFormat.DateTime(new DateTimeOffset(2024, 3, 30, 23, 30, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void A_Swedish_day_starts_at_the_UTC_moment_of_local_midnight()
    {
        Assert.Equal(new DateTime(2024, 1, 14, 23, 0, 0, DateTimeKind.Utc), SwedishFormat.StartOfDayUtc(new DateOnly(2024, 1, 15)));
        Assert.Equal(new DateTime(2024, 6, 30, 22, 0, 0, DateTimeKind.Utc), SwedishFormat.StartOfDayUtc(new DateOnly(2024, 7, 1)));
    }
}
