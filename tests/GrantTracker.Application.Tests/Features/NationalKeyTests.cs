using GrantTracker.Application.Auditing;
using GrantTracker.Application.Features.Agreements;
using GrantTracker.Application.Tests.Infrastructure;
using GrantTracker.Domain.Agreements;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Tests.Features;

/// <summary>National keys and the population share through the use cases: saved, audited, versioned; a refusal writes nothing.</summary>
public sealed class NationalKeyTests : IAsyncLifetime
{
    private TestDatabase _db = null!;

    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync(userName: "handlaggare@demo.local");

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private const string Table = "Region;Belopp\nRegion Stockholm;70 000 000\nJämtland Härjedalen;3 000 008\nÖvriga;226 999 982";

    [Fact]
    public async Task A_table_key_on_a_line_is_saved_audited_and_versioned_and_its_differences_are_figures()
    {
        var (id, _, line) = await AgreementWithLineAsync();
        var before = await VersionAsync(id);
        var audited = await AuditCountAsync("NationalKey");
        var key = new NationalKey(300_000_000m, NationalRule.Table, Region: "Jämtland Härjedalen", Table: NationalKey.FormatTable(NationalKey.ParseTable(Table).Value));

        var result = await _db.SendAsync(new SetNationalKeyCommand(id, before, NationalKeyTarget.Line, line, key));

        Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(e => e.Message)));
        Assert.True(await VersionAsync(id) > before);
        Assert.Equal(audited + 1, await AuditCountAsync("NationalKey"));
        var row = (await _db.SendAsync(new GetNationalKeysQuery(id)))!.Find(NationalKeyTarget.Line, line)!;
        Assert.Equal(NationalRule.Table, row.Key!.Rule);
        // The region's row is 8 kr more than the line, and the table sums to 10 kr less than the national amount: shown, kept.
        Assert.Equal(3_000_008m, row.ByRule);
        Assert.Equal(-8m, row.Difference);
        Assert.Equal(299_999_990m, row.TableTotal);
        Assert.Equal(-10m, row.TableDifference);
        Assert.Equal("Rad 2.1.b Primärvård i landsbygd (2024)", row.Label);
    }

    [Fact]
    public async Task A_key_is_replaced_by_another_rule_and_removed_and_each_change_is_audited()
    {
        var (id, area, _) = await AgreementWithLineAsync();
        await SetAsync(id, NationalKeyTarget.Area, area, new NationalKey(300_000_000m, NationalRule.Table, Region: "Jämtland Härjedalen", Table: "Jämtland Härjedalen;3000000\nÖvriga;297000000"));
        await SetAsync(id, NationalKeyTarget.Area, area, new NationalKey(70_000_000m, NationalRule.BasePlusShare, 500_000m, 21, Share: 0.01259986m));

        var replaced = (await _db.SendAsync(new GetNationalKeysQuery(id)))!.Find(NationalKeyTarget.Area, area)!;
        Assert.Equal((NationalRule.BasePlusShare, (string?)null, (string?)null), (replaced.Key!.Rule, replaced.Key.Region, replaced.Key.Table));
        Assert.Equal(1_249_692m, replaced.ByRule);
        Assert.Equal(4_000_000m - 1_249_692m, replaced.Difference);

        await SetAsync(id, NationalKeyTarget.Area, area, null);

        var removed = (await _db.SendAsync(new GetNationalKeysQuery(id)))!.Find(NationalKeyTarget.Area, area)!;
        Assert.Null(removed.Key);
        Assert.False((await _db.SendAsync(new GetNationalKeysQuery(id)))!.HasAny);
        var trail = await _db.WithContextAsync(db => db.AuditEntries.Where(e => e.EntityType == "NationalKey").Select(e => e.Action).ToListAsync());
        Assert.Contains(AuditAction.Borttagen, trail);
    }

    [Fact]
    public async Task A_refused_key_writes_nothing_and_names_every_problem()
    {
        var (id, _, line) = await AgreementWithLineAsync();
        var before = await VersionAsync(id);
        var audit = await AuditCountAsync();

        var result = await _db.SendAsync(new SetNationalKeyCommand(id, before, NationalKeyTarget.Line, line,
            new NationalKey(-5m, NationalRule.Table, Region: null, Table: "Jämtland Härjedalen\nStockholm;x")));

        Assert.Equal(["NationalAmount", "Table", "Table", "Region"], result.Errors.Select(e => e.Field));
        Assert.Contains(result.Errors, e => e.Message.StartsWith("Rad 1 i tabellen", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.Message.StartsWith("Rad 2 i tabellen", StringComparison.Ordinal));
        Assert.Equal(before, await VersionAsync(id));
        Assert.Equal(audit, await AuditCountAsync());
        Assert.Null((await _db.SendAsync(new GetNationalKeysQuery(id)))!.Find(NationalKeyTarget.Line, line)!.Key);
    }

    [Fact]
    public async Task A_check_only_run_writes_nothing_and_a_stale_version_is_refused()
    {
        var (id, area, _) = await AgreementWithLineAsync();
        var before = await VersionAsync(id);
        var key = new NationalKey(1_999_000_000m, NationalRule.PopulationShare);

        var checkedOnly = await _db.SendAsync(new SetNationalKeyCommand(id, before, NationalKeyTarget.Area, area, key, CheckOnly: true));
        var stale = await _db.SendAsync(new SetNationalKeyCommand(id, before - 1, NationalKeyTarget.Area, area, key));
        var gone = await _db.SendAsync(new SetNationalKeyCommand(id, before, NationalKeyTarget.Line, 999_999, key));

        Assert.True(checkedOnly.Succeeded);
        Assert.StartsWith("Någon annan har ändrat överenskommelsen", Assert.Single(stale.Errors).Message);
        Assert.StartsWith("Raden finns inte längre", Assert.Single(gone.Errors).Message);
        Assert.Equal(before, await VersionAsync(id));
        Assert.False((await _db.SendAsync(new GetNationalKeysQuery(id)))!.HasAny);
    }

    [Fact]
    public async Task The_population_share_is_saved_and_audited_used_by_the_keys_and_a_share_outside_0_and_100_percent_writes_nothing()
    {
        var (id, area, _) = await AgreementWithLineAsync();
        await SetAsync(id, NationalKeyTarget.Area, area, new NationalKey(400_000_000m, NationalRule.PopulationShare));
        var unknown = (await _db.SendAsync(new GetNationalKeysQuery(id)))!.Find(NationalKeyTarget.Area, area)!;
        var audit = await AuditCountAsync(nameof(Agreement));

        var saved = await _db.SendAsync(new SetPopulationShareCommand(id, await VersionAsync(id), 0.01259986m));
        var version = await VersionAsync(id);
        var refused = await _db.SendAsync(new SetPopulationShareCommand(id, version, 1.2m));

        Assert.Null(unknown.ByRule);
        Assert.True(saved.Succeeded);
        Assert.Equal(audit + 1, await AuditCountAsync(nameof(Agreement)));
        Assert.Equal("PopulationShare", Assert.Single(refused.Errors).Field);
        Assert.Equal(version, await VersionAsync(id));
        var keys = (await _db.SendAsync(new GetNationalKeysQuery(id)))!;
        Assert.Equal(0.01259986m, keys.PopulationShare);
        Assert.Equal(5_039_944m, keys.Find(NationalKeyTarget.Area, area)!.ByRule);
    }

    [Fact]
    public async Task The_seeded_keys_of_God_och_nara_vard_2023_are_listed_in_the_trees_order_with_every_area_and_line()
    {
        var gnv = await _db.WithContextAsync(db => db.Agreements.Where(a => a.Code == "gnv2023").Select(a => a.Id).SingleAsync());

        var keys = (await _db.SendAsync(new GetNationalKeysQuery(gnv)))!;

        Assert.Equal(["2.2.a", "2.2.b", "2.2.c", "2.3", "2.4"], keys.Keyed.Select(r => r.Code));
        Assert.All(keys.Keyed, r => Assert.Equal(NationalKeyTarget.Area, r.Target));
        Assert.Equal([4m, 0m, 0m, 0m, 0m], keys.Keyed.Select(r => r.Difference!.Value));
        Assert.Contains(keys.Rows, r => r is { Target: NationalKeyTarget.Line, Code: "2.1", Key: null });
        Assert.Equal("2.1", keys.Rows[0].Code);
        Assert.Equal(NationalKeyTarget.Area, keys.Rows[0].Target);
    }

    [Fact]
    public async Task A_pending_key_is_kept_with_its_rule_and_gives_no_figures()
    {
        var (id, area, _) = await AgreementWithLineAsync();

        await SetAsync(id, NationalKeyTarget.Area, area, new NationalKey(0m, NationalRule.Table, Region: "Jämtland Härjedalen"));

        var row = (await _db.SendAsync(new GetNationalKeysQuery(id)))!.Find(NationalKeyTarget.Area, area)!;
        Assert.True(row.Pending);
        Assert.Equal((NationalRule.Table, "Jämtland Härjedalen"), (row.Key!.Rule, row.Key.Region));
        Assert.Equal((null, null, null), (row.ByRule, row.Difference, row.TableTotal));
    }

    private async Task SetAsync(int id, NationalKeyTarget target, int targetId, NationalKey? key)
    {
        var result = await _db.SendAsync(new SetNationalKeyCommand(id, await VersionAsync(id), target, targetId, key));
        Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(e => e.Message)));
    }

    private async Task<(int Id, int Area, int Line)> AgreementWithLineAsync()
    {
        var details = new AgreementDetails("Nycklar 2024", "Staten och SKR", null, null, new DateOnly(2024, 1, 1), new DateOnly(2024, 12, 31),
            null, 10_000_000m, null, null, null, null);
        var id = (await _db.SendAsync(new CreateAgreementCommand("nycklar2024", details))).Value;
        var area = await _db.SendAsync(new AddAreaCommand(id, await VersionAsync(id), "2.1", "Nära vård", 4_000_000m, null));
        var line = await _db.SendAsync(new AddLineCommand(id, await VersionAsync(id), area.Value,
            new LineDetails("2.1.b", 2024, 3_000_000m, "7301", false, [], "Primärvård i landsbygd")));
        Assert.True(line.Succeeded, string.Join(" ", line.Errors.Select(e => e.Message)));
        return (id, area.Value, line.Value);
    }

    private async Task<long> VersionAsync(int id) => (await _db.SendAsync(new GetAgreementQuery(id)))!.Version;

    private Task<int> AuditCountAsync(string? entityType = null) =>
        _db.WithContextAsync(db => db.AuditEntries.CountAsync(e => entityType == null || e.EntityType == entityType));
}
