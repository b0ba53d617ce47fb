using System.Text;
using System.Text.Json.Nodes;
using GrantTracker.Application.Features.Agreements.Definition;
using GrantTracker.Application.Features.Deadlines;
using GrantTracker.Application.Features.Ledger;
using GrantTracker.Application.Features.Reconciliation;
using GrantTracker.Application.Tests.Infrastructure;
using GrantTracker.Domain.Activities;
using GrantTracker.Domain.Agreements;
using GrantTracker.Domain.Common;
using GrantTracker.Domain.Ledger;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Tests.Agreements;

/// <summary>
/// The definition file's import: the example (two lines of one area on one new cost object) imports and reconciles per line by
/// project code; a broken file is refused whole, with every error on its path, and nothing changes.
/// </summary>
public sealed class DefinitionImportTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "granttracker-definition-tests", Guid.NewGuid().ToString("N"))).FullName;
    private TestDatabase _db = null!;

    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync();

    public async Task DisposeAsync()
    {
        await _db.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private Task<Result<DefinitionImported>> ImportAsync(byte[] content, bool replace = false) =>
        _db.SendAsync(new ImportAgreementDefinitionCommand(content, replace));

    private async Task<DefinitionImported> ImportExampleAsync()
    {
        var result = await ImportAsync(DefinitionFiles.Example());
        Assert.True(result.Succeeded, Describe(result));
        return result.Value;
    }

    private static string Describe(Result result) => string.Join("\n", result.Errors.Select(e => $"{e.Field}: {e.Message}"));

    [Fact]
    public async Task The_example_imports_as_two_named_lines_of_one_area_on_one_new_cost_object()
    {
        var imported = await ImportExampleAsync();

        Assert.Equal("naravard2024", imported.Code);
        Assert.False(imported.Replaced);
        var agreement = await LoadAsync(imported.Id);
        Assert.Equal(AgreementStatus.Aktiv, agreement.Status);
        var area = Assert.Single(agreement.Areas);
        Assert.Equal([("1.a", "Befolkningsdel", 8_819_902m), ("1.b", "Primärvård i landsbygd", 14_200_000m)],
            agreement.Lines.OrderBy(l => l.Code).Select(l => (l.Code, l.Name, l.Amount)));
        Assert.All(agreement.Lines, l => Assert.Equal((area.Id, "9950"), (l.AreaId, l.CostObjectCode)));
        var period = Assert.Single(agreement.CostObjects);
        Assert.Equal(("9950", new YearMonth(2024, 1), new YearMonth(2024, 12)), (period.CostObjectCode, period.From, period.To));
        var rural = agreement.Lines.Single(l => l.Code == "1.b");
        Assert.Equal((NationalRule.Table, "Jämtland Härjedalen", 21, 300_000_000m, 14_200_000m),
            (rural.National!.Rule, rural.National.Region, rural.National.Rows.Count, rural.National.TableTotal, rural.National.RegionRow!.Amount));
        Assert.Equal(0.01259986m, agreement.Lines.Single(l => l.Code == "1.a").National!.Share);
        Assert.Equal(3, agreement.Conditions.Count);
        var final = Assert.Single(agreement.Obligations, o => o.Kind == ObligationKind.Slutredovisning);
        Assert.Equal((new DateOnly(2025, 3, 31), "Socialstyrelsen", ObligationStatus.EjPaborjad), (final.DueDate, final.Recipient, final.Status));
        Assert.Equal("Ekonomienheten", Assert.Single(agreement.Obligations, o => o.Kind == ObligationKind.Tertialrapport).Owner);

        var activities = await _db.WithContextAsync(db => db.Activities.Where(a => a.AgreementId == imported.Id).OrderBy(a => a.Number).ToListAsync());
        Assert.Equal([("NV24-BEF", "1.a"), ("NV24-DIG", "1.a"), ("NV24-LAND", "1.b"), ("NV24-SERV", "1.b")],
            activities.Select(a => (a.ProjectCode!, agreement.Lines.Single(l => l.Id == a.AllocationLineId).Code)));
        Assert.All(activities, a => Assert.Equal(ActivityStatus.Utkast, a.Status));
        Assert.Equal(5_000_000m, activities[0].TotalBudget);
        Assert.Equal((new DateOnly(2024, 2, 1), new DateOnly(2024, 12, 31)), (activities[0].StartDate!.Value, activities[0].EndDate!.Value));

        var requirements = await _db.WithContextAsync(db => db.ReportingRequirements.Where(r => r.AgreementId == imported.Id).OrderBy(r => r.SortOrder).ToListAsync());
        Assert.Equal(["2.1-landsbygd", "2.1-fast-lakarkontakt"], requirements.Select(r => r.Code));
        Assert.Equal((true, 2024, 2024, TargetDirection.AtLeast), (requirements[1].SplitBySex, requirements[1].FirstYear, requirements[1].LastYear, requirements[1].Direction));
    }

    [Fact]
    public async Task The_imported_ledger_reconciles_per_line_by_project_code_to_the_ore_and_planned_per_line_equals_its_activities()
    {
        var imported = await ImportExampleAsync();
        Assert.True((await _db.SendAsync(new SaveColumnMappingCommand(null, 0,
            new ColumnMappingDetails("Med projekt", "Verifikation", "Datum", "Konto", "Ansvar", "Objekt", "Belopp", "Text", "Projekt")))).Succeeded);
        var path = Path.Combine(_dir, "huvudbok-2024.csv");
        await File.WriteAllTextAsync(path, string.Join("\r\n",
            "Verifikation;Datum;Konto;Ansvar;Objekt;Projekt;Belopp;Text",
            "A 1;2024-02-10;5011;410;9950;NV24-BEF;120 000,50;Lön läkare",
            "A 2;2024-03-12;6420;410;9950;NV24-DIG;33 333,33;Licenser",
            "A 3;2024-03-15;5011;431;9950;NV24-LAND;250 000,25;Mobilt team",
            "A 4;2024-04-02;4541;431;9950;NV24-SERV;17 500,01;Provtagningsmaterial",
            "A 5;2024-04-20;6110;410;9950;;9 999,99;Hyra utan projekt",
            "A 6;2024-04-21;5011;410;9916;NV24-LAND;1 000,00;Annat objekt") + "\r\n", new UTF8Encoding(false));

        var ledger = await _db.SendAsync(new ImportLedgerFileCommand(path, "huvudbok-2024.csv", ColumnMapping: "Med projekt"));
        Assert.Equal(ImportStatus.Importerad, ledger.Status);
        var result = await _db.SendAsync(new ReconcileQuery("naravard2024", new YearMonth(2024, 4)));

        Assert.NotNull(result);
        var population = Assert.Single(result.Lines, l => l.Code == "1.a");
        var rural = Assert.Single(result.Lines, l => l.Code == "1.b");
        // Rows with the population line's project codes, and the row without a project (the object's main line, the first).
        Assert.Equal(120_000.50m + 33_333.33m + 9_999.99m, population.Figures.BookedToDate);
        Assert.Equal(250_000.25m + 17_500.01m, rural.Figures.BookedToDate);
        Assert.Equal(population.Figures.BookedToDate + rural.Figures.BookedToDate, result.Totals.Booked);
        Assert.Equal((5_000_000m + 2_000_000m, 9_000_000m + 3_000_000m), (population.Figures.PlannedBudgets, rural.Figures.PlannedBudgets));
        Assert.Equal((0m, 0m), (population.Figures.DecidedBudgets, rural.Figures.DecidedBudgets));
        Assert.Equal(19_000_000m, result.Totals.PlannedBudgets);
        Assert.Equal(imported.Id, result.AgreementId);
    }

    [Fact]
    public async Task A_broken_definition_is_refused_whole_with_every_error_on_its_path_and_nothing_changes()
    {
        var before = await CountsAsync();
        var file = DefinitionFiles.EditedExample(root =>
        {
            var lines = root["areas"]![0]!["lines"]!.AsArray();
            lines[1]!["amount"] = 30_000_000;                              // over its area and the allocation
            lines[0]!["year"] = "2024";                                    // a number written as text
            root["obligations"]![0]!.AsObject().Remove("dueDate");         // an obligation without a date
            root["obligations"]![1]!["kind"] = "Kvartalsrapport";          // an unknown kind
            root["activities"]![3]!["lineCode"] = "1.c";                   // a line that does not exist
            root["activities"]![2]!["projectCode"] = "NV24-BEF";           // a project code twice
            root["activities"]![1]!["number"] = 1;                         // a number twice
            root["requirements"]![1]!["direction"] = "uppåt";              // an unknown direction
            root["areas"]![0]!["lines"]![0]!["national"]!["rule"] = "equal"; // an unknown rule
            root["conditions"]![0]!["txet"] = "stavfel";                  // a property the format does not have
        });

        var result = await ImportAsync(file);

        Assert.False(result.Succeeded);
        var paths = result.Errors.Select(e => e.Field).ToList();
        Assert.Contains("areas[0].lines[1].amount", paths);
        Assert.Contains("areas[0].lines[0].year", paths);
        Assert.Contains("obligations[0].dueDate", paths);
        Assert.Contains("obligations[1].kind", paths);
        Assert.Contains("activities[3].lineCode", paths);
        Assert.Contains("activities[2].projectCode", paths);
        Assert.Contains("activities[1].number", paths);
        Assert.Contains("requirements[1].direction", paths);
        Assert.Contains("areas[0].lines[0].national.rule", paths);
        Assert.Contains("conditions[0].txet", paths);
        Assert.Contains(result.Errors, e => e.Field == "areas[0].lines[1].amount" && e.Message.Contains("mer än områdets", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.Field == "activities[3].lineCode" && e.Message == "Överenskommelsen har ingen rad med koden 1.c. Ange en av radernas koder: 1.a, 1.b.");
        Assert.Contains(result.Errors, e => e.Field == "obligations[0].dueDate" && e.Message.StartsWith("Ange datum", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.Field == "obligations[1].kind" && e.Message.Contains("Slutredovisning, Redovisning", StringComparison.Ordinal));
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task A_file_that_is_not_JSON_is_refused_with_its_line_and_position_in_Swedish()
    {
        var text = Encoding.UTF8.GetString(DefinitionFiles.Example()).Replace("\"counterparty\": \"Staten och SKR\",", "\"counterparty\": \"Staten och SKR\"", StringComparison.Ordinal);

        var result = await ImportAsync(Encoding.UTF8.GetBytes(text));

        var error = Assert.Single(result.Errors);
        Assert.Equal("", error.Field);
        Assert.StartsWith("Filen är inte giltig JSON på rad 5, position 3.", error.Message);
    }

    [Fact]
    public async Task Values_of_the_wrong_type_are_each_refused_with_their_path()
    {
        var file = DefinitionFiles.EditedExample(root =>
        {
            root["regionAllocation"] = "23 019 902";
            root["startDate"] = "2024/01/01";
            root["areas"]![0]!["lines"]![1]!["ringFenced"] = "ja";
            root["costObjects"]![0]!["from"] = "januari 2024";
            root["activities"]![0]!["budgets"] = 5_000_000;
            root["areas"]![0]!["lines"]![0]!["earmarks"] = new JsonArray(1, 2);
            root["nationalTotal"] = JsonNode.Parse("1e20");
        });

        var result = await ImportAsync(file);

        Assert.Equal(
            ["activities[0].budgets", "areas[0].lines[0].earmarks[0]", "areas[0].lines[0].earmarks[1]", "areas[0].lines[1].ringFenced", "costObjects[0].from", "nationalTotal", "regionAllocation", "startDate"],
            result.Errors.Select(e => e.Field).Order(StringComparer.Ordinal));
        Assert.Contains(result.Errors, e => e.Field == "regionAllocation" && e.Message.Contains("utan citattecken", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.Field == "startDate" && e.Message.Contains("åååå-mm-dd", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_existing_code_is_refused_and_so_is_a_cost_object_another_agreement_holds_in_the_same_months()
    {
        await ImportExampleAsync();
        var clash = DefinitionFiles.EditedExample(root =>
        {
            root["code"] = "naravard2024b";
            root["startDate"] = "2023-01-01";
            root["costObjects"]![0]!["code"] = "9916";
            root["costObjects"]![0]!["from"] = "2023-07";
            foreach (var line in root["areas"]![0]!["lines"]!.AsArray())
            {
                line!["costObject"] = "9916";
            }
            foreach (var activity in root["activities"]!.AsArray())
            {
                activity!["costObject"] = "9916";
            }
        });
        var before = await CountsAsync();

        var again = await ImportAsync(DefinitionFiles.Example());
        var overlapping = await ImportAsync(clash);

        var code = Assert.Single(again.Errors);
        Assert.Equal("code", code.Field);
        Assert.StartsWith("Det finns redan en överenskommelse med koden naravard2024.", code.Message);
        var overlap = Assert.Single(overlapping.Errors);
        Assert.Equal("costObjects[0]", overlap.Field);
        Assert.StartsWith("Kostnadsobjekt 9916 hör redan till överenskommelsen God och nära vård 2023 (gnv2023) under 2023-01–2023-12, och filen ger det 2023-07–2024-12.",
            overlap.Message);
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task An_older_file_with_a_single_budget_and_only_the_area_puts_the_activity_on_the_areas_line_for_the_first_year()
    {
        var file = DefinitionFiles.EditedExample(root =>
        {
            var activity = root["activities"]![2]!.AsObject();
            activity.Remove("lineCode");
            activity.Remove("budgets");
            activity["budget"] = 750_000;
        });

        var imported = await ImportAsync(file);

        Assert.True(imported.Succeeded, Describe(imported));
        var (line, budgets) = await _db.WithContextAsync(async db =>
        {
            var activity = await db.Activities.SingleAsync(a => a.AgreementId == imported.Value.Id && a.Number == 3);
            return (await db.AllocationLines.Where(l => l.Id == activity.AllocationLineId).Select(l => l.Code).SingleAsync(), activity.Budgets.ToList());
        });
        Assert.Equal("1.a", line);
        Assert.Equal([new BudgetYear(2024, 750_000m)], budgets);
    }

    [Fact]
    public async Task Replacing_an_agreement_in_which_nothing_has_happened_keeps_its_id_and_takes_the_new_definition()
    {
        var first = await ImportExampleAsync();
        var changed = DefinitionFiles.EditedExample(root =>
        {
            root["areas"]![0]!["lines"]![0]!["name"] = "Befolkningsdelen";
            root["obligations"]!.AsArray().RemoveAt(1);
        });

        var replaced = await ImportAsync(changed, replace: true);

        Assert.True(replaced.Succeeded, Describe(replaced));
        Assert.True(replaced.Value.Replaced);
        Assert.Equal(first.Id, replaced.Value.Id);
        var agreement = await LoadAsync(first.Id);
        Assert.Equal("Befolkningsdelen", agreement.Lines.Single(l => l.Code == "1.a").Name);
        Assert.Single(agreement.Obligations);
        Assert.Equal(4, await _db.WithContextAsync(db => db.Activities.CountAsync(a => a.AgreementId == first.Id)));
        Assert.Equal(2, await _db.WithContextAsync(db => db.ReportingRequirements.CountAsync(r => r.AgreementId == first.Id)));
    }

    [Fact]
    public async Task Replacing_an_agreement_with_booked_costs_is_refused_saying_why_and_nothing_changes()
    {
        await ImportExampleAsync();
        var path = Path.Combine(_dir, "mars.csv");
        await File.WriteAllTextAsync(path, "Verifikation;Datum;Konto;Ansvar;Objekt;Belopp;Text\r\nA 1;2024-03-10;5011;410;9950;1 000,00;Lön\r\n", new UTF8Encoding(false));
        Assert.Equal(ImportStatus.Importerad, (await _db.SendAsync(new ImportLedgerFileCommand(path, "mars.csv"))).Status);
        var before = await CountsAsync();

        var result = await ImportAsync(DefinitionFiles.Example(), replace: true);

        var error = Assert.Single(result.Errors);
        Assert.Equal("code", error.Field);
        Assert.Contains("kan inte ersättas: det finns bokförda kostnader på objekt 9950 under 2024-01–2024-12", error.Message);
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task Replacing_an_agreement_whose_report_is_sent_is_refused_saying_so()
    {
        var export = await _db.SendAsync(new ExportAgreementDefinitionQuery(Code: "patientmiljarden"));
        var plan = await _db.WithContextAsync(db => db.ReportingObligations.Where(o => o.Agreement.Code == "patientmiljarden").Select(o => o.Id).SingleAsync());
        var sent = await _db.SendAsync(new MarkObligationSentCommand(plan, new DateOnly(2018, 3, 30),
            new SentFile("handlingsplan.pdf", "application/pdf", Encoding.ASCII.GetBytes("%PDF-1.7\n%%EOF"))));
        Assert.True(sent.Succeeded, Describe(sent));

        var result = await ImportAsync(export!.Content, replace: true);

        Assert.Contains("Överenskommelsen patientmiljarden kan inte ersättas: rapporter är inskickade.", Assert.Single(result.Errors).Message);
    }

    [Fact]
    public async Task Duplicate_codes_and_an_unknown_area_are_each_refused_on_their_path()
    {
        var file = DefinitionFiles.EditedExample(root =>
        {
            var areas = root["areas"]!.AsArray();
            areas.Add(JsonNode.Parse("""{ "code": "1", "name": "Samma kod", "lines": [ { "code": "1.a", "year": 2024, "amount": 0, "costObject": "9950" } ] }"""));
            root["requirements"]![1]!["code"] = "2.1-landsbygd";
            root["activities"]![0]!["areaCode"] = "9";
        });

        var result = await ImportAsync(file);

        var errors = result.Errors.ToDictionary(e => e.Field, e => e.Message);
        Assert.Equal("Koden 1 används redan av ett annat område i överenskommelsen. Välj en annan kod.", errors["areas[1].code"]);
        Assert.Equal("Koden 1.a används redan av en annan rad i överenskommelsen. Välj en annan kod.", errors["areas[1].lines[0].code"]);
        Assert.Equal("Koden 2.1-landsbygd används redan av requirements[0]. Varje krav behöver en egen kod.", errors["requirements[1].code"]);
        Assert.StartsWith("Överenskommelsen har inget område med koden 9. Ange ett av: 1", errors["activities[0].areaCode"]);
        Assert.Equal(4, result.Errors.Count);
    }

    [Fact]
    public async Task A_draft_is_imported_as_a_draft_and_an_active_agreement_cannot_be_replaced_by_a_draft()
    {
        var draft = await ImportAsync(DefinitionFiles.EditedExample(root => root["status"] = "Utkast"));
        Assert.True(draft.Succeeded, Describe(draft));
        Assert.Equal(AgreementStatus.Utkast, (await LoadAsync(draft.Value.Id)).Status);
        Assert.Contains("som utkast", draft.Value.Message);

        var activated = await ImportAsync(DefinitionFiles.Example(), replace: true);
        Assert.True(activated.Succeeded, Describe(activated));
        Assert.Equal(AgreementStatus.Aktiv, (await LoadAsync(draft.Value.Id)).Status);

        var back = await ImportAsync(DefinitionFiles.EditedExample(root => root["status"] = "Utkast"), replace: true);
        Assert.Equal("status", Assert.Single(back.Errors).Field);
    }

    private Task<Agreement> LoadAsync(int id) =>
        _db.WithContextAsync(db => db.Agreements.AsNoTrackingWithIdentityResolution().AsSplitQuery()
            .Include(a => a.Areas).Include(a => a.Lines).Include(a => a.CostObjects).Include(a => a.Conditions).Include(a => a.Obligations)
            .SingleAsync(a => a.Id == id));

    private Task<(int Agreements, int Areas, int Lines, int Objects, int Conditions, int Obligations, int Activities, int Requirements, int Audit)> CountsAsync() =>
        _db.WithContextAsync(async db => (
            await db.Agreements.CountAsync(),
            await db.DevelopmentAreas.CountAsync(),
            await db.AllocationLines.CountAsync(),
            await db.CostObjectPeriods.CountAsync(),
            await db.AgreementConditions.CountAsync(),
            await db.ReportingObligations.CountAsync(),
            await db.Activities.CountAsync(),
            await db.ReportingRequirements.CountAsync(),
            await db.AuditEntries.CountAsync()));
}
