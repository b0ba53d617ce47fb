using System.Globalization;
using GrantTracker.Application.Common.Uploads;
using GrantTracker.Application.Features.Distribution;
using GrantTracker.Application.Seeding;
using GrantTracker.Domain.Common;
using GrantTracker.Domain.Distribution;
using GrantTracker.Web.Infrastructure;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

using GrantTracker.Web.Features.Shared;

namespace GrantTracker.Web.Features.Units;

/// <summary>The preview form's values, as typed.</summary>
public sealed record PreviewForm(string? Amount, DistributionKey Key, int? Model);

public sealed record UnitsPage(
    UnitListingView? Listing, PreviewForm Form, DistributionPreview? Preview, IReadOnlyList<string> PreviewErrors, UnitListingImportResult? Import,
    IReadOnlyList<int> Models);

/// <summary>
/// Vårdenheter: the newest Hälsoval listing of the primary-care units, its import (officers), and what a pot would give
/// each unit by a key. Not for an Utförare: the listing is every provider's.
/// </summary>
[Route("vardenheter")]
public sealed class UnitsController(IMediator mediator, UploadFolder uploads) : Controller
{
    [HttpGet("")]
    [Authorize(Policy = Policies.ReadFinance)]
    public async Task<IActionResult> Index(string? per, string? belopp, DistributionKey nyckel = DistributionKey.Halsoval, int? modell = null, CancellationToken ct = default)
    {
        DateOnly? asOf = null;
        if (per is not null)
        {
            if (!DateOnly.TryParseExact(per, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            {
                return NotFound();
            }
            asOf = d;
        }
        var listing = await mediator.Send(new GetUnitListingQuery(asOf), ct);
        if (asOf is not null && listing is null)
        {
            return NotFound();
        }
        var form = new PreviewForm(belopp, nyckel, modell);
        DistributionPreview? preview = null;
        var errors = new List<string>();
        if (!string.IsNullOrWhiteSpace(belopp) && listing is not null)
        {
            if (Money.IsTooLarge(belopp))
            {
                errors.Add(Money.TooLargeMessage(belopp));
            }
            else if (!Money.TryParse(belopp, out var amount) || amount != decimal.Truncate(amount) || amount <= 0)
            {
                errors.Add("Beloppet ska vara hela kronor, till exempel 24 000 000.");
            }
            else
            {
                var result = await mediator.Send(new PreviewDistributionQuery((long)amount, nyckel, modell, listing.AsOf), ct);
                if (result.Succeeded)
                {
                    preview = result.Value;
                }
                else
                {
                    errors.AddRange(result.Errors.Select(e => e.Message));
                }
            }
        }
        return View(new UnitsPage(listing, form, preview, errors, null, Years()));
    }

    /// <summary>Saves the upload to a temporary file and imports it as the listing of the date given; all or nothing.</summary>
    [HttpPost("importera")]
    [Authorize(Policy = Policies.EditUnits)]
    [RequestSizeLimit(20 * 1024 * 1024)]
    public async Task<IActionResult> Import(IFormFile? file, string? asOf, bool confirm, CancellationToken ct)
    {
        var listing = await mediator.Send(new GetUnitListingQuery(), ct);
        UnitListingImportResult result;
        if (file is null || file.Length == 0)
        {
            result = Refusal("Välj en listningsfil: CSV med semikolon eller Excel (.xlsx).");
        }
        else if (!DateOnly.TryParseExact(asOf, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            result = Refusal("Ange listningens datum, ÅÅÅÅ-MM-DD, till exempel 2022-12-31.");
        }
        else
        {
            var fileName = UploadRule.CleanName(file.FileName, "listning");
            var extension = Path.GetExtension(fileName).ToLowerInvariant() is ".xlsx" ? ".xlsx" : ".csv";
            var path = uploads.NewFile("listing", extension);
            try
            {
                await using (var target = System.IO.File.Create(path))
                {
                    await file.CopyToAsync(target, ct);
                }
                result = await mediator.Send(new ImportUnitListingCommand(path, fileName, date, confirm), ct);
            }
            finally
            {
                System.IO.File.Delete(path);
            }
            if (result.Succeeded)
            {
                TempData.Succeed(result.Message, "importera-listning");
                return Redirect("/vardenheter#importera-listning");
            }
        }
        return View(nameof(Index), new UnitsPage(listing, new PreviewForm(null, DistributionKey.Halsoval, null), null, [], result, Years()));
    }

    private static UnitListingImportResult Refusal(string message) => new(false, null, message, [], 0, 0, [], false);

    private static IReadOnlyList<int> Years() => [.. HealthChoiceModels.All.Select(m => m.Year)];
}
