using System.Globalization;
using System.Text.RegularExpressions;
using GrantTracker.Application.Seeding;
using GrantTracker.Domain.Distribution;

namespace GrantTracker.Application.Tests.Seeding;

/// <summary>The Hälsoval models in seed/halsoval/ against the tables of seed 001 itself, read from the document's text (its section 5.1).</summary>
public sealed partial class HealthChoiceModelTests
{
    /// <summary>
    /// Section 5.1.1–5.1.3 of seed 001 (shared/seeds/001_dd6ea0648c196305.txt, lines 204–304), copied verbatim beside
    /// this test so that a clone without shared/ beside it checks the same text.
    /// </summary>
    private static string SeedText() => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Seeding", "seed-001-section-5.1.txt"));

    private static decimal Number(string text) => decimal.Parse(text.Replace(',', '.').Replace(" ", ""), CultureInfo.InvariantCulture);

    [Theory]
    [InlineData(2025, 0)]
    [InlineData(2026, 1)]
    public void The_age_weights_and_totals_are_those_of_seed_001(int year, int column)
    {
        var text = SeedText();
        var model = HealthChoiceModels.For(year)!;

        // §5.1.1: "0–4 1,04  1,16" … "Plus 100 1,10  1,38", the old year's figure first.
        var table = text[text.IndexOf("5.1.1 Ersättning per listad", StringComparison.Ordinal)..text.IndexOf("5.1.2 Socioekonomisk", StringComparison.Ordinal)];
        var weights = AgeRow().Matches(table).ToDictionary(
            m => m.Groups["band"].Value == "Plus 100" ? "100+" : m.Groups["band"].Value.Replace('–', '-'),
            m => Number(m.Groups[column == 0 ? "old" : "new"].Value));
        Assert.Equal(AgeBands.Names, weights.Keys);
        Assert.Equal(AgeBands.Names.Select(b => weights[b]), model.AgeWeights);

        // "Totalt fördelas för 2025 2026, 293 881 304 262 tkr som ersättning per listad invånare", and the CNI and sparsity totals.
        long Total(string after)
        {
            var from = text.IndexOf(after, StringComparison.Ordinal);
            var match = Totals().Match(text, from);
            return (long)Number(match.Groups[column == 0 ? "old" : "new"].Value);
        }
        Assert.Equal(Total("5.1.1 Ersättning per listad"), model.PerListedTotalTkr);
        Assert.Equal(Total("5.1.2 Socioekonomisk"), model.CniTotalTkr);
        Assert.Equal(Total("5.1.3 Glesbygdsfaktor"), model.SparsityTotalTkr);
    }

    [Fact]
    public void The_sparsity_intervals_are_those_of_seed_001_read_as_marginal_bands()
    {
        var text = SeedText();
        var sparsity = text[text.IndexOf("5.1.3 Glesbygdsfaktor", StringComparison.Ordinal)..text.IndexOf("5.1.4 Läkemedel", StringComparison.Ordinal)];

        // "0–2 000  1", "2 001–4 000 0,8", ">4 001 0,6": the weights, from 0, 2 000 and 4 000 listed on.
        Assert.Matches(@"0–2 000\s+1\s", sparsity);
        Assert.Matches(@"2 001–4 000\s+0,8\s", sparsity);
        Assert.Matches(@">4 001\s+0,6\s", sparsity);
        // "0–29 km 0" … "> 150 km 2,25".
        var distances = DistanceRow().Matches(sparsity).Select(m => new WeightFrom(Number(m.Groups["from"].Value), Number(m.Groups["weight"].Value))).ToList();
        Assert.Equal(5, distances.Count);

        foreach (var model in HealthChoiceModels.All)
        {
            Assert.Equal([new WeightFrom(0, 1m), new WeightFrom(2000, 0.8m), new WeightFrom(4000, 0.6m)], model.ListingBands);
            Assert.Equal(distances, model.DistanceWeights);
        }
        Assert.Equal([2025, 2026], HealthChoiceModels.All.Select(m => m.Year));
    }

    [GeneratedRegex(@"^\s*(?<band>Plus 100|\d+–\d+) (?<old>\d,\d\d)\s+(?<new>\d,\d\d)\s*$", RegexOptions.Multiline)]
    private static partial Regex AgeRow();

    [GeneratedRegex(@"(?<old>\d{1,3} \d{3}) (?<new>\d{1,3} \d{3}) tkr")]
    private static partial Regex Totals();

    [GeneratedRegex(@"^(?:>\s*)?(?<from>\d+)(?:–\d+)? km (?<weight>\d(?:,\d+)?)\s*$", RegexOptions.Multiline)]
    private static partial Regex DistanceRow();
}
