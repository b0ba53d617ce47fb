using ClosedXML.Excel;
using GrantTracker.Application.Auditing;
using GrantTracker.Application.Features.Activities;
using GrantTracker.Application.Features.Agreements;
using GrantTracker.Application.Features.Deadlines;
using GrantTracker.Application.Features.Reports;
using GrantTracker.Application.Reports;
using GrantTracker.Application.Tests.Infrastructure;
using GrantTracker.Domain.Activities;
using GrantTracker.Domain.Agreements;
using GrantTracker.Domain.Common;
using GrantTracker.Domain.Ledger;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Tests.Features;

/// <summary>
/// An agreement's conditions, reporting obligations, reporting requirements and cost-object periods, set up through the use cases on a
/// new agreement (not a seed): saved with the agreement's version and audited, found where the seeded ones are, and every refusal
/// leaves the database as it was.
/// </summary>
public sealed class DefinitionTests : IAsyncLifetime
{
    private const string Officer = "handlaggare@demo.local";
    private TestDatabase _db = null!;

    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync(userName: Officer);

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private async Task<int> CreateAgreementAsync(string code, int firstYear = 2024, int lastYear = 2024)
    {
        var details = new AgreementDetails($"Kvinnors hälsa {firstYear}", "Staten och SKR", null, null, new DateOnly(firstYear, 1, 1), new DateOnly(lastYear, 12, 31),
            null, 2_000_000m, "Chef för HOSPA", null, null, null);
        var created = await _db.SendAsync(new CreateAgreementCommand(code, details));
        Assert.True(created.Succeeded, Errors(created));
        return created.Value;
    }

    private async Task<int> AddLineAsync(int id, string costObject, int year = 2024, string code = "1.1")
    {
        var area = await _db.SendAsync(new AddAreaCommand(id, await VersionAsync(id), code, $"Område {code}", null, null));
        Assert.True(area.Succeeded, Errors(area));
        var line = await _db.SendAsync(new AddLineCommand(id, await VersionAsync(id), area.Value, new LineDetails(code, year, 500_000m, costObject, false, [])));
        Assert.True(line.Succeeded, Errors(line));
        return line.Value;
    }

    private async Task<long> VersionAsync(int id) => (await _db.SendAsync(new GetAgreementDefinitionQuery(id)))!.Version;

    private Task<AgreementDefinitionView> DefinitionAsync(int id) => _db.SendAsync(new GetAgreementDefinitionQuery(id))!;

    private static string Errors(Result result) => string.Join(" | ", result.Errors.Select(e => $"{e.Field}: {e.Message}"));

    /// <summary>The audit entries written after <paramref name="after"/>, oldest first.</summary>
    private Task<List<AuditEntry>> AuditAfterAsync(long after) =>
        _db.WithContextAsync(db => db.AuditEntries.AsNoTracking().Where(e => e.Id > after).OrderBy(e => e.Id).ToListAsync());

    private Task<long> LastAuditAsync() => _db.WithContextAsync(db => db.AuditEntries.MaxAsync(e => e.Id));

    private static ObligationFields FinalReport(string title = "Slutredovisning av Kvinnors hälsa 2024", DateOnly? due = null) =>
        new(ObligationKind.Slutredovisning, title, "Socialstyrelsen", due ?? new DateOnly(2025, 3, 31), false, null);

    private static RequirementDetails Narrative(string code, int? firstYear = null, int? lastYear = null) =>
        new(code, "2.1", RequirementKind.Narrative, $"Beskriv arbetet ({code})", ObligationKind.Slutredovisning, null, null, null, null, null, null, false, firstYear,
            lastYear);

    // Conditions

