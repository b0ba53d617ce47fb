using GrantTracker.Domain.Common;

namespace GrantTracker.Domain.Distribution;

/// <summary>The five-year age bands of a listing, as Hälsoval counts listed inhabitants (seed 001, §5.1.1).</summary>
public static class AgeBands
{
    /// <summary>"0-4", "5-9", … "95-99", "100+": 21 bands.</summary>
    public static readonly IReadOnlyList<string> Names =
        [.. Enumerable.Range(0, 20).Select(i => $"{i * 5}-{i * 5 + 4}"), "100+"];

    public static int Count => Names.Count;
}

/// <summary>One interval of the sparsity factor: from a lower bound (inclusive) its weight applies.</summary>
public sealed record WeightFrom(decimal From, decimal Weight);

/// <summary>
/// The Hälsoval reimbursement model of one year as data (seed 001, §5.1): the age weights per band, the sparsity
/// factor's listing and distance intervals, and the year's totals (tkr) per part, which set how a pot split by the
/// whole model is divided between the parts. Next year's model is a new instance, not new code.
/// </summary>
/// <param name="AgeWeights">One weight per <see cref="AgeBands"/> band.</param>
/// <param name="ListingBands">Marginal bands of listed inhabitants: the weight applies to the inhabitants from the bound on.</param>
/// <param name="DistanceWeights">The weight for a distance to Östersund hospital from the bound (km) on.</param>
public sealed record HealthChoiceModel(
    int Year,
    IReadOnlyList<decimal> AgeWeights,
    IReadOnlyList<WeightFrom> ListingBands,
    IReadOnlyList<WeightFrom> DistanceWeights,
    long PerListedTotalTkr,
    long CniTotalTkr,
    long SparsityTotalTkr)
{
    public long TotalTkr => PerListedTotalTkr + CniTotalTkr + SparsityTotalTkr;

    /// <summary>Listed inhabitants weighted by age band.</summary>
    public decimal AgePoints(IReadOnlyList<int> listed)
    {
        var points = 0m;
        for (var band = 0; band < AgeWeights.Count; band++)
        {
            points += listed[band] * AgeWeights[band];
        }
        return points;
    }

    /// <summary>
    /// The sparsity points of a unit: its listed inhabitants weighted in marginal bands (the first 2 000 × 1, the next
    /// 2 000 × 0,8, those above 4 000 × 0,6), times the weight of its distance. Marginal, so no unit ever loses
    /// points by gaining one listed inhabitant.
    /// </summary>
    public decimal SparsityPoints(int listed, decimal distanceKm)
    {
        var weighted = 0m;
        for (var i = 0; i < ListingBands.Count; i++)
        {
            var from = ListingBands[i].From;
            var to = i + 1 < ListingBands.Count ? ListingBands[i + 1].From : decimal.MaxValue;
            var inBand = Math.Max(0m, Math.Min(listed, to) - from);
            weighted += inBand * ListingBands[i].Weight;
        }
        return weighted * DistanceWeight(distanceKm);
    }

    public decimal DistanceWeight(decimal distanceKm) =>
        DistanceWeights.Where(d => distanceKm >= d.From).Select(d => d.Weight).DefaultIfEmpty(0m).Last();

    /// <summary>Checks what a model read from data must hold before anything is split by it.</summary>
    public Result Validate()
    {
        var errors = new ErrorList();
        if (AgeWeights.Count != AgeBands.Count)
        {
            errors.Add(nameof(AgeWeights), $"Hälsovalsmodellen {Year} har {AgeWeights.Count} åldersvikter; den ska ha {AgeBands.Count}, en per femårsklass.");
        }
        if (AgeWeights.Any(w => w < 0) || ListingBands.Any(b => b.Weight < 0) || DistanceWeights.Any(d => d.Weight < 0))
        {
            errors.Add(nameof(AgeWeights), $"Hälsovalsmodellen {Year} har en negativ vikt.");
        }
        if (ListingBands.Count == 0 || ListingBands[0].From != 0 || !Ascending(ListingBands) || DistanceWeights.Count == 0 || DistanceWeights[0].From != 0 || !Ascending(DistanceWeights))
        {
            errors.Add(nameof(ListingBands), $"Hälsovalsmodellen {Year}: intervallen ska börja på 0 och stiga.");
        }
        if (PerListedTotalTkr < 0 || CniTotalTkr < 0 || SparsityTotalTkr < 0 || TotalTkr == 0)
        {
            errors.Add(nameof(TotalTkr), $"Hälsovalsmodellen {Year} saknar sina totaler per del.");
        }
        return errors.ToResult();
    }

    private static bool Ascending(IReadOnlyList<WeightFrom> bands) => bands.Zip(bands.Skip(1)).All(p => p.First.From < p.Second.From);
}
