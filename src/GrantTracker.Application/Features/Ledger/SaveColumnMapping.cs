using GrantTracker.Application.Data;
using GrantTracker.Domain.Common;
using GrantTracker.Domain.Ledger;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Features.Ledger;

/// <summary>Creates a column mapping (<paramref name="Id"/> null) or changes one; returns its id.</summary>
public sealed record SaveColumnMappingCommand(int? Id, long Version, ColumnMappingDetails Details) : ICommand<Result<int>>;

public sealed class SaveColumnMappingHandler(AppDbContext db) : ICommandHandler<SaveColumnMappingCommand, Result<int>>
{
    public static readonly Result<int> Gone = Result.Fail<int>("", "Mappningen finns inte längre. Gå tillbaka till listan och försök igen.");

    public static readonly Result<int> Stale = Result.Fail<int>("",
        "Någon annan har ändrat mappningen sedan du öppnade den. Dina ändringar är inte sparade: öppna den igen och gör om din ändring.");

    public async ValueTask<Result<int>> Handle(SaveColumnMappingCommand command, CancellationToken ct)
    {
        var name = (command.Details.Name ?? "").Trim();
        // Names are compared without regard to case, as the user reads them in the import form's list.
        var names = await db.ColumnMappings.Where(m => m.Id != command.Id).Select(m => m.Name).ToListAsync(ct);
        if (names.Any(n => string.Equals(n, name, StringComparison.CurrentCultureIgnoreCase)))
        {
            return Result.Fail<int>(nameof(ColumnMappingDetails.Name), $"Det finns redan en mappning som heter ”{name}”. Välj ett annat namn.");
        }

        LedgerColumnMapping mapping;
        if (command.Id is { } id)
        {
            var existing = await db.ColumnMappings.SingleOrDefaultAsync(m => m.Id == id, ct);
            if (existing is null)
            {
                return Gone;
            }
            if (existing.Version != command.Version)
            {
                return Stale;
            }
            var updated = existing.Update(command.Details);
            if (!updated.Succeeded)
            {
                return Result.Fail<int>(updated.Errors);
            }
            mapping = existing;
        }
        else
        {
            var created = LedgerColumnMapping.Create(command.Details);
            if (!created.Succeeded)
            {
                return Result.Fail<int>(created.Errors);
            }
            mapping = created.Value;
            db.ColumnMappings.Add(mapping);
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Stale;
        }
        return Result.Ok(mapping.Id);
    }
}