    [Fact]
    public async Task A_condition_added_in_the_app_is_in_every_decision_document_and_the_final_reports_Villkor_sheet_and_audited()
    {
        var id = await CreateAgreementAsync("kh-villkor");
        var lineId = await AddLineAsync(id, "7401");
        var activity = await _db.SendAsync(new RegisterActivityCommand(id, lineId, new ActivityDetails(null, "Barnmorskemottagning på distans", null, "Anna", null, null,
            PerformerKind.Regionenhet, null, null, [new BudgetYear(2024, 100_000m)], null)));
        Assert.True(activity.Succeeded, Errors(activity));
        var before = await LastAuditAsync();

        var added = await _db.SendAsync(new AddConditionCommand(id, await VersionAsync(id), "4.2", "Insatserna ska följas upp per kön.", "Överenskommelsen s. 7"));

        Assert.True(added.Succeeded, Errors(added));
        var condition = Assert.Single((await DefinitionAsync(id)).Conditions);
        Assert.Equal(("4.2", "Insatserna ska följas upp per kön.", "Överenskommelsen s. 7"), (condition.Code, condition.Text, condition.Source));
        Assert.Contains("Insatserna ska följas upp per kön.", (await _db.SendAsync(new GetActivityQuery(activity.Value.Id)))!.Conditions);
        var report = (await _db.SendAsync(new GetFinalReportQuery("kh-villkor", 2024)))!;
        Assert.Equal(("4.2", "Insatserna ska följas upp per kön."), (Assert.Single(report.Conditions).Code, report.Conditions[0].Text));
        var villkor = Workbook(GrantReports.FinalReport(report, new DateOnly(2025, 3, 1))).Worksheet("Villkor");
        Assert.Contains(villkor.CellsUsed(), c => c.GetString() == "Insatserna ska följas upp per kön.");
        Assert.Contains(villkor.CellsUsed(), c => c.GetString() == "4.2");
        var audit = await AuditAfterAsync(before);
        Assert.Contains(audit, e => e.EntityType == nameof(AgreementCondition) && e.Action == AuditAction.Skapad && e.UserName == Officer
                                    && System.Text.Json.JsonDocument.Parse(e.Changes).RootElement.GetProperty("Text").GetProperty("new").GetString()
                                    == "Insatserna ska följas upp per kön.");

        var edited = await _db.SendAsync(new UpdateConditionCommand(id, await VersionAsync(id), condition.Id, "4.3", "Insatserna följs upp per kön och ålder.", null));
        Assert.True(edited.Succeeded, Errors(edited));
        Assert.Contains("Insatserna följs upp per kön och ålder.", (await _db.SendAsync(new GetActivityQuery(activity.Value.Id)))!.Conditions);
        Assert.Equal("4.3", Assert.Single((await _db.SendAsync(new GetFinalReportQuery("kh-villkor", 2024)))!.Conditions).Code);
    }

    [Fact]
    public async Task A_condition_the_final_report_states_is_not_removed_and_says_where_to_empty_the_statement()
    {
        var id = await CreateAgreementAsync("kh-redovisat");
        Assert.True((await _db.SendAsync(new AddConditionCommand(id, await VersionAsync(id), "3.3", "Befintliga resurser används först.", null))).Succeeded);
        var condition = Assert.Single((await DefinitionAsync(id)).Conditions);
        Assert.True((await _db.SendAsync(new SaveConditionStatementCommand("kh-redovisat", 2024, condition.Id, "Så gjorde vi."))).Succeeded);
        var version = await VersionAsync(id);
        var before = await LastAuditAsync();

        var refused = await _db.SendAsync(new RemoveConditionCommand(id, version, condition.Id));

        Assert.Equal("Slutredovisningen för 2024 redovisar hur villkoret 3.3 uppfylldes, så villkoret kan inte tas bort. " +
                     "Töm redovisningen av villkoret under Rapporter → Slutredovisning 2024 först, eller ändra villkorets text i stället.",
            Assert.Single(refused.Errors).Message);
        Assert.Single((await DefinitionAsync(id)).Conditions);
        Assert.Equal(version, await VersionAsync(id));
        Assert.Empty(await AuditAfterAsync(before));

        Assert.True((await _db.SendAsync(new SaveConditionStatementCommand("kh-redovisat", 2024, condition.Id, ""))).Succeeded);
        Assert.True((await _db.SendAsync(new RemoveConditionCommand(id, await VersionAsync(id), condition.Id))).Succeeded);
        Assert.Empty((await DefinitionAsync(id)).Conditions);
    }

