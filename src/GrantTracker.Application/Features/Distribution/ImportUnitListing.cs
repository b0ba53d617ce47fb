using System.Globalization;
using System.Security.Cryptography;
using GrantTracker.Application.Auditing;
using GrantTracker.Application.Data;
using GrantTracker.Application.Imports;
using GrantTracker.Domain.Common;
using GrantTracker.Domain.Distribution;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

namespace GrantTracker.Application.Features.Distribution;

/// <summary>Imports a Hälsoval listing file (CSV or .xlsx) as the listing of <paramref name="AsOf"/>.</summary>
/// <param name="Confirm">The officer has seen the units whose organisation or ownership changes, or whose listed total moves more
/// than <see cref="ListingSettings.ChangeTolerance"/>, and takes the listing.</param>
public sealed record ImportUnitListingCommand(string FilePath, string FileName, DateOnly AsOf, bool Confirm = false) : ICommand<UnitListingImportResult>;

/// <summary>A unit whose organisation number or ownership differs from the previous listing's.</summary>
public sealed record UnitChange(string Code, string Name, string? OrganisationBefore, string OrganisationAfter, Ownership? OwnershipBefore, Ownership OwnershipAfter);

/// <summary>A unit whose listed total moves more than the tolerance against the previous listing (<paramref name="After"/> null: the unit is gone).</summary>
public sealed record ListedChange(string Code, string Name, DateOnly PreviousAsOf, int Before, int? After)
{
    /// <summary>The change as a fraction of the previous total: −1 for a unit that is gone.</summary>
    public decimal Share => Before == 0 ? 0 : ((After ?? 0) - Before) / (decimal)Before;
}

public sealed record UnitListingImportResult(
    bool Succeeded, int? ListingId, string Message, IReadOnlyList<ImportError> Errors, int Units, long Listed,
    IReadOnlyList<UnitChange> Changes, bool NeedsConfirmation, IReadOnlyList<ListedChange>? ListedChanges = null)
{
    public IReadOnlyList<ListedChange> ListedChanges { get; init; } = ListedChanges ?? [];
}

/// <summary>
/// <c>Import:ListingChangeTolerance</c>: how much (a fraction) a unit's listed total may fall or rise against the previous listing
/// before the import waits for the officer's confirmation. Default 0.20: a unit's list moves a few per cent in a year, and a
/// file cut inside a row or a band typed wrong moves it far more.
/// </summary>
public sealed record ListingSettings(decimal ChangeTolerance)
{
    public static readonly ListingSettings Default = new(0.20m);

    public static ListingSettings From(IConfiguration configuration) =>
        decimal.TryParse(configuration["Import:ListingChangeTolerance"], NumberStyles.Number, CultureInfo.InvariantCulture, out var t) && t is >= 0 and < 10
            ? new ListingSettings(t)
            : Default;
}

