using GrantTracker.Application.Data;
using GrantTracker.Application.Seeding;
using GrantTracker.Domain.Common;
using GrantTracker.Domain.Distribution;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Features.Distribution;

/// <summary>
/// What a pot would give each unit of a listing by a key: points, share and whole kronor that add up to the pot.
/// Nothing is stored. <paramref name="ModelYear"/> is the Hälsoval model's year (the listing's year, or the newest
/// before it, when null); <paramref name="AsOf"/> the listing's date (the newest when null).
/// </summary>
/// <param name="AgreementCode">With <paramref name="LineCode"/>: the allocation line the money comes from; the pot may not exceed it.</param>
public sealed record PreviewDistributionQuery(long Amount, DistributionKey Key, int? ModelYear = null, DateOnly? AsOf = null,
    string? AgreementCode = null, string? LineCode = null) : IQuery<Result<DistributionPreview>>;

/// <param name="Line">The allocation line the pot comes from, when the query named one.</param>
public sealed record DistributionPreview(int ListingId, DateOnly ListingAsOf, DistributionResult Result, PotLine? Line);

/// <summary>The allocation line a distribution's money comes from (its first year's line where a code spans years).</summary>
public sealed record PotLine(int AgreementId, int LineId, string Code, string CostObjectCode);

public sealed class PreviewDistributionHandler(AppDbContext db, IMediator mediator) : IQueryHandler<PreviewDistributionQuery, Result<DistributionPreview>>
{
    public async ValueTask<Result<DistributionPreview>> Handle(PreviewDistributionQuery query, CancellationToken ct)
    {
        PotLine? pot = null;
        if (query.AgreementCode is { } code)
        {
            var agreementId = await Agreements.AgreementLoader.IdByCodeAsync(db, code, ct);
            if (agreementId is null)
            {
                return Result.Fail<DistributionPreview>("Agreement", $"Överenskommelsen ”{code}” finns inte. Se granttracker agreements.");
            }
            var lineCode = query.LineCode?.Trim() ?? "";
            var lines = await db.AllocationLines.AsNoTracking().Where(l => l.AgreementId == agreementId && l.Code == lineCode)
                .OrderBy(l => l.Year).Select(l => new { l.Id, l.Code, l.CostObjectCode, l.Amount }).ToListAsync(ct);
            if (lines.Count == 0)
            {
                return Result.Fail<DistributionPreview>("Line", $"Raden ”{lineCode}” finns inte i överenskommelsen {code}.");
            }
            var allocated = lines.Sum(l => l.Amount);
            if (query.Amount > allocated)
            {
                return Result.Fail<DistributionPreview>("Amount",
                    $"{Money.Format(query.Amount)} är mer än radens tilldelning {Money.Format(allocated)}. Fördela högst det som raden har.");
            }
            pot = new PotLine(agreementId.Value, lines[0].Id, lines[0].Code, lines[0].CostObjectCode);
        }
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
        return result.Succeeded ? Result.Ok(new DistributionPreview(listing.Id, listing.AsOf, result.Value, pot)) : Result.Fail<DistributionPreview>(result.Errors);
    }
}
