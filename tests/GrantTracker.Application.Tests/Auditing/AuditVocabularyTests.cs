using GrantTracker.Application.Auditing;
using GrantTracker.Application.Data;
using GrantTracker.Application.Features.Activities;
using GrantTracker.Application.Features.Audit;
using GrantTracker.Application.Reports;
using GrantTracker.Application.Tests.Infrastructure;
using GrantTracker.Domain.Activities;
using GrantTracker.Domain.Ledger;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Tests.Auditing;

/// <summary>Granskningslogg in the words of the interface (issue 25, part 3): one vocabulary for the page, the workbook and the CLI.</summary>
public sealed class AuditVocabularyTests : IAsyncLifetime
{
    private TestDatabase _db = null!;

    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync(userName: "handlaggare@demo.local");

    public async Task DisposeAsync() => await _db.DisposeAsync();

    /// <summary>What the recorder writes: every business entity type (the domain's namespace) and each property that is not its key nor marked never recorded (a token's hash, issue 27).</summary>
    private Task<List<(string Type, string Property)>> AuditedAsync() => _db.WithContextAsync(db => Task.FromResult(
        db.Model.GetEntityTypes()
            .Where(t => t.ClrType.Namespace?.StartsWith("GrantTracker.Domain", StringComparison.Ordinal) == true)
            .SelectMany(t => t.GetProperties().Where(p => !p.IsPrimaryKey() && !AuditAnnotations.IsNotRecorded(p)).Select(p => (t.ClrType.Name, p.Name)))
            .Distinct()
            .ToList()));

    [Fact]
    public async Task Every_audited_entity_type_and_field_of_the_model_has_a_Swedish_name()
    {
        var audited = await AuditedAsync();

        Assert.NotEmpty(audited);
        var missing = audited.Where(a => !AuditVocabulary.Names(a.Type, a.Property)).Select(a => $"{a.Type}.{a.Property}").ToList();
        Assert.True(missing.Count == 0, "Name these in AuditVocabulary (the words the interface uses): " + string.Join(", ", missing));
        var unknownTypes = audited.Select(a => a.Type).Distinct().Where(t => AuditVocabulary.Find(t) is null).ToList();
        Assert.Empty(unknownTypes);
    }

