using GrantTracker.Domain.Common;

namespace GrantTracker.Domain.Distribution;

public enum DistributionStatus
{
    Utkast,
    Beslutad,
}

/// <summary>
/// A pot of an allocation line split over the units of a listing by a key: saved as a draft with every unit's amount,
/// then decided by a Beslutsfattare with the decision's reference, and locked from then on. A changed listing or key
/// needs a new distribution: what was decided is what is paid.
/// </summary>
public sealed class Distribution : IVersioned
{
    private readonly List<DistributionRow> _rows = [];

    private Distribution()
    {
    }

    public int Id { get; private set; }
    public string Name { get; private set; } = "";
    public int AgreementId { get; private set; }
    public int LineId { get; private set; }
    public string LineCode { get; private set; } = "";
    public string CostObjectCode { get; private set; } = "";
    public decimal Amount { get; private set; }
    public DistributionKey Key { get; private set; }
    public int ModelYear { get; private set; }
    public int ListingId { get; private set; }
    public DateOnly ListingAsOf { get; private set; }
    public DistributionStatus Status { get; private set; }
    public string CreatedBy { get; private set; } = "";
    public DateTime CreatedAtUtc { get; private set; }
    public string? DecisionReference { get; private set; }
    public string? DecidedBy { get; private set; }
    public DateTime? DecidedAtUtc { get; private set; }

    /// <summary>The last day for the units to report back how they used the money; set when the distribution is decided.</summary>
    public DateOnly? ReportDeadline { get; private set; }
    public long Version { get; set; }
    public IReadOnlyList<DistributionRow> Rows => _rows;

    public decimal Public => _rows.Where(r => r.Ownership == Ownership.Offentlig).Sum(r => r.Amount);

    public decimal Private => _rows.Where(r => r.Ownership == Ownership.Privat).Sum(r => r.Amount);

    public static Result<Distribution> Create(string name, int agreementId, int lineId, string lineCode, string costObjectCode, int listingId, DateOnly listingAsOf,
        DistributionResult result, string createdBy, DateTime atUtc)
    {
        var errors = new ErrorList();
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > 200)
        {
            errors.Add(nameof(Name), "Ge fördelningen ett namn (högst 200 tecken), till exempel ”24 mkr till vårdenheterna 2023”.");
        }
        if (result.Units.Sum(u => u.Amount) != result.Total)
        {
            errors.Add(nameof(Amount), "Vårdenheternas belopp summerar inte till beloppet att fördela.");
        }
        return errors.ToResult(() =>
        {
            var distribution = new Distribution
            {
                Name = name.Trim(), AgreementId = agreementId, LineId = lineId, LineCode = lineCode, CostObjectCode = costObjectCode, Amount = result.Total,
                Key = result.Key, ModelYear = result.ModelYear, ListingId = listingId, ListingAsOf = listingAsOf, Status = DistributionStatus.Utkast,
                CreatedBy = createdBy, CreatedAtUtc = atUtc,
            };
            distribution._rows.AddRange(result.Units.Select(u => new DistributionRow(u)));
            return distribution;
        });
    }

    /// <summary>
    /// Decides the distribution with the decision's reference (diary number or minutes paragraph) and the units' report
    /// deadline; from then on it is locked.
    /// </summary>
    public Result Decide(string? reference, DateOnly? reportDeadline, DateOnly today, string by, DateTime atUtc)
    {
        if (Status == DistributionStatus.Beslutad)
        {
            return Result.Fail(nameof(Status), $"Fördelningen beslutades {DecidedAtUtc:yyyy-MM-dd} av {DecidedBy} och är låst. Gör en ny fördelning om något ska ändras.");
        }
        if (string.IsNullOrWhiteSpace(reference) || reference.Trim().Length > 200)
        {
            return Result.Fail(nameof(DecisionReference), "Ange beslutets diarienummer eller paragraf, till exempel RS/123/2023 § 45.");
        }
        if (reportDeadline is not { } deadline || deadline <= today)
        {
            return Result.Fail(nameof(ReportDeadline), "Ange sista dag för vårdenheternas återrapport, ett datum efter i dag (ÅÅÅÅ-MM-DD).");
        }
        ReportDeadline = deadline;
        Status = DistributionStatus.Beslutad;
        DecisionReference = reference.Trim();
        DecidedBy = by;
        DecidedAtUtc = atUtc;
        return Result.Ok();
    }
}

/// <summary>A unit's part of a distribution, with the unit's organisation and ownership as the listing stated them.</summary>
public sealed class DistributionRow
{
    private DistributionRow()
    {
    }

    internal DistributionRow(UnitShare share)
    {
        UnitCode = share.Code;
        Name = share.Name;
        OrganisationNumber = share.OrganisationNumber;
        Ownership = share.Ownership;
        Points = share.Points;
        Share = share.Share;
        Amount = share.Amount;
        ProjectCode = ProjectCodeFor(share.Code);
    }

    /// <summary>
    /// The project code the unit's costs are booked with on the line's cost object: the unit's code, the one identifier
    /// the ledger and the listing share (project codes hold 40 characters, as unit codes do).
    /// </summary>
    public static string ProjectCodeFor(string unitCode) => unitCode.Trim();

    public int Id { get; private set; }
    public int DistributionId { get; private set; }
    public string UnitCode { get; private set; } = "";
    public string Name { get; private set; } = "";
    public string OrganisationNumber { get; private set; } = "";
    public Ownership Ownership { get; private set; }
    public decimal Points { get; private set; }
    public decimal Share { get; private set; }
    public decimal Amount { get; private set; }

    /// <summary>The project code for the unit's bookings on the line's cost object (<see cref="ProjectCodeFor"/> unless changed).</summary>
    public string ProjectCode { get; private set; } = "";

    /// <summary>
    /// Another project code for the unit's bookings, when the ledger's project codes are not the unit codes. Bookkeeping,
    /// not part of the decision: allowed on a decided distribution too.
    /// </summary>
    public Result SetProjectCode(string? code)
    {
        var trimmed = code?.Trim() ?? "";
        if (trimmed.Length is 0 or > 40)
        {
            return Result.Fail(nameof(ProjectCode), "Ange projektkoden som vårdenhetens kostnader bokförs med (högst 40 tecken), till exempel " + ProjectCodeFor(UnitCode) + ".");
        }
        ProjectCode = trimmed;
        return Result.Ok();
    }
}
