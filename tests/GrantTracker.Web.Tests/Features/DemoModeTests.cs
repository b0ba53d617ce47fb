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
}
