using System.Globalization;
using System.Text;

namespace GrantTracker.Bench;

/// <summary>
/// Writes a realistic full-year SIE 4 export: balanced vouchers of two to six rows, most on objects the
/// region does not track, a share on the grant objects (9916, 9917, 9942, 9943), costs on 4000–7999
/// against 1930/2440, code page 437 as the standard says. Deterministic for a given seed.
/// With <c>reconciliationMix</c> (the reconciliation benchmark) the object rows also carry some income (3xxx),
/// investment (12xx) and accrual (29xx) accounts and, on about a third of them, a project code in dimension 6;
/// without it the file is the same as before, byte for byte.
/// </summary>
public static class SieGenerator
{
    private static readonly string[] Tracked = ["9916", "9917", "9942", "9943"];
    private static readonly string[] CostAccounts = ["4010", "4610", "5010", "5410", "5611", "6110", "6420", "6550", "7010", "7831"];
    private static readonly string[] IncomeAccounts = ["3010", "3510", "3990"];
    private static readonly string[] InvestmentAccounts = ["1220", "1250"];
    private static readonly string[] AccrualAccounts = ["2970", "2990"];
    private static readonly string[] Texts = ["Lön januari", "Konsultarvode", "Utbildning sjuksköterskor", "Resor Östersund", "Licens journal", "Material vårdcentral", "Hyra lokal Åre"];

    /// <param name="trackedShare">The share of all #TRANS rows that carry a tracked object, 0.3 for 30 %.</param>
    /// <param name="reconciliationMix">Object rows: 94 % cost, 2 % each income, investment and accrual accounts; a third with one of the object's five project codes.</param>
    /// <returns>The number of #TRANS rows written and how many of them carry a tracked object.</returns>
    public static (long Rows, long TrackedRows) Write(string path, long targetRows, double trackedShare, int year = 2023, int seed = 4711, bool reconciliationMix = false)
    {
        var random = new Random(seed);
        using var writer = new StreamWriter(path, false, GrantTracker.Application.Imports.Sie.SieEncoding.Cp437) { NewLine = "\r\n" };
        writer.WriteLine("#FLAGGA 0");
        writer.WriteLine("#PROGRAM \"GrantTracker bench\" 1.0");
        writer.WriteLine("#FORMAT PC8");
        writer.WriteLine("#GEN 20240115");
        writer.WriteLine("#SIETYP 4");
        writer.WriteLine("#FNAMN \"Region Jämtland Härjedalen\"");
        writer.WriteLine($"#RAR 0 {year}0101 {year}1231");
        writer.WriteLine("#DIM 1 \"Ansvar\"");
        writer.WriteLine("#DIM 6 \"Projekt\"");
        writer.WriteLine("#DIM 20 \"Objekt\"");
        writer.WriteLine("#KONTO 1930 \"Bank\"");
        writer.WriteLine("#KONTO 2440 \"Leverantörsskulder\"");
        foreach (var account in CostAccounts)
        {
            writer.WriteLine($"#KONTO {account} \"Kostnad {account}\"");
        }
        if (reconciliationMix)
        {
            foreach (var account in IncomeAccounts.Concat(InvestmentAccounts).Concat(AccrualAccounts))
            {
                writer.WriteLine($"#KONTO {account} \"Konto {account}\"");
            }
        }
        // Vouchers have 1–5 cost rows (3 on average) and one balancing row without an object, so a cost row
        // carries a tracked object with probability share × 4/3 for that share of all rows.
        var perCostRow = Math.Min(1.0, trackedShare * 4 / 3);
        long rows = 0, tracked = 0;
        var voucher = 0;
        var inv = CultureInfo.InvariantCulture;
        while (rows < targetRows)
        {
            voucher++;
            var date = new DateOnly(year, 1, 1).AddDays(random.Next(365));
            var costRows = Math.Min(random.Next(1, 6), (int)Math.Max(1, targetRows - rows - 1));
            writer.WriteLine($"#VER A {voucher} {date:yyyyMMdd} \"{Texts[random.Next(Texts.Length)]}\"");
            writer.WriteLine("{");
            var total = 0L;
            for (var i = 0; i < costRows; i++)
            {
                var ore = random.Next(10_000, 5_000_000);
                total += ore;
                var isTracked = random.NextDouble() < perCostRow;
                var obj = isTracked ? Tracked[random.Next(Tracked.Length)] : (8000 + random.Next(900)).ToString(inv);
                var account = CostAccounts[random.Next(CostAccounts.Length)];
                var project = "";
                if (reconciliationMix)
                {
                    var kind = random.Next(100);
                    if (kind >= 94)
                    {
                        // Income is a credit; accruals go either way; investments are debits like costs.
                        account = kind switch
                        {
                            < 96 => IncomeAccounts[random.Next(IncomeAccounts.Length)],
                            < 98 => InvestmentAccounts[random.Next(InvestmentAccounts.Length)],
                            _ => AccrualAccounts[random.Next(AccrualAccounts.Length)],
                        };
                        if (kind < 96 || (kind >= 98 && random.Next(2) == 0))
                        {
                            total -= 2 * ore;
                            ore = -ore;
                        }
                    }
                    if (random.Next(3) == 0)
                    {
                        // Each object's own activities: five project codes per object.
                        project = $" 6 \"{obj}{random.Next(1, 6)}\"";
                    }
                }
                writer.WriteLine($"   #TRANS {account} {{1 \"{410 + random.Next(40)}\"{project} 20 \"{obj}\"}} {Amount(ore)} {date:yyyyMMdd} \"{Texts[random.Next(Texts.Length)]}\"");
                rows++;
                if (isTracked)
                {
                    tracked++;
                }
            }
            writer.WriteLine($"   #TRANS {(random.Next(2) == 0 ? "1930" : "2440")} {{}} {Amount(-total)}");
            rows++;
            writer.WriteLine("}");
        }
        return (rows, tracked);

        static string Amount(long ore) => (ore / 100m).ToString("0.00", CultureInfo.InvariantCulture);
    }
}
