using GrantTracker.Application.Data;
using GrantTracker.Domain.Distribution;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Features.Distribution;

/// <summary>A listing with its units: the one of <paramref name="AsOf"/>, or the newest when null.</summary>
public sealed record GetUnitListingQuery(DateOnly? AsOf = null) : IQuery<UnitListingView?>;

public sealed record UnitListingView(int Id, DateOnly AsOf, string FileName, DateTime ImportedAtUtc, string ImportedBy, IReadOnlyList<ListedUnit> Units,
    IReadOnlyList<DateOnly> OtherListings)
{
    public long Listed => Units.Sum(u => (long)u.TotalListed);
}

public sealed class GetUnitListingHandler(AppDbContext db, FiguresCache figures) : IQueryHandler<GetUnitListingQuery, UnitListingView?>
{
    /// <summary>Once per change of the data (<see cref="FiguresCache"/>; a listing's import is audited): Vårdenheter shows it on every request.</summary>
    public async ValueTask<UnitListingView?> Handle(GetUnitListingQuery query, CancellationToken ct) =>
        await figures.GetAsync(db, query, token => ComputeAsync(query, token), ct);

    private async Task<UnitListingView?> ComputeAsync(GetUnitListingQuery query, CancellationToken ct)
    {
        var listings = db.UnitListings.AsNoTracking();
        var listing = await (query.AsOf is { } asOf ? listings.Where(l => l.AsOf == asOf) : listings.OrderByDescending(l => l.AsOf))
            .Include(l => l.Rows)
            .FirstOrDefaultAsync(ct);
        if (listing is null)
        {
            return null;
        }
        var dates = await db.UnitListings.AsNoTracking().Where(l => l.Id != listing.Id).OrderByDescending(l => l.AsOf).Select(l => l.AsOf).ToListAsync(ct);
        return new UnitListingView(listing.Id, listing.AsOf, listing.FileName, listing.ImportedAtUtc, listing.ImportedBy,
            [.. listing.Rows.OrderBy(r => r.UnitCode, StringComparer.Ordinal).Select(r => r.ToListedUnit())], dates);
    }
}
