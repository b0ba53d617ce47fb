using GrantTracker.Application.Features.Distribution;
using GrantTracker.Application.Reports;
using GrantTracker.Domain.Common;
using GrantTracker.Domain.Distribution;
using GrantTracker.Web.Features.Shared;
using GrantTracker.Web.Infrastructure;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace GrantTracker.Web.Features.Distributions;

/// <summary>
/// Fördelningar: distributions of a line's money to the primary-care units, saved from the Vårdenheter preview by an
/// officer, decided by a Beslutsfattare with the decision's reference and then locked, with a payment list.
/// </summary>
[Route("fordelningar")]
public sealed class DistributionsController(IMediator mediator) : Controller
{
    [HttpGet("")]
    [Authorize(Policy = Policies.ReadFinance)]
    public async Task<IActionResult> Index(CancellationToken ct) => View(await mediator.Send(new ListDistributionsQuery(), ct));

    [HttpGet("{id:int}")]
    [Authorize(Policy = Policies.ReadFinance)]
    public async Task<IActionResult> Details(int id, CancellationToken ct)
    {
        var view = await mediator.Send(new GetDistributionQuery(id), ct);
        return view is null ? NotFound() : View(view);
    }

    /// <summary>Saves the previewed split as a draft; on a refusal the user is sent back to the preview with the reason.</summary>
    [HttpPost("")]
    [Authorize(Policy = Policies.EditUnits)]
    public async Task<IActionResult> Save(string? name, string? agreement, string? line, string? amount, DistributionKey key, int? model, DateOnly? asOf, CancellationToken ct)
    {
        Result<int> result;
        if (!Money.TryParse(amount, out var kronor) || kronor != decimal.Truncate(kronor) || kronor <= 0)
        {
            result = Result.Fail<int>("Amount", "Beloppet ska vara hela kronor, till exempel 24 000 000.");
        }
        else
        {
            result = await mediator.Send(new SaveDistributionCommand(name ?? "", agreement ?? "", line ?? "", (long)kronor, key, model, asOf), ct);
        }
        if (result.Succeeded)
        {
            TempData["Message"] = "Fördelningen är sparad som utkast. En beslutsfattare beslutar den med beslutets diarienummer.";
            return RedirectToAction(nameof(Details), new { id = result.Value });
        }
        TempData["Error"] = string.Join(" ", result.Errors.Select(e => e.Message));
        // Back to the same preview (the same listing), with the reason above it.
        var listing = asOf is { } date ? $"&per={SwedishFormat.Date(date)}" : "";
        return Redirect($"/vardenheter?belopp={Uri.EscapeDataString(amount ?? "")}&nyckel={key}&modell={model}{listing}");
    }

    [HttpPost("{id:int}/beslut")]
    [Authorize(Policy = Policies.DecideDistributions)]
    public async Task<IActionResult> Decide(int id, string? reference, long version, CancellationToken ct)
    {
        var result = await mediator.Send(new DecideDistributionCommand(id, reference, version), ct);
        TempData.Report(result, "Fördelningen är beslutad och låst. Betalningslistan kan hämtas.");
        return RedirectToAction(nameof(Details), new { id });
    }

    [HttpGet("{id:int}/betalningslista")]
    [Authorize(Policy = Policies.ReadFinance)]
    public async Task<IActionResult> PaymentList(int id, CancellationToken ct)
    {
        var document = await mediator.Send(new GetPaymentListQuery(id), ct);
        if (document is null)
        {
            return NotFound();
        }
        var stream = new MemoryStream();
        ExcelReportWriter.Write(document, stream);
        stream.Position = 0;
        return File(stream, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", document.FileName);
    }
}
