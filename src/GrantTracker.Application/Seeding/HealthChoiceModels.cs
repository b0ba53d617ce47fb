using System.Text.Json;
using GrantTracker.Domain.Distribution;

namespace GrantTracker.Application.Seeding;

/// <summary>
/// The Hälsoval models in <c>seed/halsoval/</c>, one file per year, embedded like the agreements: the distribution keys
/// read a year's weights and totals from here, so next year's model is a new file, not new code.
/// </summary>
public static class HealthChoiceModels
{
    private sealed record ModelFile(int Year, string? Source, decimal? AgeWeightOneKr, Dictionary<string, decimal> AgeWeights,
        IReadOnlyList<WeightFrom> ListingBands, IReadOnlyList<WeightFrom> DistanceWeights, TotalsFile TotalsTkr);

    private sealed record TotalsFile(long PerListed, long Cni, long Sparsity);

    private static readonly Lazy<IReadOnlyList<HealthChoiceModel>> Models = new(ReadEmbedded);

    public static IReadOnlyList<HealthChoiceModel> All => Models.Value;

    public static HealthChoiceModel? For(int year) => All.FirstOrDefault(m => m.Year == year);

    /// <summary>The newest year on or before <paramref name="year"/>, for a distribution that does not name one.</summary>
    public static HealthChoiceModel? Latest(int year) => All.Where(m => m.Year <= year).MaxBy(m => m.Year) ?? All.MinBy(m => m.Year);

    private static List<HealthChoiceModel> ReadEmbedded()
    {
        var assembly = typeof(HealthChoiceModels).Assembly;
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("seed.halsoval.", StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
            .Select(n =>
            {
                using var stream = assembly.GetManifestResourceStream(n)!;
                var file = JsonSerializer.Deserialize<ModelFile>(stream, json) ?? throw new InvalidOperationException($"{n} is empty.");
                var missing = AgeBands.Names.Where(b => !file.AgeWeights.ContainsKey(b)).ToList();
                if (missing.Count > 0 || file.AgeWeights.Count != AgeBands.Count)
                {
                    throw new InvalidOperationException($"{n}: the age weights must name exactly the bands {string.Join(", ", AgeBands.Names)}.");
                }
                var model = new HealthChoiceModel(file.Year, [.. AgeBands.Names.Select(b => file.AgeWeights[b])], file.ListingBands, file.DistanceWeights,
                    file.TotalsTkr.PerListed, file.TotalsTkr.Cni, file.TotalsTkr.Sparsity);
                var valid = model.Validate();
                return valid.Succeeded ? model : throw new InvalidOperationException($"{n}: {string.Join(" ", valid.Errors.Select(e => e.Message))}");
            })
            .OrderBy(m => m.Year)
            .ToList();
    }
}