    [Fact]
    public async Task Each_kind_has_a_name_of_its_own_so_the_filter_lists_it_once()
    {
        var types = (await AuditedAsync()).Select(a => a.Type).Distinct().Append(SignInEvents.EntityType).ToList();
        var names = types.Select(AuditVocabulary.KindName).ToList();

        Assert.Equal(names.Count, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(names, n => Assert.DoesNotContain("okänd", n));
    }

    [Fact]
    public async Task Every_enum_value_the_trail_can_hold_is_shown_in_Swedish()
    {
        var enums = await _db.WithContextAsync(db => Task.FromResult(db.Model.GetEntityTypes()
            .Where(t => t.ClrType.Namespace?.StartsWith("GrantTracker.Domain", StringComparison.Ordinal) == true)
            .SelectMany(t => t.GetProperties())
            .Select(p => Nullable.GetUnderlyingType(p.ClrType) ?? p.ClrType)
            .Where(t => t.IsEnum)
            .Distinct()
            .ToList()));

        Assert.NotEmpty(enums);
        foreach (var type in enums)
        {
            foreach (var name in Enum.GetNames(type))
            {
                var shown = AuditVocabulary.EnumValue(type, name);
                // A member already written in Swedish may stand as it is; an English member name must be translated.
                Assert.False(shown == name && name.Any(char.IsUpper) && name.Skip(1).Any(char.IsUpper) && !IsSwedishWord(name),
                    $"{type.Name}.{name} has no Swedish word in AuditVocabulary.");
            }
        }
    }

    private static bool IsSwedishWord(string name) => name is "OrdinarieVerksamhet" or "ErsatterBefintlig";

    [Fact]
    public async Task The_page_shows_ids_as_what_they_point_to_fields_in_Swedish_and_times_in_Swedish_time()
    {
        // 2023-06-15 10:00 UTC is 12:00 in Stockholm (summer time).
        var agreement = await _db.WithContextAsync(db => db.Agreements.Where(a => a.Code == "gnv2023").Select(a => new { a.Id, a.Name }).SingleAsync());
        var activity = await _db.WithContextAsync(db => db.Activities.Where(a => a.AgreementId == agreement.Id && a.Number == 3)
            .Select(a => new { a.Id, a.Version, a.Measure }).SingleAsync());
        Assert.True((await _db.SendAsync(new SetProjectCodeCommand(activity.Id, activity.Version, "GNV-03"))).Succeeded);
        await _db.WithContextAsync(async db =>
        {
            db.ClosedMonths.Add(new ClosedMonth { AgreementId = agreement.Id, Month = new(2023, 3), ClosedAtUtc = new DateTime(2023, 4, 5, 8, 30, 0), ClosedBy = "handlaggare@demo.local" });
            await db.SaveChangesAsync();
        });

        var page = await _db.SendAsync(new ListAuditEntriesQuery());

        var change = page.Rows.First(r => r.EntityType == "Activity" && r.Action == AuditAction.Ändrad).Shown;
        Assert.Equal("2023-06-15 12:00", change.At);
        Assert.Equal("Insats", change.Kind);
        Assert.StartsWith("Insats 3: ", change.Target);
        Assert.Contains("(gnv2023)", change.Target);
        Assert.Contains(change.Fields, f => f is { Property: "Projektkod", New: "GNV-03" });
        Assert.Equal("Ändrad", change.Action);

        var closed = page.Rows.First(r => r.EntityType == "ClosedMonth").Shown;
        Assert.Equal("Stängd månad", closed.Kind);
        Assert.Equal($"2023-03, {agreement.Name}", closed.Target);
        Assert.Contains(closed.Fields, f => f is { Property: "Överenskommelse", New: "God och nära vård 2023" });
        Assert.Contains(closed.Fields, f => f is { Property: "Stängd", New: "2023-04-05 10:30" });
        Assert.Contains(closed.Fields, f => f is { Property: "Månad", New: "2023-03" });

        var seeded = (await _db.SendAsync(new ListAuditEntriesQuery(EntityType: "Agreement"))).Rows.Select(r => r.Shown).ToList();
        Assert.Contains(seeded, s => s.Target == "God och nära vård 2023" && s.Kind == "Överenskommelse");
        var lines = (await _db.SendAsync(new ExportAuditEntriesQuery(new ListAuditEntriesQuery(EntityType: "AllocationLine")))).Rows.Select(r => r.Shown).ToList();
        Assert.Contains(lines, l => l.Target.StartsWith("2.1 Utvecklingen av den nära vården", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Fields.Any(f => f.Property == "Belopp" && f.New == "41\u00a0247\u00a0254\u00a0kr"));
        Assert.Contains(lines, l => l.Fields.Any(f => f.Property == "Överenskommelse" && f.New is "God och nära vård 2023" or "Patientmiljarden 2018–2020"));
        // No internal name reaches the page.
        Assert.All(page.Rows.SelectMany(r => r.Shown.Fields), f => Assert.DoesNotMatch("^[A-Z][a-z]+[A-Z][A-Za-z]*$", f.Property));
        Assert.All(page.EntityTypes, t => Assert.DoesNotContain("okänd", AuditVocabulary.KindName(t)));
    }

    [Fact]
    public async Task The_workbook_and_the_page_show_the_same_words()
    {
        var page = await _db.SendAsync(new ListAuditEntriesQuery(EntityType: "Agreement"));
        var export = await _db.SendAsync(new ExportAuditEntriesQuery(new ListAuditEntriesQuery(EntityType: "Agreement")));

        Assert.Equal(page.TotalCount, export.Total);
        var document = export.Document(new DateOnly(2023, 6, 15), "Filter: objekt Överenskommelse");
        var table = Assert.Single(document.Parts);
        Assert.Equal(["Tidpunkt", "Användare", "Objekt", "Avser", "Händelse", "Ändringar"], table.Columns.Select(c => c.Header));
        var first = page.Rows[0].Shown;
        Assert.Equal([first.At, first.User, first.Kind, first.Target, first.Action, string.Join("\n", first.FieldTexts)], table.Rows[0]);
        Assert.Contains("Namn: – → ", (string)table.Rows[0][5]!);

        using var stream = new MemoryStream();
        ExcelReportWriter.Write(document, stream);
        Assert.True(stream.Length > 0);
    }
}
