using GrantTracker.Application.Seeding;
using GrantTracker.Application.Tests.Infrastructure;
using GrantTracker.Domain.Agreements;
using GrantTracker.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Tests.Seeding;

/// <summary>
/// The seed documents carry their own checks (totals, the distribution key, deadlines). The loaded
/// agreements are read back from the database and must pass every one of them.
/// </summary>
public sealed class SeedTests : IAsyncLifetime
{
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task God_och_nara_vard_2023_lines_total_the_regions_allocation()
    {
        var agreement = await LoadAsync("gnv2023");

        Assert.Equal("God och nära vård 2023", agreement.Name);
        Assert.Equal(75_422_690m, agreement.RegionAllocation);
        Assert.Equal(75_422_690m, agreement.Lines.Sum(l => l.Amount));
    }

    [Fact]
    public async Task God_och_nara_vard_2023_area_2_2_totals_its_three_sub_areas()
    {
        var agreement = await LoadAsync("gnv2023");

        var area = agreement.Areas.Single(a => a.Code == "2.2");
        Assert.Equal(31_487_054m, area.Amount);
        Assert.Equal(31_487_054m, agreement.AreaTotal(area));
        Assert.Equal(3, agreement.Areas.Count(a => a.Parent == area));
    }

    [Fact]
    public async Task God_och_nara_vard_2023_area_2_1_has_one_line_with_the_rural_primary_care_earmark()
    {
        var agreement = await LoadAsync("gnv2023");

        var line = Assert.Single(agreement.Lines, l => l.Area.Code == "2.1");
        Assert.Equal(41_247_254m, line.Amount);
        Assert.Equal("9916", line.CostObjectCode);
        var earmark = Assert.Single(line.Earmarks);
        Assert.Equal(14_897_341m, earmark.Amount);
    }

    [Fact]
    public async Task God_och_nara_vard_2023_ring_fences_further_education_and_careers()
    {
        var agreement = await LoadAsync("gnv2023");

        var ringFenced = agreement.Lines.Where(l => l.RingFenced).Select(l => l.Amount).Order().ToList();
        Assert.Equal([1_259_986m, 5_039_944m], ringFenced);
        Assert.All(agreement.Lines.Where(l => l.RingFenced), l => Assert.Equal("2.2", l.Area.Parent?.Code));
    }

