using GrantTracker.Domain.Common;

namespace GrantTracker.Domain.Agreements;

/// <summary>
/// A development area (utvecklingsområde) or, when it has a parent, a sub-area (delområde).
/// Its amount, when stated, is a ceiling: the allocation lines below it may not add up to more.
/// </summary>
public sealed class DevelopmentArea
{
    private DevelopmentArea() { }

    internal DevelopmentArea(Agreement agreement, string code, string name, decimal? amount, DevelopmentArea? parent, int sortOrder)
    {
        Agreement = agreement;
        Code = code;
        Name = name;
        Amount = amount;
        Parent = parent;
        SortOrder = sortOrder;
    }

    public int Id { get; private set; }
    public int AgreementId { get; private set; }
    public Agreement Agreement { get; private set; } = null!;
    public int? ParentId { get; private set; }
    public DevelopmentArea? Parent { get; private set; }
    public string Code { get; internal set; } = "";
    public string Name { get; internal set; } = "";
    public decimal? Amount { get; internal set; }
    public int SortOrder { get; internal set; }

    /// <summary>The national amount and rule this area's money comes from, where the agreement states one.</summary>
    public NationalKey? National { get; internal set; }

    /// <summary>This area and every area above it, nearest first.</summary>
    public IEnumerable<DevelopmentArea> SelfAndAncestors()
    {
        for (var a = this; a is not null; a = a.Parent)
        {
            yield return a;
        }
    }
}

/// <summary>An allocation line: an amount for a year, booked on a ledger cost object.</summary>
public sealed class AllocationLine
{
    private readonly List<Earmark> _earmarks = [];

    private AllocationLine() { }

    internal AllocationLine(Agreement agreement, DevelopmentArea area, string code)
    {
        Agreement = agreement;
        Area = area;
        Code = code;
    }

    public int Id { get; private set; }
    public int AgreementId { get; private set; }
    public Agreement Agreement { get; private set; } = null!;
    public int AreaId { get; private set; }
    public DevelopmentArea Area { get; internal set; } = null!;
    public string Code { get; internal set; } = "";
    public int Year { get; internal set; }
    public decimal Amount { get; internal set; }
    public string CostObjectCode { get; internal set; } = "";

    /// <summary>What the line is for, in the agreement's words ("Befolkningsdel", "Primärvård i landsbygd"): tells two lines of one area apart.</summary>
    public string? Name { get; internal set; }

    public string? Description { get; internal set; }

    /// <summary>The national amount and rule this line's money comes from, where the agreement states one per line.</summary>
    public NationalKey? National { get; internal set; }

    /// <summary>The line's code with its name, as pages and reports show it: "2.1.b Primärvård i landsbygd".</summary>
    public string Label => Name is null ? Code : $"{Code} {Name}";

    public const int NameMaxLength = 300;
    public const int DescriptionMaxLength = 2000;

    /// <summary>Ring-fenced money may not be used for anything else, and is included in its area's total.</summary>
    public bool RingFenced { get; internal set; }

    /// <summary>"Varav" amounts: parts of the line set aside for a purpose, e.g. primary care in rural areas.</summary>
    public IReadOnlyList<Earmark> Earmarks => _earmarks;

    internal void ReplaceEarmarks(IEnumerable<Earmark> earmarks)
    {
        _earmarks.Clear();
        _earmarks.AddRange(earmarks);
    }
}

/// <summary>A "varav" part of an allocation line.</summary>
public sealed record Earmark(string Name, decimal Amount);

/// <summary>The months in which a ledger cost object (objekt) belongs to an agreement.</summary>
public sealed class CostObjectPeriod
{
    private CostObjectPeriod() { }

    internal CostObjectPeriod(Agreement agreement, string costObjectCode, string name, YearMonth from, YearMonth to)
    {
        Agreement = agreement;
        CostObjectCode = costObjectCode;
        Name = name;
        From = from;
        To = to;
    }

    public int Id { get; private set; }
    public int AgreementId { get; private set; }
    public Agreement Agreement { get; private set; } = null!;
    public string CostObjectCode { get; private set; } = "";
    public string Name { get; internal set; } = "";
    public const int NameMaxLength = 200;
    public YearMonth From { get; internal set; }
    public YearMonth To { get; internal set; }

    public bool Contains(YearMonth month) => From <= month && month <= To;

    public bool Overlaps(YearMonth from, YearMonth to) => From <= to && from <= To;
}

/// <summary>A condition every decision document must show (seed 003, 3.3).</summary>
public sealed class AgreementCondition
{
    private AgreementCondition() { }

    internal AgreementCondition(Agreement agreement, string code, string text, string? source)
    {
        Agreement = agreement;
        Code = code;
        Text = text;
        Source = source;
    }

    public int Id { get; private set; }
    public int AgreementId { get; private set; }
    public Agreement Agreement { get; private set; } = null!;
    public string Code { get; internal set; } = "";
    public string Text { get; internal set; } = "";
    public string? Source { get; internal set; }

    public const int CodeMaxLength = 20;
    public const int TextMaxLength = 2000;
}

