using System.Numerics;
using GrantTracker.Domain.Common;

namespace GrantTracker.Domain.Distribution;

/// <summary>How a pot is divided between the units of a listing.</summary>
public enum DistributionKey
{
    /// <summary>By listed inhabitants.</summary>
    Listade,

    /// <summary>By listed inhabitants weighted by the model year's age weights.</summary>
    Alder,

    /// <summary>By the sparsity factor: listed inhabitants in marginal bands × the distance weight.</summary>
    Glesbygd,

    /// <summary>As the Hälsoval model: three parts in proportion to the year's totals, by age, by listed × CNI and by sparsity.</summary>
    Halsoval,
}

public enum Ownership
{
    Offentlig,
    Privat,
}

/// <summary>A unit as a listing states it: listed inhabitants per age band on the listing's date.</summary>
public sealed record ListedUnit(string Code, string Name, string OrganisationNumber, Ownership Ownership, decimal DistanceKm, decimal Cni, IReadOnlyList<int> Listed)
{
    public int TotalListed => Listed.Sum();
}

/// <summary>One unit's part: its points by the key, its share of all points, and its amount in whole kronor.</summary>
/// <param name="Points">For <see cref="DistributionKey.Halsoval"/> the unit's exact (unrounded) amount in kronor, which is what its three parts add up to.</param>
public sealed record UnitShare(string Code, string Name, string OrganisationNumber, Ownership Ownership, decimal Points, decimal Share, long Amount);

public sealed record DistributionResult(long Total, DistributionKey Key, int ModelYear, IReadOnlyList<UnitShare> Units)
{
    public long Public => Units.Where(u => u.Ownership == Ownership.Offentlig).Sum(u => u.Amount);

    public long Private => Units.Where(u => u.Ownership == Ownership.Privat).Sum(u => u.Amount);
}

/// <summary>
/// Splits a pot of whole kronor over the units of a listing by a key. Every unit's amount is computed exactly (as a
/// fraction of integers: points are scaled to whole numbers, never rounded), then rounded down to whole kronor, and the
/// kronor left over go one each to the units with the largest remainders (the largest-remainder method; ties to the
/// lower unit code), so the amounts add up to the pot to the krona. A unit without points gets nothing.
/// </summary>
public static class Distributor
{
    // Points are decimals with at most this many decimals (weights have two, CNI up to four, distance weights two).
    private const int Scale = 6;

