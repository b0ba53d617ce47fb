using GrantTracker.Application.Data;
using GrantTracker.Domain.Agreements;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Features.Agreements.Definition;

/// <summary>
/// An agreement's definition as the file the import reads (<see cref="DefinitionWriter"/>), named <c>{code}.json</c>: exported and
/// imported again, it gives the same file byte for byte. Null when the agreement does not exist. By id (the page) or by code (the CLI).
/// </summary>
public sealed record ExportAgreementDefinitionQuery(int? Id = null, string? Code = null) : IQuery<DefinitionFile?>;

public sealed record DefinitionFile(string Code, string FileName, byte[] Content);

public sealed class ExportAgreementDefinitionHandler(AppDbContext db) : IQueryHandler<ExportAgreementDefinitionQuery, DefinitionFile?>
{
    public async ValueTask<DefinitionFile?> Handle(ExportAgreementDefinitionQuery query, CancellationToken ct)
    {
        var definition = await DefinitionSource.ReadAsync(db, query.Id, query.Code, ct);
        return definition is null ? null : new DefinitionFile(definition.Code, $"{definition.Code}.json", DefinitionWriter.Write(definition));
    }
}

/// <summary>Reads an agreement with everything its definition holds, without tracking: for the export and the copy.</summary>
internal static class DefinitionSource
{
    public static async Task<AgreementDefinition?> ReadAsync(AppDbContext db, int? id, string? code, CancellationToken ct)
    {
        var trimmed = code?.Trim().ToLowerInvariant();
        var agreement = await db.Agreements.AsNoTrackingWithIdentityResolution().AsSplitQuery()
            .Include(a => a.Areas)
            .Include(a => a.Lines)
            .Include(a => a.CostObjects)
            .Include(a => a.Conditions)
            .Include(a => a.Obligations)
            .Where(a => id != null ? a.Id == id : a.Code == trimmed)
            .SingleOrDefaultAsync(ct);
        if (agreement is null)
        {
            return null;
        }
        var activities = await db.Activities.AsNoTracking().Where(x => x.AgreementId == agreement.Id).ToListAsync(ct);
        var requirements = await db.ReportingRequirements.AsNoTracking().Where(r => r.AgreementId == agreement.Id).ToListAsync(ct);
        return DefinitionWriter.From(agreement, activities, requirements);
    }
}
