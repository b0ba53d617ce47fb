using System.Collections.Concurrent;
using GrantTracker.Domain.Common;

namespace GrantTracker.Application.Features.Deadlines;

/// <summary>
/// The exceptions without a note that a readiness check found for an agreement through a month, kept with the
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

    private readonly ConcurrentDictionary<(int AgreementId, YearMonth Through), (long AuditStamp, IReadOnlyList<string> Open)> _entries = new();
    private long _hits;
    private long _misses;

    /// <summary>Checks answered from the cache, for tests and diagnostics.</summary>
    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>Checks that had to reconcile.</summary>
    public long Misses => Interlocked.Read(ref _misses);

    internal bool TryGet(int agreementId, YearMonth through, long auditStamp, out IReadOnlyList<string> open)
    {
        if (_entries.TryGetValue((agreementId, through), out var entry) && entry.AuditStamp == auditStamp)
        {
            Interlocked.Increment(ref _hits);
            open = entry.Open;
            return true;
        }
        Interlocked.Increment(ref _misses);
        open = [];
        return false;
    }

    internal void Set(int agreementId, YearMonth through, long auditStamp, IReadOnlyList<string> open)
    {
        if (_entries.Count >= MaxEntries)
        {
            _entries.Clear();
        }
        _entries[(agreementId, through)] = (auditStamp, open);
    }
}
