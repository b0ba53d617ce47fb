using GrantTracker.Application.Data;
using GrantTracker.Application.Features.Reconciliation;
using GrantTracker.Domain.Activities;
using GrantTracker.Domain.Agreements;
using GrantTracker.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Features.Deadlines;

/// <summary>
/// What is missing before a report can be sent, one plain Swedish sentence per gap; empty when nothing is.
/// <see cref="Checked"/> is false for a kind the system has no figures for (the VFU report counts placement weeks).
/// </summary>
public sealed record Readiness(bool Checked, IReadOnlyList<string> Missing)
{
    public static readonly Readiness NotChecked = new(false, []);

    public bool Ready => Checked && Missing.Count == 0;
}

/// <summary>The facts of an obligation that its readiness depends on.</summary>
internal sealed record ObligationFacts(int AgreementId, ObligationKind Kind, DateOnly DueDate);

/// <summary>
/// Computes readiness per kind of report:
/// <list type="bullet">
/// <item>Slutredovisning: the report year's months not closed, exceptions without a note, ring-fenced lines and "of which"
/// parts without attributed costs while their object has costs, activities without a final status (avslutad, avvecklad,
/// avslagen), the missing decision on the year's unused money, unanswered reporting requirements, and units that have
/// not reported back on a decided distribution of the agreement. The report
/// year is the year before the due date, within the agreement's years.</item>
/// <item>Årsbokslut: the same year's months and exceptions. Tertialrapport: January–April closed; Delårsbokslut:
/// January–August; Månadsrapport: the month before the due date's month. A month is closed only when its
/// exceptions are annotated, so for these the months are the check.</item>
/// <item>Handlingsplan: every development area has an activity, and every activity a goal, a responsible and a
/// budget (what SKL asks the plan to show).</item>
/// <item>Redovisning (the VFU report): the agreement's requirements for that report answered for the due date's year; not
/// checked when the agreement states none. The Slutredovisning also needs every requirement for it answered for the report year.</item>
/// </list>
/// One checker per request: agreements and reconciliations are loaded once, however many obligations ask;
/// across requests the exceptions without a note are kept in the <see cref="ReadinessCache"/> until the data changes.
/// </summary>
internal sealed class ReadinessChecker(AppDbContext db, ReconciliationSettings settings, ReadinessCache cache)
{
    private static readonly ActivityStatus[] FinalStatuses = [ActivityStatus.Avslagen, ActivityStatus.Avslutad, ActivityStatus.Avvecklad];

    private readonly ReconciliationEngine _engine = new(db, settings);
    private readonly Dictionary<int, ReconciliationEngine.Context?> _contexts = [];
    private readonly Dictionary<int, HashSet<YearMonth>> _closed = [];
    private readonly Dictionary<int, List<Activity>> _activities = [];
    private readonly Dictionary<(int, YearMonth), YearFindings> _reconciled = [];
    private readonly Dictionary<(int, int), IReadOnlyList<Reports.RequirementView>> _requirements = [];
    private HashSet<(int AgreementId, int Year)>? _unusedFundsDecided;
    private ILookup<int, DistributionFacts>? _distributions;
    private long _auditStamp;
    private bool _stamped;

    private sealed record DistributionFacts(string Name, DateOnly? ReportDeadline, IReadOnlyList<string> Absent);

    /// <summary>
    /// Loads what the checks read for many agreements in a few statements instead of several per agreement: their reconciliation
    /// contexts, closed months, activities, decisions on unused funds and decided distributions with the units that have not reported
    /// (a list of deadlines checks every agreement with a report not yet sent; issue 22's forty agreements made that some 500 statements).
    /// The checks give the same answers with or without it.
    /// </summary>
    public async Task PreloadAsync(IReadOnlyCollection<int> agreementIds, CancellationToken ct)
    {
        var ids = agreementIds.Where(id => !_contexts.ContainsKey(id)).Distinct().ToList();
        if (ids.Count == 0)
        {
            return;
        }
        var contexts = await _engine.LoadManyAsync(ids, ct);
        foreach (var id in ids)
        {
            _contexts[id] = contexts.GetValueOrDefault(id);
        }
        var closed = (await db.ClosedMonths.AsNoTracking()
                .Where(c => ids.Contains(c.AgreementId) && c.ReopenedAtUtc == null)
                .Select(c => new { c.AgreementId, c.Month })
                .ToListAsync(ct))
            .ToLookup(c => c.AgreementId, c => c.Month);
        var activities = (await db.Activities.AsNoTracking().Where(a => ids.Contains(a.AgreementId)).OrderBy(a => a.Number).ToListAsync(ct))
            .ToLookup(a => a.AgreementId);
        foreach (var id in ids)
        {
            _closed[id] = closed[id].ToHashSet();
            _activities[id] = activities[id].ToList();
        }
        _unusedFundsDecided = (await db.UnusedFundsDecisions.AsNoTracking()
                .Select(d => new { d.AgreementId, d.Year })
                .ToListAsync(ct))
            .Select(d => (d.AgreementId, d.Year))
            .ToHashSet();
        var distributions = await db.Distributions.AsNoTracking()
            .Where(d => d.Status == Domain.Distribution.DistributionStatus.Beslutad)
            .OrderBy(d => d.Id)
            .Select(d => new { d.Id, d.AgreementId, d.Name, d.ReportDeadline, Units = d.Rows.OrderBy(r => r.UnitCode).Select(r => new { r.UnitCode, r.Name }).ToList() })
            .ToListAsync(ct);
        var distributionIds = distributions.Select(d => d.Id).ToList();
        var reported = (await db.UnitReports.AsNoTracking().Where(r => distributionIds.Contains(r.DistributionId)).Select(r => new { r.DistributionId, r.UnitCode }).ToListAsync(ct))
            .ToLookup(r => r.DistributionId, r => r.UnitCode);
        _distributions = distributions
            .Select(d => (d.AgreementId, Facts: new DistributionFacts(d.Name, d.ReportDeadline,
                d.Units.Where(u => !reported[d.Id].Contains(u.UnitCode)).Select(u => u.Name).ToList())))
            .ToLookup(d => d.AgreementId, d => d.Facts);
    }

