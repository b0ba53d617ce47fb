using GrantTracker.Application.Features.Agreements;
using GrantTracker.Domain.Agreements;
using GrantTracker.Domain.Common;
using GrantTracker.Web.Infrastructure;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace GrantTracker.Web.Features.Definition;

/// <summary>
/// An agreement's reporting obligations (rapporteringskrav): the reports it owes and by when, which Deadlines, Att göra, the calendar
/// feed and the reminders read. A sent report's obligation changes only with a reason and is never removed. Views in Features/Definition/.
/// </summary>
[Route("overenskommelser/{id:int}/rapportering")]
public sealed class ObligationsController(IMediator mediator) : DefinitionPartController(mediator, "rapportering", "rapporteringskraven")
{
    [HttpGet("")]
    [Authorize(Policy = Policies.EditAgreements)]
    public async Task<IActionResult> Index(int id, CancellationToken ct) =>
        await DefinitionAsync(id, ct) is { } agreement ? Page("Obligations", new ObligationsPage(agreement)) : NotFound();

    [HttpGet("ny")]
    [Authorize(Policy = Policies.EditAgreements)]
    public async Task<IActionResult> New(int id, CancellationToken ct) =>
        await DefinitionAsync(id, ct) is { } agreement
            ? Form(agreement, new ObligationForm { Kind = nameof(ObligationKind.Slutredovisning), Version = agreement.Version }, null)
            : NotFound();

    [HttpPost("ny")]
    [Authorize(Policy = Policies.EditAgreements)]
    public async Task<IActionResult> New(int id, [Bind(Prefix = "Form")] ObligationForm form, CancellationToken ct)
    {
        var agreement = await DefinitionAsync(id, ct);
        if (agreement is null)
        {
            return NotFound();
        }
        var details = form.ToDetails(ModelState);
        var result = await Mediator.Send(new AddObligationCommand(id, form.Version, details, CheckOnly: !ModelState.IsValid), ct);
        if (!ModelState.IsValid || !result.Succeeded)
        {
            ModelState.AddErrorsBeside(result);
            return Form(agreement, form, null);
        }
        TempData["Message"] = $"Rapporteringskravet {details.Title.Trim()} senast {SwedishFormat.Date(details.DueDate)} är tillagt. Det syns nu under Deadlines.";
        return BackTo(id);
    }

    [HttpGet("{obligationId:int}/redigera")]
    [Authorize(Policy = Policies.EditAgreements)]
    public async Task<IActionResult> Edit(int id, int obligationId, CancellationToken ct)
    {
        var agreement = await DefinitionAsync(id, ct);
        var obligation = agreement?.Obligations.SingleOrDefault(o => o.Id == obligationId);
        return agreement is null || obligation is null ? NotFound() : Form(agreement, ObligationForm.From(obligation, agreement.Version), obligationId);
    }

    [HttpPost("{obligationId:int}/redigera")]
    [Authorize(Policy = Policies.EditAgreements)]
    public async Task<IActionResult> Edit(int id, int obligationId, [Bind(Prefix = "Form")] ObligationForm form, CancellationToken ct)
    {
        var agreement = await DefinitionAsync(id, ct);
        if (agreement is null)
        {
            return NotFound();
        }
        var details = form.ToDetails(ModelState);
        var result = await Mediator.Send(new UpdateObligationCommand(id, form.Version, obligationId, details, form.ChangeReason, CheckOnly: !ModelState.IsValid), ct);
        if (!ModelState.IsValid || !result.Succeeded)
        {
            ModelState.AddErrorsBeside(result);
            return Form(agreement, form, obligationId);
        }
        TempData["Message"] = $"Rapporteringskravet {details.Title.Trim()} är sparat.";
        return BackTo(id);
    }

    /// <summary>The first post shows what will be removed; only the confirmed post removes it.</summary>
    [HttpPost("{obligationId:int}/ta-bort")]
    [Authorize(Policy = Policies.EditAgreements)]
    public async Task<IActionResult> Remove(int id, int obligationId, long version, bool confirmed, CancellationToken ct)
    {
        var agreement = await DefinitionAsync(id, ct);
        var obligation = agreement?.Obligations.SingleOrDefault(x => x.Id == obligationId);
        return agreement is null || obligation is null
            ? NotFound()
            : await RemoveAsync(agreement, obligationId, version, confirmed, $"rapporteringskravet {obligation.Title}", $"{obligation.Kind.Swedish()} till {obligation.Recipient}, senast {SwedishFormat.Date(obligation.DueDate)}",
                new RemoveObligationCommand(id, version, obligationId), $"Rapporteringskravet {obligation.Title} är borttaget.", ct);
    }

    private ViewResult Form(AgreementDefinitionView agreement, ObligationForm form, int? obligationId) =>
        Page("ObligationForm", new ObligationFormPage(agreement, form, obligationId,
            agreement.Obligations.SingleOrDefault(o => o.Id == obligationId && o.Sent)));
}
