using GrantTracker.Application.Features.Agreements.Definition;
using GrantTracker.Application.Tests.Infrastructure;
using GrantTracker.Domain.Activities;
using GrantTracker.Domain.Agreements;
using GrantTracker.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Tests.Agreements;

/// <summary>Next year's agreement from this year's: a draft with everything moved by the years between, checked before it is made active.</summary>
public sealed class CopyAgreementTests : IAsyncLifetime
{
    private TestDatabase _db = null!;

    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private async Task<DefinitionImported> CopyAsync(string code, int year, string? newCode = null, bool withActivities = false)
    {
        var result = await _db.SendAsync(new CopyAgreementCommand(code, year, newCode, withActivities));
        Assert.True(result.Succeeded, string.Join("\n", result.Errors.Select(e => $"{e.Field}: {e.Message}")));
        return result.Value;
    }

    [Fact]
    public async Task Copying_God_och_nara_vard_2023_to_2024_moves_the_lines_the_obligations_and_the_months_by_one_year()
    {
        var copy = await CopyAsync("gnv2023", 2024);

        Assert.Equal("gnv2024", copy.Code);
        var source = await LoadAsync("gnv2023");
        var draft = await LoadAsync("gnv2024");
        Assert.Equal((AgreementStatus.Utkast, "God och nära vård 2024"), (draft.Status, draft.Name));
        Assert.Equal((new DateOnly(2024, 1, 1), new DateOnly(2024, 12, 31)), (draft.StartDate, draft.EndDate));
        Assert.Equal(source.RegionAllocation, draft.RegionAllocation);
        Assert.Equal(
            source.Lines.OrderBy(l => l.Code).Select(l => (l.Code, l.Year + 1, l.Amount, l.CostObjectCode, l.RingFenced, string.Join(",", l.Earmarks), l.Area.Code)),
            draft.Lines.OrderBy(l => l.Code).Select(l => (l.Code, l.Year, l.Amount, l.CostObjectCode, l.RingFenced, string.Join(",", l.Earmarks), l.Area.Code)));
        Assert.Equal(
            source.CostObjects.OrderBy(o => o.CostObjectCode).Select(o => (o.CostObjectCode, o.Name, o.From.AddMonths(12), o.To.AddMonths(12))),
            draft.CostObjects.OrderBy(o => o.CostObjectCode).Select(o => (o.CostObjectCode, o.Name, o.From, o.To)));
        Assert.Equal(
            source.Obligations.OrderBy(o => o.Id).Select(o => (o.Kind, o.DueDate.AddYears(1), o.Recipient, o.DueDateAssumed)),
            draft.Obligations.OrderBy(o => o.Id).Select(o => (o.Kind, o.DueDate, o.Recipient, o.DueDateAssumed)));
        Assert.Contains(draft.Obligations, o => o.Title == "Slutredovisning av God och nära vård 2024" && o.DueDate == new DateOnly(2025, 3, 31));
        Assert.Contains(draft.Obligations, o => o.Title == "Månadsrapport januari 2024" && o.DueDate == new DateOnly(2024, 2, 15));
        Assert.All(draft.Obligations, o => Assert.Equal((ObligationStatus.EjPaborjad, (string?)null), (o.Status, o.Owner)));
        Assert.Equal(source.Conditions.Select(c => (c.Code, c.Text)), draft.Conditions.Select(c => (c.Code, c.Text)));
        Assert.Equal(0, await _db.WithContextAsync(db => db.Activities.CountAsync(a => a.AgreementId == copy.Id)));
        Assert.Equal(13, await _db.WithContextAsync(db => db.ReportingRequirements.CountAsync(r => r.AgreementId == copy.Id)));
    }

    [Fact]
    public async Task The_copys_national_keys_keep_their_rules_with_the_amounts_left_to_fill_in()
    {
        await CopyAsync("gnv2023", 2024);

        var draft = await LoadAsync("gnv2024");
        var keyed = draft.Areas.Where(a => a.National is not null).OrderBy(a => a.Code).ToList();
        Assert.Equal(["2.2.a", "2.2.b", "2.2.c", "2.3", "2.4"], keyed.Select(a => a.Code));
        Assert.All(keyed, a => Assert.True(a.National!.IsPending));
        Assert.Equal((NationalRule.BasePlusShare, 500_000m, 21), (keyed[3].National!.Rule, keyed[3].National!.BaseAmount, keyed[3].National!.Regions));
    }

    [Fact]
    public async Task With_activities_the_copy_carries_them_as_drafts_with_their_budgets_moved()
    {
        var copy = await CopyAsync("gnv2023", 2024, "gnv2024-insatser", withActivities: true);

        var activities = await _db.WithContextAsync(db => db.Activities.Where(a => a.AgreementId == copy.Id).OrderBy(a => a.Number).ToListAsync());
        Assert.Equal(17, activities.Count);
        Assert.All(activities, a => Assert.Equal(ActivityStatus.Utkast, a.Status));
        Assert.Equal([new BudgetYear(2024, 24_000_000m)], activities[0].Budgets);
        // A text quoting the document keeps its years: the law entered into force in 2023 whatever year the copy is for.
        Assert.Contains("som trädde i kraft 1 januari 2023", activities[15].Measure);
        var lines = await _db.WithContextAsync(db => db.AllocationLines.Where(l => l.AgreementId == copy.Id).ToDictionaryAsync(l => l.Id, l => l.Code));
        Assert.Equal("2.2.a", lines[activities[9].AllocationLineId!.Value]);
    }

