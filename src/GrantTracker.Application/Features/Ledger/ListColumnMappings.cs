using GrantTracker.Application.Data;
using GrantTracker.Domain.Ledger;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Features.Ledger;

/// <summary>The saved column mappings for CSV and Excel exports, by name.</summary>
public sealed record ListColumnMappingsQuery : IQuery<IReadOnlyList<ColumnMappingRow>>;

public sealed record ColumnMappingRow(int Id, long Version, ColumnMappingDetails Details);

public sealed class ListColumnMappingsHandler(AppDbContext db) : IQueryHandler<ListColumnMappingsQuery, IReadOnlyList<ColumnMappingRow>>
{
    public async ValueTask<IReadOnlyList<ColumnMappingRow>> Handle(ListColumnMappingsQuery query, CancellationToken ct)
    {
        var mappings = await db.ColumnMappings.AsNoTracking().ToListAsync(ct);
        return mappings
            .OrderBy(m => m.Name, StringComparer.CurrentCultureIgnoreCase)
            .Select(m => new ColumnMappingRow(m.Id, m.Version, m.Details))
            .ToList();
    }
}
