using GrantTracker.Application.Features.Agreements;
using GrantTracker.Application.Tests.Infrastructure;
using GrantTracker.Domain.Agreements;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Tests.Features;

/// <summary>
/// A definition command names every problem in one answer (a code in use with the domain's own checks, a cost object used by
/// another agreement with the line's), and a check-only run (a form whose other fields did not parse) writes nothing.
/// </summary>
public sealed class DefinitionChecksTests : IAsyncLifetime
{
    private TestDatabase _db = null!;

    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync(userName: "handlaggare@demo.local");

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private static AgreementDetails Details(string name = "Kvinnors hälsa 2024", int endYear = 2024, decimal allocation = 1_000_000m) =>
        new(name, "Staten och SKR", null, null, new DateOnly(2024, 1, 1), new DateOnly(endYear, 12, 31), null, allocation, null, null, null, null);

    [Fact]
    public async Task A_code_in_use_and_an_end_before_the_start_are_refused_in_one_answer_and_nothing_is_written()
    {
        var count = await _db.WithContextAsync(db => db.Agreements.CountAsync());

        var result = await _db.SendAsync(new CreateAgreementCommand("GNV2023", Details(name: " ", endYear: 2023)));

        Assert.Equal(["Code", "Name", "EndDate"], result.Errors.Select(e => e.Field));
        Assert.Equal("Det finns redan en överenskommelse med koden gnv2023. Välj en annan kod.", result.Errors[0].Message);
        Assert.Equal(count, await _db.WithContextAsync(db => db.Agreements.CountAsync()));
    }

    [Fact]
    public async Task A_check_only_run_of_every_definition_command_writes_nothing()
    {
        var count = await _db.WithContextAsync(db => db.Agreements.CountAsync());
        var created = await _db.SendAsync(new CreateAgreementCommand("kvinnor2024", Details(), CheckOnly: true));
        Assert.True(created.Succeeded);
        Assert.Equal(count, await _db.WithContextAsync(db => db.Agreements.CountAsync()));

        var id = (await _db.SendAsync(new CreateAgreementCommand("kvinnor2024", Details()))).Value;
        var area = (await _db.SendAsync(new AddAreaCommand(id, await VersionAsync(id), "1", "Område", 500_000m, null))).Value;
        var line = (await _db.SendAsync(new AddLineCommand(id, await VersionAsync(id), area, new LineDetails("1.1", 2024, 100_000m, "7401", false, [])))).Value;
        var version = await VersionAsync(id);

        Assert.True((await _db.SendAsync(new UpdateAgreementCommand(id, version, Details(name: "Nytt namn"), CheckOnly: true))).Succeeded);
        Assert.True((await _db.SendAsync(new AddAreaCommand(id, version, "2", "Nytt område", null, null, CheckOnly: true))).Succeeded);
        Assert.True((await _db.SendAsync(new UpdateAreaCommand(id, version, area, "1", "Omdöpt", 600_000m, CheckOnly: true))).Succeeded);
        Assert.True((await _db.SendAsync(new AddLineCommand(id, version, area, new LineDetails("1.2", 2024, 1_000m, "7402", false, []), CheckOnly: true))).Succeeded);
        Assert.True((await _db.SendAsync(new UpdateLineCommand(id, version, line, area, new LineDetails("1.1", 2024, 200_000m, "7401", false, []), CheckOnly: true))).Succeeded);

        var view = (await _db.SendAsync(new GetAgreementQuery(id)))!;
        Assert.Equal(version, view.Version);
        Assert.Equal("Kvinnors hälsa 2024", view.Name);
        Assert.Equal(["1 Område 500000"], view.AllAreas().Select(a => $"{a.Code} {a.Name} {a.Amount:0}"));
        Assert.Equal(["1.1 100000"], view.AllAreas().SelectMany(a => a.Lines).Select(l => $"{l.Code} {l.Amount:0}"));
        Assert.Equal(["7401"], view.CostObjects.Select(o => o.Code));
    }

    [Fact]
    public async Task A_line_on_another_agreements_cost_object_is_refused_with_its_other_problems()
    {
        var id = (await _db.SendAsync(new CreateAgreementCommand("gnv2023b", Details() with { StartDate = new DateOnly(2023, 1, 1), EndDate = new DateOnly(2023, 12, 31) }))).Value;
        var area = (await _db.SendAsync(new AddAreaCommand(id, await VersionAsync(id), "1", "Område", 100m, null))).Value;
        await _db.SendAsync(new AddLineCommand(id, await VersionAsync(id), area, new LineDetails("1.1", 2023, 50m, "7501", false, [])));

        // 9916 is God och nära vård 2023's in 2023; the code is in use and the amount is over the area's: all three at once.
        var result = await _db.SendAsync(new AddLineCommand(id, await VersionAsync(id), area, new LineDetails("1.1", 2023, 500m, "9916", false, [])));

        Assert.Equal(["Code", "Amount", "CostObjectCode"], result.Errors.Select(e => e.Field));
        Assert.Contains("hör redan till överenskommelsen God och nära vård 2023", result.Errors[2].Message);
    }

    [Fact]
    public async Task A_sub_area_under_a_sub_area_is_refused_with_the_areas_own_problems()
    {
        var id = (await _db.SendAsync(new CreateAgreementCommand("kvinnor2024", Details()))).Value;
        var top = (await _db.SendAsync(new AddAreaCommand(id, await VersionAsync(id), "2", "Överst", null, null))).Value;
        var sub = (await _db.SendAsync(new AddAreaCommand(id, await VersionAsync(id), "2.1", "Delområde", null, top))).Value;

        var result = await _db.SendAsync(new AddAreaCommand(id, await VersionAsync(id), "2.1", "", -1m, sub));

        Assert.Equal(["ParentId", "Code", "Name", "Amount"], result.Errors.Select(e => e.Field));
        Assert.Equal(2, await _db.WithContextAsync(db => db.DevelopmentAreas.CountAsync(a => a.AgreementId == id)));
    }

    private async Task<long> VersionAsync(int id) => (await _db.SendAsync(new GetAgreementQuery(id)))!.Version;
}
