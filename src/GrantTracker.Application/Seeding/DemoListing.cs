using System.Globalization;
using System.Text;
using GrantTracker.Application.Data;
using GrantTracker.Application.Features.Distribution;
using GrantTracker.Application.Imports;
using GrantTracker.Domain.Distribution;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Seeding;

/// <summary>
/// Demo mode's Hälsoval listing: the county's primary-care units, with the public units' real place names, approximate
/// road distances to Östersund hospital and generated listed inhabitants (about 130 000 in all, with an older population
/// in the inland). Two private units carry neutral names. Deterministic (a fixed seed) and imported through the real
/// listing import as a CSV file.
/// </summary>
public static class DemoListing
{
    public const string FileName = "demo-listning-2022-12-31.csv";
    public static readonly DateOnly AsOf = new(2022, 12, 31);
    private const int Seed = 2022;

    /// <summary>The organisation that runs the private unit P-0001 (Privat hälsocentral Östersund): the demo Utförare's.</summary>
    public static readonly string ProviderOrganisation = OrganisationNumberWithCheck("556712345");

    /// <summary>The unit the demo Utförare runs.</summary>
    public const string ProviderUnitCode = "P-0001";

    // Code, name, km to Östersund, about how many listed, whether private.
    private static readonly (string Code, string Name, int Km, int Size, bool Private)[] Units =
    [
        ("SE2321000222-HC01", "Hälsocentralen Odenslund", 2, 11_000, false),
        ("SE2321000222-HC02", "Hälsocentralen Lugnvik", 4, 9_500, false),
        ("SE2321000222-HC03", "Hälsocentralen Z-gränd", 1, 10_500, false),
        ("SE2321000222-HC04", "Hälsocentralen Torvalla", 5, 8_500, false),
        ("SE2321000222-HC05", "Hälsocentralen Frösön", 6, 9_000, false),
        ("SE2321000222-HC06", "Hälsocentralen Brunflo", 20, 6_000, false),
        ("SE2321000222-HC07", "Hälsocentralen Krokom", 22, 7_500, false),
        ("SE2321000222-HC08", "Hälsocentralen Lit", 28, 3_200, false),
        ("SE2321000222-HC09", "Hälsocentralen Järpen", 62, 4_100, false),
        ("SE2321000222-HC10", "Hälsocentralen Bräcke", 72, 3_900, false),
        ("SE2321000222-HC11", "Hälsocentralen Föllinge", 75, 1_600, false),
        ("SE2321000222-HC12", "Hälsocentralen Hammerdal", 80, 2_600, false),
        ("SE2321000222-HC13", "Hälsocentralen Svenstavik", 88, 3_000, false),
        ("SE2321000222-HC14", "Hälsocentralen Kälarne", 95, 1_500, false),
        ("SE2321000222-HC15", "Hälsocentralen Åre", 98, 5_800, false),
        ("SE2321000222-HC16", "Hälsocentralen Hammarstrand", 100, 2_900, false),
        ("SE2321000222-HC17", "Hälsocentralen Strömsund", 105, 5_600, false),
        ("SE2321000222-HC18", "Hälsocentralen Backe", 135, 1_700, false),
        ("SE2321000222-HC19", "Hälsocentralen Hede", 165, 2_100, false),
        ("SE2321000222-HC20", "Hälsocentralen Sveg", 195, 4_300, false),
        ("SE2321000222-HC21", "Hälsocentralen Funäsdalen", 210, 2_200, false),
        ("SE2321000222-HC22", "Hälsocentralen Gäddede", 225, 1_300, false),
        ("P-0001", "Privat hälsocentral Östersund", 1, 9_800, true),
        ("P-0002", "Privat hälsocentral Åre", 99, 2_400, true),
    ];

    // The county's age pyramid, per cent per band (0–4 … 100+); the inland is older.
    private static readonly double[] Pyramid = [5.0, 5.5, 5.8, 5.6, 5.6, 6.0, 6.0, 6.0, 6.0, 6.2, 6.4, 6.7, 6.4, 6.0, 6.0, 5.0, 3.3, 1.8, 0.8, 0.2, 0.02];

    /// <summary>Imports the demo listing once: nothing happens when any listing exists.</summary>
    public static async Task<UnitListingImportResult?> EnsureAsync(AppDbContext db, IMediator mediator, CancellationToken ct = default)
    {
        if (await db.UnitListings.AnyAsync(ct))
        {
            return null;
        }
        var path = Path.Combine(Path.GetTempPath(), $"granttracker-demo-{Guid.NewGuid():N}.csv");
        try
        {
            await File.WriteAllTextAsync(path, Csv(), new UTF8Encoding(true), ct);
            return await mediator.Send(new ImportUnitListingCommand(path, FileName, AsOf), ct);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>The listing file, as the region's listing system would export it.</summary>
    public static string Csv()
    {
        var random = new Random(Seed);
        var text = new StringBuilder(UnitListingReader.HeaderLine).Append("\r\n");
        var region = OrganisationNumberWithCheck("232100022");
        var privateNumbers = new[] { OrganisationNumberWithCheck("556712345"), OrganisationNumberWithCheck("559001234") };
        var privateIndex = 0;
        foreach (var unit in Units)
        {
            var inland = Math.Min(1.0, unit.Km / 150.0);
            var weights = Pyramid.Select((p, band) => p * (band >= 13 ? 1 + 0.5 * inland : band is >= 5 and <= 9 ? 1 - 0.25 * inland : 1) * (0.9 + 0.2 * random.NextDouble())).ToArray();
            var size = unit.Size * (0.95 + 0.1 * random.NextDouble());
            var counts = weights.Select(w => (int)Math.Round(size * w / weights.Sum())).ToArray();
            var cni = Math.Round(0.8m + (decimal)random.NextDouble() * 0.5m, 2);
            var organisation = unit.Private ? privateNumbers[privateIndex++] : region;
            text.Append(string.Join(';', new[]
            {
                unit.Code, unit.Name, organisation, unit.Private ? "Privat" : "Offentlig", unit.Km.ToString(CultureInfo.InvariantCulture),
                cni.ToString("0.00", CultureInfo.GetCultureInfo("sv-SE")),
            }.Concat(counts.Select(c => c.ToString(CultureInfo.InvariantCulture))))).Append("\r\n");
        }
        return text.ToString();
    }

    /// <summary>Nine digits and the Luhn check digit that makes them a valid organisation number.</summary>
    internal static string OrganisationNumberWithCheck(string nine)
    {
        for (var check = 0; check <= 9; check++)
        {
            var digits = nine + check;
            if (OrganisationNumber.LuhnValid(digits))
            {
                return $"{digits[..6]}-{digits[6..]}";
            }
        }
        throw new ArgumentException("No check digit", nameof(nine));
    }
}