    [Fact]
    public async Task Every_change_made_on_a_stale_version_is_refused_and_writes_nothing()
    {
        var id = await CreateAgreementAsync("kh-inaktuell");
        await AddLineAsync(id, "7402");
        Assert.True((await _db.SendAsync(new AddConditionCommand(id, await VersionAsync(id), "3.3", "Villkor", null))).Succeeded);
        Assert.True((await _db.SendAsync(new AddObligationCommand(id, await VersionAsync(id), FinalReport()))).Succeeded);
        Assert.True((await _db.SendAsync(new AddRequirementCommand(id, await VersionAsync(id), Narrative("berattelse")))).Succeeded);
        var definition = await DefinitionAsync(id);
        var stale = definition.Version - 1;
        var before = await LastAuditAsync();

        Result[] results =
        [
            await _db.SendAsync(new AddConditionCommand(id, stale, "3.4", "Nytt", null)),
            await _db.SendAsync(new UpdateConditionCommand(id, stale, definition.Conditions[0].Id, "3.3", "Ändrat", null)),
            await _db.SendAsync(new RemoveConditionCommand(id, stale, definition.Conditions[0].Id)),
            await _db.SendAsync(new AddObligationCommand(id, stale, FinalReport("Annan"))),
            await _db.SendAsync(new UpdateObligationCommand(id, stale, definition.Obligations[0].Id, FinalReport("Ändrad"), null)),
            await _db.SendAsync(new RemoveObligationCommand(id, stale, definition.Obligations[0].Id)),
            await _db.SendAsync(new AddRequirementCommand(id, stale, Narrative("annan"))),
            await _db.SendAsync(new UpdateRequirementCommand(id, stale, definition.Requirements[0].Id, Narrative("berattelse") with { Text = "Ändrad" })),
            await _db.SendAsync(new RemoveRequirementCommand(id, stale, definition.Requirements[0].Id)),
            await _db.SendAsync(new AddCostObjectPeriodCommand(id, stale, "7402", "", new YearMonth(2025, 1), new YearMonth(2025, 6))),
            await _db.SendAsync(new UpdateCostObjectPeriodCommand(id, stale, definition.CostObjects[0].Id, "Nytt namn", new YearMonth(2024, 1), new YearMonth(2024, 12))),
            await _db.SendAsync(new RemoveCostObjectPeriodCommand(id, stale, definition.CostObjects[0].Id)),
        ];

        Assert.All(results, r => Assert.Equal(AgreementLoader.Stale.Errors[0].Message, Assert.Single(r.Errors).Message));
        Assert.Empty(await AuditAfterAsync(before));
        var after = await DefinitionAsync(id);
        Assert.Equal(definition.Version, after.Version);
        Assert.Equal(definition.Conditions.Select(c => (c.Id, c.Code, c.Text)), after.Conditions.Select(c => (c.Id, c.Code, c.Text)));
        Assert.Equal(definition.Obligations, after.Obligations);
        Assert.Equal(definition.CostObjects, after.CostObjects);
        Assert.Equal(definition.Requirements.Count, after.Requirements.Count);
        Assert.Equal(definition.Requirements.Select(r => (r.Code, r.Text)), after.Requirements.Select(r => (r.Code, r.Text)));
    }

    // Obligations

    [Fact]
    public async Task An_obligation_added_in_the_app_is_on_the_deadlines_with_its_readiness_as_a_seeded_one_is()
    {
        var id = await CreateAgreementAsync("kh-deadline");
        await AddLineAsync(id, "7403");
        var added = await _db.SendAsync(new AddObligationCommand(id, await VersionAsync(id),
            new ObligationFields(ObligationKind.Slutredovisning, "Slutredovisning av Kvinnors hälsa 2024", "Socialstyrelsen", new DateOnly(2025, 3, 31), true,
                "Datum enligt regionens tidplan")));

        Assert.True(added.Succeeded, Errors(added));
        var list = await _db.SendAsync(new ListDeadlinesQuery());
        var row = list.Rows.Single(r => r.Id == added.Value);
        var seeded = list.Rows.Single(r => r.Title == "Slutredovisning av God och nära vård 2023");
        Assert.Equal((id, "Kvinnors hälsa 2024", ObligationKind.Slutredovisning, "Socialstyrelsen", new DateOnly(2025, 3, 31), true),
            (row.AgreementId, row.AgreementName, row.Kind, row.Recipient, row.DueDate, row.DueDateAssumed));
        // The same columns as the seeded one: the agreement's responsible as owner, not yet begun, readiness checked.
        Assert.Equal(("Chef för HOSPA", false, ObligationStatus.EjPaborjad), (row.Owner, row.OwnerNamed, row.Status));
        Assert.Equal(seeded.Readiness!.Checked, row.Readiness!.Checked);
        Assert.Contains(row.Readiness.Missing, m => m.Contains("2024-01–2024-12"));
        var obligation = (await _db.SendAsync(new GetObligationQuery(added.Value)))!;
        Assert.Equal(("Slutredovisning av Kvinnors hälsa 2024", "Datum enligt regionens tidplan"), (obligation.Title, obligation.Note));
    }