    [Fact]
    public async Task God_och_nara_vard_2023_books_on_four_cost_objects()
    {
        var agreement = await LoadAsync("gnv2023");

        Assert.Equal(["9916", "9917", "9942", "9943"], agreement.CostObjects.Select(o => o.CostObjectCode).Order(StringComparer.Ordinal));
        Assert.Equal(["9916", "9917", "9942", "9943"], agreement.Lines.Select(l => l.CostObjectCode).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_key_based_lines_imply_one_population_share_of_about_1_259986_percent()
    {
        var agreement = await LoadAsync("gnv2023");
        decimal Line(string code) => agreement.Lines.Single(l => l.Code == code).Amount;

        // Area 2.3: 500 000 kr to each of the 21 regions, the rest of 70 mkr by population share.
        var share = (Line("2.3") - 500_000m) / (70_000_000m - 21 * 500_000m);
        Assert.InRange(share * 100m, 1.259986m - 0.000001m, 1.259986m + 0.000001m);

        var stated = 1.259986m / 100m;
        AssertWithinOneKrona(1_249_692m, 500_000m + (70_000_000m - 21 * 500_000m) * stated);
        AssertWithinOneKrona(Line("2.3"), 500_000m + (70_000_000m - 21 * 500_000m) * share);
        // The same key for the ambulance area (85 mkr), and the careers money (100 mkr) by share alone.
        AssertWithinOneKrona(Line("2.4"), 500_000m + (85_000_000m - 21 * 500_000m) * stated);
        AssertWithinOneKrona(Line("2.2.c"), 100_000_000m * stated);
    }

    [Fact]
    public async Task God_och_nara_vard_2023_has_its_17_activities_the_first_with_24_mkr()
    {
        var id = await IdOfAsync("gnv2023");
        var activities = await _database.WithContextAsync(db =>
            db.Activities.Where(a => a.AgreementId == id).OrderBy(a => a.Number).ToListAsync());

        Assert.Equal(17, activities.Count);
        Assert.Equal(Enumerable.Range(1, 17), activities.Select(a => a.Number));
        Assert.Equal(24_000_000m, activities[0].TotalBudget);
        Assert.Equal("9916", activities[0].CostObjectCode);
    }

    [Fact]
    public async Task God_och_nara_vard_2023_carries_the_conditions_of_section_3_3()
    {
        var agreement = await LoadAsync("gnv2023");

        var conditions = agreement.Conditions.Where(c => c.Source == "3.3").ToList();
        Assert.Equal(["3.3.1", "3.3.2", "3.3.3", "3.3.4"], conditions.Select(c => c.Code).Order(StringComparer.Ordinal));
        Assert.Contains(conditions, c => c.Text.Contains("avskrivning", StringComparison.Ordinal));
        Assert.Contains(conditions, c => c.Text.Contains("budgetkalkyl", StringComparison.Ordinal));
    }

    [Fact]
    public async Task God_och_nara_vard_2023_reports_to_Socialstyrelsen_by_the_stated_deadlines()
    {
        var agreement = await LoadAsync("gnv2023");

        var final = Assert.Single(agreement.Obligations, o => o.Kind == ObligationKind.Slutredovisning);
        Assert.Equal(new DateOnly(2024, 3, 31), final.DueDate);
        Assert.Equal("Socialstyrelsen", final.Recipient);
        Assert.False(final.DueDateAssumed);

        var vfu = Assert.Single(agreement.Obligations, o => o.Title.Contains("VFU", StringComparison.Ordinal));
        Assert.Equal(new DateOnly(2023, 3, 31), vfu.DueDate);
        Assert.Equal("Socialstyrelsen", vfu.Recipient);
    }

    [Fact]
    public async Task Patientmiljarden_gives_12_6_12_5_and_12_4_mkr_per_year()
    {
        var agreement = await LoadAsync("patientmiljarden");

        var perYear = agreement.Lines.GroupBy(l => l.Year).OrderBy(g => g.Key).Select(g => (g.Key, g.Sum(l => l.Amount)));
        Assert.Equal([(2018, 12_600_000m), (2019, 12_500_000m), (2020, 12_400_000m)], perYear);
        Assert.Equal("RS2771/2017", agreement.DiaryNumber);
        Assert.Equal(2, agreement.Category);
    }

    [Fact]
    public async Task Cost_object_9916_belongs_to_each_agreement_in_months_that_do_not_overlap()
    {
        var patientmiljarden = Assert.Single((await LoadAsync("patientmiljarden")).CostObjects, o => o.CostObjectCode == "9916");
        var gnv2023 = Assert.Single((await LoadAsync("gnv2023")).CostObjects, o => o.CostObjectCode == "9916");

        Assert.Equal((new YearMonth(2018, 1), new YearMonth(2020, 12)), (patientmiljarden.From, patientmiljarden.To));
        Assert.Equal((new YearMonth(2023, 1), new YearMonth(2023, 12)), (gnv2023.From, gnv2023.To));
        Assert.False(patientmiljarden.Overlaps(gnv2023.From, gnv2023.To));
    }

    [Fact]
    public async Task Loading_the_seed_a_second_time_adds_nothing()
    {
        var before = await CountsAsync();

        var added = await _database.WithContextAsync(db => SeedAgreements.LoadAsync(db));

        Assert.Empty(added);
        Assert.Equal(before, await CountsAsync());
        Assert.True(before.Audit > 0, "The first load must have written audit entries.");
    }

    private Task<(int Agreements, int Areas, int Lines, int Objects, int Conditions, int Obligations, int Activities, int Audit)> CountsAsync() =>
        _database.WithContextAsync(async db => (
            await db.Agreements.CountAsync(),
            await db.DevelopmentAreas.CountAsync(),
            await db.AllocationLines.CountAsync(),
            await db.CostObjectPeriods.CountAsync(),
            await db.AgreementConditions.CountAsync(),
            await db.ReportingObligations.CountAsync(),
            await db.Activities.CountAsync(),
            await db.AuditEntries.CountAsync()));

    private Task<int> IdOfAsync(string code) =>
        _database.WithContextAsync(db => db.Agreements.Where(a => a.Code == code).Select(a => a.Id).SingleAsync());

    /// <summary>The whole aggregate, read from a fresh context so nothing comes from the loader's memory.</summary>
    private Task<Agreement> LoadAsync(string code) =>
        _database.WithContextAsync(db => db.Agreements.AsNoTrackingWithIdentityResolution()
            .Include(a => a.Areas).ThenInclude(x => x.Parent)
            .Include(a => a.Lines).ThenInclude(l => l.Area)
            .Include(a => a.CostObjects)
            .Include(a => a.Conditions)
            .Include(a => a.Obligations)
            .AsSplitQuery()
            .SingleAsync(a => a.Code == code));

    private static void AssertWithinOneKrona(decimal expected, decimal actual) =>
        Assert.True(Math.Abs(expected - actual) <= 1m, $"Expected {expected} within 1 kr, got {actual}.");
}
