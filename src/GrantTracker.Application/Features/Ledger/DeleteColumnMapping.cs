using GrantTracker.Application.Data;
using GrantTracker.Domain.Common;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Features.Ledger;

/// <summary>Removes a column mapping. Imports made with it keep their rows; the history names the file, not the mapping.</summary>
public sealed record DeleteColumnMappingCommand(int Id, long Version) : ICommand<Result>;

public sealed class DeleteColumnMappingHandler(AppDbContext db) : ICommandHandler<DeleteColumnMappingCommand, Result>
{
    public async ValueTask<Result> Handle(DeleteColumnMappingCommand command, CancellationToken ct)
    {
        var mapping = await db.ColumnMappings.SingleOrDefaultAsync(m => m.Id == command.Id, ct);
        if (mapping is null)
        {
            return SaveColumnMappingHandler.Gone;
        }
        if (mapping.Version != command.Version)
        {
            return SaveColumnMappingHandler.Stale;
        }
        db.ColumnMappings.Remove(mapping);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return SaveColumnMappingHandler.Stale;
        }
        return Result.Ok();
    }
}