    [Fact]
    public async Task A_sent_reports_obligation_changes_only_with_a_reason_which_lands_in_the_audit_trail_and_is_never_removed()
    {
        var id = await CreateAgreementAsync("kh-skickad");
        var obligationId = (await _db.SendAsync(new AddObligationCommand(id, await VersionAsync(id), FinalReport()))).Value;
        _db.Clock.Set(new DateTimeOffset(2025, 3, 29, 10, 0, 0, TimeSpan.Zero));
        Assert.True((await _db.SendAsync(new MarkObligationSentCommand(obligationId, new DateOnly(2025, 3, 28),
            new SentFile("slutredovisning.pdf", "application/pdf", "%PDF-1.4 test"u8.ToArray())))).Succeeded);
        var version = await VersionAsync(id);
        var before = await LastAuditAsync();

        var withoutReason = await _db.SendAsync(new UpdateObligationCommand(id, version, obligationId, FinalReport(due: new DateOnly(2025, 4, 30)), "  "));
        var removed = await _db.SendAsync(new RemoveObligationCommand(id, version, obligationId));

        Assert.Equal("ChangeReason", Assert.Single(withoutReason.Errors).Field);
        Assert.Contains("Rapporten skickades 2025-03-28", withoutReason.Errors[0].Message);
        Assert.Equal("Rapporten skickades 2025-03-28 och kan inte tas bort. Ändra uppgifterna och ange skälet i stället.", Assert.Single(removed.Errors).Message);
        Assert.Empty(await AuditAfterAsync(before));
        Assert.Equal(new DateOnly(2025, 3, 31), (await _db.SendAsync(new GetObligationQuery(obligationId)))!.DueDate);

        var withReason = await _db.SendAsync(new UpdateObligationCommand(id, version, obligationId, FinalReport(due: new DateOnly(2025, 4, 30)),
            "Socialstyrelsen flyttade sista dagen"));

        Assert.True(withReason.Succeeded, Errors(withReason));
        var change = Assert.Single(await AuditAfterAsync(before), e => e.EntityType == nameof(ReportingObligation));
        Assert.Contains("Socialstyrelsen flyttade sista dagen", change.Changes);
        Assert.Contains("2025-04-30", change.Changes);
        Assert.Equal(Officer, change.UserName);

        // Reopened, the report was still sent: its kept file keeps the rules.
        Assert.True((await _db.SendAsync(new ReopenObligationCommand(obligationId))).Succeeded);
        var reopened = await _db.SendAsync(new UpdateObligationCommand(id, await VersionAsync(id), obligationId, FinalReport("Ny rubrik"), null));
        var reopenedRemoved = await _db.SendAsync(new RemoveObligationCommand(id, await VersionAsync(id), obligationId));
        Assert.Equal("ChangeReason", Assert.Single(reopened.Errors).Field);
        Assert.Contains("kan inte tas bort", Assert.Single(reopenedRemoved.Errors).Message);
        Assert.NotNull(await _db.SendAsync(new GetObligationQuery(obligationId)));
    }

    [Fact]
    public async Task An_obligation_nothing_was_sent_for_is_removed_with_its_reminders_each_audited()
    {
        var id = await CreateAgreementAsync("kh-bort");
        var obligationId = (await _db.SendAsync(new AddObligationCommand(id, await VersionAsync(id), FinalReport()))).Value;
        await _db.WithContextAsync(async db =>
        {
            db.SentReminders.Add(new SentReminder(obligationId, new DateOnly(2025, 3, 31), 14, "anna@regionjh.se", new DateTime(2025, 3, 17, 6, 0, 0, DateTimeKind.Utc)));
            await db.SaveChangesAsync();
        });
        var before = await LastAuditAsync();

        var removed = await _db.SendAsync(new RemoveObligationCommand(id, await VersionAsync(id), obligationId));

        Assert.True(removed.Succeeded, Errors(removed));
        Assert.Null(await _db.SendAsync(new GetObligationQuery(obligationId)));
        Assert.DoesNotContain((await _db.SendAsync(new ListDeadlinesQuery())).Rows, r => r.Id == obligationId);
        var audit = await AuditAfterAsync(before);
        Assert.Contains(audit, e => e.EntityType == nameof(ReportingObligation) && e.Action == AuditAction.Borttagen);
        Assert.Contains(audit, e => e.EntityType == nameof(SentReminder) && e.Action == AuditAction.Borttagen);
    }

