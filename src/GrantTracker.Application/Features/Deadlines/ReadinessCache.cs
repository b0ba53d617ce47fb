using System.Collections.Concurrent;
using GrantTracker.Domain.Common;

namespace GrantTracker.Application.Features.Deadlines;

/// <summary>
/// The exceptions without a note (and the money without attributed costs) that a readiness check found for an agreement through a month, kept with the
/// id of the audit trail's last entry at the time. Every change the reconciliation reads (ledger imports,
/// row moves, notes, closed months, activities, allocations) is saved with an audit entry in its own
/// transaction, so while the trail's last id is unchanged the answer is too: the start page and the
/// Deadlines page then skip the reconciliation that the check otherwise runs per open final report (about
/// 3 s over a million ledger rows). Any change, also from the CLI in another process, raises the id and the
/// next check reconciles again. One per process; small (an entry per agreement and month asked about).
/// </summary>
public sealed class ReadinessCache
{
    private const int MaxEntries = 256;

    private readonly ConcurrentDictionary<(int AgreementId, YearMonth Through), (long AuditStamp, YearFindings Findings)> _entries = new();
    private long _hits;
    private long _misses;

    /// <summary>Checks answered from the cache, for tests and diagnostics.</summary>
    /// <summary>Forgets every answer (see <see cref="FiguresCache.Clear"/>).</summary>
    public void Clear() => _entries.Clear();

    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>Checks that had to reconcile.</summary>
    public long Misses => Interlocked.Read(ref _misses);

    internal bool TryGet(int agreementId, YearMonth through, long auditStamp, out YearFindings findings)
    {
        if (_entries.TryGetValue((agreementId, through), out var entry) && entry.AuditStamp == auditStamp)
        {
            Interlocked.Increment(ref _hits);
            findings = entry.Findings;
            return true;
        }
        Interlocked.Increment(ref _misses);
        findings = YearFindings.None;
        return false;
    }

    internal void Set(int agreementId, YearMonth through, long auditStamp, YearFindings findings)
    {
        if (_entries.Count >= MaxEntries)
        {
            _entries.Clear();
        }
        _entries[(agreementId, through)] = (auditStamp, findings);
    }
}

/// <summary>
/// What a year's reconciliation tells readiness: the exceptions without a note, and the ring-fenced lines and "of which" parts
/// with no cost attributed to them while their cost object carries costs (the report would show them unused by mistake).
/// </summary>
internal sealed record YearFindings(IReadOnlyList<string> OpenExceptions, IReadOnlyList<string> Unattributed)
{
    public static readonly YearFindings None = new([], []);

    public static YearFindings Of(Reconciliation.ReconciliationResult r)
    {
        var objectCost = r.Lines.GroupBy(l => l.CostObject).ToDictionary(g => g.Key, g => g.Sum(l => l.Figures.BookedToDate));
        var unattributed = new List<string>();
        var ringFenced = r.Lines.Where(l => l.RingFenced && l.Figures.BookedToDate == 0 && objectCost[l.CostObject] > 0).Select(l => l.Code).ToList();
        if (ringFenced.Count > 0)
        {
            unattributed.Add($"Öronmärkta medel utan kostnader: {string.Join(", ", ringFenced)}. Objektet har kostnader; hänför dem som hör till raden "
                             + "(projektkod på insatsen eller flytta raderna i Avstämning) innan rapporten skickas, annars redovisas medlen som outnyttjade.");
        }
        var lineCost = r.Lines.ToDictionary(l => l.LineId, l => l.Figures.BookedToDate);
        var parts = r.Earmarks.Where(e => e.Attributed == 0 && lineCost.GetValueOrDefault(e.LineId) > 0).Select(e => $"{e.LineCode} {e.Name}").ToList();
        if (parts.Count > 0)
        {
            unattributed.Add($"Varav-belopp utan hänförda kostnader: {string.Join(", ", parts)}. Raden har kostnader; ange på insatserna vilka som räknas mot "
                             + "varav-beloppet innan rapporten skickas.");
        }
        return new YearFindings(r.Open.Select(e => e.Label).ToList(), unattributed);
    }
}
