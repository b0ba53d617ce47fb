using GrantTracker.Domain.Agreements;
using GrantTracker.Domain.Common;

namespace GrantTracker.Domain.Tests.Agreements;

/// <summary>
/// The rest of an agreement's definition as the officer edits it in the app: conditions, reporting obligations (a sent report's only
/// with a reason, never removed), cost-object periods and reporting requirements. Every refusal says all that is wrong at once and
/// changes nothing.
/// </summary>
public sealed class DefinitionTests
{
    private static Agreement NewAgreement(int firstYear = 2024, int lastYear = 2024) =>
        Agreement.Create("kvinnohalsa2024", new AgreementDetails("Kvinnors hälsa", "Staten och SKR", null, null, new DateOnly(firstYear, 1, 1),
            new DateOnly(lastYear, 12, 31), null, 1_000_000m, null, null, null, null)).Value;

    private static string Obligations(Agreement a) =>
        string.Join(";", a.Obligations.Select(o => $"{o.Kind}:{o.Title}:{o.Recipient}:{o.DueDate}:{o.DueDateAssumed}:{o.Note}:{o.ChangeReason}"));

    private static ReportingObligation FinalReport(Agreement agreement) =>
        agreement.AddObligation(ObligationKind.Slutredovisning, "Slutredovisning 2024", "Socialstyrelsen", new DateOnly(2025, 3, 31), false, null, null).Value;

    [Fact]
    public void A_condition_is_added_edited_and_removed()
    {
        var agreement = NewAgreement();

        var added = agreement.AddCondition(" 3.3 ", " Befintliga resurser används först. ", null);
        Assert.True(added.Succeeded);
        Assert.Equal(("3.3", "Befintliga resurser används först."), (added.Value.Code, added.Value.Text));

        Assert.True(agreement.UpdateCondition(added.Value, "3.4", "Privata utförare deltar på lika villkor.", "Avsnitt 3.4").Succeeded);
        Assert.Equal(("3.4", "Privata utförare deltar på lika villkor.", "Avsnitt 3.4"), (added.Value.Code, added.Value.Text, added.Value.Source));

        Assert.True(agreement.RemoveCondition(added.Value).Succeeded);
        Assert.Empty(agreement.Conditions);
    }

    [Fact]
    public void A_condition_without_section_or_text_is_refused_with_both_errors_and_nothing_changes()
    {
        var agreement = NewAgreement();
        var condition = agreement.AddCondition("3.3", "Villkor", null).Value;

        var added = agreement.AddCondition(" ", "", null);
        var updated = agreement.UpdateCondition(condition, new string('x', AgreementCondition.CodeMaxLength + 1), " ", null);

        Assert.Equal([nameof(AgreementCondition.Code), nameof(AgreementCondition.Text)], added.Errors.Select(e => e.Field));
        Assert.Equal([nameof(AgreementCondition.Code), nameof(AgreementCondition.Text)], updated.Errors.Select(e => e.Field));
        Assert.Equal(("3.3", "Villkor"), (Assert.Single(agreement.Conditions).Code, condition.Text));
    }

    [Fact]
    public void An_obligation_with_every_field_wrong_is_refused_with_every_error_at_once()
    {
        var agreement = NewAgreement();

        var result = agreement.AddObligation((ObligationKind)99, " ", "", new DateOnly(1999, 1, 1), false, new string('x', ReportingObligation.NoteMaxLength + 1), null);

        Assert.Equal(
            [nameof(ReportingObligation.Kind), nameof(ReportingObligation.Title), nameof(ReportingObligation.Recipient), nameof(ReportingObligation.DueDate),
                nameof(ReportingObligation.Note)],
            result.Errors.Select(e => e.Field));
        Assert.Empty(agreement.Obligations);
    }

    [Fact]
    public void An_obligation_not_yet_sent_changes_without_a_reason_and_is_removed()
    {
        var agreement = NewAgreement();
        var obligation = FinalReport(agreement);

        var changed = agreement.UpdateObligation(obligation, ObligationKind.Slutredovisning, "Slutredovisning", "Socialstyrelsen", new DateOnly(2025, 4, 30), true,
            "Förlängd enligt besked", null);

        Assert.True(changed.Succeeded);
        Assert.Equal((new DateOnly(2025, 4, 30), true, "Förlängd enligt besked", (string?)null),
            (obligation.DueDate, obligation.DueDateAssumed, obligation.Note, obligation.ChangeReason));
        Assert.True(agreement.RemoveObligation(obligation).Succeeded);
        Assert.Empty(agreement.Obligations);
    }

