using GrantTracker.Domain.Common;

namespace GrantTracker.Domain.Reconciliation;

/// <summary>The kinds of reconciliation exception (their JSON names in the CLI are camel case).</summary>
public enum ExceptionKind
{
    /// <summary>Rows on fixed-asset accounts on a tracked object.</summary>
    Investment = 0,

    /// <summary>A line booked above its allocation.</summary>
    Overspent = 1,

    /// <summary>A ring-fenced line booked above its amount.</summary>
    RingFenced = 2,

    /// <summary>Rows on a tracked object dated outside every period of the object.</summary>
    OutsidePeriod = 3,

    /// <summary>Rows mapped to an activity that is not approved or has already ended.</summary>
    Activity = 4,
}

/// <summary>
/// An Ekonom's note on an exception: an annotation explains it, a resolution closes it. Either lets the month
/// be closed. The exception is named by its kind, cost object and key (the line code, the project code or the month), and the
/// note belongs to the exception as it stood when written: the month reconciled, its amount and its rows. It covers that month and
/// later months while the exception is unchanged; new rows of the same kind make a new exception that needs its own note. Notes
/// written before this rule (no month) cover their exception whatever it amounts to.
/// </summary>
public sealed class ExceptionNote : IVersioned
{
    public int Id { get; set; }
    public int AgreementId { get; set; }
    public ExceptionKind Kind { get; set; }
    public string CostObject { get; set; } = "";
    public string Key { get; set; } = "";

    /// <summary>The month reconciled when the note was written; null for a note from before notes were tied to a month.</summary>
    public YearMonth? Month { get; set; }

    /// <summary>The exception's amount when the note was written.</summary>
    public decimal? Amount { get; set; }

    /// <summary>The exception's number of ledger rows when the note was written.</summary>
    public long? Rows { get; set; }

    public string Text { get; set; } = "";
    public bool Resolved { get; set; }
    public DateTime WrittenAtUtc { get; set; }
    public string WrittenBy { get; set; } = "";
    public long Version { get; set; }

    public const int MaxTextLength = 1000;

    /// <summary>The note was written for the exception as it stands now (or was written before notes were tied to a month).</summary>
    public bool Covers(decimal amount, long rows) => Month is null || (Amount == amount && Rows == rows);
}

/// <summary>A payment of the grant received from the state (or SKR), for the accruals.</summary>
public sealed class GrantPayment
{
    public int Id { get; set; }
    public int AgreementId { get; set; }
    public DateOnly Date { get; set; }
    public decimal Amount { get; set; }
    public string Reference { get; set; } = "";
    public DateTime RecordedAtUtc { get; set; }
    public string RecordedBy { get; set; } = "";
}

/// <summary>
/// An Ekonom's move of ledger rows from the line the rules give them to another line of the same object. The
/// rows are named by what survives a re-import of a cumulative export: source, voucher, date, account, object
/// and amount (identical rows in one voucher move together).
/// </summary>
public sealed class RowAssignment
{
    public int Id { get; set; }
    public int AgreementId { get; set; }
    public int LineId { get; set; }
    public string Source { get; set; } = "";
    public YearMonth Month { get; set; }
    public string VoucherSeries { get; set; } = "";
    public string VoucherNumber { get; set; } = "";
    public DateOnly VoucherDate { get; set; }
    public string Account { get; set; } = "";
    public string CostObject { get; set; } = "";
    public decimal Amount { get; set; }
    public string Reason { get; set; } = "";
    public DateTime AssignedAtUtc { get; set; }
    public string AssignedBy { get; set; } = "";
}
