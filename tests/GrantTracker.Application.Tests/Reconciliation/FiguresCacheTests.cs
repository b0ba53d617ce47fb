using GrantTracker.Application.Features;
using GrantTracker.Application.Features.Reconciliation;
using GrantTracker.Application.Tests.Infrastructure;
using GrantTracker.Domain.Common;
using Microsoft.Extensions.DependencyInjection;

namespace GrantTracker.Application.Tests.Reconciliation;

/// <summary>
/// Expensive figures are computed once per change of the data, however many requests wait for them, and an
/// abandoned request neither leaves the others without an answer nor keeps a cancelled one.
/// </summary>
public sealed class FiguresCacheTests : IAsyncLifetime
{
    private TestDatabase _db = null!;

    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task Requests_waiting_at_the_same_time_share_one_computation()
    {
        var cache = new FiguresCache();
        var gate = new TaskCompletionSource();
        var computations = 0;
        async Task<string> Compute(CancellationToken ct)
        {
            Interlocked.Increment(ref computations);
            await gate.Task.WaitAsync(ct);
            return "svar";
        }

        var requests = Enumerable.Range(0, 8)
            .Select(_ => _db.WithContextAsync(db => cache.GetAsync(db, "nyckel", Compute, CancellationToken.None)))
            .ToList();
        await Task.Delay(200);
        gate.SetResult();

        Assert.All(await Task.WhenAll(requests), answer => Assert.Equal("svar", answer));
        Assert.Equal(1, computations);
        Assert.Equal(1, cache.Computed);
    }

    [Fact]
    public async Task An_abandoned_computation_is_taken_over_by_a_request_still_waiting()
    {
        var cache = new FiguresCache();
        var started = new TaskCompletionSource();
        using var abandon = new CancellationTokenSource();
        var first = _db.WithContextAsync(db => cache.GetAsync(db, "nyckel", async ct =>
        {
            started.SetResult();
            await Task.Delay(Timeout.Infinite, ct);
            return "aldrig";
        }, abandon.Token));
        await started.Task;
        var second = _db.WithContextAsync(db => cache.GetAsync(db, "nyckel", _ => Task.FromResult("andra"), CancellationToken.None));
        await Task.Delay(100);

        await abandon.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        Assert.Equal("andra", await second);
        Assert.Equal("andra", await _db.WithContextAsync(db => cache.GetAsync(db, "nyckel", _ => Task.FromResult("tredje"), CancellationToken.None)));
    }

    [Fact]
    public async Task A_change_to_the_data_is_seen_by_the_next_reconciliation()
    {
        var cache = await _db.InScopeAsync(sp => Task.FromResult(sp.GetRequiredService<FiguresCache>()));
        var before = (await _db.SendAsync(new ReconcileQuery("gnv2023", new YearMonth(2023, 3))))!;
        var again = (await _db.SendAsync(new ReconcileQuery("gnv2023", new YearMonth(2023, 3))))!;
        Assert.Same(before, again);

        var path = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(path, "Verifikation;Datum;Konto;Ansvar;Objekt;Belopp;Text\r\nA 1;2023-02-15;5010;410;9916;100,00;Lön\r\n");
        try
        {
            Assert.True((await _db.SendAsync(new GrantTracker.Application.Features.Ledger.ImportLedgerFileCommand(path, "feb.csv"))).Succeeded);
        }
        finally
        {
            File.Delete(path);
        }

        var after = (await _db.SendAsync(new ReconcileQuery("gnv2023", new YearMonth(2023, 3))))!;
        Assert.Equal(before.Totals.Booked + 100m, after.Totals.Booked);
        Assert.True(cache.Shared >= 1);
    }
}