    [Fact]
    public async Task An_obligation_with_every_field_wrong_is_refused_with_every_error_and_a_dry_run_saves_nothing()
    {
        var id = await CreateAgreementAsync("kh-fel");
        var version = await VersionAsync(id);
        var before = await LastAuditAsync();

        var refused = await _db.SendAsync(new AddObligationCommand(id, version, new ObligationFields((ObligationKind)(-1), "", " ", DateOnly.MinValue, false, null)));
        var dryRun = await _db.SendAsync(new AddObligationCommand(id, version, FinalReport(), CheckOnly: true));

        Assert.Equal(["Kind", "Title", "Recipient", "DueDate"], refused.Errors.Select(e => e.Field));
        Assert.True(dryRun.Succeeded);
        Assert.Empty((await DefinitionAsync(id)).Obligations);
        Assert.Empty(await AuditAfterAsync(before));
    }

    // Requirements

    [Fact]
    public async Task A_requirement_limited_to_one_year_is_asked_for_only_in_that_year_on_Aterrapportering_the_final_report_and_readiness()
    {
        var id = await CreateAgreementAsync("kh-arsvis", 2024, 2025);
        await AddLineAsync(id, "7404");
        Assert.True((await _db.SendAsync(new AddRequirementCommand(id, await VersionAsync(id), Narrative("alla-ar")))).Succeeded);
        var limited = await _db.SendAsync(new AddRequirementCommand(id, await VersionAsync(id), Narrative("bara-2025", firstYear: 2025, lastYear: 2025)));
        Assert.True(limited.Succeeded, Errors(limited));

        var in2024 = (await _db.SendAsync(new GetRequirementsQuery("kh-arsvis", 2024)))!;
        var in2025 = (await _db.SendAsync(new GetRequirementsQuery("kh-arsvis", 2025)))!;
        Assert.Equal(["alla-ar"], in2024.Requirements.Select(r => r.Code));
        Assert.Equal(["alla-ar", "bara-2025"], in2025.Requirements.Select(r => r.Code));
        Assert.Equal(["alla-ar"], (await _db.SendAsync(new GetFinalReportQuery("kh-arsvis", 2024)))!.Requirements!.Select(r => r.Code));
        var report2025 = (await _db.SendAsync(new GetFinalReportQuery("kh-arsvis", 2025)))!;
        Assert.Equal(["alla-ar", "bara-2025"], report2025.Requirements!.Select(r => r.Code));
        var sheet = Workbook(GrantReports.FinalReport(report2025, new DateOnly(2026, 3, 1))).Worksheet("Återrapportering");
        Assert.Contains(sheet.CellsUsed(), c => c.GetString() == "Beskriv arbetet (bara-2025)");
        var sheet2024 = Workbook(GrantReports.FinalReport((await _db.SendAsync(new GetFinalReportQuery("kh-arsvis", 2024)))!, new DateOnly(2025, 3, 1)))
            .Worksheet("Återrapportering");
        Assert.DoesNotContain(sheet2024.CellsUsed(), c => c.GetString() == "Beskriv arbetet (bara-2025)");

        // Readiness counts it only in its year; it cannot be answered for another.
        Assert.True((await _db.SendAsync(new AddObligationCommand(id, await VersionAsync(id), FinalReport("Slutredovisning 2024", new DateOnly(2025, 3, 31))))).Succeeded);
        Assert.True((await _db.SendAsync(new AddObligationCommand(id, await VersionAsync(id), FinalReport("Slutredovisning 2025", new DateOnly(2026, 3, 31))))).Succeeded);
        var rows = (await _db.SendAsync(new ListDeadlinesQuery())).Rows.Where(r => r.AgreementId == id).ToList();
        Assert.Contains(rows.Single(r => r.Title == "Slutredovisning 2024").Readiness!.Missing, m => m.StartsWith("1 återrapporteringskrav saknar svar för 2024"));
        Assert.Contains(rows.Single(r => r.Title == "Slutredovisning 2025").Readiness!.Missing, m => m.StartsWith("2 återrapporteringskrav saknar svar för 2025"));
        var wrongYear = await _db.SendAsync(new SaveRequirementAnswerCommand("kh-arsvis", 2024, limited.Value, "Svar", null, null, null, null, [], [], null, null));
        Assert.Equal("Kravet 2.1 efterfrågas inte för 2024 (det gäller 2025). Välj ett år som kravet gäller.", Assert.Single(wrongYear.Errors).Message);
        Assert.True((await _db.SendAsync(new SaveRequirementAnswerCommand("kh-arsvis", 2025, limited.Value, "Svar", null, null, null, null, [], [], null, null))).Succeeded);
    }