    public static Result<DistributionResult> Distribute(long pot, IReadOnlyList<ListedUnit> units, DistributionKey key, HealthChoiceModel model)
    {
        var errors = new ErrorList();
        if (pot <= 0)
        {
            errors.Add("Amount", "Beloppet att fördela ska vara ett positivt antal hela kronor.");
        }
        if (units.Count == 0)
        {
            errors.Add("Listing", "Listningen har inga vårdenheter.");
        }
        if (units.Select(u => u.Code).Distinct(StringComparer.Ordinal).Count() != units.Count)
        {
            errors.Add("Listing", "Listningen har samma vårdenhet två gånger.");
        }
        if (units.Any(u => u.Listed.Count != AgeBands.Count || u.Listed.Any(n => n < 0)))
        {
            errors.Add("Listing", $"Varje vårdenhet ska ha antal listade (noll eller fler) i {AgeBands.Count} åldersklasser.");
        }
        errors.AddRange(model.Validate().Errors);
        if (errors.Any)
        {
            return errors.ToResult<DistributionResult>(() => null!);
        }

        var ordered = units.OrderBy(u => u.Code, StringComparer.Ordinal).ToList();
        decimal[] shown;
        BigInteger[] points;
        switch (key)
        {
            case DistributionKey.Halsoval:
            {
                var age = ordered.Select(u => model.AgePoints(u.Listed)).ToArray();
                var cni = ordered.Select(u => u.TotalListed * u.Cni).ToArray();
                var sparse = ordered.Select(u => model.SparsityPoints(u.TotalListed, u.DistanceKm)).ToArray();
                var parts = new (long Tkr, decimal[] Points, string Name)[]
                {
                    (model.PerListedTotalTkr, age, "ålder"), (model.CniTotalTkr, cni, "CNI"), (model.SparsityTotalTkr, sparse, "glesbygd"),
                };
                foreach (var part in parts.Where(p => p.Tkr > 0 && p.Points.Sum() == 0))
                {
                    errors.Add("Key", $"Ingen vårdenhet i listningen har poäng för delen {part.Name}, så den delen av Hälsovalsnyckeln kan inte fördelas. Välj en annan nyckel.");
                }
                if (errors.Any)
                {
                    return errors.ToResult<DistributionResult>(() => null!);
                }
                // Unit i gets P × Σk tk·xik/Xk / T. Over the common denominator T·X1·X2·X3 its numerator is an integer once
                // the points are scaled, and the numerators add up to the denominator: an exact split.
                var sums = parts.Select(p => Scaled(p.Points.Sum())).ToArray();
                points = new BigInteger[ordered.Count];
                for (var i = 0; i < ordered.Count; i++)
                {
                    for (var k = 0; k < parts.Length; k++)
                    {
                        var term = parts[k].Tkr * Scaled(parts[k].Points[i]);
                        for (var other = 0; other < parts.Length; other++)
                        {
                            if (other != k)
                            {
                                term *= sums[other];
                            }
                        }
                        points[i] += term;
                    }
                }
                var denominator = points.Aggregate(BigInteger.Zero, (a, b) => a + b);
                shown = [.. points.Select(p => Ratio(pot * p, denominator, 2))];
                break;
            }
            default:
            {
                shown = [.. ordered.Select(u => key switch
                {
                    DistributionKey.Listade => u.TotalListed,
                    DistributionKey.Alder => model.AgePoints(u.Listed),
                    _ => model.SparsityPoints(u.TotalListed, u.DistanceKm),
                })];
                points = [.. shown.Select(Scaled)];
                break;
            }
        }

        var total = points.Aggregate(BigInteger.Zero, (a, b) => a + b);
        if (total.IsZero)
        {
            errors.Add("Key", "Ingen vårdenhet i listningen har poäng med den här nyckeln, så inget kan fördelas. Välj en annan nyckel eller listning.");
            return errors.ToResult<DistributionResult>(() => null!);
        }
        var amounts = LargestRemainder(pot, points);
        var shares = ordered.Select((u, i) => new UnitShare(u.Code, u.Name, u.OrganisationNumber, u.Ownership, shown[i], Ratio(points[i], total, 8), amounts[i])).ToList();
        return Result.Ok(new DistributionResult(pot, key, model.Year, shares));
    }

    /// <summary>
    /// Whole kronor for each claim pot × points[i] / Σ points, adding up to the pot: each rounded down, then one krona
    /// each to the largest remainders, the earlier (lower-coded) claim first among equal remainders.
    /// </summary>
    public static long[] LargestRemainder(long pot, IReadOnlyList<BigInteger> points)
    {
        var total = points.Aggregate(BigInteger.Zero, (a, b) => a + b);
        var amounts = new long[points.Count];
        var remainders = new BigInteger[points.Count];
        long given = 0;
        for (var i = 0; i < points.Count; i++)
        {
            var quotient = BigInteger.DivRem(pot * points[i], total, out remainders[i]);
            amounts[i] = (long)quotient;
            given += amounts[i];
        }
        var order = Enumerable.Range(0, points.Count).OrderByDescending(i => remainders[i]).ThenBy(i => i).ToList();
        for (var n = 0; n < pot - given; n++)
        {
            amounts[order[n]]++;
        }
        return amounts;
    }

    private static BigInteger Scaled(decimal value)
    {
        var scaled = value * 1_000_000m;
        if (scaled != decimal.Truncate(scaled))
        {
            throw new ArgumentException($"Points {value} have more than {Scale} decimals.", nameof(value));
        }
        return new BigInteger(scaled);
    }

    private static decimal Ratio(BigInteger numerator, BigInteger denominator, int decimals)
    {
        var factor = BigInteger.Pow(10, decimals);
        var scaled = BigInteger.Divide(numerator * factor * 2 + denominator, denominator * 2);
        return (decimal)scaled / (decimal)factor;
    }
}
