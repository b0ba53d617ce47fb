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
    public string Code { get; private set; } = "";
    public string Text { get; private set; } = "";
    public string? Source { get; private set; }
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
    public ObligationKind Kind { get; private set; }
    public string Title { get; private set; } = "";
    public string Recipient { get; private set; } = "";
    public DateOnly DueDate { get; private set; }

    /// <summary>True where the seed gives no date and the region's own timetable was assumed.</summary>
    public bool DueDateAssumed { get; private set; }
    public string? Note { get; private set; }
    public string? Source { get; private set; }
}