    [Fact]
    public async Task A_requirement_with_a_code_taken_in_any_case_and_wrong_fields_is_refused_with_every_error_and_saves_nothing()
    {
        var id = await CreateAgreementAsync("kh-kod", 2024, 2025);
        Assert.True((await _db.SendAsync(new AddRequirementCommand(id, await VersionAsync(id), Narrative("fast-lakare")))).Succeeded);
        var before = await LastAuditAsync();

        var refused = await _db.SendAsync(new AddRequirementCommand(id, await VersionAsync(id),
            new RequirementDetails(" FAST-LAKARE ", "", RequirementKind.Indicator, "", ObligationKind.Slutredovisning, "%", null, 55, null, null, null, false, 2026, 2023)));

        Assert.Equal(["Code", "Section", "Text", "Direction", "FirstYear", "LastYear", "LastYear"], refused.Errors.Select(e => e.Field));
        Assert.StartsWith("Koden FAST-LAKARE används redan", refused.Errors[0].Message);
        Assert.Single((await DefinitionAsync(id)).Requirements);
        Assert.Empty(await AuditAfterAsync(before));
    }

    [Fact]
    public async Task An_indicator_split_by_sex_keeps_its_fields_and_its_answer_takes_a_value_for_women_and_for_men()
    {
        var id = await CreateAgreementAsync("kh-kon");
        var added = await _db.SendAsync(new AddRequirementCommand(id, await VersionAsync(id),
            new RequirementDetails("fast-lakare", "2.1.3", RequirementKind.Indicator, "Andel med fast läkarkontakt", ObligationKind.Slutredovisning, "%", 40, 55,
                TargetDirection.AtLeast, "ska inte sparas", "Primärvårdskvalitet", true, null, null)));
        Assert.True(added.Succeeded, Errors(added));
        var requirement = Assert.Single((await DefinitionAsync(id)).Requirements);
        Assert.Equal(("%", 40m, 55m, TargetDirection.AtLeast, (string?)null, "Primärvårdskvalitet", true, "minst 55 %"),
            (requirement.Unit, requirement.Baseline, requirement.Target, requirement.Direction, requirement.Counted, requirement.DataSource, requirement.SplitBySex,
                requirement.TargetText));

        var missing = await _db.SendAsync(new SaveRequirementAnswerCommand("kh-kon", 2024, added.Value, null, 57.3m, new DateOnly(2024, 12, 31), null, null, [], [],
            null, null, ValueWomen: null, ValueMen: -1));
        Assert.Equal(["ValueWomen", "ValueMen"], missing.Errors.Select(e => e.Field));
        Assert.Equal("Ange värdet för kvinnor i %: indikatorn redovisas uppdelad på kvinnor och män.", missing.Errors[0].Message);

        var saved = await _db.SendAsync(new SaveRequirementAnswerCommand("kh-kon", 2024, added.Value, null, 57.3m, new DateOnly(2024, 12, 31), null, null, [], [],
            null, null, ValueWomen: 59.1m, ValueMen: 55.2m));
        Assert.True(saved.Succeeded, Errors(saved));
        var view = Assert.Single((await _db.SendAsync(new GetRequirementsQuery("kh-kon", 2024)))!.Requirements);
        Assert.True(view.Answered);
        Assert.Equal("57,3 % (kvinnor 59,1 %, män 55,2 %), mätt 2024-12-31, källa Primärvårdskvalitet", Requirements.AnswerText(view));
        Assert.Equal("Ja", Requirements.MeetsText(view));
    }

