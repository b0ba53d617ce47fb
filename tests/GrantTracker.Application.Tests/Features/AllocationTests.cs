using GrantTracker.Application.Auditing;
using GrantTracker.Application.Features.Agreements;
using GrantTracker.Application.Tests.Infrastructure;
using GrantTracker.Domain.Agreements;
using GrantTracker.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Tests.Features;

public sealed class AllocationTests : IAsyncLifetime
{
    private const string Officer = "handlaggare@demo.local";
    private TestDatabase _db = null!;

    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync(userName: Officer);

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task Areas_sub_areas_and_lines_add_up_in_the_tree()
    {
        var id = await CreateAgreementAsync(2025, 75_422_690m);
        var nara = await AddAreaAsync(id, "2.1", "Nära vård", 41_247_254m);
        var staff = await AddAreaAsync(id, "2.2", "Vårdens medarbetare", 31_487_054m);
        var general = await AddAreaAsync(id, "2.2.1", "Vårdens medarbetare", 25_187_124m, staff);
        var education = await AddAreaAsync(id, "2.2.2", "Vidareutbildning", 5_039_944m, staff);
        var careers = await AddAreaAsync(id, "2.2.3", "Karriärtjänster", 1_259_986m, staff);

        await AddLineAsync(id, nara, Line("2.1", 41_247_254m, "7001") with { Earmarks = [new Earmark("Primärvård på landsbygden", 14_897_341m)] });
        await AddLineAsync(id, general, Line("2.2.1", 25_187_124m, "7002"));
        await AddLineAsync(id, education, Line("2.2.2", 5_039_944m, "7002") with { RingFenced = true });
        await AddLineAsync(id, careers, Line("2.2.3", 1_259_986m, "7002") with { RingFenced = true });

        var view = (await _db.SendAsync(new GetAgreementQuery(id)))!;
        Assert.Equal(72_734_308m, view.LinesTotal);
        Assert.Equal(["2.1", "2.2"], view.Areas.Select(a => a.Code));
        var staffNode = view.Areas.Single(a => a.Code == "2.2");
        Assert.Equal(31_487_054m, staffNode.Total);
        Assert.Equal(["2.2.1", "2.2.2", "2.2.3"], staffNode.SubAreas.Select(a => a.Code));
        Assert.True(staffNode.SubAreas.Single(a => a.Code == "2.2.2").Lines.Single().RingFenced);
        var naraLine = view.Areas.Single(a => a.Code == "2.1").Lines.Single();
        Assert.Equal(14_897_341m, naraLine.Earmarks.Single().Amount);
        Assert.Equal(["7001", "7002"], view.CostObjects.Select(o => o.Code));
    }

