using System.Numerics;
using GrantTracker.Domain.Distribution;

namespace GrantTracker.Domain.Tests.Distribution;

public sealed class DistributorTests
{
    /// <summary>The 2026 model of seed 001 §5.1, typed from the document.</summary>
    internal static readonly HealthChoiceModel Model2026 = new(2026,
        [1.16m, 0.36m, 0.34m, 0.53m, 0.64m, 0.76m, 0.81m, 0.79m, 0.76m, 0.78m, 0.86m, 0.98m, 1.12m, 1.28m, 1.54m, 1.80m, 2.21m, 2.39m, 2.23m, 1.93m, 1.38m],
        [new(0, 1m), new(2000, 0.8m), new(4000, 0.6m)],
        [new(0, 0m), new(30, 1.00m), new(70, 1.29m), new(100, 1.68m), new(150, 2.25m)],
        304_262, 202_842, 89_489);

    /// <summary>A unit with <paramref name="listed"/> inhabitants in one band (20–24 unless given).</summary>
    private static ListedUnit Unit(string code, int listed, decimal km = 0, decimal cni = 1m, int band = 4, Ownership ownership = Ownership.Offentlig)
    {
        var bands = new int[AgeBands.Count];
        bands[band] = listed;
        return new ListedUnit(code, "Hälsocentral " + code, "232100-0000", ownership, km, cni, bands);
    }

