using System.Globalization;
using System.Text;
using Bogus;
using GrantTracker.Application.Data;
using GrantTracker.Application.Features.Ledger;
using GrantTracker.Application.Imports.Sie;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Seeding;

/// <summary>
/// Demo mode's year of booked costs: a SIE 4 export, as the region's ledger would write it, with salaries,
/// consultants, courses, travel, licences and an investment on the tracked cost objects, and as many rows on
/// objects GrantTracker does not track. Deterministic (Bogus with a fixed seed), and imported through the
/// real importer, so Kostnader, the import history and the reconciliation show what a user would see.
/// </summary>
public static class DemoLedger
{
    public const string FileName = "demo-huvudbok-2023.se";
    public const int Year = 2023;
    public const int Seed = 2023;

    internal static readonly (string Account, string Text, double Weight)[] CostAccounts =
    [
        ("5011", "Månadslön", 0.42),
        ("5611", "Arbetsgivaravgifter", 0.13),
        ("6420", "Konsulttjänster", 0.16),
        ("5811", "Kurs- och konferensavgifter", 0.08),
        ("5812", "Resor i tjänsten", 0.05),
        ("6910", "IT-licenser", 0.07),
        ("4541", "Förbrukningsmaterial", 0.05),
        ("6110", "Lokalhyra", 0.04),
    ];

    internal static readonly string[] Units = ["410", "420", "431", "512", "620", "715"];

