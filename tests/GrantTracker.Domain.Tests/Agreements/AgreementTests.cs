using GrantTracker.Domain.Agreements;
using GrantTracker.Domain.Common;

namespace GrantTracker.Domain.Tests.Agreements;

/// <summary>The aggregate refuses every change that would break its figures, and a refusal changes nothing.</summary>
public sealed class AgreementTests
{
    private static AgreementDetails Details(decimal allocation = 1_000_000m, int firstYear = 2023, int lastYear = 2023) =>
        new("God och nära vård", "Staten och SKR", null, null, new DateOnly(firstYear, 1, 1), new DateOnly(lastYear, 12, 31),
            null, allocation, null, null, null, null);

    private static LineDetails Line(string code, decimal amount, int year = 2023, IReadOnlyList<Earmark>? earmarks = null) =>
        new(code, year, amount, "9916", false, earmarks ?? []);

    private static Agreement NewAgreement(decimal allocation = 1_000_000m) => Agreement.Create("gnv2023", Details(allocation)).Value;

    /// <summary>Everything a refused call could have touched, to compare before and after.</summary>
    private static string Snapshot(Agreement a) => string.Join("|",
        a.RegionAllocation,
        a.StartDate,
        a.EndDate,
        string.Join(";", a.Areas.Select(x => $"{x.Code}:{x.Name}:{x.Amount}:{x.Parent?.Code}")),
        string.Join(";", a.Lines.Select(l => $"{l.Code}:{l.Area.Code}:{l.Year}:{l.Amount}:{l.CostObjectCode}:{string.Join(",", l.Earmarks)}")),
        string.Join(";", a.CostObjects.Select(o => $"{o.CostObjectCode}:{o.From}:{o.To}")));

