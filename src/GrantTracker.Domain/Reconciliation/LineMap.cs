using GrantTracker.Domain.Common;

namespace GrantTracker.Domain.Reconciliation;

/// <summary>
/// An allocation line as the attribution sees it. Order: the line's area order; the first line of an object and year that is not
/// ring-fenced is its main line. <paramref name="Name"/> tells two lines of one area apart, and finds a line's counterpart in another year.
/// </summary>
public sealed record LineRef(int Id, string CostObject, int Year, int AreaId, int Order, bool RingFenced = false, string? Name = null);

/// <summary>The months a cost object belongs to an agreement.</summary>
public sealed record PeriodRef(int AgreementId, string CostObject, YearMonth From, YearMonth To)
{
    public bool Contains(YearMonth month) => From <= month && month <= To;
}

/// <summary>An activity as the attribution sees it: its ledger project code maps rows to it, and so to its area's line.</summary>
public sealed record ActivityRef(int Id, int Number, string ProjectCode, string CostObject, int? AreaId, int? LineId, bool Approved, YearMonth? EndMonth);

/// <summary>
/// Attributes a ledger row, and an activity's budget, to one agreement's allocation line. This is the one home of the rule (the user
/// guide states it once, under Avstämning):
/// <list type="number">
/// <item>The row's cost object and month select the agreement, through the object's periods (9916 is Patientmiljarden's in
/// 2018–2020 and God och nära vård's in 2023), and so the candidate lines: the agreement's lines of that object and the month's year.</item>
/// <item>A row whose project code is an activity's on that object goes to the activity's line (<see cref="LineOf"/>), wherever it sits:
/// on an area or a sub-area, ring-fenced or not, one of several lines of one area.</item>
/// <item>Every other row goes to the object's main line of the year: the first in area order that is not ring-fenced, since ring-fenced
/// money (2.2.b, 2.2.c) is used only through what is attributed to it, never by default.</item>
/// </list>
/// An activity's line is its own line in the line's year. In another year (an activity of several years on an object with a line per
/// year) it is that year's line of the same area with the same name, else the first of that area, else the object's main line: the
/// same line its rows of that year go to, so its budget for a year commits the money its rows spend.
/// </summary>
public sealed class LineMap
{
    private readonly int _agreementId;
    private readonly IReadOnlyList<PeriodRef> _periods;
    private readonly Dictionary<(string CostObject, int Year), List<LineRef>> _lines;
    private readonly Dictionary<int, LineRef> _byId;
    private readonly Dictionary<string, ActivityRef> _activities;

    /// <param name="periods">Every agreement's periods of the objects, so that months of other agreements are told from months of none.</param>
    public LineMap(int agreementId, IEnumerable<LineRef> lines, IEnumerable<PeriodRef> periods, IEnumerable<ActivityRef> activities)
    {
        _agreementId = agreementId;
        _periods = periods.ToList();
        var all = lines.ToList();
        _byId = all.ToDictionary(l => l.Id);
        _lines = all
            .GroupBy(l => (l.CostObject, l.Year))
            .ToDictionary(g => g.Key, g => g.OrderBy(l => l.RingFenced && g.Any(x => !x.RingFenced)).ThenBy(l => l.Order).ThenBy(l => l.Id).ToList());
        _activities = activities
            .Where(a => !string.IsNullOrWhiteSpace(a.ProjectCode))
            .GroupBy(a => a.ProjectCode.Trim(), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(a => a.Number).First(), StringComparer.Ordinal);
    }

    /// <summary>The month belongs to this agreement for the object.</summary>
    public bool IsOurs(string costObject, YearMonth month) =>
        _periods.Any(p => p.AgreementId == _agreementId && p.CostObject == costObject && p.Contains(month));

    /// <summary>The month is in no period of the object, whichever agreement.</summary>
    public bool IsOutsideEveryPeriod(string costObject, YearMonth month) =>
        !_periods.Any(p => p.CostObject == costObject && p.Contains(month));

    /// <summary>The activity a project code maps to, for this object.</summary>
    public ActivityRef? Activity(string costObject, string? project) =>
        !string.IsNullOrEmpty(project) && _activities.TryGetValue(project, out var a) && a.CostObject == costObject ? a : null;

    /// <summary>This agreement's line for a row, or null when the month is not this agreement's or no line has the year.</summary>
    public int? LineFor(string costObject, YearMonth month, string? project)
    {
        if (!IsOurs(costObject, month) || !_lines.ContainsKey((costObject, month.Year)))
        {
            return null;
        }
        return Activity(costObject, project) is { } activity
            ? LineOf(activity.LineId, activity.AreaId, costObject, month.Year)
            : MainLine(costObject, month.Year);
    }

    /// <summary>The object's main line of the year: the first in area order that is not ring-fenced; null when the object has no line that year.</summary>
    public int? MainLine(string costObject, int year) =>
        _lines.TryGetValue((costObject, year), out var candidates) ? candidates[0].Id : null;

    /// <summary>
    /// An activity's line in a year, on its object: its own line when that is the year's line; else the year's line of the same area with
    /// the same name, else the first of that area; else the object's main line. Null when the object has no line that year.
    /// </summary>
    public int? LineOf(int? lineId, int? areaId, string costObject, int year)
    {
        if (!_lines.TryGetValue((costObject, year), out var candidates))
        {
            return null;
        }
        if (lineId is { } id && candidates.Any(l => l.Id == id))
        {
            return id;
        }
        var own = lineId is { } known && _byId.TryGetValue(known, out var line) ? line : null;
        var area = own?.AreaId ?? areaId;
        var inArea = candidates.Where(l => l.AreaId == area).ToList();
        var sameName = own is null ? null : inArea.FirstOrDefault(l => string.Equals(l.Name?.Trim(), own.Name?.Trim(), StringComparison.OrdinalIgnoreCase));
        return (sameName ?? inArea.FirstOrDefault() ?? candidates[0]).Id;
    }
}