    [Fact]
    public void A_sent_reports_obligation_changes_only_with_a_reason_which_it_keeps()
    {
        var agreement = NewAgreement();
        var obligation = FinalReport(agreement);
        Assert.True(obligation.MarkSent(new DateOnly(2025, 3, 28), "hanna", null, new DateOnly(2025, 3, 28)).Succeeded);
        var before = Obligations(agreement);

        var withoutReason = agreement.UpdateObligation(obligation, ObligationKind.Slutredovisning, "Slutredovisning", "Socialstyrelsen", new DateOnly(2025, 3, 31),
            false, null, "  ");

        var error = Assert.Single(withoutReason.Errors);
        Assert.Equal(nameof(ReportingObligation.ChangeReason), error.Field);
        Assert.Contains("Rapporten skickades 2025-03-28", error.Message);
        Assert.Equal(before, Obligations(agreement));

        var withReason = agreement.UpdateObligation(obligation, ObligationKind.Slutredovisning, "Slutredovisning", "Socialstyrelsen", new DateOnly(2025, 3, 31),
            false, null, "Rubriken rättad efter Socialstyrelsens kvittens");

        Assert.True(withReason.Succeeded);
        Assert.Equal(("Slutredovisning", "Rubriken rättad efter Socialstyrelsens kvittens"), (obligation.Title, obligation.ChangeReason));
    }

    [Fact]
    public void A_sent_reports_obligation_is_never_removed()
    {
        var agreement = NewAgreement();
        var obligation = FinalReport(agreement);
        Assert.True(obligation.MarkSent(new DateOnly(2025, 3, 28), "hanna", null, new DateOnly(2025, 3, 28)).Succeeded);

        var result = agreement.RemoveObligation(obligation);

        Assert.Equal("Rapporten skickades 2025-03-28 och kan inte tas bort. Ändra uppgifterna och ange skälet i stället.", Assert.Single(result.Errors).Message);
        Assert.Single(agreement.Obligations);
    }

    [Fact]
    public void A_reopened_report_whose_sent_file_is_kept_still_needs_a_reason_and_is_never_removed()
    {
        var agreement = NewAgreement();
        var obligation = FinalReport(agreement);
        Assert.True(obligation.MarkSent(new DateOnly(2025, 3, 28), "hanna", 7, new DateOnly(2025, 3, 28)).Succeeded);
        Assert.True(obligation.Reopen().Succeeded);
        var before = Obligations(agreement);

        var changed = agreement.UpdateObligation(obligation, ObligationKind.Slutredovisning, "Ny rubrik", "Socialstyrelsen", new DateOnly(2025, 3, 31), false, null,
            null, filesKept: true);
        var removed = agreement.RemoveObligation(obligation, filesKept: true);

        Assert.Equal(nameof(ReportingObligation.ChangeReason), Assert.Single(changed.Errors).Field);
        Assert.Contains("kan inte tas bort", Assert.Single(removed.Errors).Message);
        Assert.Equal(before, Obligations(agreement));
        Assert.True(agreement.UpdateObligation(obligation, ObligationKind.Slutredovisning, "Ny rubrik", "Socialstyrelsen", new DateOnly(2025, 3, 31), false, null,
            "Fel rubrik", filesKept: true).Succeeded);
    }

    [Fact]
    public void A_cost_objects_period_is_renamed_and_moved_but_never_onto_another_of_its_own_periods()
    {
        var agreement = NewAgreement(2024, 2025);
        var area = agreement.AddArea("1", "Område", null, null).Value;
        Assert.True(agreement.AddLine(area, new LineDetails("1.1", 2024, 100_000m, "7301", false, [])).Succeeded);
        var first = Assert.Single(agreement.CostObjects);
        Assert.True(agreement.UpdateCostObject(first, "Kvinnors hälsa", new YearMonth(2024, 1), new YearMonth(2024, 12)).Succeeded);
        var second = agreement.AssignCostObject("7301", "Kvinnors hälsa", new YearMonth(2025, 1), new YearMonth(2025, 6)).Value;

        var overlapping = agreement.UpdateCostObject(second, "Kvinnors hälsa", new YearMonth(2024, 12), new YearMonth(2025, 6));
        var backwards = agreement.UpdateCostObject(second, new string('x', CostObjectPeriod.NameMaxLength + 1), new YearMonth(2025, 6), new YearMonth(2025, 1));

        Assert.Equal(("Kvinnors hälsa", new YearMonth(2024, 1), new YearMonth(2024, 12)), (first.Name, first.From, first.To));
        Assert.Contains("Objekt 7301 har redan en period i överenskommelsen som överlappar 2024-12–2025-06.", Assert.Single(overlapping.Errors).Message);
        Assert.Equal(["To", "Name"], backwards.Errors.Select(e => e.Field));
        Assert.Equal((new YearMonth(2025, 1), new YearMonth(2025, 6)), (second.From, second.To));
    }