    private static void AssertRefused(Agreement agreement, Func<Result> change, string field)
    {
        var before = Snapshot(agreement);

        var result = change();

        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, e => e.Field == field && e.Message.Length > 0);
        Assert.Equal(before, Snapshot(agreement));
    }

    [Fact]
    public void Creating_an_agreement_keeps_its_code_in_lower_case()
    {
        var result = Agreement.Create(" GNV2023 ", Details());

        Assert.True(result.Succeeded);
        Assert.Equal("gnv2023", result.Value.Code);
        Assert.Equal(AgreementStatus.Aktiv, result.Value.Status);
    }

    [Fact]
    public void Creating_an_agreement_that_ends_before_it_starts_is_refused()
    {
        var details = Details() with { StartDate = new DateOnly(2023, 12, 31), EndDate = new DateOnly(2023, 1, 1) };

        var result = Agreement.Create("gnv2023", details);

        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, e => e.Field == nameof(Agreement.EndDate));
    }

    [Fact]
    public void Creating_an_agreement_with_a_negative_allocation_is_refused()
    {
        var result = Agreement.Create("gnv2023", Details(allocation: -1m));

        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, e => e.Field == nameof(Agreement.RegionAllocation));
    }

    [Fact]
    public void Creating_an_agreement_reports_every_problem_at_once()
    {
        var details = Details(allocation: -1m) with { Name = " ", EndDate = new DateOnly(2022, 1, 1) };

        var result = Agreement.Create("", details);

        Assert.Equal(
            [nameof(Agreement.Code), nameof(Agreement.Name), nameof(Agreement.EndDate), nameof(Agreement.RegionAllocation)],
            result.Errors.Select(e => e.Field));
    }

    [Fact]
    public void A_line_within_its_area_and_the_allocation_is_added_with_its_cost_object()
    {
        var agreement = NewAgreement();
        var area = agreement.AddArea("2.1", "Nära vård", 600_000m, null).Value;

        var result = agreement.AddLine(area, Line("2.1", 600_000m, earmarks: [new Earmark("Landsbygd", 200_000m)]));

        Assert.True(result.Succeeded);
        Assert.Equal(600_000m, agreement.LinesTotal);
        var period = Assert.Single(agreement.CostObjects);
        Assert.Equal(("9916", new YearMonth(2023, 1), new YearMonth(2023, 12)), (period.CostObjectCode, period.From, period.To));
    }

    [Fact]
    public void A_negative_line_is_refused()
    {
        var agreement = NewAgreement();
        var area = agreement.AddArea("2.1", "Nära vård", null, null).Value;

        AssertRefused(agreement, () => agreement.AddLine(area, Line("2.1", -1m)), nameof(AllocationLine.Amount));
    }

    [Fact]
    public void A_line_with_a_code_already_used_in_the_agreement_is_refused()
    {
        var agreement = NewAgreement();
        var area = agreement.AddArea("2.1", "Nära vård", null, null).Value;
        Assert.True(agreement.AddLine(area, Line("2.1", 100m)).Succeeded);

        AssertRefused(agreement, () => agreement.AddLine(area, Line("2.1", 100m)), nameof(AllocationLine.Code));
    }

    [Fact]
    public void A_line_that_would_take_its_area_over_the_ceiling_is_refused()
    {
        var agreement = NewAgreement();
        var area = agreement.AddArea("2.1", "Nära vård", 500_000m, null).Value;
        Assert.True(agreement.AddLine(area, Line("2.1.a", 300_000m)).Succeeded);

        AssertRefused(agreement, () => agreement.AddLine(area, Line("2.1.b", 200_001m)), nameof(AllocationLine.Amount));
        Assert.True(agreement.AddLine(area, Line("2.1.b", 200_000m)).Succeeded);
    }

    [Fact]
    public void A_line_two_levels_down_is_held_to_the_grandparent_areas_ceiling()
    {
        var agreement = NewAgreement();
        var top = agreement.AddArea("2.2", "Medarbetare", 300_000m, null).Value;
        var general = agreement.AddArea("2.2.a", "Allmänt", null, top).Value;
        var middle = agreement.AddArea("2.2.b", "Utbildning", null, top).Value;
        var bottom = agreement.AddArea("2.2.b.1", "Vidareutbildning", null, middle).Value;
        Assert.True(agreement.AddLine(general, Line("2.2.a", 200_000m)).Succeeded);

        AssertRefused(agreement, () => agreement.AddLine(bottom, Line("2.2.b.1", 100_001m)), nameof(AllocationLine.Amount));
        Assert.True(agreement.AddLine(bottom, Line("2.2.b.1", 100_000m)).Succeeded);
    }

    [Fact]
    public void A_line_that_would_take_all_lines_over_the_region_allocation_is_refused()
    {
        var agreement = NewAgreement(allocation: 1_000_000m);
        var first = agreement.AddArea("2.1", "Nära vård", null, null).Value;
        var second = agreement.AddArea("2.2", "Medarbetare", null, null).Value;
        Assert.True(agreement.AddLine(first, Line("2.1", 600_000m)).Succeeded);

        AssertRefused(agreement, () => agreement.AddLine(second, Line("2.2", 400_001m)), nameof(AllocationLine.Amount));
    }

    [Theory]
    [InlineData(2022)]
    [InlineData(2024)]
    public void A_line_for_a_year_outside_the_agreement_is_refused(int year)
    {
        var agreement = NewAgreement();
        var area = agreement.AddArea("2.1", "Nära vård", null, null).Value;

        AssertRefused(agreement, () => agreement.AddLine(area, Line("2.1", 100m, year)), nameof(AllocationLine.Year));
    }

    [Fact]
    public void Earmarks_that_add_up_to_more_than_their_line_are_refused()
    {
        var agreement = NewAgreement();
        var area = agreement.AddArea("2.1", "Nära vård", null, null).Value;
        Earmark[] earmarks = [new("Landsbygd", 60_000m), new("Glesbygd", 40_001m)];

        AssertRefused(agreement, () => agreement.AddLine(area, Line("2.1", 100_000m, earmarks: earmarks)), "Earmarks");
    }

    [Fact]
    public void An_area_cannot_be_lowered_below_the_lines_it_holds()
    {
        var agreement = NewAgreement();
        var area = agreement.AddArea("2.1", "Nära vård", 500_000m, null).Value;
        Assert.True(agreement.AddLine(area, Line("2.1", 400_000m)).Succeeded);

        AssertRefused(agreement, () => agreement.UpdateArea(area, "2.1", "Nära vård", 399_999m), nameof(DevelopmentArea.Amount));
        Assert.True(agreement.UpdateArea(area, "2.1", "Nära vård", 400_000m).Succeeded);
    }

    [Fact]
    public void An_area_with_sub_areas_cannot_be_removed()
    {
        var agreement = NewAgreement();
        var parent = agreement.AddArea("2.2", "Medarbetare", null, null).Value;
        var child = agreement.AddArea("2.2.a", "Allmänt", null, parent).Value;

        AssertRefused(agreement, () => agreement.RemoveArea(parent), "");
        Assert.True(agreement.RemoveArea(child).Succeeded);
        Assert.True(agreement.RemoveArea(parent).Succeeded);
        Assert.Empty(agreement.Areas);
    }

    [Fact]
    public void An_area_with_lines_cannot_be_removed()
    {
        var agreement = NewAgreement();
        var area = agreement.AddArea("2.1", "Nära vård", null, null).Value;
        Assert.True(agreement.AddLine(area, Line("2.1", 100m)).Succeeded);

        AssertRefused(agreement, () => agreement.RemoveArea(area), "");
    }

    [Fact]
    public void A_cost_object_period_that_overlaps_another_for_the_same_object_is_refused()
    {
        var agreement = NewAgreement();
        Assert.True(agreement.AssignCostObject("9916", "Nära vård", new YearMonth(2023, 1), new YearMonth(2023, 6)).Succeeded);

        AssertRefused(agreement, () => agreement.AssignCostObject("9916", "Nära vård", new YearMonth(2023, 6), new YearMonth(2023, 12)), "From");
        Assert.True(agreement.AssignCostObject("9916", "Nära vård", new YearMonth(2023, 7), new YearMonth(2023, 12)).Succeeded);
        Assert.True(agreement.AssignCostObject("9917", "Medarbetare", new YearMonth(2023, 1), new YearMonth(2023, 12)).Succeeded);
    }

    [Fact]
    public void A_cost_object_period_that_ends_before_it_starts_is_refused()
    {
        var agreement = NewAgreement();

        AssertRefused(agreement, () => agreement.AssignCostObject("9916", "", new YearMonth(2023, 6), new YearMonth(2023, 5)), "To");
    }

    [Fact]
    public void Lowering_the_allocation_below_the_lines_is_refused()
    {
        var agreement = NewAgreement(allocation: 1_000_000m);
        var area = agreement.AddArea("2.1", "Nära vård", null, null).Value;
        Assert.True(agreement.AddLine(area, Line("2.1", 800_000m)).Succeeded);

        AssertRefused(agreement, () => agreement.UpdateDetails(Details(allocation: 799_999m)), nameof(Agreement.RegionAllocation));
    }
}
