using System.Reflection;
using GrantTracker.Application.Data;
using GrantTracker.Application.Features.Agreements.Definition;
using GrantTracker.Domain.Agreements;
using GrantTracker.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Seeding;

/// <summary>
/// Loads the real agreements from the definition files embedded from <c>seed/agreements/</c>, through the same import as an officer's
/// upload (<see cref="DefinitionImporter"/>), so the seed passes every rule a file must pass and a seed that breaks one fails loudly.
/// An agreement whose code already exists is left as it is: loading again changes nothing.
/// </summary>
public static class SeedAgreements
{
    /// <summary>Who the seeded activities' "Registrerad" step names.</summary>
    public const string UserName = "system";

    /// <summary>The embedded files, by resource name: the bytes the import reads.</summary>
    public static IReadOnlyList<(string Name, byte[] Content)> EmbeddedFiles()
    {
        var assembly = typeof(SeedAgreements).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("seed.agreements.", StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n => (n, Bytes(assembly, n)))
            .ToList();
    }

    public static IReadOnlyList<AgreementDefinition> ReadEmbedded() => EmbeddedFiles().Select(f => Read(f.Name, f.Content)).ToList();

    private static AgreementDefinition Read(string name, byte[] content)
    {
        var (definition, errors) = DefinitionReader.Read(content);
        return definition is not null && errors.Count == 0
            ? definition
            : throw new InvalidOperationException($"Seed file {name} is not a valid definition: " + string.Join(" ", errors.Select(e => $"{e.Field}: {e.Message}")));
    }

    private static byte[] Bytes(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    /// <returns>The codes of the agreements that were added.</returns>
    public static Task<IReadOnlyList<string>> LoadAsync(AppDbContext db, CancellationToken ct = default) => LoadAsync(db, TimeProvider.System, ct);

    /// <param name="clock">The time the seeded activities were registered at.</param>
    /// <returns>The codes of the agreements that were added.</returns>
    public static async Task<IReadOnlyList<string>> LoadAsync(AppDbContext db, TimeProvider clock, CancellationToken ct = default)
    {
        var existing = await db.Agreements.Select(a => a.Code).ToListAsync(ct);
        var added = new List<string>();
        var seeds = ReadEmbedded();
        foreach (var seed in seeds.Where(s => !existing.Contains(s.Code)))
        {
            var imported = await DefinitionImporter.ImportAsync(db, seed, [], replace: false, UserName, clock.GetUtcNow().UtcDateTime, DefinitionOrigin.File, ct);
            if (!imported.Succeeded)
            {
                throw new InvalidOperationException($"Seed agreement '{seed.Code}' breaks a rule: " + string.Join(" ", imported.Errors.Select(e => $"{e.Field}: {e.Message}")));
            }
            added.Add(seed.Code);
        }
        await AddNationalKeysAsync(db, seeds.Where(s => existing.Contains(s.Code)), ct);
        await AddRequirementsAsync(db, seeds, ct);
        return added;
    }

    /// <summary>
    /// The reporting requirements the documents state, added once to an agreement that has none (one loaded before the seed stated
    /// them); requirements a user has since changed are never overwritten.
    /// </summary>
    private static async Task AddRequirementsAsync(AppDbContext db, IEnumerable<AgreementDefinition> seeds, CancellationToken ct)
    {
        foreach (var seed in seeds.Where(s => s.Requirements.Count > 0))
        {
            var agreementId = await db.Agreements.Where(a => a.Code == seed.Code).Select(a => a.Id).SingleAsync(ct);
            if (await db.ReportingRequirements.AnyAsync(r => r.AgreementId == agreementId, ct))
            {
                continue;
            }
            for (var i = 0; i < seed.Requirements.Count; i++)
            {
                var requirement = DefinitionBuilder.RequirementOf(seed.Requirements[i], i);
                requirement.AgreementId = agreementId;
                db.ReportingRequirements.Add(requirement);
            }
            await db.SaveChangesAsync(ct);
        }
    }

    /// <summary>
    /// An agreement loaded before the seed stated its national keys gets them once: where an area has none and the
    /// agreement no population share. Nothing a user has set is overwritten.
    /// </summary>
    private static async Task AddNationalKeysAsync(AppDbContext db, IEnumerable<AgreementDefinition> loaded, CancellationToken ct)
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
                    Check(agreement.SetNationalKey(target, DefinitionBuilder.KeyOf(area.National!)), seed.Code);
                }
            }
            Check(agreement.SetPopulationShare(seed.PopulationSharePercent / 100m), seed.Code);
            await db.SaveChangesAsync(ct);
        }
    }

    private static IEnumerable<AreaDefinition> Flatten(IEnumerable<AreaDefinition> areas) => areas.SelectMany(a => new[] { a }.Concat(Flatten(a.SubAreas)));

    private static void Check(Result result, string code)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Seed agreement '{code}' breaks a rule: " + string.Join(" ", result.Errors.Select(e => e.Message)));
        }
    }
}
