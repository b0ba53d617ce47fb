using GrantTracker.Application.Auditing;
using GrantTracker.Application.Features.Audit;
using GrantTracker.Application.Tests.Infrastructure;

namespace GrantTracker.Application.Tests.Auditing;

public sealed class ListAuditEntriesTests : IAsyncLifetime
{
    private TestDatabase _db = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync(seedAgreements: false);
        // 60 entries one hour apart from 2023-03-30 22:00 UTC, alternating users and types, so every filter has something to drop.
        var start = new DateTime(2023, 3, 30, 22, 0, 0, DateTimeKind.Utc);
        await _db.WithContextAsync(async db =>
        {
            for (var i = 0; i < 60; i++)
            {
                db.AuditEntries.Add(new AuditEntry(
                    start.AddHours(i),
                    null,
                    i % 2 == 0 ? "hanna.handlaggare@region.se" : "eva_ekonom@region.se",
                    i % 3 == 0 ? "Activity" : "Agreement",
                    i.ToString(),
                    AuditAction.Ändrad,
                    $$$"""{"Name":{"old":"Före {{{i}}}","new":"Efter {{{i}}}"},"Budget":{"old":null,"new":1000.50}}"""));
            }
            await db.SaveChangesAsync();
        });
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task The_first_page_holds_fifty_entries_newest_first_with_the_total()
    {
        var page = await _db.SendAsync(new ListAuditEntriesQuery());

        Assert.Equal(60, page.TotalCount);
        Assert.Equal(2, page.PageCount);
        Assert.Equal(50, page.Rows.Count);
        Assert.Equal("59", page.Rows[0].EntityId);
        Assert.Equal("10", page.Rows[^1].EntityId);
    }

    [Fact]
    public async Task The_second_page_holds_the_rest()
    {
        var page = await _db.SendAsync(new ListAuditEntriesQuery(Page: 2));

        Assert.Equal(Enumerable.Range(0, 10).Reverse().Select(i => i.ToString()), page.Rows.Select(r => r.EntityId));
    }

    [Fact]
    public async Task The_changes_are_parsed_into_property_old_and_new()
    {
        var page = await _db.SendAsync(new ListAuditEntriesQuery());

        Assert.Equal(
            [new AuditChange("Name", "Före 59", "Efter 59"), new AuditChange("Budget", null, "1000.50")],
            page.Rows[0].Changes);
    }

    [Fact]
    public async Task Filtering_by_entity_type_keeps_only_that_type()
    {
        var page = await _db.SendAsync(new ListAuditEntriesQuery(EntityType: "Activity"));

        Assert.Equal(20, page.TotalCount);
        Assert.All(page.Rows, r => Assert.Equal("Activity", r.EntityType));
    }

    [Fact]
    public async Task Filtering_by_user_matches_part_of_the_name_in_any_case_and_treats_underscore_literally()
    {
        var byPart = await _db.SendAsync(new ListAuditEntriesQuery(UserName: "HANDLAGGARE"));
        var byUnderscore = await _db.SendAsync(new ListAuditEntriesQuery(UserName: "a_e"));

        Assert.Equal(30, byPart.TotalCount);
        Assert.All(byPart.Rows, r => Assert.Equal("hanna.handlaggare@region.se", r.UserName));
        // As a LIKE wildcard "a_e" would also match "handlaggare"; taken literally it matches only "eva_ekonom".
        Assert.Equal(30, byUnderscore.TotalCount);
        Assert.All(byUnderscore.Rows, r => Assert.Equal("eva_ekonom@region.se", r.UserName));
    }

    [Fact]
    public async Task Dates_are_whole_Swedish_days_from_and_to_inclusive()
    {
        // Summer time: the Swedish day 2023-03-31 runs from 03-30 22:00 to 03-31 22:00 UTC,
        // which holds entries 0..23 (22:00 UTC the day before to 21:00 UTC); entry 24 is 00:00 on 1 April.
        var page = await _db.SendAsync(new ListAuditEntriesQuery(From: new DateOnly(2023, 3, 31), To: new DateOnly(2023, 3, 31)));

        Assert.Equal(24, page.TotalCount);
        Assert.Equal("23", page.Rows[0].EntityId);
        Assert.Equal("0", page.Rows[^1].EntityId);
    }

    [Fact]
    public async Task The_dropdowns_list_every_type_and_user_whatever_the_filter()
    {
        var page = await _db.SendAsync(new ListAuditEntriesQuery(EntityType: "Activity", UserName: "nobody"));

        Assert.Empty(page.Rows);
        Assert.Equal(["Activity", "Agreement"], page.EntityTypes);
        Assert.Equal(["eva_ekonom@region.se", "hanna.handlaggare@region.se"], page.UserNames);
    }
}