/// <summary>
/// All or nothing: a file with an error stores nothing and names every error with its line. A listing date that exists
/// is refused (listings are never changed); a unit whose organisation number or ownership differs from the previous
/// listing is shown and the import waits for the officer's confirmation, since the unit's payments and reports hang on
/// them. So does a unit whose listed total falls or rises more than the tolerance against the previous listing, or that
/// is gone from it: every distribution over the listing follows those numbers. Then the listing is stored and the
/// register of units takes the listing's names, organisations and ownership.
/// </summary>
public sealed class ImportUnitListingHandler(AppDbContext db, IAuditActor actor, TimeProvider clock, ListingSettings settings) : ICommandHandler<ImportUnitListingCommand, UnitListingImportResult>
{
    public async ValueTask<UnitListingImportResult> Handle(ImportUnitListingCommand command, CancellationToken ct)
    {
        var excel = Path.GetExtension(command.FileName).Equals(".xlsx", StringComparison.OrdinalIgnoreCase);
        UnitListingFile file;
        string hash;
        await using (var stream = File.OpenRead(command.FilePath))
        {
            file = UnitListingReader.Read(stream, excel, ct);
            stream.Position = 0;
            hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct));
        }
        if (!file.Succeeded)
        {
            return Refused("Listningen innehåller fel och har inte importerats. Inget är ändrat. Rätta felen och importera igen.", file.Errors);
        }
        if (await db.UnitListings.AnyAsync(l => l.AsOf == command.AsOf, ct))
        {
            return Refused($"Det finns redan en listning per {SwedishFormat.Date(command.AsOf)}. En listning ändras aldrig; importera den nya med sitt eget datum.",
                [new ImportError(0, null, $"Listningen per {SwedishFormat.Date(command.AsOf)} finns redan.")]);
        }

        var registered = await db.CareUnits.ToDictionaryAsync(u => u.Code, StringComparer.OrdinalIgnoreCase, ct);
        var changes = file.Units
            .Where(u => registered.TryGetValue(u.Code, out var known) && (known.OrganisationNumber != u.OrganisationNumber || known.Ownership != u.Ownership))
            .Select(u => new UnitChange(u.Code, u.Name, registered[u.Code].OrganisationNumber, u.OrganisationNumber, registered[u.Code].Ownership, u.Ownership))
            .ToList();
        var listedChanges = await ListedChangesAsync(file.Units, command.AsOf, ct);
        if ((changes.Count > 0 || listedChanges.Count > 0 || file.Unterminated is not null) && !command.Confirm)
        {
            var reasons = new List<string>();
            if (file.Unterminated is { } last)
            {
                reasons.Add($"Filen slutar mitt i sista raden, utan radbrytning: den kan vara avklippt inne i vårdenheten {last.Code} {last.Name} " +
                    $"({last.TotalListed.ToString("#,0", SwedishFormat.Numbers)} listade). Jämför enhetens siffror med listningssystemets.");
            }
            if (changes.Count > 0)
            {
                reasons.Add($"{changes.Count} {(changes.Count == 1 ? "vårdenhet byter" : "vårdenheter byter")} organisationsnummer eller driftform jämfört med registret; " +
                    "utbetalningar och återrapporter hänger på organisationen.");
            }
            if (listedChanges.Count > 0)
            {
                reasons.Add($"{listedChanges.Count} {(listedChanges.Count == 1 ? "vårdenhet har" : "vårdenheter har")} ett antal listade som ändras mer än " +
                    $"{SwedishFormat.Percent(settings.ChangeTolerance)} jämfört med listningen per {SwedishFormat.Date(listedChanges[0].PreviousAsOf)}, eller finns inte längre med; " +
                    "en avklippt fil eller en felskriven åldersklass ger sådana ändringar.");
            }
            return new UnitListingImportResult(false, null,
                string.Join(" ", reasons) + " Kontrollera ändringarna och bekräfta att listningen ska tas in. Inget är ändrat ännu.",
                [], file.Units.Count, file.Units.Sum(u => (long)u.TotalListed), changes, NeedsConfirmation: true, listedChanges);
        }

        foreach (var unit in file.Units)
        {
            if (registered.TryGetValue(unit.Code, out var known))
            {
                known.Update(unit);
            }
            else
            {
                db.CareUnits.Add(CareUnit.From(unit));
            }
        }
        var listing = new UnitListing(command.AsOf, command.FileName, hash, clock.GetUtcNow().UtcDateTime, actor.UserName, file.Units);
        db.UnitListings.Add(listing);
        await db.SaveChangesAsync(ct);
        var listed = file.Units.Sum(u => (long)u.TotalListed);
        return new UnitListingImportResult(true, listing.Id,
            $"Listningen per {SwedishFormat.Date(command.AsOf)} är importerad: {file.Units.Count} vårdenheter, {listed.ToString("#,0", SwedishFormat.Numbers)} listade invånare.",
            [], file.Units.Count, listed, changes, false, listedChanges);
    }

    /// <summary>
    /// Units of the previous listing (the newest before this one's date) whose total moves more than the tolerance, or
    /// that this listing no longer has. A unit new in this listing is not a change of a number, and is not shown.
    /// </summary>
    private async Task<IReadOnlyList<ListedChange>> ListedChangesAsync(IReadOnlyList<ListedUnit> units, DateOnly asOf, CancellationToken ct)
    {
        var previous = await db.UnitListings.AsNoTracking().Where(l => l.AsOf < asOf).OrderByDescending(l => l.AsOf)
            .Select(l => new { l.AsOf, Rows = l.Rows.Select(r => new { r.UnitCode, r.Name, r.TotalListed }).ToList() })
            .FirstOrDefaultAsync(ct);
        if (previous is null)
        {
            return [];
        }
        var now = units.ToDictionary(u => u.Code, StringComparer.OrdinalIgnoreCase);
        var changes = new List<ListedChange>();
        foreach (var before in previous.Rows.OrderBy(r => r.UnitCode, StringComparer.Ordinal))
        {
            int? after = now.TryGetValue(before.UnitCode, out var unit) ? unit.TotalListed : null;
            if (after is null && before.TotalListed > 0 || Math.Abs((after ?? 0) - before.TotalListed) > settings.ChangeTolerance * before.TotalListed)
            {
                changes.Add(new ListedChange(before.UnitCode, unit?.Name ?? before.Name, previous.AsOf, before.TotalListed, after));
            }
        }
        return changes;
    }

    private static UnitListingImportResult Refused(string message, IReadOnlyList<ImportError> errors) => new(false, null, message, errors, 0, 0, [], false);
}
