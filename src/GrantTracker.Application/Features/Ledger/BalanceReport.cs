using GrantTracker.Application.Imports;
using GrantTracker.Domain.Common;

namespace GrantTracker.Application.Features.Ledger;

/// <summary>
/// The ledger's balance report as finance exports it for the tie-out (ADR 21): a CSV with the header <c>Objekt;Månad;Belopp</c>, one line
/// per cost object and month with the month's net amount on the object (debit positive; spaces group thousands, a comma or a point marks
/// the öre). Small: read whole.
/// </summary>
public sealed record BalanceReport(IReadOnlyDictionary<(YearMonth Month, string CostObject), long> Ore, IReadOnlyList<ImportError> Errors)
{
    /// <summary>The largest amount a line may state: far beyond any grant, well within the öre's 64 bits.</summary>
    private const decimal MaxKronor = 1_000_000_000_000m;

    public const long MaxBytes = 5 * 1024 * 1024;

    public bool Succeeded => Errors.Count == 0;

    public IEnumerable<YearMonth> Months => Ore.Keys.Select(k => k.Month).Distinct().Order();

    public static BalanceReport Parse(byte[] bytes)
    {
        var errors = new List<ImportError>();
        var lines = new Dictionary<(YearMonth, string), long>();
        var firstLine = new Dictionary<(YearMonth, string), int>();
        if (bytes.Length > MaxBytes)
        {
            return new BalanceReport(lines, [new ImportError(0, null, $"Saldolistan är större än {MaxBytes / 1024 / 1024} MB. En saldolista har en rad per objekt och månad.")]);
        }
        var text = TextFile.Decode(bytes);
        var rows = text.Split('\n');
        var header = rows.Length == 0 ? "" : rows[0].TrimEnd('\r').Trim();
        var columns = header.Split(';').Select(c => c.Trim().ToLowerInvariant()).ToArray();
        if (columns is not ["objekt", "månad" or "manad", "belopp"])
        {
            return new BalanceReport(lines, [new ImportError(1, null,
                $"Saldolistan ska börja med rubrikraden Objekt;Månad;Belopp (semikolon mellan kolumnerna), men börjar med ”{Shorten(header)}”.")]);
        }
        for (var i = 1; i < rows.Length && errors.Count < 100; i++)
        {
            var line = rows[i].TrimEnd('\r');
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            var number = i + 1;
            var fields = line.Split(';');
            if (fields.Length != 3)
            {
                errors.Add(new ImportError(number, null, $"Raden har {fields.Length} kolumner; den ska ha tre: objekt, månad och belopp."));
                continue;
            }
            var costObject = fields[0].Trim().Trim('"');
            if (costObject.Length is 0 or > 20)
            {
                errors.Add(new ImportError(number, "Objekt", "Ange kostnadsobjektet (högst 20 tecken)."));
                continue;
            }
            var monthText = fields[1].Trim().Trim('"');
            if (ParseMonth(monthText) is not { } month)
            {
                errors.Add(new ImportError(number, "Månad", $"Månaden ”{Shorten(monthText)}” ska skrivas ÅÅÅÅ-MM, till exempel 2023-03."));
                continue;
            }
            var amountText = fields[2].Trim().Trim('"');
            if (!Money.TryParse(amountText, out var kronor))
            {
                errors.Add(new ImportError(number, "Belopp", $"Beloppet ”{Shorten(amountText)}” är inte ett belopp i kronor med högst två decimaler, till exempel 12 345,67."));
                continue;
            }
            if (Math.Abs(kronor) >= MaxKronor)
            {
                errors.Add(new ImportError(number, "Belopp", $"Beloppet ”{Shorten(amountText)}” är för stort för en saldolista (högst 999 999 999 999,99 kr)."));
                continue;
            }
            var key = (month, costObject);
            if (firstLine.TryGetValue(key, out var first))
            {
                errors.Add(new ImportError(number, null, $"Objekt {costObject} och månad {month} står redan på rad {first}. Varje objekt och månad ska stå en gång."));
                continue;
            }
            firstLine[key] = number;
            lines[key] = Money.ToOre(kronor);
        }
        if (errors.Count == 0 && lines.Count == 0)
        {
            errors.Add(new ImportError(0, null, "Saldolistan har inga rader under rubrikraden."));
        }
        return new BalanceReport(lines, errors);
    }

    /// <summary>2023-03, or 202303 as SIE and many ledgers write a period.</summary>
    private static YearMonth? ParseMonth(string text)
    {
        if (YearMonth.TryParse(text, out var month))
        {
            return month;
        }
        return text.Length == 6 && int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n)
               && n / 100 >= 1900 && n % 100 is >= 1 and <= 12
            ? YearMonth.FromNumber(n)
            : null;
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..37] + "…";
}