    /// <summary>Imports the demo year once: nothing happens when any import exists.</summary>
    /// <returns>The import's result, or null when the ledger already had imports or nothing is tracked in the year.</returns>
    public static async Task<LedgerImportResult?> EnsureAsync(AppDbContext db, IMediator mediator, CancellationToken ct = default)
    {
        if (await db.LedgerImports.AnyAsync(ct))
        {
            return null;
        }
        var budgets = await db.AllocationLines.AsNoTracking()
            .Where(l => l.Year == Year)
            .GroupBy(l => l.CostObjectCode)
            .Select(g => new { Code = g.Key, Amount = g.Sum(l => l.Amount) })
            .ToListAsync(ct);
        if (budgets.Count == 0)
        {
            return null;
        }
        var path = Path.Combine(Path.GetTempPath(), $"granttracker-demo-{Guid.NewGuid():N}.se");
        try
        {
            Write(path, budgets.OrderBy(b => b.Code, StringComparer.Ordinal).Select(b => (b.Code, b.Amount)).ToList());
            return await mediator.Send(new ImportLedgerFileCommand(path, FileName), ct);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>
    /// Writes the year: per tracked object a spend of 78–96 % of its allocation spread over the months
    /// (less in July), each voucher balanced against accounts payable or accrued salaries.
    /// </summary>
    public static void Write(string path, IReadOnlyList<(string CostObject, decimal Allocation)> objects)
    {
        var faker = new Faker("sv") { Random = new Randomizer(Seed) };
        using var writer = new StreamWriter(path, false, SieEncoding.Cp437) { NewLine = "\r\n" };
        WriteHeader(writer, $"{Year + 1}0115");

        var voucher = 0;
        for (var month = 1; month <= 12; month++)
        {
            foreach (var (costObject, allocation) in objects)
            {
                var share = 0.78m + (decimal)faker.Random.Double(0, 0.18);
                var monthWeight = month == 7 ? 0.4m : month == 12 ? 1.3m : 1m;
                var monthBudget = Math.Round(allocation * share * monthWeight / 11.7m, 2);
                foreach (var (account, text, weight) in CostAccounts)
                {
                    var amount = Math.Round(monthBudget * (decimal)weight * (decimal)faker.Random.Double(0.85, 1.15), 2);
                    if (amount <= 0)
                    {
                        continue;
                    }
                    var day = faker.Random.Int(1, 28);
                    var counter = account.StartsWith('5') && account != "5811" && account != "5812" ? "2920" : "2440";
                    var description = account switch
                    {
                        "5011" or "5611" => $"{text} {faker.Name.FullName()}",
                        "6420" or "6910" or "4541" or "6110" => $"{text} {faker.Company.CompanyName()}",
                        _ => $"{text} {faker.Address.City()}",
                    };
                    WriteVoucher(writer, ++voucher, new DateOnly(Year, month, day), description,
                        [(account, faker.PickRandom(Units), costObject, amount), (counter, null, null, -amount)]);
                }
            }
            // Twice as many rows on objects the grants do not use, as in a real ledger export.
            for (var i = 0; i < objects.Count * CostAccounts.Length * 2; i++)
            {
                var (account, text, _) = faker.PickRandom(CostAccounts);
                var amount = Math.Round((decimal)faker.Random.Double(500, 90_000), 2);
                WriteVoucher(writer, ++voucher, new DateOnly(Year, month, faker.Random.Int(1, 28)), $"{text} {faker.Company.CompanyName()}",
                    [(account, faker.PickRandom(Units), faker.Random.Int(8100, 8999).ToString(CultureInfo.InvariantCulture), amount), ("2440", null, null, -amount)]);
            }
        }

        // An investment in e-health equipment: the asset on a balance-sheet account, and its monthly depreciation
        // from April, which is what may be booked as cost on the object.
        if (objects.Any(o => o.CostObject == "9942"))
        {
            WriteVoucher(writer, ++voucher, new DateOnly(Year, 3, 20), "Inköp utrustning digitala vårdmöten",
                [("1220", "512", "9942", 480_000m), ("2440", null, null, -480_000m)]);
            for (var month = 4; month <= 12; month++)
            {
                WriteVoucher(writer, ++voucher, new DateOnly(Year, month, 28), "Avskrivning utrustning digitala vårdmöten",
                    [("7831", "512", "9942", 8_000m), ("1220", null, null, -8_000m)]);
            }
        }
    }

    /// <summary>
    /// The file's head as the region's ledger writes it: the year, the dimensions (the project dimension 6 when the rows carry
    /// project codes) and the accounts the demo books on.
    /// </summary>
    internal static void WriteHeader(StreamWriter writer, string generated, bool projects = false, params (string Account, string Text)[] moreAccounts)
    {
        writer.WriteLine("#FLAGGA 0");
        writer.WriteLine("#PROGRAM \"Raindance\" \"2023.1\"");
        writer.WriteLine("#FORMAT PC8");
        writer.WriteLine($"#GEN {generated}");
        writer.WriteLine("#SIETYP 4");
        writer.WriteLine("#FNAMN \"Region Jämtland Härjedalen\"");
        writer.WriteLine($"#RAR 0 {Year}0101 {Year}1231");
        writer.WriteLine("#DIM 1 \"Ansvar\"");
        if (projects)
        {
            writer.WriteLine("#DIM 6 \"Projekt\"");
        }
        writer.WriteLine("#DIM 21 \"Objekt\"");
        foreach (var (account, text, _) in CostAccounts)
        {
            writer.WriteLine($"#KONTO {account} \"{text}\"");
        }
        writer.WriteLine("#KONTO 1220 \"Inventarier\"");
        writer.WriteLine("#KONTO 2440 \"Leverantörsskulder\"");
        writer.WriteLine("#KONTO 2920 \"Upplupna löner\"");
        writer.WriteLine("#KONTO 7831 \"Avskrivning inventarier\"");
        foreach (var (account, text) in moreAccounts)
        {
            writer.WriteLine($"#KONTO {account} \"{text}\"");
        }
    }

    private static void WriteVoucher(StreamWriter writer, int number, DateOnly date, string text,
        IReadOnlyList<(string Account, string? Unit, string? CostObject, decimal Amount)> rows) =>
        WriteVoucher(writer, number, date, text, rows.Select(r => new VoucherRow(r.Account, r.Unit, r.CostObject, null, r.Amount)).ToList());

    /// <summary>One row of a voucher: the account, the cost centre (dimension 1), the cost object (21) and the project code (6).</summary>
    internal sealed record VoucherRow(string Account, string? Unit, string? CostObject, string? Project, decimal Amount);

    internal static void WriteVoucher(StreamWriter writer, int number, DateOnly date, string text, IReadOnlyList<VoucherRow> rows)
    {
        writer.WriteLine($"#VER A {number} {date:yyyyMMdd} {SieText.Quote(text)}");
        writer.WriteLine("{");
        foreach (var row in rows)
        {
            var objects = new List<string>();
            if (row.Unit is not null)
            {
                objects.Add($"1 \"{row.Unit}\"");
            }
            if (row.Project is not null)
            {
                objects.Add($"6 {SieText.Quote(row.Project)}");
            }
            if (row.CostObject is not null)
            {
                objects.Add($"21 \"{row.CostObject}\"");
            }
            writer.WriteLine($"   #TRANS {row.Account} {{{string.Join(' ', objects)}}} {row.Amount.ToString("0.00", CultureInfo.InvariantCulture)}");
        }
        writer.WriteLine("}");
    }
}