    private static DistributionResult Split(long pot, DistributionKey key, params ListedUnit[] units)
    {
        var result = Distributor.Distribute(pot, units, key, Model2026);
        Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(e => e.Message)));
        return result.Value;
    }

    [Fact]
    public void Listade_splits_by_listed_inhabitants_and_sums_to_the_pot()
    {
        var r = Split(1_000, DistributionKey.Listade, Unit("A", 1_000), Unit("B", 3_000));

        Assert.Equal([250L, 750L], r.Units.Select(u => u.Amount));
        Assert.Equal([1_000m, 3_000m], r.Units.Select(u => u.Points));
        Assert.Equal([0.25m, 0.75m], r.Units.Select(u => u.Share));
    }

    [Fact]
    public void Alder_weights_every_band_by_the_model_year()
    {
        var bands = new int[AgeBands.Count];
        bands[0] = 100;   // 0–4, weight 1,16
        bands[17] = 10;   // 85–89, weight 2,39
        bands[20] = 1;    // 100+, weight 1,38
        var old = new ListedUnit("A", "A", "232100-0000", Ownership.Offentlig, 0, 1m, bands);

        var r = Split(100, DistributionKey.Alder, old, Unit("B", 100, band: 2)); // 10–14, weight 0,34

        Assert.Equal(116m + 23.9m + 1.38m, r.Units[0].Points);
        Assert.Equal(34m, r.Units[1].Points);
        // 141,28 / 175,28 of 100 = 80,60 → 80 + the larger remainder (0,60 against 0,40) → 81.
        Assert.Equal([81L, 19L], r.Units.Select(u => u.Amount));
    }

    [Theory]
    [InlineData(2_000, 2_000)]
    [InlineData(2_001, 2_000.8)]
    [InlineData(4_000, 3_600)]
    [InlineData(4_001, 3_600.6)]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    public void Glesbygd_weights_listed_in_marginal_bands(int listed, double expected)
    {
        Assert.Equal((decimal)expected, Model2026.SparsityPoints(listed, 30m));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(29, 0)]
    [InlineData(29.9, 0)]
    [InlineData(30, 1.00)]
    [InlineData(69, 1.00)]
    [InlineData(70, 1.29)]
    [InlineData(99, 1.29)]
    [InlineData(100, 1.68)]
    [InlineData(149, 1.68)]
    [InlineData(150, 2.25)]
    [InlineData(320, 2.25)]
    public void Every_distance_edge_has_its_weight(double km, double weight)
    {
        Assert.Equal((decimal)weight, Model2026.DistanceWeight((decimal)km));
        Assert.Equal(1_000m * (decimal)weight, Model2026.SparsityPoints(1_000, (decimal)km));
    }

    [Fact]
    public void No_unit_loses_sparsity_points_by_gaining_one_listed_inhabitant()
    {
        for (var listed = 0; listed < 6_000; listed++)
        {
            Assert.True(Model2026.SparsityPoints(listed + 1, 120m) > Model2026.SparsityPoints(listed, 120m), $"at {listed}");
        }
    }

    [Fact]
    public void Glesbygd_gives_nothing_to_a_unit_near_Ostersund()
    {
        var r = Split(10_000, DistributionKey.Glesbygd, Unit("NARA", 5_000, km: 12), Unit("FJALL", 1_500, km: 160), Unit("MELLAN", 2_500, km: 75));

        // FJALL 1 500 × 2,25 = 3 375; MELLAN (2 000 + 500 × 0,8) × 1,29 = 3 096; NARA 0.
        Assert.Equal([3_375m, 3_096m, 0m], r.Units.OrderBy(u => u.Code == "FJALL" ? 0 : u.Code == "MELLAN" ? 1 : 2).Select(u => u.Points));
        Assert.Equal(0, r.Units.Single(u => u.Code == "NARA").Amount);
        Assert.Equal(10_000, r.Units.Sum(u => u.Amount));
    }

    [Fact]
    public void Rounding_sums_exactly_and_ties_go_to_the_lower_unit_code()
    {
        var r = Split(100, DistributionKey.Listade, Unit("C", 1), Unit("A", 1), Unit("B", 1));

        Assert.Equal(["A", "B", "C"], r.Units.Select(u => u.Code));
        Assert.Equal([34L, 33L, 33L], r.Units.Select(u => u.Amount));

        var two = Split(2, DistributionKey.Listade, Unit("C", 1), Unit("A", 1), Unit("B", 1));
        Assert.Equal([1L, 1L, 0L], two.Units.Select(u => u.Amount));
    }

    [Fact]
    public void Largest_remainder_gives_the_left_over_kronor_to_the_largest_remainders()
    {
        // 10 × 1/7, 10 × 2/7, 10 × 4/7 = 1,43 2,86 5,71 → 1 2 5 (8), remainders 3/7 6/7 5/7 → +1 to the second and third.
        Assert.Equal([1L, 3L, 6L], Distributor.LargestRemainder(10, [BigInteger.One, new BigInteger(2), new BigInteger(4)]));
    }

    [Fact]
    public void Many_units_and_an_odd_pot_still_add_up_to_the_krona()
    {
        var random = new Random(7);
        var units = Enumerable.Range(0, 40).Select(i =>
        {
            var bands = Enumerable.Range(0, AgeBands.Count).Select(_ => random.Next(0, 800)).ToArray();
            return new ListedUnit($"U{i:00}", $"U{i}", "232100-0000", i % 3 == 0 ? Ownership.Privat : Ownership.Offentlig,
                random.Next(0, 300), Math.Round((decimal)random.NextDouble() + 0.5m, 4), bands);
        }).ToArray();

        foreach (var key in Enum.GetValues<DistributionKey>())
        {
            var r = Split(24_000_001, key, units);
            Assert.Equal(24_000_001, r.Units.Sum(u => u.Amount));
            Assert.Equal(r.Public + r.Private, r.Total);
        }
    }

    [Fact]
    public void Halsoval_splits_the_pot_in_the_model_years_proportions_then_each_part_by_its_key()
    {
        // Two units with the same listing in one band; B has twice A's CNI and is far from Östersund, A is near.
        var a = Unit("A", 1_000, km: 0, cni: 1m);
        var b = Unit("B", 1_000, km: 200, cni: 2m);
        const long pot = 596_593;   // the 2026 totals in tkr: 304 262 + 202 842 + 89 489

        var r = Split(pot, DistributionKey.Halsoval, a, b);

        // Age part 304 262 split equally; CNI part 202 842 split 1:2; sparsity part 89 489 all to B.
        var expectedA = 304_262m / 2 + 202_842m / 3;
        var expectedB = 304_262m / 2 + 202_842m * 2 / 3 + 89_489m;
        Assert.Equal(Math.Round(expectedA, 2), r.Units[0].Points);
        Assert.Equal(Math.Round(expectedB, 2), r.Units[1].Points);
        Assert.Equal([219_745L, 376_848L], r.Units.Select(u => u.Amount));
        Assert.Equal(pot, r.Units.Sum(u => u.Amount));
    }

    [Fact]
    public void Halsoval_is_refused_when_no_unit_has_points_for_a_part()
    {
        var result = Distributor.Distribute(1_000, [Unit("A", 10, km: 5), Unit("B", 10, km: 10)], DistributionKey.Halsoval, Model2026);

        Assert.False(result.Succeeded);
        Assert.Contains("glesbygd", result.Errors.Single().Message);
    }

    [Fact]
    public void Public_and_private_subtotals_and_a_unit_without_points()
    {
        var r = Split(900, DistributionKey.Listade, Unit("A", 200), Unit("B", 100, ownership: Ownership.Privat), Unit("C", 0));

        Assert.Equal((600L, 300L), (r.Public, r.Private));
        Assert.Equal(0, r.Units.Single(u => u.Code == "C").Amount);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void A_pot_must_be_positive(long pot)
    {
        Assert.False(Distributor.Distribute(pot, [Unit("A", 1)], DistributionKey.Listade, Model2026).Succeeded);
    }

    [Fact]
    public void A_listing_without_points_for_the_key_is_refused()
    {
        var result = Distributor.Distribute(1_000, [Unit("A", 10, km: 5)], DistributionKey.Glesbygd, Model2026);

        Assert.False(result.Succeeded);
        Assert.Contains("Ingen vårdenhet", result.Errors.Single().Message);
    }
}
