using System.Net;
using GrantTracker.Web.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace GrantTracker.Web.Tests.Security;

/// <summary>The monitoring's probes: anonymous, one word, and /readyz honest about the database.</summary>
public sealed class HealthTests
{
    [Fact]
    public async Task Both_probes_answer_Healthy_anonymously_and_say_nothing_else()
    {
        await using var factory = new GrantTrackerFactory();
        var client = factory.CreateBrowserlessClient();

        foreach (var probe in new[] { "/healthz", "/readyz" })
        {
            var response = await client.GetAsync(probe);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task Readiness_fails_when_a_migration_is_not_applied_while_liveness_holds()
    {
        await using var factory = new GrantTrackerFactory();
        var client = factory.CreateBrowserlessClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/readyz")).StatusCode);
        using (var connection = new SqliteConnection($"Data Source={factory.DatabasePath};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM __EFMigrationsHistory WHERE MigrationId = (SELECT MAX(MigrationId) FROM __EFMigrationsHistory)";
            Assert.Equal(1, command.ExecuteNonQuery());
        }

        var ready = await client.GetAsync("/readyz");
        var live = await client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("Unhealthy", await ready.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }
}