    [Fact]
    public void The_last_period_of_an_object_a_line_books_on_stays_and_another_period_of_it_is_removed()
    {
        var agreement = NewAgreement(2024, 2025);
        var area = agreement.AddArea("1", "Område", null, null).Value;
        Assert.True(agreement.AddLine(area, new LineDetails("1.1", 2024, 100_000m, "7302", false, [])).Succeeded);
        var first = Assert.Single(agreement.CostObjects);
        Assert.True(agreement.UpdateCostObject(first, "", new YearMonth(2024, 1), new YearMonth(2024, 12)).Succeeded);
        var second = agreement.AssignCostObject("7302", "", new YearMonth(2025, 1), new YearMonth(2025, 12)).Value;

        Assert.True(agreement.RemoveCostObject(second).Succeeded);
        var last = agreement.RemoveCostObject(first);

        Assert.Equal("Fördelningsrader bokas på objekt 7302. Flytta eller ta bort raderna först, eller ändra objektets månader.", Assert.Single(last.Errors).Message);
        Assert.Same(first, Assert.Single(agreement.CostObjects));
    }

    private static ReportingRequirement Requirement(Action<ReportingRequirement>? change = null)
    {
        var requirement = new ReportingRequirement { Code = "lakare", Section = "2.1.3", Kind = RequirementKind.Indicator, Text = "Andel med fast läkarkontakt" };
        change?.Invoke(requirement);
        return requirement;
    }

    [Fact]
    public void A_requirement_with_every_field_wrong_is_refused_with_every_error_on_its_field()
    {
        var requirement = new ReportingRequirement
        {
            Code = " ", Section = "", Kind = RequirementKind.Count, Text = "", Report = ObligationKind.Handlingsplan, SplitBySex = true,
            FirstYear = 2022, LastYear = 2030,
        };

        var errors = requirement.Check(2024, 2026);

        Assert.Equal(
            [nameof(ReportingRequirement.Code), nameof(ReportingRequirement.Section), nameof(ReportingRequirement.Text), nameof(ReportingRequirement.Report),
                nameof(ReportingRequirement.SplitBySex), nameof(ReportingRequirement.Counted), nameof(ReportingRequirement.FirstYear),
                nameof(ReportingRequirement.LastYear)],
            errors.Select(e => e.Field));
        Assert.All(errors, e => Assert.NotEmpty(e.Message));
    }

    [Fact]
    public void An_indicator_with_a_target_needs_its_direction_and_a_direction_its_target()
    {
        Assert.Equal(nameof(ReportingRequirement.Direction), Assert.Single(Requirement(r => r.Target = 55).Check(2024, 2024)).Field);
        Assert.Equal(nameof(ReportingRequirement.Target), Assert.Single(Requirement(r => r.Direction = TargetDirection.AtLeast).Check(2024, 2024)).Field);
        Assert.Empty(Requirement(r => (r.Target, r.Direction, r.Unit, r.SplitBySex) = (55, TargetDirection.AtLeast, "%", true)).Check(2024, 2024));
    }

    [Fact]
    public void A_last_year_before_the_first_is_refused()
    {
        var errors = Requirement(r => (r.FirstYear, r.LastYear) = (2025, 2024)).Check(2024, 2026);

        Assert.Equal("Sista året kan inte ligga före första året.", Assert.Single(errors).Message);
    }

    [Theory]
    [InlineData(null, null, 2024, true)]
    [InlineData(2025, null, 2024, false)]
    [InlineData(2025, null, 2026, true)]
    [InlineData(null, 2024, 2025, false)]
    [InlineData(2025, 2025, 2025, true)]
    [InlineData(2025, 2025, 2026, false)]
    public void A_requirement_applies_to_the_years_from_its_first_through_its_last(int? first, int? last, int year, bool applies)
    {
        Assert.Equal(applies, Requirement(r => (r.FirstYear, r.LastYear) = (first, last)).AppliesTo(year));
    }

    [Fact]
    public void A_requirement_code_another_requirement_has_is_taken_whatever_its_case()
    {
        Assert.Equal(nameof(ReportingRequirement.Code), ReportingRequirement.CodeTaken(" VFU ", ["lakare", "vfu"])!.Field);
        Assert.Null(ReportingRequirement.CodeTaken("vfu-platser", ["lakare", "vfu"]));
    }
}