    /// <summary>A reconciliation the caller has already run (the final report): its exceptions are used, not reconciled again.</summary>
    public void Reconciled(ReconciliationEngine.Context context, ReconciliationResult result)
    {
        _contexts[context.Agreement.Id] = context;
        _reconciled[(context.Agreement.Id, result.Through)] = YearFindings.Of(result);
    }

    public async Task<Readiness> CheckAsync(ObligationFacts obligation, CancellationToken ct)
    {
        // The one definition of the period each kind of report covers (ReportPeriods), also used for the Deadlines page's links.
        var period = ReportPeriods.Of(obligation.Kind, obligation.DueDate);
        if (obligation.Kind == ObligationKind.Redovisning)
        {
            // The VFU report: its figures are the agreement's requirements for that report, answered for its year.
            var year = period!.Year;
            var requirements = (await RequirementsAsync(obligation.AgreementId, year, ct)).Where(r => r.Report == ObligationKind.Redovisning).ToList();
            return requirements.Count == 0 ? Readiness.NotChecked
                : new Readiness(true, Reports.Requirements.Unanswered(requirements, year) is { } open ? [open] : []);
        }
        // The audit trail's last id before anything is read, once per request: an answer kept under it in the
        // cache then never mixes data from before and after a change.
        if (!_stamped)
        {
            _auditStamp = await db.AuditStampAsync(ct);
            _stamped = true;
        }
        var context = await ContextAsync(obligation.AgreementId, ct);
        if (context is null)
        {
            return Readiness.NotChecked;
        }
        var missing = new List<string>();
        // A year-end report of a year outside the agreement reports the agreement's nearest year.
        var reportYear = period is null ? 0 : context.YearOf(period.To);
        switch (obligation.Kind)
        {
            case ObligationKind.Slutredovisning:
                await MonthsAsync(context, new YearMonth(reportYear, 1), new YearMonth(reportYear, 12), missing, ct);
                await ExceptionsAsync(context, reportYear, missing, ct, attribution: true);
                await ActivitiesWithoutFinalStatusAsync(context, missing, ct);
                await UnusedFundsDecisionAsync(context, reportYear, missing, ct);
                if (Reports.Requirements.Unanswered((await RequirementsAsync(obligation.AgreementId, reportYear, ct)).Where(r => r.Report == ObligationKind.Slutredovisning).ToList(),
                        reportYear) is { } unanswered)
                {
                    missing.Add(unanswered);
                }
                await UnitReportsAsync(context, missing, ct);
                break;
            case ObligationKind.Arsbokslut:
                await MonthsAsync(context, new YearMonth(reportYear, 1), new YearMonth(reportYear, 12), missing, ct);
                await ExceptionsAsync(context, reportYear, missing, ct);
                break;
            case ObligationKind.Delarsbokslut:
            case ObligationKind.Tertialrapport:
            case ObligationKind.Manadsrapport:
                await MonthsAsync(context, period!.From, period.To, missing, ct);
                break;
            case ObligationKind.Handlingsplan:
                await ActionPlanAsync(context, missing, ct);
                break;
            default:
                return Readiness.NotChecked;
        }
        return new Readiness(true, missing);
    }

