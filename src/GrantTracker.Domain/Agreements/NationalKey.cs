using System.Globalization;
using GrantTracker.Domain.Common;

namespace GrantTracker.Domain.Agreements;

/// <summary>How a national amount is divided between the regions.</summary>
public enum NationalRule
{
    /// <summary>The region's share of the population × the national amount.</summary>
    PopulationShare,

    /// <summary>A base amount per region, and the rest by population share (seed 003's e-hälsa and ambulance areas).</summary>
    BasePlusShare,

    /// <summary>A published table of every region's amount (SKR's or the state's distribution table): the region's row is its amount.</summary>
    Table,
}

public static class NationalRuleText
{
    public static string Swedish(this NationalRule rule) => rule switch
    {
        NationalRule.PopulationShare => "Befolkningsandel",
        NationalRule.BasePlusShare => "Grundbelopp per region och resten efter befolkningsandel",
        NationalRule.Table => "Tabell med varje regions belopp",
        _ => rule.ToString(),
    };
}

/// <summary>One row of a published distribution table: a region and its amount.</summary>
public sealed record RegionAmount(string Region, decimal Amount);

/// <summary>
/// The national amount an area's or a line's money comes from and the rule that gives the region its part, so the agreement page
/// can show what the rule gives next to what the agreement says: a mismatch is shown, never corrected.
/// </summary>
/// <param name="Share">This key's population share (a fraction); null: the agreement's <see cref="Agreement.PopulationShare"/>.</param>
/// <param name="Region">For a table: the name of the region's own row.</param>
/// <param name="Table">For a table: its rows in the canonical text form, one <c>region;amount</c> per line (<see cref="FormatTable"/>).</param>
public sealed record NationalKey(decimal NationalAmount, NationalRule Rule, decimal BaseAmount = 0m, int Regions = 0,
    decimal? Share = null, string? Region = null, string? Table = null)
{
    public const int MaxRegionLength = 100;

    /// <summary>
    /// The rule is known but its figures are not yet (a copy for next year keeps last year's rule with the amounts left to fill in):
    /// no national amount, and for a table no rows.
    /// </summary>
    public bool IsPending => NationalAmount == 0 && (Rule != NationalRule.Table || string.IsNullOrWhiteSpace(Table));

    /// <summary>The rule with its amounts left to fill in: what a copy for next year carries over.</summary>
    public NationalKey Pending() => this with { NationalAmount = 0, Table = null };

    /// <summary>The table's rows; empty unless the rule is a table.</summary>
    public IReadOnlyList<RegionAmount> Rows => Rule == NationalRule.Table && ParseTable(Table ?? "") is { Succeeded: true } rows ? rows.Value : [];

    /// <summary>The sum of the table's rows.</summary>
    public decimal TableTotal => Rows.Sum(r => r.Amount);

    /// <summary>The table's row for the region, or null.</summary>
    public RegionAmount? RegionRow => Region is null ? null : Rows.FirstOrDefault(r => SameRegion(r.Region, Region));

    /// <summary>What the rule gives a region with the population share (a fraction, 0,01259986 for 1,259986 %); a table gives the region's row.</summary>
    public decimal? AmountAt(decimal? share) => IsPending ? null : Rule switch
    {
        NationalRule.Table => RegionRow?.Amount,
        NationalRule.PopulationShare => (Share ?? share) is { } s ? NationalAmount * s : null,
        _ => (Share ?? share) is { } s ? BaseAmount + (NationalAmount - Regions * BaseAmount) * s : null,
    };

    /// <summary>The population share that gives exactly <paramref name="regionAmount"/> by the rule; null for a table.</summary>
    public decimal? ImpliedShare(decimal regionAmount)
    {
        if (Rule == NationalRule.Table || IsPending)
        {
            return null;
        }
        var divisor = Rule == NationalRule.PopulationShare ? NationalAmount : NationalAmount - Regions * BaseAmount;
        return divisor <= 0 ? null : (regionAmount - (Rule == NationalRule.PopulationShare ? 0 : BaseAmount)) / divisor;
    }

    /// <summary>Every problem with the key at once, each on the field it concerns.</summary>
    public Result Validate()
    {
        var errors = new ErrorList();
        if (!Enum.IsDefined(Rule))
        {
            errors.Add(nameof(Rule), "Välj hur det nationella beloppet fördelas: befolkningsandel, grundbelopp plus andel eller tabell.");
            return errors.ToResult();
        }
        if (IsPending)
        {
            // Kept as a rule to fill in: nothing to check yet but the rule itself.
            return errors.ToResult();
        }
        if (NationalAmount <= 0)
        {
            errors.Add(nameof(NationalAmount), "Det nationella beloppet ska vara större än noll.");
        }
        else if (!Money.IsWholeOre(NationalAmount))
        {
            errors.Add(nameof(NationalAmount), "Belopp anges i kronor med högst två decimaler.");
        }
        if (Share is <= 0 or >= 1)
        {
            errors.Add(nameof(Share), "Befolkningsandelen anges som en andel mellan 0 och 100 %.");
        }
        if (Rule == NationalRule.BasePlusShare && (BaseAmount <= 0 || Regions < 1 || Regions * BaseAmount >= NationalAmount))
        {
            errors.Add(nameof(BaseAmount), "Grundbelopp per region och antal regioner ska anges, och grundbeloppen får inte vara hela det nationella beloppet.");
        }
        if (Rule == NationalRule.Table)
        {
            var parsed = ParseTable(Table ?? "");
            errors.AddRange(parsed.Errors);
            if (string.IsNullOrWhiteSpace(Region))
            {
                errors.Add(nameof(Region), "Ange vilken rad i tabellen som är regionens, till exempel Jämtland Härjedalen.");
            }
            else if (Region.Length > MaxRegionLength)
            {
                errors.Add(nameof(Region), $"Regionens namn får vara högst {MaxRegionLength} tecken.");
            }
            else if (parsed.Succeeded && !parsed.Value.Any(r => SameRegion(r.Region, Region)))
            {
                errors.Add(nameof(Region), $"Tabellen har ingen rad för {Region.Trim()}. Skriv regionens namn som det står i tabellen.");
            }
        }
        return errors.ToResult();
    }

    /// <summary>
    /// Reads a distribution table as published (<c>region;amount</c> per line, pasted or uploaded; a header line, a tab instead
    /// of the semicolon and amounts with spaces or a decimal comma are accepted). Every bad line is refused with its number.
    /// </summary>
    public static Result<IReadOnlyList<RegionAmount>> ParseTable(string text)
    {
        var errors = new ErrorList();
        var rows = new List<RegionAmount>();
        var lines = (text ?? "").Replace("\uFEFF", "").Replace("\r\n", "\n").Replace('\r', '\n').Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0)
            {
                continue;
            }
            var separator = line.Contains(';') ? ';' : '\t';
            // A spreadsheet saved as CSV quotes a cell that has a separator or a quote in it: the quotes are not the region's name.
            var parts = line.Split(separator).Select(p => Unquote(p.Trim())).ToArray();
            var number = i + 1;
            if (parts.Length != 2)
            {
                errors.Add(nameof(Table), $"Rad {number} i tabellen: skriv region och belopp åtskilda av semikolon, till exempel ”Jämtland Härjedalen;1 249 692”.");
                continue;
            }
            var region = parts[0].Trim();
            if (!Money.TryParse(parts[1], out var amount))
            {
                // The published tables start with a header ("Region;Belopp", "Län;Belopp 2024 (kr)"): a first line whose
                // second column is or starts with a word, not an amount, is one.
                if (rows.Count == 0 && !errors.Any && parts[1].Length > 0 && (!parts[1].Any(char.IsDigit) || char.IsLetter(parts[1][0])))
                {
                    continue;
                }
                errors.Add(nameof(Table), parts[1].Length == 0
                    ? $"Rad {number} i tabellen: beloppet saknas för {region}."
                    : $"Rad {number} i tabellen: ”{parts[1]}” är inget belopp i kronor.");
                continue;
            }
            if (region.Length == 0 || region.Length > MaxRegionLength)
            {
                errors.Add(nameof(Table), $"Rad {number} i tabellen: ange regionens namn (högst {MaxRegionLength} tecken).");
                continue;
            }
            if (amount < 0)
            {
                errors.Add(nameof(Table), $"Rad {number} i tabellen: beloppet kan inte vara negativt.");
                continue;
            }
            if (rows.Any(r => SameRegion(r.Region, region)))
            {
                errors.Add(nameof(Table), $"Rad {number} i tabellen: {region} finns redan på en tidigare rad.");
                continue;
            }
            rows.Add(new RegionAmount(region, amount));
        }
        if (rows.Count == 0 && !errors.Any)
        {
            errors.Add(nameof(Table), "Klistra in fördelningstabellen: en rad per region med region och belopp, till exempel ”Jämtland Härjedalen;1 249 692”.");
        }
        return errors.ToResult<IReadOnlyList<RegionAmount>>(() => rows);
    }

    /// <summary>The canonical text of a table: one <c>region;amount</c> per line, amounts in kronor with a point for öre.</summary>
    public static string FormatTable(IEnumerable<RegionAmount> rows) =>
        string.Join("\n", rows.Select(r => $"{r.Region.Trim()};{r.Amount.ToString("0.##", CultureInfo.InvariantCulture)}"));

    private static string Unquote(string cell) =>
        cell.Length >= 2 && cell[0] == '"' && cell[^1] == '"' ? cell[1..^1].Replace("\"\"", "\"") : cell;

    private static bool SameRegion(string a, string b) => string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);
}