/// <summary>A report the region owes someone by a date: the final report to Socialstyrelsen, an action plan to SKL, ...</summary>
public sealed class ReportingObligation
{
    private ReportingObligation() { }

    internal ReportingObligation(Agreement agreement, ObligationKind kind, string title, string recipient, DateOnly dueDate, bool dueDateAssumed, string? note, string? source)
    {
        Agreement = agreement;
        Kind = kind;
        Title = title;
        Recipient = recipient;
        DueDate = dueDate;
        DueDateAssumed = dueDateAssumed;
        Note = note;
        Source = source;
    }

    public int Id { get; private set; }
    public int AgreementId { get; private set; }
    public Agreement Agreement { get; private set; } = null!;
    public ObligationKind Kind { get; internal set; }
    public string Title { get; internal set; } = "";
    public string Recipient { get; internal set; } = "";
    public DateOnly DueDate { get; internal set; }

    /// <summary>True where the seed gives no date and the region's own timetable was assumed.</summary>
    public bool DueDateAssumed { get; internal set; }
    public string? Note { get; internal set; }
    public string? Source { get; internal set; }

    /// <summary>Why the obligation was last changed after its report was sent (required then; kept in the audit trail with the change).</summary>
    public string? ChangeReason { get; internal set; }

    public const int TitleMaxLength = 300;
    public const int RecipientMaxLength = 200;
    public const int NoteMaxLength = 1000;
    public const int ChangeReasonMaxLength = 1000;

    /// <summary>Who answers for the report; the agreement's responsible when nobody is named.</summary>
    public string? Owner { get; private set; }
    public ObligationStatus Status { get; private set; }
    public DateOnly? SentOn { get; private set; }
    public string? SentBy { get; private set; }

    /// <summary>The file that was sent, kept as sent (<see cref="ObligationFile"/>).</summary>
    public int? SentFileId { get; private set; }

    public const int OwnerMaxLength = 200;

    public Result SetOwner(string? owner)
    {
        owner = string.IsNullOrWhiteSpace(owner) ? null : owner.Trim();
        if (owner is { Length: > OwnerMaxLength })
        {
            return Result.Fail(nameof(Owner), $"Ansvarig får vara högst {OwnerMaxLength} tecken.");
        }
        Owner = owner;
        return Result.Ok();
    }

    /// <summary>Ej påbörjad → Pågår.</summary>
    public Result Begin()
    {
        if (Status != ObligationStatus.EjPaborjad)
        {
            return Result.Fail(nameof(Status), Status == ObligationStatus.Pagar
                ? "Arbetet med rapporten pågår redan."
                : $"Rapporten är redan inskickad {SentOn:yyyy-MM-dd}.");
        }
        Status = ObligationStatus.Pagar;
        return Result.Ok();
    }

    /// <summary>→ Inskickad, with the day it was sent, who sent it and the file sent.</summary>
    public Result MarkSent(DateOnly sentOn, string sentBy, int? fileId, DateOnly today)
    {
        if (Status == ObligationStatus.Inskickad)
        {
            return Result.Fail(nameof(Status), $"Rapporten är redan inskickad {SentOn:yyyy-MM-dd}.");
        }
        if (sentOn > today)
        {
            return Result.Fail(nameof(SentOn), "Datumet då rapporten skickades kan inte ligga i framtiden.");
        }
        Status = ObligationStatus.Inskickad;
        SentOn = sentOn;
        SentBy = sentBy;
        SentFileId = fileId;
        return Result.Ok();
    }

    /// <summary>Undoes a submission recorded by mistake: back to Pågår; the file stays in the archive.</summary>
    public Result Reopen()
    {
        if (Status != ObligationStatus.Inskickad)
        {
            return Result.Fail(nameof(Status), "Bara en inskickad rapport kan öppnas igen.");
        }
        Status = ObligationStatus.Pagar;
        SentOn = null;
        SentBy = null;
        SentFileId = null;
        return Result.Ok();
    }
}

public enum ObligationStatus
{
    EjPaborjad = 0,
    Pagar = 1,
    Inskickad = 2,
}

public static class ObligationStatusText
{
    public static string Swedish(this ObligationStatus status) => status switch
    {
        ObligationStatus.Pagar => "Pågår",
        ObligationStatus.Inskickad => "Inskickad",
        _ => "Ej påbörjad",
    };
}

/// <summary>A file sent for a reporting obligation, kept as it was sent.</summary>
public sealed class ObligationFile
{
    public int Id { get; set; }
    public int ObligationId { get; set; }
    public string FileName { get; set; } = "";
    public string ContentType { get; set; } = "";
    public byte[] Content { get; set; } = [];
    public DateTime UploadedAtUtc { get; set; }
    public string UploadedBy { get; set; } = "";
}

/// <summary>The decision on an agreement's unused money for a year: paid back (with date and reference) or kept by agreement.</summary>
public sealed class UnusedFundsDecision
{
    public int Id { get; set; }
    public int AgreementId { get; set; }
    public int Year { get; set; }
    public decimal Amount { get; set; }
    public UnusedFundsOutcome Outcome { get; set; }