    [Fact]
    public async Task An_answered_requirement_keeps_its_kind_and_answered_years_and_is_not_removed_but_its_text_changes()
    {
        var id = await CreateAgreementAsync("kh-besvarat", 2024, 2025);
        var added = await _db.SendAsync(new AddRequirementCommand(id, await VersionAsync(id), Narrative("berattelse")));
        Assert.True((await _db.SendAsync(new SaveRequirementAnswerCommand("kh-besvarat", 2024, added.Value, "Vi gjorde så.", null, null, null, null, [], [], null, null))).Succeeded);
        var version = await VersionAsync(id);
        var before = await LastAuditAsync();

        var removed = await _db.SendAsync(new RemoveRequirementCommand(id, version, added.Value));
        var narrowed = await _db.SendAsync(new UpdateRequirementCommand(id, version, added.Value, Narrative("berattelse", firstYear: 2025)));
        var otherKind = await _db.SendAsync(new UpdateRequirementCommand(id, version, added.Value,
            Narrative("berattelse") with { Kind = RequirementKind.SexBreakdown }));

        Assert.Equal("Kravet berattelse har svar eller underlag för 2024 och kan inte tas bort: de hör till det regionen redovisat. " +
                     "Ange i stället 2024 som kravets sista år, så efterfrågas det inte för senare år.", Assert.Single(removed.Errors).Message);
        Assert.Equal("FirstYear", Assert.Single(narrowed.Errors).Field);
        Assert.Equal("Kravet har svar eller underlag för 2024. Välj år som omfattar det året, annars faller svaren bort ur redovisningen.", narrowed.Errors[0].Message);
        Assert.Equal("Kind", Assert.Single(otherKind.Errors).Field);
        Assert.Empty(await AuditAfterAsync(before));

        var lastYear = await _db.SendAsync(new UpdateRequirementCommand(id, version, added.Value, Narrative("berattelse", lastYear: 2024) with { Text = "Ny text" }));
        Assert.True(lastYear.Succeeded, Errors(lastYear));
        var audit = Assert.Single(await AuditAfterAsync(before), e => e.EntityType == nameof(ReportingRequirement));
        Assert.Contains("Ny text", audit.Changes);
        Assert.Empty((await _db.SendAsync(new GetRequirementsQuery("kh-besvarat", 2025)))!.Requirements);
        Assert.Equal("Vi gjorde så.", Assert.Single((await _db.SendAsync(new GetRequirementsQuery("kh-besvarat", 2024)))!.Requirements).Answer!.Text);
        Assert.True(version < await VersionAsync(id));
    }

    [Fact]
    public async Task An_unanswered_requirement_is_removed_and_audited()
    {
        var id = await CreateAgreementAsync("kh-krav-bort");
        var added = await _db.SendAsync(new AddRequirementCommand(id, await VersionAsync(id), Narrative("berattelse")));
        var before = await LastAuditAsync();

        var removed = await _db.SendAsync(new RemoveRequirementCommand(id, await VersionAsync(id), added.Value));

        Assert.True(removed.Succeeded, Errors(removed));
        Assert.Empty((await DefinitionAsync(id)).Requirements);
        Assert.Contains(await AuditAfterAsync(before), e => e.EntityType == nameof(ReportingRequirement) && e.Action == AuditAction.Borttagen);
    }

    // Cost objects

    [Fact]
    public async Task A_cost_objects_period_is_renamed_and_moved_and_another_period_added_and_removed_each_audited()
    {
        var id = await CreateAgreementAsync("kh-objekt", 2024, 2025);
        await AddLineAsync(id, "7405");
        var period = Assert.Single((await DefinitionAsync(id)).CostObjects);
        Assert.Equal((new YearMonth(2024, 1), new YearMonth(2025, 12)), (period.From, period.To));
        var before = await LastAuditAsync();

        var moved = await _db.SendAsync(new UpdateCostObjectPeriodCommand(id, await VersionAsync(id), period.Id, "Kvinnors hälsa", new YearMonth(2024, 1),
            new YearMonth(2024, 12)));
        var added = await _db.SendAsync(new AddCostObjectPeriodCommand(id, await VersionAsync(id), "7405", "Kvinnors hälsa, år 2", new YearMonth(2025, 3),
            new YearMonth(2025, 12)));

        Assert.True(moved.Succeeded, Errors(moved));
        Assert.True(added.Succeeded, Errors(added));
        var periods = (await DefinitionAsync(id)).CostObjects;
        Assert.Equal([("Kvinnors hälsa", "2024-01", "2024-12"), ("Kvinnors hälsa, år 2", "2025-03", "2025-12")],
            periods.Select(p => (p.Name, p.From.ToString(), p.To.ToString())));
        Assert.Equal(2, (await AuditAfterAsync(before)).Count(e => e.EntityType == nameof(CostObjectPeriod)));

        var removed = await _db.SendAsync(new RemoveCostObjectPeriodCommand(id, await VersionAsync(id), added.Value));
        Assert.True(removed.Succeeded, Errors(removed));
        Assert.Single((await DefinitionAsync(id)).CostObjects);
        var last = await _db.SendAsync(new RemoveCostObjectPeriodCommand(id, await VersionAsync(id), period.Id));
        Assert.Equal("Fördelningsrader bokas på objekt 7405. Flytta eller ta bort raderna först, eller ändra objektets månader.", Assert.Single(last.Errors).Message);
    }

