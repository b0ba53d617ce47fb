using GrantTracker.Domain.Common;

namespace GrantTracker.Domain.Distribution;

/// <summary>
/// A unit's report back on its part of a decided distribution: what the money was used for, how much was used and the
/// outcome, with attachments. The provider submits it and may correct it until an officer marks it received; the deadline
/// is the distribution's, and a late report is still taken (and shown as late).
/// </summary>
public sealed class UnitReport : IVersioned
{
    public const int MaxTextLength = 4000;

    private readonly List<UnitReportFile> _files = [];

    private UnitReport()
    {
    }

    public int Id { get; private set; }
    public int DistributionId { get; private set; }
    public string UnitCode { get; private set; } = "";
    public string OrganisationNumber { get; private set; } = "";
    public string Use { get; private set; } = "";
    public decimal AmountUsed { get; private set; }
    public string Outcome { get; private set; } = "";
    public string SubmittedBy { get; private set; } = "";
    public DateTime SubmittedAtUtc { get; private set; }
    public string? ReceivedBy { get; private set; }
    public DateTime? ReceivedAtUtc { get; private set; }
    public long Version { get; set; }
    public IReadOnlyList<UnitReportFile> Files => _files;

    public bool Received => ReceivedAtUtc is not null;

    public static Result<UnitReport> Submit(Distribution distribution, DistributionRow row, string? use, decimal? amountUsed, string? outcome, string by, DateTime atUtc)
    {
        if (distribution.Status != DistributionStatus.Beslutad)
        {
            return Result.Fail<UnitReport>("", "Fördelningen är inte beslutad än. Återrapporten lämnas när den är beslutad.");
        }
        var errors = Check(use, amountUsed, outcome);
        return errors.ToResult(() => new UnitReport
        {
            DistributionId = distribution.Id, UnitCode = row.UnitCode, OrganisationNumber = row.OrganisationNumber, Use = use!.Trim(),
            AmountUsed = amountUsed!.Value, Outcome = outcome!.Trim(), SubmittedBy = by, SubmittedAtUtc = atUtc,
        });
    }

    /// <summary>The provider corrects its report; refused once an officer has marked it received.</summary>
    public Result Correct(string? use, decimal? amountUsed, string? outcome, string by, DateTime atUtc)
    {
        if (Received)
        {
            return Result.Fail("", $"Återrapporten markerades som mottagen {ReceivedAtUtc:yyyy-MM-dd} av {ReceivedBy} och kan inte ändras. Kontakta handläggaren om något är fel.");
        }
        var errors = Check(use, amountUsed, outcome);
        if (errors.Any)
        {
            return errors.ToResult();
        }
        Use = use!.Trim();
        AmountUsed = amountUsed!.Value;
        Outcome = outcome!.Trim();
        SubmittedBy = by;
        SubmittedAtUtc = atUtc;
        return Result.Ok();
    }

    public Result AddFile(UnitReportFile file)
    {
        if (Received)
        {
            return Result.Fail("", "Återrapporten är markerad som mottagen: inga fler bilagor kan läggas till.");
        }
        _files.Add(file);
        return Result.Ok();
    }

    /// <summary>An officer has read the report and takes it: the provider can no longer change it.</summary>
    public Result MarkReceived(string by, DateTime atUtc)
    {
        if (Received)
        {
            return Result.Fail("", $"Återrapporten är redan markerad som mottagen ({ReceivedAtUtc:yyyy-MM-dd}, {ReceivedBy}).");
        }
        ReceivedBy = by;
        ReceivedAtUtc = atUtc;
        return Result.Ok();
    }

    private static ErrorList Check(string? use, decimal? amountUsed, string? outcome)
    {
        var errors = new ErrorList();
        if (string.IsNullOrWhiteSpace(use) || use.Trim().Length > MaxTextLength)
        {
            errors.Add(nameof(Use), $"Beskriv vad pengarna användes till (högst {MaxTextLength} tecken).");
        }
        if (amountUsed is not { } amount || amount < 0)
        {
            errors.Add(nameof(AmountUsed), "Ange hur mycket som användes i kronor, till exempel 850 000 (0 om inget användes).");
        }
        if (string.IsNullOrWhiteSpace(outcome) || outcome.Trim().Length > MaxTextLength)
        {
            errors.Add(nameof(Outcome), $"Beskriv resultatet av insatsen (högst {MaxTextLength} tecken).");
        }
        return errors;
    }
}

/// <summary>An attachment to a unit's report, kept as it was uploaded (bytes in the database, as the report files are).</summary>
public sealed class UnitReportFile
{
    public int Id { get; set; }
    public int UnitReportId { get; set; }
    public string FileName { get; set; } = "";
    public string ContentType { get; set; } = "";
    public byte[] Content { get; set; } = [];
    public DateTime UploadedAtUtc { get; set; }
    public string UploadedBy { get; set; } = "";
}

/// <summary>
/// An organisation number a provider's user (Utförare) acts for: the user sees the distributions, payments and reports of
/// the units that organisation runs. A user may act for several organisations; an organisation may have several users.
/// </summary>
public sealed class ProviderOrganisation
{
    public int Id { get; set; }
    public string UserId { get; set; } = "";
    public string OrganisationNumber { get; set; } = "";
}