    [Fact]
    public async Task A_copy_over_several_years_moves_the_years_in_the_line_codes_and_takes_its_code_from_the_source()
    {
        var copy = await CopyAsync("patientmiljarden", 2024);

        Assert.Equal("patientmiljarden-2024", copy.Code);
        var draft = await LoadAsync(copy.Code);
        Assert.Equal(["PM.1-2024", "PM.1-2025", "PM.1-2026", "PM.2-2024", "PM.2-2025", "PM.2-2026"], draft.Lines.Select(l => l.Code).Order(StringComparer.Ordinal));
        Assert.Equal("Patientmiljarden 2024–2026", draft.Name);
        Assert.Equal((new YearMonth(2024, 1), new YearMonth(2026, 12)), (draft.CostObjects.Single().From, draft.CostObjects.Single().To));
    }

    [Fact]
    public async Task A_copy_whose_cost_object_would_overlap_another_agreements_months_is_refused_and_writes_nothing()
    {
        var before = await CountsAsync();

        // Patientmiljarden 2021–2023 would hold 9916 in 2023, which God och nära vård 2023 holds.
        var result = await _db.SendAsync(new CopyAgreementCommand("patientmiljarden", 2021));

        var error = Assert.Single(result.Errors);
        Assert.Equal("costObjects[0]", error.Field);
        Assert.StartsWith("Kostnadsobjekt 9916 hör redan till överenskommelsen God och nära vård 2023 (gnv2023) under 2023-01–2023-12, och kopian skulle använda det under 2021-01–2023-12.",
            error.Message);
        Assert.Contains("kopiera till ett år då objektet är ledigt", error.Message);
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task A_copy_to_an_existing_code_or_to_the_sources_own_year_is_refused_and_writes_nothing()
    {
        await CopyAsync("gnv2023", 2024);
        var before = await CountsAsync();

        var again = await _db.SendAsync(new CopyAgreementCommand("gnv2023", 2024));
        var sameYear = await _db.SendAsync(new CopyAgreementCommand("gnv2023", 2023, "gnv2023b"));
        var unknown = await _db.SendAsync(new CopyAgreementCommand("finns-inte", 2024));

        Assert.Equal(("NewCode", "Det finns redan en överenskommelse med koden gnv2024. Ange en annan kod för kopian, till exempel gnv2024b, eller öppna den befintliga."),
            (again.Errors.Single().Field, again.Errors.Single().Message));
        Assert.Equal("Year", sameYear.Errors.Single().Field);
        Assert.Contains("finns inte", unknown.Errors.Single().Message);
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task The_drafts_checklist_names_each_pending_key_line_date_and_object_and_activation_makes_it_active()
    {
        var copy = await CopyAsync("gnv2023", 2024);

        var checklist = await _db.SendAsync(new GetAgreementChecklistQuery(copy.Id));

        Assert.NotNull(checklist);
        Assert.True(checklist.IsDraft);
        var items = checklist.Sections.ToDictionary(s => s.Heading, s => s.Items);
        Assert.Equal(5, items["Nationella nycklar att fylla i"].Count);
        Assert.Contains("Område 2.3 Insatser inom ramen för Vision e-hälsa 2025: grundbelopp per region plus andel – fyll i det nationella beloppet.", items["Nationella nycklar att fylla i"]);
        Assert.Contains("Rad 2.1 (2024, objekt 9916): 41\u00A0247\u00A0254\u00A0kr, varav Primärvård i landsbygd 14\u00A0897\u00A0341\u00A0kr.", items["Belopp att stämma av mot årets överenskommelse"]);
        Assert.Contains("2025-03-31: Slutredovisning – Slutredovisning av God och nära vård 2024 till Socialstyrelsen.", items["Rapporteringsdatum att kontrollera"]);
        Assert.Contains("Objekt 9916 God och nära vård – nära vård: 2024-01–2024-12. Bekräfta objektet och månaderna med ekonomienheten.", items["Kostnadsobjektens månader"]);

        var activated = await _db.SendAsync(new ActivateAgreementCommand(copy.Id, checklist.Version));
        var again = await _db.SendAsync(new ActivateAgreementCommand(copy.Id, checklist.Version));

        Assert.True(activated.Succeeded);
        var after = await _db.SendAsync(new GetAgreementChecklistQuery(copy.Id));
        Assert.Equal((AgreementStatus.Aktiv, 0), (after!.Status, after.Sections.Count));
        Assert.False(again.Succeeded);
        Assert.True(await _db.WithContextAsync(db => db.AuditEntries.AnyAsync(e => e.EntityType == nameof(Agreement) && e.EntityId == copy.Id.ToString() && e.Changes.Contains("Aktiv"))));
    }

    private Task<Agreement> LoadAsync(string code) =>
        _db.WithContextAsync(db => db.Agreements.AsNoTrackingWithIdentityResolution().AsSplitQuery()
            .Include(a => a.Areas).Include(a => a.Lines).ThenInclude(l => l.Area).Include(a => a.CostObjects).Include(a => a.Conditions).Include(a => a.Obligations)
            .SingleAsync(a => a.Code == code));

    private Task<(int Agreements, int Lines, int Obligations, int Activities, int Audit)> CountsAsync() =>
        _db.WithContextAsync(async db => (
            await db.Agreements.CountAsync(), await db.AllocationLines.CountAsync(), await db.ReportingObligations.CountAsync(), await db.Activities.CountAsync(),
            await db.AuditEntries.CountAsync()));
}