    [Fact]
    public async Task Months_overlapping_another_agreements_period_of_the_object_are_refused_naming_that_agreement()
    {
        // gnv2023 has object 9916 through 2023-12.
        var id = await CreateAgreementAsync("kh-9916");
        await AddLineAsync(id, "9916");
        var period = Assert.Single((await DefinitionAsync(id)).CostObjects);
        var version = await VersionAsync(id);
        var before = await LastAuditAsync();

        var moved = await _db.SendAsync(new UpdateCostObjectPeriodCommand(id, version, period.Id, "", new YearMonth(2023, 11), new YearMonth(2024, 12)));

        var error = Assert.Single(moved.Errors);
        Assert.Equal("From", error.Field);
        Assert.Equal("Kostnadsobjekt 9916 hör redan till överenskommelsen God och nära vård 2023 under 2023-01–2023-12, och den här överenskommelsen skulle använda det " +
                     "under 2023-11–2024-12. Kostnaderna går då inte att hänföra till rätt överenskommelse. Ändra månaderna så att de inte överlappar, eller be " +
                     "ekonomienheten om ett nytt objekt.", error.Message);
        Assert.Equal(version, await VersionAsync(id));
        Assert.Equal(new YearMonth(2024, 1), Assert.Single((await DefinitionAsync(id)).CostObjects).From);
        Assert.Empty(await AuditAfterAsync(before));
    }

    [Fact]
    public async Task A_period_of_an_object_no_line_books_on_and_months_a_closed_month_depends_on_are_refused()
    {
        var id = await CreateAgreementAsync("kh-stangd");
        await AddLineAsync(id, "7406");
        var period = Assert.Single((await DefinitionAsync(id)).CostObjects);
        await _db.WithContextAsync(async db =>
        {
            db.ClosedMonths.Add(new ClosedMonth { AgreementId = id, Month = new YearMonth(2024, 3), ClosedAtUtc = DateTime.UtcNow, ClosedBy = "ekonom@demo.local" });
            await db.SaveChangesAsync();
        });
        var version = await VersionAsync(id);
        var before = await LastAuditAsync();

        var noLine = await _db.SendAsync(new AddCostObjectPeriodCommand(id, version, "7499", "", new YearMonth(2024, 1), new YearMonth(2024, 12)));
        var intoClosed = await _db.SendAsync(new UpdateCostObjectPeriodCommand(id, version, period.Id, "", new YearMonth(2024, 2), new YearMonth(2024, 12)));

        Assert.Equal(("CostObjectCode", "Ingen fördelningsrad bokas på objekt 7499. Lägg först till en rad på objektet under Utvecklingsområden och fördelning; " +
                                        "då får objektet sin första period."), (Assert.Single(noLine.Errors).Field, noLine.Errors[0].Message));
        Assert.Equal("Ändringen av månaderna för objekt 7406 gäller 2024-01 och månaden 2024-03 är stängd. Öppna månaden igen under Avstämning (med ett skäl) " +
                     "och gör ändringen sedan.", Assert.Single(intoClosed.Errors).Message);
        Assert.Empty(await AuditAfterAsync(before));

        // A rename, and months after the last closed one, change nothing closed.
        var later = await _db.SendAsync(new UpdateCostObjectPeriodCommand(id, version, period.Id, "Nytt namn", new YearMonth(2024, 1), new YearMonth(2024, 10)));
        Assert.True(later.Succeeded, Errors(later));
    }

    [Theory]
    [InlineData("2024-01", "2024-12", "2024-01", "2024-12", null)]
    [InlineData("2024-01", "2024-12", "2024-03", "2024-12", "2024-01")]
    [InlineData("2024-03", "2024-12", "2024-01", "2024-12", "2024-01")]
    [InlineData("2024-01", "2024-12", "2024-01", "2024-10", "2024-11")]
    [InlineData("2024-01", "2024-10", "2024-01", "2025-06", "2024-11")]
    [InlineData("2024-01", "2024-12", "2024-02", "2024-06", "2024-01")]
    public void The_first_month_that_moves_in_or_out_of_a_period_is_where_a_change_counts_from(string oldFrom, string oldTo, string newFrom, string newTo, string? first)
    {
        var changed = UpdateCostObjectPeriodHandler.FirstChangedMonth(YearMonth.Parse(oldFrom), YearMonth.Parse(oldTo), YearMonth.Parse(newFrom), YearMonth.Parse(newTo));

        Assert.Equal(first, changed?.ToString());
    }

    private static XLWorkbook Workbook(ReportDocument document)
    {
        var stream = new MemoryStream();
        ExcelReportWriter.Write(document, stream);
        stream.Position = 0;
        return new XLWorkbook(stream);
    }
}
