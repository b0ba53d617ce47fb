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

        Assert.False(d.Decide(" ", "beslut", DateTime.UtcNow).Succeeded);
        Assert.Equal(DistributionStatus.Utkast, d.Status);
        Assert.True(d.Decide("RS/1/2023", "beslut", DateTime.UtcNow).Succeeded);
        var again = d.Decide("RS/2/2023", "beslut", DateTime.UtcNow);

        Assert.False(again.Succeeded);
        Assert.Contains("låst", again.Errors.Single().Message);
        Assert.Equal(("RS/1/2023", 50m, 50m), (d.DecisionReference, d.Public, d.Private));
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
