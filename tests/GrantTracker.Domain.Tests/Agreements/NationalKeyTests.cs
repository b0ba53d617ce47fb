using GrantTracker.Domain.Agreements;

namespace GrantTracker.Domain.Tests.Agreements;

public sealed class NationalKeyTests
{
    private const decimal Share = 0.01259986m;   // 1,259986 %

    [Theory]
    [InlineData(70_000_000, 1_249_692)]   // 2.3 Vision e-hälsa 2025
    [InlineData(85_000_000, 1_438_690)]   // 2.4 Ambulanssjukvård
    public void A_base_per_region_plus_the_population_share_gives_the_agreements_amount(long national, long expected)
    {
        var key = new NationalKey(national, NationalRule.BasePlusShare, 500_000, 21);

        Assert.Equal(expected, Math.Round(key.AmountAt(Share)!.Value, 0, MidpointRounding.AwayFromZero));
        // The share the amount implies is the one rounded to 1,259986 %, and gives the amount back.
        var implied = key.ImpliedShare(expected)!.Value;
        Assert.Equal(Share, Math.Round(implied, 8, MidpointRounding.ToZero));
        Assert.Equal(expected, Math.Round(key.AmountAt(implied)!.Value, 6));
    }

    [Theory]
    [InlineData(400_000_000, 5_039_944)]   // 2.2.b Vidareutbildning
    [InlineData(100_000_000, 1_259_986)]   // 2.2.c Karriärtjänster
    public void The_population_share_gives_the_ring_fenced_amounts_exactly(long national, long expected)
    {
        Assert.Equal(expected, new NationalKey(national, NationalRule.PopulationShare).AmountAt(Share)!.Value);
    }

    [Fact]
    public void A_mismatch_is_a_figure_not_a_correction()
    {
        // 2.2.a: 1 999 mkr × 1,259986 % is 25 187 120,14; the agreement says 25 187 124.
        var key = new NationalKey(1_999_000_000, NationalRule.PopulationShare);

        Assert.Equal(25_187_120m, Math.Round(key.AmountAt(Share)!.Value, 0));
        Assert.Equal(0.0125998619m, Math.Round(key.ImpliedShare(25_187_124)!.Value, 10));
    }

    [Fact]
    public void A_base_rule_needs_its_base_and_regions()
    {
        Assert.False(new NationalKey(70_000_000, NationalRule.BasePlusShare).Validate().Succeeded);
        Assert.False(new NationalKey(10_000_000, NationalRule.BasePlusShare, 500_000, 21).Validate().Succeeded);
        Assert.False(new NationalKey(-1, NationalRule.PopulationShare).Validate().Succeeded);
        // No amount yet: the rule is kept to be filled in (a copy for next year), and gives nothing until it is.
        Assert.True(new NationalKey(0, NationalRule.PopulationShare).Validate().Succeeded);
        Assert.Null(new NationalKey(0, NationalRule.PopulationShare).AmountAt(0.0125m));
        Assert.True(new NationalKey(70_000_000, NationalRule.BasePlusShare, 500_000, 21).Validate().Succeeded);
    }
}
