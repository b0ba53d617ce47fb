using GrantTracker.Application.Data;
using GrantTracker.Application.Seeding;
using GrantTracker.Domain.Common;
using GrantTracker.Domain.Distribution;
using Mediator;

namespace GrantTracker.Application.Features.Distribution;

/// <summary>
/// What a pot would give each unit of a listing by a key: points, share and whole kronor that add up to the pot.
/// Nothing is stored. <paramref name="ModelYear"/> is the Hälsoval model's year (the listing's year, or the newest
/// before it, when null); <paramref name="AsOf"/> the listing's date (the newest when null).
/// </summary>
public sealed record PreviewDistributionQuery(long Amount, DistributionKey Key, int? ModelYear = null, DateOnly? AsOf = null) : IQuery<Result<DistributionPreview>>;

public sealed record DistributionPreview(DateOnly ListingAsOf, DistributionResult Result);

public sealed class PreviewDistributionHandler(IMediator mediator) : IQueryHandler<PreviewDistributionQuery, Result<DistributionPreview>>
{
    public async ValueTask<Result<DistributionPreview>> Handle(PreviewDistributionQuery query, CancellationToken ct)
    {
        var listing = await mediator.Send(new GetUnitListingQuery(query.AsOf), ct);
        if (listing is null)
        {
            return Result.Fail<DistributionPreview>("Listing", query.AsOf is { } d
                ? $"Det finns ingen listning per {SwedishFormat.Date(d)}."
                : "Det finns ingen listning av vårdenheter än. Importera en listning först.");
        }
        var model = query.ModelYear is { } year ? HealthChoiceModels.For(year) : HealthChoiceModels.Latest(listing.AsOf.Year);
        if (model is null)
        {
            return Result.Fail<DistributionPreview>("Model",
                $"Hälsovalsmodellen för {query.ModelYear} finns inte. Modeller finns för {string.Join(", ", HealthChoiceModels.All.Select(m => m.Year))}.");
        }
        var result = Distributor.Distribute(query.Amount, listing.Units, query.Key, model);
        return result.Succeeded ? Result.Ok(new DistributionPreview(listing.AsOf, result.Value)) : Result.Fail<DistributionPreview>(result.Errors);
    }
}
