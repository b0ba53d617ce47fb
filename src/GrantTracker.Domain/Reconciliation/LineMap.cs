using GrantTracker.Domain.Common;

namespace GrantTracker.Domain.Reconciliation;

/// <summary>
/// An allocation line as the attribution sees it. Order: the line's area order; the first line of an object and year that is not
/// ring-fenced is its main line.
/// </summary>
public sealed record LineRef(int Id, string CostObject, int Year, int AreaId, int Order, bool RingFenced = false);

/// <summary>The months a cost object belongs to an agreement.</summary>
public sealed record PeriodRef(int AgreementId, string CostObject, YearMonth From, YearMonth To)
{
    public bool Contains(YearMonth month) => From <= month && month <= To;
}

/// <summary>An activity as the attribution sees it: its ledger project code maps rows to it, and so to its area's line.</summary>
public sealed record ActivityRef(int Id, int Number, string ProjectCode, string CostObject, int? AreaId, int? LineId, bool Approved, YearMonth? EndMonth);

/// <summary>
/// Attributes a ledger row to one agreement's allocation line: the row's cost object and month select the
/// agreement (through the object's periods: 9916 is Patientmiljarden's in 2018–2020 and God och nära vård's
/// in 2023) and the line of that object and year; where several lines share an object and year (9917 holds
/// three sub-areas), the row's project code selects the activity and so its area's line, and rows without
/// one fall to the main line, the first in area order that is not ring-fenced: ring-fenced money (2.2.b, 2.2.c) is used only
/// through what is attributed to it, never by default.
/// </summary>
public sealed class LineMap
{
    private readonly int _agreementId;
    private readonly IReadOnlyList<PeriodRef> _periods;
    private readonly Dictionary<(string CostObject, int Year), List<LineRef>> _lines;
    private readonly Dictionary<string, ActivityRef> _activities;

    /// <param name="periods">Every agreement's periods of the objects, so that months of other agreements are told from months of none.</param>
    public LineMap(int agreementId, IEnumerable<LineRef> lines, IEnumerable<PeriodRef> periods, IEnumerable<ActivityRef> activities)
    {
        _agreementId = agreementId;
        _periods = periods.ToList();
        _lines = lines
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
        if (!IsOurs(costObject, month) || !_lines.TryGetValue((costObject, month.Year), out var candidates))
        {
            return null;
        }
        if (candidates.Count > 1 && Activity(costObject, project) is { } activity)
        {
            var byArea = candidates.FirstOrDefault(l => l.AreaId == activity.AreaId)
                ?? candidates.FirstOrDefault(l => l.Id == activity.LineId);
            if (byArea is not null)
            {
                return byArea.Id;
            }
        }
        return candidates[0].Id;
    }
}
