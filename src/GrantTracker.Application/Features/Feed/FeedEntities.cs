namespace GrantTracker.Application.Features.Feed;

// The read feed's entities (issue 27, ADR 28): what the region's own tools (Power BI, Excel) read through /odata. Names are
// English because the feed is for tools; the user guide documents each one in Swedish. Amounts are kronor as decimals, dates
// are dates (ISO 8601 on the wire), statuses are the Swedish terms the pages show. They are built from the database once per
// change of the data (FeedData, cached under the audit trail's last id) and never changed after: a request that must hide
// something (an Utförare's scope) gets copies (FeedScope).

/// <summary>An agreement (överenskommelse). <see cref="RegionAllocation"/> and <see cref="NationalTotal"/> are null for an Utförare.</summary>
public sealed class FeedAgreement
{
    public int Id { get; init; }
    public string Code { get; init; } = "";
    public string Name { get; init; } = "";
    public string Counterparty { get; init; } = "";
    public string? DiaryNumber { get; init; }
    public DateOnly StartDate { get; init; }
    public DateOnly EndDate { get; init; }
    public string Status { get; init; } = "";
    public decimal? NationalTotal { get; init; }
    public decimal? RegionAllocation { get; init; }
    public string? Responsible { get; init; }
    public DateOnly? ClosedOn { get; init; }
    public IList<FeedArea> Areas { get; init; } = [];
    public IList<FeedLine> Lines { get; init; } = [];
    public IList<FeedCostObject> CostObjects { get; init; } = [];
    public IList<FeedObligation> Obligations { get; init; } = [];
}

/// <summary>A development area (utvecklingsområde), or a sub-area when <see cref="ParentId"/> is set.</summary>
public sealed class FeedArea
{
    public int Id { get; init; }
    public int AgreementId { get; init; }
    public int? ParentId { get; init; }
    public string Code { get; init; } = "";
    public string Name { get; init; } = "";
    public decimal? Amount { get; init; }
    public int SortOrder { get; init; }
}

/// <summary>An allocation line (fördelningsrad): an area's money for a year on a cost object.</summary>
public sealed class FeedLine
{
    public int Id { get; init; }
    public int AgreementId { get; init; }
    public int AreaId { get; init; }
    public string Code { get; init; } = "";
    public string? Name { get; init; }
    public int Year { get; init; }
    public decimal Amount { get; init; }
    public string CostObjectCode { get; init; } = "";
    public bool RingFenced { get; init; }
}

/// <summary>A cost object (kostnadsställe/objekt) of an agreement for a period of months.</summary>
public sealed class FeedCostObject
{
    public int Id { get; init; }
    public int AgreementId { get; init; }
    public string Code { get; init; } = "";
    public string Name { get; init; } = "";
    /// <summary>The first month, "yyyy-MM".</summary>
    public string FromMonth { get; init; } = "";
    /// <summary>The last month, "yyyy-MM".</summary>
    public string ToMonth { get; init; } = "";
    public DateOnly FirstDay { get; init; }
    public DateOnly LastDay { get; init; }
}

/// <summary>One year's budget of an activity.</summary>
public sealed class FeedBudgetYear
{
    public int Year { get; init; }
    public decimal Amount { get; init; }
}

/// <summary>
/// An activity (insats). <see cref="DecidedAmount"/> is its budget when decided (Beslutad, Pågående, Avslutad, Avvecklad),
/// <see cref="PlannedAmount"/> when planned (Utkast, Beredd); a rejected activity has neither.
/// </summary>
public sealed class FeedActivity
{
    public int Id { get; init; }
    public int AgreementId { get; init; }
    public int Number { get; init; }
    public string Measure { get; init; } = "";
    public string? Goal { get; init; }
    public string Status { get; init; } = "";
    public int? LineId { get; init; }
    public int? AreaId { get; init; }
    public string CostObjectCode { get; init; } = "";
    public string? ProjectCode { get; init; }
    public string? PerformerName { get; init; }
    public string PerformerKind { get; init; } = "";
    public string? ResponsibleUnit { get; init; }
    public DateOnly? StartDate { get; init; }
    public DateOnly? EndDate { get; init; }
    public DateOnly? DecisionDate { get; init; }
    public string? DecisionReference { get; init; }
    public decimal TotalBudget { get; init; }
    public decimal DecidedAmount { get; init; }
    public decimal PlannedAmount { get; init; }
    public IList<FeedBudgetYear> Budgets { get; init; } = [];
}

