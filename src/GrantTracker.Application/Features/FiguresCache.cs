using System.Collections.Concurrent;
using GrantTracker.Application.Data;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Features;

/// <summary>
/// The answers of the pages that compute figures (the reconciliation, its drill-down, the final report, Kostnader,
/// the deadlines with their readiness), kept per query under the audit trail's last id, and computed once however
/// many requests ask at the same time (single flight). Every change those figures read (ledger imports, row moves,
/// notes, closed months, activities, allocations, decisions) is saved with an audit entry in its own transaction
/// (ADR 6, ADR 10), so while the trail's last id stands the answer stands; any change, also from the CLI in another
/// process, raises the id and the next request computes again. Answers are immutable records shared between
/// requests. A computation whose request is abandoned is cancelled with it, and a request that was waiting for it
/// computes on its own instead; a failure is not kept. One per process; at most <see cref="MaxEntries"/> answers.
/// </summary>
public sealed class FiguresCache
{
    private const int MaxEntries = 512;

    private readonly ConcurrentDictionary<object, Entry> _entries = new();
    private long _computed;
    private long _shared;

    private sealed record Entry(long Stamp, Task<object?> Answer);

    /// <summary>Answers computed, for tests and diagnostics.</summary>
    public long Computed => Interlocked.Read(ref _computed);

    /// <summary>Answers given from the cache or from a computation another request started.</summary>
    public long Shared => Interlocked.Read(ref _shared);

    /// <summary>
    /// The id of the audit trail's last entry: it moves with every change the figures read. Read once per request
    /// (<see cref="AppDbContext.AuditStampAsync"/>): the session check, the page's answers and the navigation's count
    /// share one read.
    /// </summary>
    /// <summary>
    /// Forgets every answer. A database restored from a backup has an audit trail that ends earlier, so later saves reach ids this cache
    /// already keyed other data on: the web app is stopped for a restore (ADR 26), and a test that restores in place calls this instead.
    /// </summary>
    public void Clear() => _entries.Clear();

    public static async Task<long> StampAsync(AppDbContext db, CancellationToken ct) => await db.AuditStampAsync(ct);

    /// <summary>
    /// The answer to <paramref name="key"/> (a query record: equal queries share an answer) while the data is
    /// unchanged, else computed by <paramref name="compute"/> once for every request that asks meanwhile.
    /// </summary>
    public async Task<T> GetAsync<T>(AppDbContext db, object key, Func<CancellationToken, Task<T>> compute, CancellationToken ct)
    {
        // Read before the data: an answer kept under this id never mixes data from before and after a change.
        var stamp = await StampAsync(db, ct);
        while (true)
        {
            if (_entries.TryGetValue(key, out var entry) && entry.Stamp == stamp)
            {
                try
                {
                    var answer = (T)(await entry.Answer.WaitAsync(ct))!;
                    Interlocked.Increment(ref _shared);
                    return answer;
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    // The request computing it was abandoned: this one computes it instead.
                    _entries.TryRemove(KeyValuePair.Create(key, entry));
                    continue;
                }
            }
            var computing = new TaskCompletionSource<object?>(TaskCreationOptions.RunContinuationsAsynchronously);
            var mine = new Entry(stamp, computing.Task);
            if (entry is null ? !_entries.TryAdd(key, mine) : !_entries.TryUpdate(key, mine, entry))
            {
                continue; // another request started it first
            }
            if (_entries.Count > MaxEntries)
            {
                // Mostly answers of an earlier stamp; requests still waiting hold their answers' tasks themselves.
                _entries.Clear();
                _entries.TryAdd(key, mine);
            }
            try
            {
                var answer = await compute(ct);
                Interlocked.Increment(ref _computed);
                computing.SetResult(answer);
                return answer;
            }
            catch (Exception) when (ct.IsCancellationRequested)
            {
                // Abandoned (a SQLite statement interrupted for it fails with SQLite's own error): the requests still
                // waiting compute it themselves.
                _entries.TryRemove(KeyValuePair.Create(key, mine));
                computing.SetCanceled(CancellationToken.None);
                throw;
            }
            catch (Exception e)
            {
                _entries.TryRemove(KeyValuePair.Create(key, mine));
                computing.SetException(e);
                throw;
            }
        }
    }
}