    private async Task MonthsAsync(ReconciliationEngine.Context context, YearMonth from, YearMonth to, List<string> missing, CancellationToken ct)
    {
        var agreementId = context.Agreement.Id;
        if (!_closed.TryGetValue(agreementId, out var closed))
        {
            closed = (await db.ClosedMonths.AsNoTracking()
                    .Where(c => c.AgreementId == agreementId && c.ReopenedAtUtc == null)
                    .Select(c => c.Month)
                    .ToListAsync(ct))
                .ToHashSet();
            _closed[agreementId] = closed;
        }
        var open = new List<YearMonth>();
        for (var m = Later(from, context.FirstMonth); m <= to && m <= context.LastMonth; m = m.AddMonths(1))
        {
            if (!closed.Contains(m))
            {
                open.Add(m);
            }
        }
        if (open.Count == 1)
        {
            missing.Add($"Månaden {open[0]} är inte stängd.");
        }
        else if (open.Count > 1)
        {
            missing.Add($"{open.Count} månader är inte stängda: {ReadinessText.Months(open)}.");
        }
    }

    private async Task ExceptionsAsync(ReconciliationEngine.Context context, int year, List<string> missing, CancellationToken ct, bool attribution = false)
    {
        var december = new YearMonth(year, 12);
        var through = december < context.LastMonth ? december : context.LastMonth;
        if (through < context.FirstMonth)
        {
            return;
        }
        // No change since the last check (the same last audit id) means the same answer.
        if (!_reconciled.TryGetValue((context.Agreement.Id, through), out var findings) && !cache.TryGet(context.Agreement.Id, through, _auditStamp, out findings))
        {
            findings = YearFindings.Of(await ReconcileHandler.ReconcileAsync(_engine, context, through, ct));
            cache.Set(context.Agreement.Id, through, _auditStamp, findings);
        }
        if (attribution)
        {
            missing.AddRange(findings.Unattributed);
        }
        var open = findings.OpenExceptions;
        if (open.Count == 0)
        {
            return;
        }
        var list = string.Join("; ", open);
        missing.Add(open.Count == 1
            ? $"1 avvikelse saknar kommentar eller åtgärd: {list}."
            : $"{open.Count} avvikelser saknar kommentar eller åtgärd: {list}.");
    }

    private async Task ActivitiesWithoutFinalStatusAsync(ReconciliationEngine.Context context, List<string> missing, CancellationToken ct)
    {
        var open = (await ActivitiesAsync(context.Agreement.Id, ct)).Where(a => !FinalStatuses.Contains(a.Status)).ToList();
        if (open.Count == 0)
        {
            return;
        }
        // Grouped by status in the order of the life cycle, so the sentence says what each still needs.
        var byStatus = open
            .GroupBy(a => a.Status)
            .OrderBy(g => g.Key)
            .Select(g => $"{g.Key.Swedish().ToLowerInvariant()} nr {ReadinessText.Numbers(g.Select(a => a.Number))}");
        missing.Add($"{ReadinessText.Count(open.Count, "insats", "insatser")} saknar slutstatus (avslutad, avvecklad eller avslagen): {string.Join("; ", byStatus)}.");
    }

    private async Task UnusedFundsDecisionAsync(ReconciliationEngine.Context context, int year, List<string> missing, CancellationToken ct)
    {
        var agreementId = context.Agreement.Id;
        var decided = _unusedFundsDecided is { } preloaded
            ? preloaded.Contains((agreementId, year))
            : await db.UnusedFundsDecisions.AnyAsync(d => d.AgreementId == agreementId && d.Year == year, ct);
        if (!decided)
        {
            missing.Add($"Beslut om outnyttjade medel för {year} saknas.");
        }
    }

    /// <summary>Every unit of each decided distribution of the agreement has reported back on its money (issue 16).</summary>
    private async Task UnitReportsAsync(ReconciliationEngine.Context context, List<string> missing, CancellationToken ct)
    {
        foreach (var d in _distributions?[context.Agreement.Id] ?? await DistributionsAsync(context.Agreement.Id, ct))
        {
            var absent = d.Absent;
            if (absent.Count > 0)
            {
                var names = absent.Count <= 5 ? string.Join(", ", absent) : string.Join(", ", absent.Take(5)) + $" med flera ({absent.Count - 5} till)";
                missing.Add($"{ReadinessText.Count(absent.Count, "vårdenhet", "vårdenheter")} har inte återrapporterat fördelningen {d.Name} " +
                            $"(sista dag {SwedishFormat.Date(d.ReportDeadline)}): {names}.");
            }
        }
    }

