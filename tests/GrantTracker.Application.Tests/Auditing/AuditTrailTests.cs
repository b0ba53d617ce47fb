using System.Text.Json;
using GrantTracker.Application.Auditing;
using GrantTracker.Application.Features.Agreements;
using GrantTracker.Application.Tests.Infrastructure;
using GrantTracker.Domain.Agreements;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Tests.Auditing;

public sealed class AuditTrailTests : IAsyncLifetime
{
    private static readonly DateTimeOffset CreatedAt = new(2023, 6, 15, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset UpdatedAt = new(2023, 7, 3, 14, 30, 0, TimeSpan.Zero);

    private TestDatabase _db = null!;

    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync(seedAgreements: false, userName: "handlaggare@demo.local");

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task Creating_an_agreement_records_who_when_and_the_new_values()
    {
        _db.Clock.Set(CreatedAt);

        var id = await CreateAgreementAsync("gnv2024", "God och nära vård 2024", 75_422_690m);

        var entry = Assert.Single(await EntriesForAsync(id));
        Assert.Equal(AuditAction.Skapad, entry.Action);
        Assert.Equal("handlaggare@demo.local", entry.UserName);
        Assert.Equal("test-user-id", entry.UserId);
        Assert.Equal(CreatedAt.UtcDateTime, entry.AtUtc);
        var changes = JsonDocument.Parse(entry.Changes).RootElement;
        Assert.Equal("God och nära vård 2024", changes.GetProperty("Name").GetProperty("new").GetString());
        Assert.Equal(75_422_690m, changes.GetProperty("RegionAllocation").GetProperty("new").GetDecimal());
        Assert.False(changes.GetProperty("Name").TryGetProperty("old", out _));
    }

    [Fact]
    public async Task Updating_an_agreement_records_the_old_and_new_values_of_what_changed()
    {
        _db.Clock.Set(CreatedAt);
        var id = await CreateAgreementAsync("gnv2024", "God och nära vård 2024", 75_422_690m);
        _db.Clock.Set(UpdatedAt);

        var result = await _db.SendAsync(new UpdateAgreementCommand(id, 0, Details("God och nära vård 2024 (reviderad)", 80_000_000m)));

        Assert.True(result.Succeeded);
        var entries = await EntriesForAsync(id);
        Assert.Equal([AuditAction.Skapad, AuditAction.Ändrad], entries.Select(e => e.Action));
        var changed = entries[1];
        Assert.Equal(UpdatedAt.UtcDateTime, changed.AtUtc);
        Assert.Equal("handlaggare@demo.local", changed.UserName);
        var changes = JsonDocument.Parse(changed.Changes).RootElement;
        Assert.Equal("God och nära vård 2024", changes.GetProperty("Name").GetProperty("old").GetString());
        Assert.Equal("God och nära vård 2024 (reviderad)", changes.GetProperty("Name").GetProperty("new").GetString());
        Assert.Equal(75_422_690m, changes.GetProperty("RegionAllocation").GetProperty("old").GetDecimal());
        Assert.Equal(80_000_000m, changes.GetProperty("RegionAllocation").GetProperty("new").GetDecimal());
        Assert.False(changes.TryGetProperty("Counterparty", out _), "An unchanged field is not recorded as a change.");
    }

    [Fact]
    public async Task Changing_an_audit_entry_through_the_context_is_refused_and_changes_nothing()
    {
        var id = await CreateAgreementAsync("gnv2024", "God och nära vård 2024", 1_000_000m);
        var before = await AllEntriesAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(() => _db.WithContextAsync(async db =>
        {
            var entry = await db.AuditEntries.SingleAsync(e => e.EntityId == id.ToString());
            db.Entry(entry).Property(e => e.UserName).CurrentValue = "någon-annan";
            await db.SaveChangesAsync();
        }));

        Assert.Equal(before, await AllEntriesAsync());
    }

    [Fact]
    public async Task Removing_an_audit_entry_through_the_context_is_refused_and_changes_nothing()
    {
        await CreateAgreementAsync("gnv2024", "God och nära vård 2024", 1_000_000m);
        var before = await AllEntriesAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(() => _db.WithContextAsync(async db =>
        {
            db.AuditEntries.RemoveRange(await db.AuditEntries.ToListAsync());
            await db.SaveChangesAsync();
        }));

        Assert.Equal(before, await AllEntriesAsync());
    }

    [Fact]
    public async Task A_raw_SQL_update_of_the_audit_table_is_refused_by_the_database()
    {
        await CreateAgreementAsync("gnv2024", "God och nära vård 2024", 1_000_000m);
        var before = await AllEntriesAsync();

        var error = await Assert.ThrowsAsync<SqliteException>(() => _db.WithContextAsync(db =>
            db.Database.ExecuteSqlRawAsync("UPDATE \"AuditEntries\" SET \"UserName\" = 'någon-annan', \"Changes\" = ''")));

        Assert.Contains("append-only", error.Message);
        Assert.Equal(before, await AllEntriesAsync());
    }

    [Fact]
    public async Task A_raw_SQL_delete_from_the_audit_table_is_refused_by_the_database()
    {
        await CreateAgreementAsync("gnv2024", "God och nära vård 2024", 1_000_000m);
        var before = await AllEntriesAsync();

        var error = await Assert.ThrowsAsync<SqliteException>(() => _db.WithContextAsync(db =>
            db.Database.ExecuteSqlRawAsync("DELETE FROM \"AuditEntries\"")));

        Assert.Contains("append-only", error.Message);
        Assert.Equal(before, await AllEntriesAsync());
    }

    [Fact]
    public async Task A_business_save_that_fails_writes_no_audit_entry()
    {
        await CreateAgreementAsync("gnv2024", "God och nära vård 2024", 1_000_000m);
        var before = await AllEntriesAsync();

        // Straight to the context, past the handler's duplicate check, so the database itself refuses the save.
        await Assert.ThrowsAsync<DbUpdateException>(() => _db.WithContextAsync(async db =>
        {
            db.Agreements.Add(Agreement.Create("gnv2024", Details("Dubblett", 2_000_000m)).Value);
            await db.SaveChangesAsync();
        }));

        Assert.Equal(before, await AllEntriesAsync());
        Assert.Equal(1, await _db.WithContextAsync(db => db.Agreements.CountAsync()));
    }

    [Fact]
    public async Task A_refused_update_writes_no_audit_entry()
    {
        var id = await CreateAgreementAsync("gnv2024", "God och nära vård 2024", 1_000_000m);
        var before = await AllEntriesAsync();

        var result = await _db.SendAsync(new UpdateAgreementCommand(id, 0, Details("", 1_000_000m)));

        Assert.False(result.Succeeded);
        Assert.Equal(before, await AllEntriesAsync());
    }

    private static AgreementDetails Details(string name, decimal allocation) =>
        new(name, "Staten och SKR", null, 2, new DateOnly(2024, 1, 1), new DateOnly(2024, 12, 31), null, allocation, null, null, null, null);

    private async Task<int> CreateAgreementAsync(string code, string name, decimal allocation)
    {
        var result = await _db.SendAsync(new CreateAgreementCommand(code, Details(name, allocation)));
        Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(e => e.Message)));
        return result.Value;
    }

    private Task<List<AuditEntry>> EntriesForAsync(int agreementId) =>
        _db.WithContextAsync(db => db.AuditEntries.AsNoTracking()
            .Where(e => e.EntityType == nameof(Agreement) && e.EntityId == agreementId.ToString())
            .OrderBy(e => e.Id)
            .ToListAsync());

    /// <summary>Every stored column of every entry, so a test sees any change at all.</summary>
    private Task<List<string>> AllEntriesAsync() =>
        _db.WithContextAsync(async db => (await db.AuditEntries.AsNoTracking().OrderBy(e => e.Id).ToListAsync())
            .Select(e => string.Join("|", e.Id, e.AtUtc.ToString("O"), e.UserId, e.UserName, e.EntityType, e.EntityId, e.Action, e.Changes))
            .ToList());
}
