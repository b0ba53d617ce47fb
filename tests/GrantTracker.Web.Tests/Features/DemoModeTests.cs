using GrantTracker.Web.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;

namespace GrantTracker.Web.Tests.Features;

public sealed class DemoModeTests
{
    [Fact]
    public void Demo_mode_is_the_default_on_the_embedded_database_in_development() =>
        Assert.True(DemoMode.IsEnabled(Config(), Env(Environments.Development)));

    [Theory]
    [InlineData("Staging")]
    [InlineData("Test")]
    [InlineData("production")] // a misspelt Production is not Development either
    public void Demo_mode_is_off_by_default_in_any_other_environment(string environment) =>
        Assert.False(DemoMode.IsEnabled(Config(), Env(environment)));

    [Fact]
    public void Demo_mode_can_be_asked_for_explicitly_outside_development_and_production() =>
        Assert.True(DemoMode.IsEnabled(Config(("Demo:Enabled", "true")), Env(Environments.Staging)));

    [Fact]
    public void Demo_mode_is_off_by_default_in_production() =>
        Assert.False(DemoMode.IsEnabled(Config(), Env(Environments.Production)));

    [Fact]
    public void Demo_mode_asked_for_in_production_is_refused()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            DemoMode.IsEnabled(Config(("Demo:Enabled", "true")), Env(Environments.Production)));
        Assert.Contains("Production", error.Message);
    }

    [Fact]
    public void Demo_mode_is_off_by_default_on_SQL_Server() =>
        Assert.False(DemoMode.IsEnabled(Config(("Database:Provider", "SqlServer")), Env(Environments.Development)));

    [Fact]
    public void Demo_mode_can_be_turned_off_on_the_embedded_database() =>
        Assert.False(DemoMode.IsEnabled(Config(("Demo:Enabled", "false")), Env(Environments.Development)));

    [Fact]
    public void The_demo_year_runs_on_its_own_date_unless_the_date_is_emptied()
    {
        Assert.Equal(DemoClock.DefaultToday, DemoClock.TodayFrom(Config(), demo: true));
        Assert.Equal(new DateOnly(2023, 11, 20), DemoClock.TodayFrom(Config(("Demo:Today", "2023-11-20")), demo: true));
        Assert.Null(DemoClock.TodayFrom(Config(("Demo:Today", "")), demo: true));
    }

    [Fact]
    public void The_real_clock_runs_outside_demo_mode_and_without_the_demo_year()
    {
        Assert.Null(DemoClock.TodayFrom(Config(("Demo:Today", "2023-11-20")), demo: false));
        Assert.Null(DemoClock.TodayFrom(Config(("Demo:Year", "false")), demo: true));
        Assert.Null(DemoClock.TodayFrom(Config(("Demo:Ledger", "false")), demo: true));
    }

    [Fact]
    public void A_demo_date_that_is_not_a_date_stops_the_start_with_what_to_write() =>
        Assert.Contains("yyyy-MM-dd", Assert.Throws<InvalidOperationException>(() => DemoClock.TodayFrom(Config(("Demo:Today", "8 dec")), demo: true)).Message);

    [Fact]
    public void The_demo_clock_moves_with_real_time_from_the_demo_date()
    {
        var clock = new DemoClock(new DateTimeOffset(2023, 12, 8, 12, 0, 0, TimeSpan.Zero) - TimeProvider.System.GetUtcNow());
        var first = clock.GetUtcNow();
        Assert.Equal(new DateOnly(2023, 12, 8), DateOnly.FromDateTime(first.UtcDateTime));
        Assert.True(clock.GetUtcNow() >= first);
    }

    private static IConfiguration Config(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();

    private static IHostEnvironment Env(string name) => new TestEnvironment { EnvironmentName = name };

    private sealed class TestEnvironment : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "";
        public string ApplicationName { get; set; } = "GrantTracker.Web";
        public string ContentRootPath { get; set; } = "";
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }

    [Theory]
    [InlineData("2026-12-06T10:00:00Z")]
    [InlineData("2026-12-06T23:30:00Z")] // 00:30 the next day in Sweden
    [InlineData("2026-07-01T22:15:00Z")] // summer time
    public void The_demo_clock_shows_the_demo_date_in_Swedish_time_whatever_the_hour(string utc)
    {
        var now = DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture);
        var clock = new DemoClock(DemoClock.OffsetTo(DemoClock.DefaultToday, now));

        var demoNow = now + clock.Offset;

        Assert.Equal(DemoClock.DefaultToday, DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(demoNow, GrantTracker.Domain.Common.SwedishFormat.Zone).DateTime));
    }
}