    /// <summary>When the repayment is planned: decided before paid (a final report is due 31 March), so it may lie ahead (issue 25).</summary>
    public DateOnly? PlannedOn { get; set; }

    /// <summary>When the money was paid back: a fact, so never a date after today.</summary>
    public DateOnly? PaidOn { get; set; }
    public string Reference { get; set; } = "";
    public string? Note { get; set; }
    public DateTime DecidedAtUtc { get; set; }
    public string DecidedBy { get; set; } = "";

    /// <summary>Who the money goes back to, as the conditions name it (Kammarkollegiet, Socialstyrelsen); issue 26.</summary>
    public string? Recipient { get; set; }

    /// <summary>The amount the grantor decided is to be paid back; null: the unused amount (<see cref="Amount"/>) as reported.</summary>
    public decimal? DecidedAmount { get; set; }

    /// <summary>The grantor's decision (its diary number), as against <see cref="Reference"/>, the payment's.</summary>
    public string? DecisionReference { get; set; }

    public const int RecipientMaxLength = 200;
    public const int DecisionReferenceMaxLength = 200;

    /// <summary>What is to be paid back: nothing when the region may keep the money.</summary>
    public decimal Repayment => Outcome == UnusedFundsOutcome.Aterbetalas ? DecidedAmount ?? Amount : 0;

    /// <summary>A repayment decided and not yet paid: it keeps the agreement from being closed out.</summary>
    public bool IsUnpaid => Repayment > 0 && PaidOn is null;
}

public enum UnusedFundsOutcome
{
    /// <summary>Paid back to the state (Socialstyrelsen/Kammarkollegiet).</summary>
    Aterbetalas = 0,

    /// <summary>The grantor agreed that the region may keep it for later use.</summary>
    FarBehallas = 1,
}

/// <summary>The officer's statement, for one year's final report, of how a condition of the agreement was met.</summary>
public sealed class ConditionStatement
{
    public const int MaxTextLength = 2000;

    public int Id { get; set; }
    public int AgreementId { get; set; }
    public int ConditionId { get; set; }
    public int Year { get; set; }
    public string Text { get; set; } = "";
    public DateTime WrittenAtUtc { get; set; }
    public string WrittenBy { get; set; } = "";
}

/// <summary>What a file attached to an agreement is.</summary>
public enum AgreementFileKind
{
    /// <summary>The agreement document itself, as signed or published (a PDF).</summary>
    AgreementDocument = 0,

    /// <summary>The region's decision to accept or apply the agreement, with its reference.</summary>
    Decision = 1,

    Other = 2,
}

public static class AgreementFileKindText
{
    public static string Swedish(this AgreementFileKind kind) => kind switch
    {
        AgreementFileKind.AgreementDocument => "Överenskommelsen",
        AgreementFileKind.Decision => "Regionens beslut",
        _ => "Övrigt",
    };
}

/// <summary>A file kept with an agreement (the agreement document, the region's decision), audited by size and fingerprint.</summary>
public sealed class AgreementFile
{
    public const int ReferenceMaxLength = 200;

    public int Id { get; set; }
    public int AgreementId { get; set; }
    public AgreementFileKind Kind { get; set; }

    /// <summary>The decision's reference (diary number, paragraph) or what the file is.</summary>
    public string? Reference { get; set; }
    public string FileName { get; set; } = "";
    public string ContentType { get; set; } = "";
    public byte[] Content { get; set; } = [];
    public DateTime UploadedAtUtc { get; set; }
    public string UploadedBy { get; set; } = "";

    /// <summary>
    /// A file to keep with the agreement, every problem at once. The file's type and size follow the rules of every attachment
    /// and are checked by the use case; what is checked here is what makes the file findable again: a decision without its
    /// reference is only a PDF.
    /// </summary>
    public static Result<AgreementFile> Create(int agreementId, AgreementFileKind kind, string? reference, string fileName, string contentType,
        byte[] content, DateTime uploadedAtUtc, string uploadedBy)
    {
        var errors = new ErrorList();
        reference = string.IsNullOrWhiteSpace(reference) ? null : reference.Trim();
        if (!Enum.IsDefined(kind))
        {
            errors.Add(nameof(Kind), "Välj vad filen är: överenskommelsen, regionens beslut eller övrigt.");
        }
        if (kind == AgreementFileKind.Decision && reference is null)
        {
            errors.Add(nameof(Reference), "Ange beslutets referens, till exempel RS 2023/456 § 12.");
        }
        if (reference is { Length: > ReferenceMaxLength })
        {
            errors.Add(nameof(Reference), $"Referensen får vara högst {ReferenceMaxLength} tecken.");
        }
        if (content is null || content.Length == 0)
        {
            errors.Add("File", "Välj filen att bifoga.");
        }
        return errors.ToResult(() => new AgreementFile
        {
            AgreementId = agreementId,
            Kind = kind,
            Reference = reference,
            FileName = fileName,
            ContentType = contentType,
            Content = content!,
            UploadedAtUtc = uploadedAtUtc,
            UploadedBy = uploadedBy,
        });
    }
}