    [Fact]
    public async Task A_sub_line_that_would_exceed_its_area_is_refused_and_nothing_is_saved()
    {
        var id = await CreateAgreementAsync(2025, 1_000_000m);
        var staff = await AddAreaAsync(id, "2.2", "Vårdens medarbetare", 500_000m);
        var general = await AddAreaAsync(id, "2.2.1", "Allmänt", null, staff);
        var education = await AddAreaAsync(id, "2.2.2", "Vidareutbildning", null, staff);
        await AddLineAsync(id, general, Line("2.2.1", 400_000m, "7002"));
        var before = await VersionAsync(id);

        var result = await _db.SendAsync(new AddLineCommand(id, before, education, Line("2.2.2", 100_001m, "7002")));

        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Errors);
        Assert.Equal("Amount", error.Field);
        Assert.Contains("Raderna under 2.2 Vårdens medarbetare skulle summera till 500\u00A0001\u00A0kr, mer än områdets 500\u00A0000\u00A0kr", error.Message);
        Assert.Equal(before, await VersionAsync(id));
        Assert.Equal(1, await _db.WithContextAsync(db => db.AllocationLines.CountAsync(l => l.AgreementId == id)));
    }

    [Fact]
    public async Task A_sub_area_goes_only_under_a_top_level_area_without_lines_of_its_own()
    {
        var id = await CreateAgreementAsync(2025, 1_000_000m);
        var withLine = await AddAreaAsync(id, "1", "Med rad", null);
        await AddLineAsync(id, withLine, Line("1", 100m, "7001"));
        var top = await AddAreaAsync(id, "2", "Överst", null);
        var sub = await AddAreaAsync(id, "2.1", "Delområde", null, top);

        var underLine = await _db.SendAsync(new AddAreaCommand(id, await VersionAsync(id), "1.1", "Under rad", null, withLine));
        var underSub = await _db.SendAsync(new AddAreaCommand(id, await VersionAsync(id), "2.1.1", "Tredje nivån", null, sub));

        Assert.Equal("Området 1 har egna fördelningsrader. Ta bort raderna först och lägg dem sedan på delområdena.", Assert.Single(underLine.Errors).Message);
        Assert.Equal("2.1 är redan ett delområde. Välj ett utvecklingsområde på översta nivån.", Assert.Single(underSub.Errors).Message);
        Assert.Equal(3, await _db.WithContextAsync(db => db.DevelopmentAreas.CountAsync(a => a.AgreementId == id)));
    }

    [Fact]
    public async Task A_duplicate_line_code_is_refused()
    {
        var id = await CreateAgreementAsync(2025, 1_000_000m);
        var area = await AddAreaAsync(id, "1", "Område", null);
        await AddLineAsync(id, area, Line("1.1", 100m, "7001"));

        var result = await _db.SendAsync(new AddLineCommand(id, await VersionAsync(id), area, Line("1.1", 200m, "7001")));

        var error = Assert.Single(result.Errors);
        Assert.Equal("Code", error.Field);
        Assert.Equal("Koden 1.1 används redan av en annan rad i överenskommelsen. Välj en annan kod.", error.Message);
    }

    [Fact]
    public async Task A_negative_amount_is_refused_for_areas_and_lines()
    {
        var id = await CreateAgreementAsync(2025, 1_000_000m);
        var area = await AddAreaAsync(id, "1", "Område", null);

        var line = await _db.SendAsync(new AddLineCommand(id, await VersionAsync(id), area, Line("1.1", -1m, "7001")));
        var newArea = await _db.SendAsync(new AddAreaCommand(id, await VersionAsync(id), "2", "Annat", -5m, null));

        Assert.Equal("Beloppet kan inte vara negativt.", Assert.Single(line.Errors, e => e.Field == "Amount").Message);
        Assert.Equal("Beloppet kan inte vara negativt.", Assert.Single(newArea.Errors, e => e.Field == "Amount").Message);
        Assert.Equal(0, await _db.WithContextAsync(db => db.AllocationLines.CountAsync(l => l.AgreementId == id)));
        Assert.Equal(1, await _db.WithContextAsync(db => db.DevelopmentAreas.CountAsync(a => a.AgreementId == id)));
    }

    [Fact]
    public async Task A_change_made_on_a_stale_version_is_refused()
    {
        var id = await CreateAgreementAsync(2025, 1_000_000m);
        var seen = await VersionAsync(id);
        var area = await AddAreaAsync(id, "1", "Område", null);

        var result = await _db.SendAsync(new AddLineCommand(id, seen, area, Line("1.1", 100m, "7001")));

        Assert.StartsWith("Någon annan har ändrat överenskommelsen sedan du öppnade den.", Assert.Single(result.Errors).Message);
        Assert.Equal(0, await _db.WithContextAsync(db => db.AllocationLines.CountAsync(l => l.AgreementId == id)));
    }

    [Fact]
    public async Task Removing_a_line_deletes_its_row_and_its_earmarks()
    {
        var id = await CreateAgreementAsync(2025, 1_000_000m);
        var area = await AddAreaAsync(id, "1", "Område", null);
        var line = await AddLineAsync(id, area, Line("1.1", 100m, "7001") with { Earmarks = [new Earmark("Landsbygd", 40m)] });

        var result = await _db.SendAsync(new RemoveLineCommand(id, await VersionAsync(id), line));

        Assert.True(result.Succeeded);
        Assert.False(await _db.WithContextAsync(db => db.AllocationLines.AnyAsync(l => l.Id == line)));
        var earmarks = await _db.WithContextAsync(db =>
            db.Database.SqlQuery<int>($"SELECT COUNT(*) AS Value FROM AllocationLineEarmarks WHERE AllocationLineId = {line}").SingleAsync());
        Assert.Equal(0, earmarks);
    }

    [Fact]
    public async Task A_cost_object_no_line_books_on_any_more_leaves_the_agreement_and_is_free_for_another()
    {
        var id = await CreateAgreementAsync(2024, 1_000_000m);
        var area = await AddAreaAsync(id, "1", "Område", null);
        var kept = await AddLineAsync(id, area, Line("1.1", 100m, "7001") with { Year = 2024 });
        var moved = await AddLineAsync(id, area, Line("1.2", 100m, "9916") with { Year = 2024 });
        var removed = await AddLineAsync(id, area, Line("1.3", 100m, "7002") with { Year = 2024 });

        Assert.True((await _db.SendAsync(new UpdateLineCommand(id, await VersionAsync(id), moved, area, Line("1.2", 100m, "7001") with { Year = 2024 }))).Succeeded);
        Assert.True((await _db.SendAsync(new RemoveLineCommand(id, await VersionAsync(id), removed))).Succeeded);

        var codes = await _db.WithContextAsync(db => db.CostObjectPeriods.Where(p => p.AgreementId == id)
            .Select(p => p.CostObjectCode).ToListAsync());
        Assert.Equal(["7001"], codes);
        var other = await CreateAgreementAsync(2024, 1_000_000m, "ANNAN-2024");
        var otherArea = await AddAreaAsync(other, "1", "Område", null);
        var result = await _db.SendAsync(new AddLineCommand(other, await VersionAsync(other), otherArea, Line("1.1", 100m, "9916") with { Year = 2024 }));
        Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(e => e.Message)));
        Assert.Equal("7001", await _db.WithContextAsync(db => db.AllocationLines.Where(l => l.Id == kept).Select(l => l.CostObjectCode).SingleAsync()));
    }

    [Fact]
    public async Task Removing_an_area_deletes_its_row_but_an_area_with_sub_areas_is_refused()
    {
        var id = await CreateAgreementAsync(2025, 1_000_000m);
        var parent = await AddAreaAsync(id, "1", "Område", null);
        var child = await AddAreaAsync(id, "1.1", "Delområde", null, parent);

        var refused = await _db.SendAsync(new RemoveAreaCommand(id, await VersionAsync(id), parent));
        var removed = await _db.SendAsync(new RemoveAreaCommand(id, await VersionAsync(id), child));

        Assert.Equal("Området 1 har delområden eller rader. Ta bort dem först.", Assert.Single(refused.Errors).Message);
        Assert.True(removed.Succeeded);
        Assert.Equal([parent], await _db.WithContextAsync(db => db.DevelopmentAreas.Where(a => a.AgreementId == id).Select(a => a.Id).ToListAsync()));
    }

    [Fact]
    public async Task Cost_object_9916_in_a_period_of_another_agreement_is_refused_with_its_name()
    {
        var id = await CreateAgreementAsync(2019, 1_000_000m);
        var area = await AddAreaAsync(id, "1", "Område", null);

        var result = await _db.SendAsync(new AddLineCommand(id, await VersionAsync(id), area, Line("1.1", 100m, "9916") with { Year = 2019 }));

        var error = Assert.Single(result.Errors);
        Assert.Equal("CostObjectCode", error.Field);
        Assert.Contains("Patientmiljarden", error.Message);
        Assert.Contains("2018-01–2020-12", error.Message);
        Assert.Contains("Välj ett annat kostnadsobjekt", error.Message);
        Assert.False(await _db.WithContextAsync(db => db.CostObjectPeriods.AnyAsync(p => p.AgreementId == id)));
        Assert.False(await _db.WithContextAsync(db => db.AllocationLines.AnyAsync(l => l.AgreementId == id)));
    }

    [Fact]
    public async Task Cost_object_9916_in_a_year_no_other_agreement_uses_is_accepted()
    {
        var id = await CreateAgreementAsync(2024, 1_000_000m);
        var area = await AddAreaAsync(id, "1", "Område", null);

        await AddLineAsync(id, area, Line("1.1", 100m, "9916") with { Year = 2024 });

        var view = (await _db.SendAsync(new GetAgreementQuery(id)))!;
        Assert.Equal(("9916", "2024-01", "2024-12"), view.CostObjects.Select(o => (o.Code, o.From, o.To)).Single());
    }

    [Fact]
    public async Task Moving_a_line_onto_9916_in_another_agreements_period_is_refused()
    {
        var id = await CreateAgreementAsync(2023, 1_000_000m);
        var area = await AddAreaAsync(id, "1", "Område", null);
        var line = await AddLineAsync(id, area, Line("1.1", 100m, "7001") with { Year = 2023 });

        var result = await _db.SendAsync(new UpdateLineCommand(id, await VersionAsync(id), line, area, Line("1.1", 100m, "9916") with { Year = 2023 }));

        Assert.Contains("God och nära vård 2023", Assert.Single(result.Errors).Message);
        Assert.Equal("7001", await _db.WithContextAsync(db => db.AllocationLines.Where(l => l.Id == line).Select(l => l.CostObjectCode).SingleAsync()));
    }

    [Fact]
    public async Task Every_change_leaves_audit_entries_naming_the_entity_and_the_user()
    {
        var id = await CreateAgreementAsync(2025, 1_000_000m);
        var seedEntries = await _db.WithContextAsync(db => db.AuditEntries.MaxAsync(e => e.Id));
        var area = await AddAreaAsync(id, "1", "Område", 500m);
        var line = await AddLineAsync(id, area, Line("1.1", 100m, "7001"));
        Assert.True((await _db.SendAsync(new UpdateAreaCommand(id, await VersionAsync(id), area, "1", "Nytt namn", 600m))).Succeeded);
        Assert.True((await _db.SendAsync(new UpdateLineCommand(id, await VersionAsync(id), line, area,
            Line("1.1", 250m, "7001") with { Earmarks = [new Earmark("Landsbygd", 50m)] }))).Succeeded);
        Assert.True((await _db.SendAsync(new RemoveLineCommand(id, await VersionAsync(id), line))).Succeeded);
        Assert.True((await _db.SendAsync(new RemoveAreaCommand(id, await VersionAsync(id), area))).Succeeded);

        var entries = await _db.WithContextAsync(db => db.AuditEntries
            .Where(e => e.Id > seedEntries && (e.EntityType == "DevelopmentArea" || e.EntityType == "AllocationLine"))
            .OrderBy(e => e.Id).ToListAsync());

        Assert.All(entries, e => Assert.Equal(Officer, e.UserName));
        Assert.Equal(
            [("DevelopmentArea", AuditAction.Skapad), ("AllocationLine", AuditAction.Skapad), ("DevelopmentArea", AuditAction.Ändrad),
             ("AllocationLine", AuditAction.Ändrad), ("AllocationLine", AuditAction.Borttagen), ("DevelopmentArea", AuditAction.Borttagen)],
            entries.Select(e => (e.EntityType, e.Action)));
        Assert.All(entries.Where(e => e.EntityType == "AllocationLine"), e => Assert.Equal(line.ToString(), e.EntityId));
        Assert.All(entries.Where(e => e.EntityType == "DevelopmentArea"), e => Assert.Equal(area.ToString(), e.EntityId));
        var lineChange = entries.Single(e => e is { EntityType: "AllocationLine", Action: AuditAction.Ändrad });
        Assert.Contains("\"Amount\":{\"old\":100,\"new\":250}", lineChange.Changes);
        Assert.Contains("Nytt namn", entries.Single(e => e is { EntityType: "DevelopmentArea", Action: AuditAction.Ändrad }).Changes);
        Assert.True(await _db.WithContextAsync(db => db.AuditEntries.AnyAsync(e => e.Id > seedEntries && e.EntityType == "Earmark" && e.UserName == Officer)));
    }

    private static LineDetails Line(string code, decimal amount, string costObject) =>
        new(code, 2025, amount, costObject, RingFenced: false, Earmarks: []);

    private async Task<int> CreateAgreementAsync(int year, decimal allocation, string? code = null)
    {
        var details = new AgreementDetails($"Testöverenskommelse {year}", "Staten och SKR", null, null,
            new DateOnly(year, 1, 1), new DateOnly(year, 12, 31), null, allocation, null, null, null, null);
        var created = await _db.SendAsync(new CreateAgreementCommand(code ?? $"test{year}", details));
        Assert.True(created.Succeeded, string.Join(" ", created.Errors.Select(e => e.Message)));
        return created.Value;
    }

    private async Task<long> VersionAsync(int id) => (await _db.SendAsync(new GetAgreementQuery(id)))!.Version;

    private async Task<int> AddAreaAsync(int id, string code, string name, decimal? amount, int? parent = null)
    {
        var added = await _db.SendAsync(new AddAreaCommand(id, await VersionAsync(id), code, name, amount, parent));
        Assert.True(added.Succeeded, string.Join(" ", added.Errors.Select(e => e.Message)));
        return added.Value;
    }

    private async Task<int> AddLineAsync(int id, int area, LineDetails details)
    {
        var added = await _db.SendAsync(new AddLineCommand(id, await VersionAsync(id), area, details));
        Assert.True(added.Succeeded, string.Join(" ", added.Errors.Select(e => e.Message)));
        return added.Value;
    }
}
