using GrantTracker.Domain.Common;

namespace GrantTracker.Domain.Ledger;

/// <summary>
/// A booked ledger row on a cost object an agreement tracks, as imported. Rows are written in bulk by the
/// importer (not through the change tracker) and replaced month by month when a later export covers them.
/// </summary>
public sealed class LedgerEntry
{
    public long Id { get; set; }
    public int ImportId { get; set; }
    public string Source { get; set; } = "";
    public YearMonth Month { get; set; }
    public string VoucherSeries { get; set; } = "";
    public string VoucherNumber { get; set; } = "";
    public DateOnly VoucherDate { get; set; }
    public DateOnly RowDate { get; set; }
    public string Account { get; set; } = "";

    /// <summary>The account as a number, for the account-class ranges (cost 4000–7999, income 3000–3999, assets 1000–1299).</summary>
    public int AccountNumber { get; set; }
    public decimal Amount { get; set; }
    public string CostObject { get; set; } = "";
    public string? CostCentre { get; set; }
    public string? Project { get; set; }
    public string? Text { get; set; }

    /// <summary>The line (or sheet row) in the imported file, so every figure can be traced to its source.</summary>
    public int Line { get; set; }
}

public enum ImportStatus
{
    Importerad = 0,
    Oforandrad = 1,
    Avvisad = 2,
    Provkord = 3,

    /// <summary>A web import the app stopped in the middle of (queued or running): nothing of it was written.</summary>
    Avbruten = 4,
}

/// <summary>One import of a ledger file: what it covered, what it changed, who did it.</summary>
public sealed class LedgerImport
{
    public int Id { get; set; }
    public string FileName { get; set; } = "";
    public string Sha256 { get; set; } = "";
    public string Format { get; set; } = "";
    public string? Encoding { get; set; }
    public string Source { get; set; } = "";
    public DateTime ImportedAtUtc { get; set; }
    public string UserName { get; set; } = "";
    public YearMonth? FirstMonth { get; set; }
    public YearMonth? LastMonth { get; set; }
    public long RowsRead { get; set; }
    public long RowsStored { get; set; }
    public long RowsReplaced { get; set; }
    public long SkippedOtherObject { get; set; }
    public long SkippedNoObject { get; set; }
    public ImportStatus Status { get; set; }
    public int ErrorCount { get; set; }

    /// <summary>The first errors, one per line, when the file was refused.</summary>
    public string? Errors { get; set; }
}

/// <summary>
/// A month finance has closed for an agreement: imports may not change it until it is reopened. Reopening
/// needs a reason and keeps the row (the audit trail holds every close and reopen); closing again reuses it.
/// </summary>
public sealed class ClosedMonth
{
    public int Id { get; set; }
    public int AgreementId { get; set; }
    public YearMonth Month { get; set; }
    public DateTime ClosedAtUtc { get; set; }
    public string ClosedBy { get; set; } = "";
    public DateTime? ReopenedAtUtc { get; set; }
    public string? ReopenedBy { get; set; }
    public string? ReopenReason { get; set; }

    public bool IsClosed => ReopenedAtUtc is null;
}