    private async Task<IReadOnlyList<DistributionFacts>> DistributionsAsync(int agreementId, CancellationToken ct)
    {
        var distributions = await db.Distributions.AsNoTracking()
            .Where(d => d.AgreementId == agreementId && d.Status == Domain.Distribution.DistributionStatus.Beslutad)
            .OrderBy(d => d.Id)
            .Select(d => new { d.Id, d.Name, d.ReportDeadline, Units = d.Rows.OrderBy(r => r.UnitCode).Select(r => new { r.UnitCode, r.Name }).ToList() })
            .ToListAsync(ct);
        var facts = new List<DistributionFacts>();
        foreach (var d in distributions)
        {
            var reported = await db.UnitReports.AsNoTracking().Where(r => r.DistributionId == d.Id).Select(r => r.UnitCode).ToListAsync(ct);
            facts.Add(new DistributionFacts(d.Name, d.ReportDeadline, d.Units.Where(u => !reported.Contains(u.UnitCode)).Select(u => u.Name).ToList()));
        }
        return facts;
    }

    private async Task ActionPlanAsync(ReconciliationEngine.Context context, List<string> missing, CancellationToken ct)
    {
        var activities = (await ActivitiesAsync(context.Agreement.Id, ct)).Where(a => a.Status != ActivityStatus.Avslagen).ToList();
        var areas = context.Agreement.Areas.ToDictionary(a => a.Id);
        int? TopOf(int? areaId)
        {
            for (var id = areaId; id is { } current && areas.TryGetValue(current, out var area); id = area.ParentId)
            {
                if (area.ParentId is null)
                {
                    return area.Id;
                }
            }
            return null;
        }
        var covered = activities.Select(a => TopOf(a.AreaId)).OfType<int>().ToHashSet();
        foreach (var area in context.Agreement.Areas.Where(a => a.ParentId is null && !covered.Contains(a.Id)).OrderBy(a => a.SortOrder))
        {
            missing.Add($"Området {area.Code} ”{area.Name}” har ingen insats.");
        }
        void Lacking(Func<Activity, bool> lacks, string what)
        {
            var numbers = activities.Where(lacks).Select(a => a.Number).ToList();
            if (numbers.Count > 0)
            {
                missing.Add($"{ReadinessText.Count(numbers.Count, "insats", "insatser")} saknar {what}: nr {ReadinessText.Numbers(numbers)}.");
            }
        }
        Lacking(a => string.IsNullOrWhiteSpace(a.Goal), "mål");
        Lacking(a => string.IsNullOrWhiteSpace(a.ResponsiblePerson) && string.IsNullOrWhiteSpace(a.ResponsibleUnit), "ansvarig");
        Lacking(a => a.TotalBudget <= 0, "budget");
    }

    private async Task<ReconciliationEngine.Context?> ContextAsync(int agreementId, CancellationToken ct)
    {
        if (!_contexts.TryGetValue(agreementId, out var context))
        {
            context = await _engine.LoadAsync(agreementId, ct);
            _contexts[agreementId] = context;
        }
        return context;
    }

    private async Task<IReadOnlyList<Reports.RequirementView>> RequirementsAsync(int agreementId, int year, CancellationToken ct)
    {
        if (!_requirements.TryGetValue((agreementId, year), out var requirements))
        {
            requirements = await Reports.Requirements.LoadAsync(db, agreementId, year, ct);
            _requirements[(agreementId, year)] = requirements;
        }
        return requirements;
    }

    private async Task<List<Activity>> ActivitiesAsync(int agreementId, CancellationToken ct)
    {
        if (!_activities.TryGetValue(agreementId, out var activities))
        {
            activities = await db.Activities.AsNoTracking().Where(a => a.AgreementId == agreementId).OrderBy(a => a.Number).ToListAsync(ct);
            _activities[agreementId] = activities;
        }
        return activities;
    }

    private static YearMonth Later(YearMonth a, YearMonth b) => a < b ? b : a;
}

/// <summary>Lists as people write them: runs of three or more as a range ("2023-01–2023-12", "nr 1–17").</summary>
internal static class ReadinessText
{
    public static string Months(IEnumerable<YearMonth> months) =>
        Runs(months.Select(m => m.Year * 12 + m.Month - 1).Order().ToList(), n => new YearMonth(n / 12, n % 12 + 1).ToString());

    public static string Numbers(IEnumerable<int> numbers) =>
        Runs(numbers.Order().ToList(), n => n.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static string Count(int n, string one, string many) => n == 1 ? $"1 {one}" : $"{n} {many}";

    private static string Runs(IReadOnlyList<int> sorted, Func<int, string> text)
    {
        var parts = new List<string>();
        for (var i = 0; i < sorted.Count;)
        {
            var j = i;
            while (j + 1 < sorted.Count && sorted[j + 1] == sorted[j] + 1)
            {
                j++;
            }
            if (j - i >= 2)
            {
                parts.Add($"{text(sorted[i])}–{text(sorted[j])}");
            }
            else
            {
                for (var k = i; k <= j; k++)
                {
                    parts.Add(text(sorted[k]));
                }
            }
            i = j + 1;
        }
        return string.Join(", ", parts);
    }
}
