using System.Runtime;
using System.Runtime.InteropServices;

namespace GrantTracker.Application.Common;

/// <summary>
/// Gives memory back to the machine after rare heavy work: a ledger import of a million rows, or a tie-out of the final report
/// over the ledger's rows. An idle server collects nothing (the GC runs on allocation), so without this the heap that work grew
/// (the file's buffers, the import's caches, the writer's 64 MB page cache, once freed by SQLite, still held by the C allocator)
/// stayed resident until the next heavy request: 318–327 MB after a web import of 1 M rows (issue 24). One aggressive, compacting
/// collection (the large-object heap too) returns the managed part; <c>malloc_trim</c> returns what the C allocator keeps of the
/// native part (Linux with glibc only; elsewhere the collection alone). Never on a page's path: at most once a
/// <see cref="MinimumInterval"/>, on a thread of the pool, so a burst of downloads costs one collection.
/// </summary>
public static class MemoryRelief
{
    public static readonly TimeSpan MinimumInterval = TimeSpan.FromSeconds(5);

    private static long _lastTicks = long.MinValue / 2;
    private static int _scheduled;

    /// <summary>Schedules one release soon after the caller's work: immediately if none ran in the last few seconds, else after the interval.</summary>
    public static void AfterHeavyWork()
    {
        if (Interlocked.Exchange(ref _scheduled, 1) == 1)
        {
            return; // one is already on its way, and it runs after this work
        }
        var wait = TimeSpan.FromTicks(Math.Max(0, Interlocked.Read(ref _lastTicks) + MinimumInterval.Ticks - Environment.TickCount64 * TimeSpan.TicksPerMillisecond));
        _ = Task.Run(async () =>
        {
            await Task.Delay(wait + TimeSpan.FromMilliseconds(200)); // let the request that did the work finish and drop its objects
            Volatile.Write(ref _scheduled, 0);
            Release();
        });
    }

    /// <summary>The release itself, now, on this thread (tests and the CLI call it directly).</summary>
    public static void Release()
    {
        Interlocked.Exchange(ref _lastTicks, Environment.TickCount64 * TimeSpan.TicksPerMillisecond);
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        if (OperatingSystem.IsLinux())
        {
            try
            {
                _ = MallocTrim(0);
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                // Not glibc (musl, e.g. Alpine): the managed collection is what there is.
            }
        }
    }

    [DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);
}
