using System.Reflection;
using System.Text.Json;
using GrantTracker.Application.Data;
using GrantTracker.Domain.Activities;
using GrantTracker.Domain.Agreements;
using GrantTracker.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Seeding;

/// <summary>
/// Loads the real agreements from the JSON files embedded from <c>seed/agreements/</c>. Each agreement is
/// built through the domain's own methods, so the seed must pass the same rules as the forms. An
/// agreement whose code already exists is left as it is: loading again changes nothing.
/// </summary>
public static class SeedAgreements
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IReadOnlyList<AgreementSeed> ReadEmbedded()
    {
        var assembly = typeof(SeedAgreements).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("seed.agreements.", StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n => Read(assembly, n))
            .ToList();
    }

    private static AgreementSeed Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        return JsonSerializer.Deserialize<AgreementSeed>(stream, Json)
               ?? throw new InvalidOperationException($"Seed file {name} is empty.");
    }

    /// <returns>The codes of the agreements that were added.</returns>
    public static async Task<IReadOnlyList<string>> LoadAsync(AppDbContext db, CancellationToken ct = default)
    {
        var existing = await db.Agreements.Select(a => a.Code).ToListAsync(ct);
        var added = new List<string>();
        var seeds = ReadEmbedded();
        foreach (var seed in seeds.Where(s => !existing.Contains(s.Code)))
        {
            var agreement = Build(seed);
            db.Agreements.Add(agreement);
            await db.SaveChangesAsync(ct);
            foreach (var a in seed.Activities)
            {
                var line = SeedLine(agreement, a.AreaCode, a.CostObject);
                db.Activities.Add(Activity.FromSeed(agreement.Id, a.Number, line is null ? null : new ActivityLine(line.Id, line.AreaId, line.CostObjectCode),
                    a.CostObject, agreement.Areas.Single(x => x.Code == a.AreaCode).Id, a.Goal, a.Measure, a.FundsFor, a.Budget, agreement.FirstYear, a.Responsible));
            }
            await db.SaveChangesAsync(ct);
            added.Add(seed.Code);
        }
        await AddNationalKeysAsync(db, seeds.Where(s => existing.Contains(s.Code)), ct);
        await AddRequirementsAsync(db, seeds, ct);
        return added;
    }

    /// <summary>
    /// The reporting requirements the documents state, added once to an agreement that has none (also one loaded before the seed
    /// stated them); requirements a user has since changed are never overwritten.
    /// </summary>
    private static async Task AddRequirementsAsync(AppDbContext db, IEnumerable<AgreementSeed> seeds, CancellationToken ct)
    {
        foreach (var seed in seeds.Where(s => s.Requirements is { Count: > 0 }))
        {
            var agreementId = await db.Agreements.Where(a => a.Code == seed.Code).Select(a => a.Id).SingleAsync(ct);
            if (await db.ReportingRequirements.AnyAsync(r => r.AgreementId == agreementId, ct))
            {
                continue;
            }
            var order = 0;
            foreach (var r in seed.Requirements!)
            {
                db.ReportingRequirements.Add(new ReportingRequirement
                {
                    AgreementId = agreementId, Code = r.Code, Section = r.Section, Text = r.Text, SortOrder = order++,
                    Kind = Enum.Parse<RequirementKind>(r.Kind, ignoreCase: true),
                    Report = r.Report is null ? ObligationKind.Slutredovisning : Enum.Parse<ObligationKind>(r.Report, ignoreCase: true),
                    Unit = r.Unit, Baseline = r.Baseline, Target = r.Target,
                    Direction = r.Direction is null ? null : Enum.Parse<TargetDirection>(r.Direction, ignoreCase: true),
                    Counted = r.Counted, DataSource = r.DataSource,
                });
            }
            await db.SaveChangesAsync(ct);
        }
    }

    /// <summary>
    /// An agreement loaded before the seed stated its national keys gets them once: where an area has none and the
    /// agreement no population share. Nothing a user has set is overwritten.
    /// </summary>
    private static async Task AddNationalKeysAsync(AppDbContext db, IEnumerable<AgreementSeed> loaded, CancellationToken ct)
    {
        foreach (var seed in loaded)
        {
            var national = Flatten(seed.Areas).Where(a => a.National is not null).ToList();
            if (national.Count == 0)
            {
                continue;
            }
            var agreement = await db.Agreements.Include(a => a.Areas).SingleAsync(a => a.Code == seed.Code, ct);
            if (agreement.PopulationShare is not null || agreement.Areas.Any(a => a.National is not null))
            {
                continue;
            }
            foreach (var area in national)
            {
                if (agreement.Areas.FirstOrDefault(a => a.Code == area.Code) is { } target)
                {
                    Check(agreement.SetNationalKey(target, Key(area.National!)), seed.Code);
                }
            }
            Check(agreement.SetPopulationShare(seed.PopulationSharePercent / 100m), seed.Code);
            await db.SaveChangesAsync(ct);
        }
    }

    private static NationalKey Key(NationalSeed n) => new(n.Amount, Enum.Parse<NationalRule>(n.Rule, ignoreCase: true), n.BaseAmount ?? 0, n.Regions ?? 0);

    private static IEnumerable<AreaSeed> Flatten(IEnumerable<AreaSeed> areas) => areas.SelectMany(a => new[] { a }.Concat(Flatten(a.SubAreas ?? [])));

    /// <summary>
    /// The seed names an activity's area; it belongs to that area's line on its object, or, where the
    /// area has sub-areas, to the first sub-area's (the main one: 2.2 Vårdens medarbetare), first year first.
    /// </summary>
    private static AllocationLine? SeedLine(Agreement agreement, string areaCode, string costObject)
    {
        var area = agreement.Areas.Single(x => x.Code == areaCode);
        return agreement.LinesUnder(area)
            .Where(l => l.CostObjectCode == costObject)
            .OrderBy(l => l.Area.SortOrder).ThenBy(l => l.Year).ThenBy(l => l.Code)
            .FirstOrDefault();
    }

    public static Agreement Build(AgreementSeed seed)
    {
        var agreement = Check(Agreement.Create(seed.Code, new AgreementDetails(
            seed.Name, seed.Counterparty, seed.DiaryNumber, seed.Category, seed.StartDate, seed.EndDate,
            seed.NationalTotal, seed.RegionAllocation, seed.Responsible, seed.Contact, seed.DecisionBody, seed.Description)), seed.Code);

        foreach (var o in seed.CostObjects)
        {
            Check(agreement.AssignCostObject(o.Code, o.Name, YearMonth.Parse(o.From), YearMonth.Parse(o.To)), seed.Code);
        }
        foreach (var area in seed.Areas)
        {
            AddArea(agreement, area, parent: null, seed.Code);
        }
        Check(agreement.SetPopulationShare(seed.PopulationSharePercent / 100m), seed.Code);
        foreach (var c in seed.Conditions)
        {
            Check(agreement.AddCondition(c.Code, c.Text, c.Source), seed.Code);
        }
        foreach (var o in seed.Obligations)
        {
            var kind = Enum.Parse<ObligationKind>(o.Kind, ignoreCase: true);
            Check(agreement.AddObligation(kind, o.Title, o.Recipient, o.DueDate, o.DueDateAssumed, o.Note, o.Source), seed.Code);
        }
        return agreement;
    }

    private static void AddArea(Agreement agreement, AreaSeed seed, DevelopmentArea? parent, string code)
    {
        var area = Check(agreement.AddArea(seed.Code, seed.Name, seed.Amount, parent), code);
        if (seed.National is { } n)
        {
            Check(agreement.SetNationalKey(area, Key(n)), code);
        }
        foreach (var sub in seed.SubAreas ?? [])
        {
            AddArea(agreement, sub, area, code);
        }
        foreach (var line in seed.Lines ?? [])
        {
            var earmarks = (line.Earmarks ?? []).Select(e => new Earmark(e.Name, e.Amount)).ToList();
            Check(agreement.AddLine(area, new LineDetails(line.Code, line.Year, line.Amount, line.CostObject, line.RingFenced, earmarks)), code);
        }
    }

    private static void Check(Result result, string code)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Seed agreement '{code}' breaks a rule: " + string.Join(" ", result.Errors.Select(e => e.Message)));
        }
    }

    private static T Check<T>(Result<T> result, string code) =>
        result.Succeeded
            ? result.Value
            : throw new InvalidOperationException($"Seed agreement '{code}' breaks a rule: " + string.Join(" ", result.Errors.Select(e => e.Message)));
}
