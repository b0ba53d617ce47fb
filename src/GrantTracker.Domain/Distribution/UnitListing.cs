namespace GrantTracker.Domain.Distribution;

/// <summary>
/// A primary-care unit (vårdenhet) in Hälsoval: its code (HSA-id or the region's own), name, the organisation that runs
/// it and its ownership. Payments and reports hang on the organisation number, so a listing never changes it silently.
/// </summary>
public sealed class CareUnit
{
    private CareUnit()
    {
    }

    public int Id { get; private set; }
    public string Code { get; private set; } = "";
    public string Name { get; private set; } = "";
    public string OrganisationNumber { get; private set; } = "";
    public Ownership Ownership { get; private set; }

    public static CareUnit From(ListedUnit unit) => new() { Code = unit.Code, Name = unit.Name, OrganisationNumber = unit.OrganisationNumber, Ownership = unit.Ownership };

    /// <summary>Takes a newer listing's name, organisation and ownership (the use case has shown a change to the officer first).</summary>
    public void Update(ListedUnit unit)
    {
        Name = unit.Name;
        OrganisationNumber = unit.OrganisationNumber;
        Ownership = unit.Ownership;
    }
}

/// <summary>The listed inhabitants of every unit on one date, as the listing file stated them. Listings are never changed; a new date adds one.</summary>
public sealed class UnitListing
{
    private readonly List<UnitListingRow> _rows = [];

    private UnitListing()
    {
    }

    public UnitListing(DateOnly asOf, string fileName, string sha256, DateTime importedAtUtc, string importedBy, IEnumerable<ListedUnit> units)
    {
        AsOf = asOf;
        FileName = fileName;
        Sha256 = sha256;
        ImportedAtUtc = importedAtUtc;
        ImportedBy = importedBy;
        _rows.AddRange(units.Select(UnitListingRow.From));
    }

    public int Id { get; private set; }
    public DateOnly AsOf { get; private set; }
    public string FileName { get; private set; } = "";
    public string Sha256 { get; private set; } = "";
    public DateTime ImportedAtUtc { get; private set; }
    public string ImportedBy { get; private set; } = "";
    public IReadOnlyList<UnitListingRow> Rows => _rows;
}

/// <summary>One unit as a listing states it: organisation, ownership, distance, CNI and listed per age band on the listing's date.</summary>
public sealed class UnitListingRow
{
    private UnitListingRow()
    {
    }

    public int Id { get; private set; }
    public int ListingId { get; private set; }
    public string UnitCode { get; private set; } = "";
    public string Name { get; private set; } = "";
    public string OrganisationNumber { get; private set; } = "";
    public Ownership Ownership { get; private set; }
    public decimal DistanceKm { get; private set; }
    public decimal Cni { get; private set; }

    /// <summary>Listed inhabitants per <see cref="AgeBands"/> band, separated by semicolons (21 numbers).</summary>
    public string ListedByBand { get; private set; } = "";

    public int TotalListed { get; private set; }

    public static UnitListingRow From(ListedUnit unit) => new()
    {
        UnitCode = unit.Code, Name = unit.Name, OrganisationNumber = unit.OrganisationNumber, Ownership = unit.Ownership,
        DistanceKm = unit.DistanceKm, Cni = unit.Cni, ListedByBand = string.Join(';', unit.Listed), TotalListed = unit.TotalListed,
    };

    public ListedUnit ToListedUnit() => new(UnitCode, Name, OrganisationNumber, Ownership, DistanceKm, Cni,
        [.. ListedByBand.Split(';').Select(int.Parse)]);
}
