using GrantTracker.Domain.Common;

namespace GrantTracker.Domain.Agreements;

/// <summary>How a national amount is divided between the regions.</summary>
public enum NationalRule
{
    /// <summary>The region's share of the population × the national amount.</summary>
    PopulationShare,

    /// <summary>A base amount per region, and the rest by population share (seed 003's e-hälsa and ambulance areas).</summary>
    BasePlusShare,
}

/// <summary>
/// The national amount an area's money comes from and the rule that gives the region its part, so the agreement page
/// can show what the rule gives next to what the agreement says: a mismatch is shown, never corrected.
/// </summary>
public sealed record NationalKey(decimal NationalAmount, NationalRule Rule, decimal BaseAmount = 0m, int Regions = 0)
{
    /// <summary>What the rule gives a region with the population share (a fraction, 0,01259986 for 1,259986 %).</summary>
    public decimal AmountAt(decimal share) => Rule == NationalRule.PopulationShare
        ? NationalAmount * share
        : BaseAmount + (NationalAmount - Regions * BaseAmount) * share;

    /// <summary>The population share that gives exactly <paramref name="regionAmount"/> by the rule.</summary>
    public decimal? ImpliedShare(decimal regionAmount)
    {
        var divisor = Rule == NationalRule.PopulationShare ? NationalAmount : NationalAmount - Regions * BaseAmount;
        return divisor <= 0 ? null : (regionAmount - (Rule == NationalRule.PopulationShare ? 0 : BaseAmount)) / divisor;
    }

    public Result Validate()
    {
        var errors = new ErrorList();
        if (NationalAmount <= 0)
        {
            errors.Add(nameof(NationalAmount), "Det nationella beloppet ska vara större än noll.");
        }
        if (Rule == NationalRule.BasePlusShare && (BaseAmount <= 0 || Regions < 1 || Regions * BaseAmount >= NationalAmount))
        {
            errors.Add(nameof(BaseAmount), "Grundbelopp per region och antal regioner ska anges, och grundbeloppen får inte vara hela det nationella beloppet.");
        }
        return errors.ToResult();
    }
}