/// <summary>
/// One allocation line through one month, as Avstämning shows it for that month: read from the ledger's month totals
/// (ADR 12), never from its rows. <see cref="Id"/> is line id × 1 000 000 + year × 100 + month.
/// </summary>
public sealed class FeedMonthFigure
{
    public long Id { get; init; }
    public int AgreementId { get; init; }
    public string AgreementCode { get; init; } = "";
    public int LineId { get; init; }
    public string LineCode { get; init; } = "";
    public string? LineName { get; init; }
    public string AreaCode { get; init; } = "";
    public string CostObjectCode { get; init; } = "";
    public int Year { get; init; }
    /// <summary>"yyyy-MM".</summary>
    public string Month { get; init; } = "";
    public DateOnly MonthStart { get; init; }
    public decimal Allocated { get; init; }
    public decimal BookedInMonth { get; init; }
    public decimal BookedToDate { get; init; }
    public decimal Forecast { get; init; }
    public decimal Remaining { get; init; }
    public decimal DecidedBudgets { get; init; }
    public decimal PlannedBudgets { get; init; }
    /// <summary>"I fas", "Under" or "Över", as Avstämning shows it.</summary>
    public string Status { get; init; } = "";
    public bool MonthClosed { get; init; }
}

/// <summary>
/// An exception of an agreement's reconciliation through its latest booked month, as Avstämning shows it, with the note that
/// covers it. <see cref="Status"/> is "Öppen" (no note), "Kommenterad" or "Åtgärdad".
/// </summary>
public sealed class FeedException
{
    public string Id { get; init; } = "";
    public int AgreementId { get; init; }
    public string AgreementCode { get; init; } = "";
    /// <summary>"yyyy-MM": the month the reconciliation runs through.</summary>
    public string Month { get; init; } = "";
    public string Kind { get; init; } = "";
    public string CostObject { get; init; } = "";
    public string Key { get; init; } = "";
    public string Description { get; init; } = "";
    public decimal Amount { get; init; }
    public long Rows { get; init; }
    public string Status { get; init; } = "";
    public string? Note { get; init; }
    public string? NoteWrittenBy { get; init; }
    public DateTimeOffset? NoteWrittenAt { get; init; }
}

/// <summary>A distribution (fördelning) of a line's money to primary-care units. For an Utförare, <see cref="Amount"/> is its own units' sum.</summary>
public sealed class FeedDistribution
{
    public int Id { get; init; }
    public int AgreementId { get; init; }
    public string Name { get; init; } = "";
    public int LineId { get; init; }
    public string LineCode { get; init; } = "";
    public string CostObjectCode { get; init; } = "";
    public decimal Amount { get; init; }
    public string Key { get; init; } = "";
    public int ModelYear { get; init; }
    public DateOnly ListingAsOf { get; init; }
    public string Status { get; init; } = "";
    public string? DecisionReference { get; init; }
    public DateTimeOffset? DecidedAt { get; init; }
    public DateOnly? ReportDeadline { get; init; }
    public IList<FeedUnitAmount> UnitAmounts { get; init; } = [];
}

/// <summary>One unit's share of a distribution.</summary>
public sealed class FeedUnitAmount
{
    public int Id { get; init; }
    public int DistributionId { get; init; }
    public string UnitCode { get; init; } = "";
    public string UnitName { get; init; } = "";
    public string OrganisationNumber { get; init; } = "";
    public string Ownership { get; init; } = "";
    public decimal Points { get; init; }
    public decimal Share { get; init; }
    public decimal Amount { get; init; }
    public string ProjectCode { get; init; } = "";
}

/// <summary>A reporting obligation (deadline): a report due to a recipient, its owner and status.</summary>
public sealed class FeedObligation
{
    public int Id { get; init; }
    public int AgreementId { get; init; }
    public string Kind { get; init; } = "";
    public string Title { get; init; } = "";
    public string Recipient { get; init; } = "";
    public DateOnly DueDate { get; init; }
    public string Status { get; init; } = "";
    public string? Owner { get; init; }
    public DateOnly? SentOn { get; init; }
}

/// <summary>A year's answer to one of the agreement's reporting requirements (återrapporteringskrav).</summary>
public sealed class FeedRequirementAnswer
{
    public int Id { get; init; }
    public int AgreementId { get; init; }
    public int RequirementId { get; init; }
    public string RequirementCode { get; init; } = "";
    public string Section { get; init; } = "";
    public string RequirementText { get; init; } = "";
    public string Kind { get; init; } = "";
    public int Year { get; init; }
    public string? Text { get; init; }
    public decimal? Value { get; init; }
    public decimal? ValueWomen { get; init; }
    public decimal? ValueMen { get; init; }
    public int? Women { get; init; }
    public int? Men { get; init; }
    public decimal? Baseline { get; init; }
    public DateOnly? MeasuredOn { get; init; }
    public string? DataSource { get; init; }
    public string? Done { get; init; }
    public string? Expected { get; init; }
}
