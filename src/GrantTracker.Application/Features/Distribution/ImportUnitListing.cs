using System.Security.Cryptography;
using GrantTracker.Application.Auditing;
using GrantTracker.Application.Data;
using GrantTracker.Application.Imports;
using GrantTracker.Domain.Common;
using GrantTracker.Domain.Distribution;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Features.Distribution;

/// <summary>Imports a Hälsoval listing file (CSV or .xlsx) as the listing of <paramref name="AsOf"/>.</summary>
/// <param name="Confirm">The officer has seen the units whose organisation or ownership changes, and takes the listing.</param>
public sealed record ImportUnitListingCommand(string FilePath, string FileName, DateOnly AsOf, bool Confirm = false) : ICommand<UnitListingImportResult>;

/// <summary>A unit whose organisation number or ownership differs from the previous listing's.</summary>
public sealed record UnitChange(string Code, string Name, string? OrganisationBefore, string OrganisationAfter, Ownership? OwnershipBefore, Ownership OwnershipAfter);

public sealed record UnitListingImportResult(
    bool Succeeded, int? ListingId, string Message, IReadOnlyList<ImportError> Errors, int Units, long Listed,
    IReadOnlyList<UnitChange> Changes, bool NeedsConfirmation);

/// <summary>
/// All or nothing: a file with an error stores nothing and names every error with its line. A listing date that exists
/// is refused (listings are never changed); a unit whose organisation number or ownership differs from the previous
/// listing is shown and the import waits for the officer's confirmation, since the unit's payments and reports hang on
/// them. Then the listing is stored and the register of units takes the listing's names, organisations and ownership.
/// </summary>
public sealed class ImportUnitListingHandler(AppDbContext db, IAuditActor actor, TimeProvider clock) : ICommandHandler<ImportUnitListingCommand, UnitListingImportResult>
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
        if (changes.Count > 0 && !command.Confirm)
        {
            return new UnitListingImportResult(false, null,
                $"{changes.Count} {(changes.Count == 1 ? "vårdenhet byter" : "vårdenheter byter")} organisationsnummer eller driftform jämfört med registret. " +
                "Utbetalningar och återrapporter hänger på organisationen: kontrollera ändringarna och bekräfta att listningen ska tas in. Inget är ändrat ännu.",
                [], file.Units.Count, file.Units.Sum(u => (long)u.TotalListed), changes, NeedsConfirmation: true);
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
            [], file.Units.Count, listed, changes, false);
    }

    private static UnitListingImportResult Refused(string message, IReadOnlyList<ImportError> errors) => new(false, null, message, errors, 0, 0, [], false);
}
