using GrantTracker.Application.Auditing;
using GrantTracker.Application.Data;
using GrantTracker.Application.Tests.Infrastructure;
using GrantTracker.Domain.Agreements;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GrantTracker.Application.Tests.Reconciliation;

/// <summary>
/// The audit trail's last id, which the session check and every cached figure are keyed on, is read on a connection of
/// its own on SQLite. It must be the same id the trail holds, move with every save, and inside a transaction count the
/// context's own uncommitted entries.
/// </summary>
public sealed class AuditStampTests : IAsyncLifetime
{
    private TestDatabase _db = null!;

    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private Task<long> LastIdAsync() => _db.WithContextAsync(db => db.AuditEntries.MaxAsync(e => (long?)e.Id).ContinueWith(t => t.Result ?? 0));

    // Any audited row moves the trail: a decision on unused funds is a plain one.
    private static async Task AddAuditedRowAsync(AppDbContext db, string reference)
    {
        var agreement = await db.Agreements.FirstAsync(a => a.Code == "gnv2023");
        db.UnusedFundsDecisions.Add(new UnusedFundsDecision
        {
            AgreementId = agreement.Id, Year = 2023, Amount = 1m, Reference = reference, DecidedAtUtc = new DateTime(2024, 3, 1), DecidedBy = "test",
        });
    }

    [Fact]
    public async Task The_stamp_read_beside_the_context_is_the_trail_s_last_id_and_moves_with_every_save()
    {
        var before = await _db.WithContextAsync(db => db.AuditStampAsync().AsTask());
        Assert.True(before > 0, "the seeded agreements are audited");
        Assert.Equal(await LastIdAsync(), before);

        await _db.WithContextAsync(async db =>
        {
            await AddAuditedRowAsync(db, "ändrad");
            await db.SaveChangesAsync();
        });

        var after = await _db.WithContextAsync(db => db.AuditStampAsync().AsTask());
        Assert.True(after > before);
        Assert.Equal(await LastIdAsync(), after);
        Assert.Equal(after, await _db.InScopeAsync(s => Task.FromResult(s.GetRequiredService<SqliteAuditStamp>().Read())));
    }

    [Fact]
    public async Task Inside_a_transaction_the_stamp_counts_the_context_s_own_uncommitted_entries_and_after_it_the_committed_ones()
    {
        var committed = await LastIdAsync();
        await _db.WithContextAsync(async db =>
        {
            await using (var transaction = await db.Database.BeginTransactionAsync())
            {
                await AddAuditedRowAsync(db, "i transaktion");
                await db.SaveChangesAsync();

                var inside = await db.AuditStampAsync();
                Assert.True(inside > committed, "the context sees its own entries");
                var outside = await _db.InScopeAsync(s => Task.FromResult(s.GetRequiredService<SqliteAuditStamp>().Read()));
                Assert.Equal(committed, outside);

                await transaction.CommitAsync();
            }
            await db.SaveChangesAsync(); // forgets the context's stamp
            Assert.Equal(await LastIdAsync(), await db.AuditStampAsync());
        });
    }

    [Fact]
    public async Task A_rolled_back_transaction_leaves_the_stamp_where_it_was()
    {
        var committed = await LastIdAsync();
        await _db.WithContextAsync(async db =>
        {
            await using (var transaction = await db.Database.BeginTransactionAsync())
            {
                await AddAuditedRowAsync(db, "ångras");
                await db.SaveChangesAsync();
                await transaction.RollbackAsync();
            }
        });
        Assert.Equal(committed, await _db.WithContextAsync(db => db.AuditStampAsync().AsTask()));
    }
}
