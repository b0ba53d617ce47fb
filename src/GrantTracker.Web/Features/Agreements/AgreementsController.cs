using GrantTracker.Application.Features.Agreements;
using GrantTracker.Domain.Agreements;
using GrantTracker.Domain.Common;
using GrantTracker.Web.Features.Shared;
using GrantTracker.Web.Infrastructure;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace GrantTracker.Web.Features.Agreements;

/// <param name="Filter">The filters as the query string gave them, for the form to show.</param>
public sealed record AgreementIndexPage(AgreementList List, ListAgreementsQuery Filter);

[Route("overenskommelser")]
public sealed class AgreementsController(IMediator mediator, ProviderScope scope, TimeProvider clock) : Controller
{
    /// <summary>The list, filtered by the query string (<c>?ar=2024&amp;status=Aktiv&amp;motpart=…</c>) so that a filtered list can be bookmarked.</summary>
    /// <remarks>An Utförare sees the agreements without the region's money. A value that cannot be read (a year that is not a number, an
    /// unknown status) filters nothing.</remarks>
    [HttpGet("")]
    [Authorize(Policy = Policies.Read)]
    public async Task<IActionResult> Index([FromQuery(Name = "ar")] int? year, [FromQuery(Name = "status")] AgreementStatus? status,
        [FromQuery(Name = "motpart")] string? counterparty, CancellationToken ct)
    {
        var filter = new ListAgreementsQuery(RegionMoney: await scope.PerformerAsync(User) is null, Year: year is >= 1 and <= 9999 ? year : null,
            Status: status is { } s && Enum.IsDefined(s) ? s : null, Counterparty: string.IsNullOrWhiteSpace(counterparty) ? null : counterparty.Trim());
        return View(new AgreementIndexPage(await mediator.Send(filter, ct), filter));
    }

    /// <remarks>An Utförare sees only the activities it performs and none of the region's money.</remarks>
    [HttpGet("{id:int}")]
    [Authorize(Policy = Policies.Read)]
    public async Task<IActionResult> Details(int id, CancellationToken ct)
    {
        var agreement = await mediator.Send(new GetAgreementQuery(id, await scope.PerformerAsync(User)), ct);
        return agreement is null ? NotFound() : View(agreement);
    }

    [HttpGet("ny")]
    [Authorize(Policy = Policies.EditAgreements)]
    public IActionResult Create() =>
        View("Form", new AgreementFormPage(new AgreementForm { StartDate = new DateOnly(SwedishFormat.Today(clock).Year, 1, 1), EndDate = new DateOnly(SwedishFormat.Today(clock).Year, 12, 31) }, null, null));

    [HttpPost("ny")]
    [Authorize(Policy = Policies.EditAgreements)]
    public async Task<IActionResult> Create([Bind(Prefix = "Form")] AgreementForm form, CancellationToken ct)
    {
        var details = form.ToDetails(ModelState);
        var result = await mediator.Send(new CreateAgreementCommand(form.Code, details, CheckOnly: !ModelState.IsValid), ct);
        if (!result.Succeeded || !ModelState.IsValid)
        {
            ModelState.AddErrors(result);
            return View("Form", new AgreementFormPage(form, null, null));
        }
        TempData["Message"] = $"Överenskommelsen {details.Name} är skapad. Lägg nu till utvecklingsområden och fördelningsrader.";
        return RedirectToAction(nameof(Details), new { id = result.Value });
    }

    [HttpGet("{id:int}/redigera")]
    [Authorize(Policy = Policies.EditAgreements)]
    public async Task<IActionResult> Edit(int id, CancellationToken ct)
    {
        var agreement = await mediator.Send(new GetAgreementQuery(id), ct);
        return agreement is null ? NotFound() : View("Form", new AgreementFormPage(AgreementForm.From(agreement), id, agreement.Name));
    }

    [HttpPost("{id:int}/redigera")]
    [Authorize(Policy = Policies.EditAgreements)]
    public async Task<IActionResult> Edit(int id, [Bind(Prefix = "Form")] AgreementForm form, CancellationToken ct)
    {
        var details = form.ToDetails(ModelState);
        var result = await mediator.Send(new UpdateAgreementCommand(id, form.Version, details, CheckOnly: !ModelState.IsValid), ct);
        if (!result.Succeeded || !ModelState.IsValid)
        {
            ModelState.AddErrors(result);
            return View("Form", new AgreementFormPage(form, id, form.Name));
        }
        TempData["Message"] = "Ändringarna är sparade.";
        return RedirectToAction(nameof(Details), new { id });
    }
}
