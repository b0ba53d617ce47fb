using GrantTracker.Application.Features.Agreements;
using GrantTracker.Web.Infrastructure;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace GrantTracker.Web.Features.Definition;

/// <summary>An agreement's conditions (villkor), which every decision document shows. Views in Features/Definition/.</summary>
[Route("overenskommelser/{id:int}/villkor")]
public sealed class ConditionsController(IMediator mediator) : DefinitionPartController(mediator, "villkor", "villkoren")
{
    [HttpGet("")]
    [Authorize(Policy = Policies.EditAgreements)]
    public async Task<IActionResult> Index(int id, CancellationToken ct) =>
        await DefinitionAsync(id, ct) is { } agreement ? Page("Conditions", new ConditionsPage(agreement)) : NotFound();

    [HttpGet("nytt")]
    [Authorize(Policy = Policies.EditAgreements)]
    public async Task<IActionResult> New(int id, CancellationToken ct) =>
        await DefinitionAsync(id, ct) is { } agreement
            ? Form(agreement, new ConditionForm { Version = agreement.Version }, null)
            : NotFound();

    [HttpPost("nytt")]
    [Authorize(Policy = Policies.EditAgreements)]
    public async Task<IActionResult> New(int id, [Bind(Prefix = "Form")] ConditionForm form, CancellationToken ct)
    {
        var agreement = await DefinitionAsync(id, ct);
        if (agreement is null)
        {
            return NotFound();
        }
        var result = await Mediator.Send(new AddConditionCommand(id, form.Version, form.Code ?? "", form.Text ?? "", form.Source), ct);
        if (!result.Succeeded)
        {
            ModelState.AddErrorsBeside(result);
            return Form(agreement, form, null);
        }
        TempData["Message"] = $"Villkoret i avsnitt {form.Code!.Trim()} är tillagt. Det visas i alla beslutsunderlag för överenskommelsen.";
        return BackTo(id);
    }

    [HttpGet("{conditionId:int}/redigera")]
    [Authorize(Policy = Policies.EditAgreements)]
    public async Task<IActionResult> Edit(int id, int conditionId, CancellationToken ct)
    {
        var agreement = await DefinitionAsync(id, ct);
        var condition = agreement?.Conditions.SingleOrDefault(c => c.Id == conditionId);
        return agreement is null || condition is null ? NotFound() : Form(agreement, ConditionForm.From(condition, agreement.Version), conditionId);
    }

    [HttpPost("{conditionId:int}/redigera")]
    [Authorize(Policy = Policies.EditAgreements)]
    public async Task<IActionResult> Edit(int id, int conditionId, [Bind(Prefix = "Form")] ConditionForm form, CancellationToken ct)
    {
        var agreement = await DefinitionAsync(id, ct);
        if (agreement is null)
        {
            return NotFound();
        }
        var result = await Mediator.Send(new UpdateConditionCommand(id, form.Version, conditionId, form.Code ?? "", form.Text ?? "", form.Source), ct);
        if (!result.Succeeded)
        {
            ModelState.AddErrorsBeside(result);
            return Form(agreement, form, conditionId);
        }
        TempData["Message"] = $"Villkoret i avsnitt {form.Code!.Trim()} är sparat.";
        return BackTo(id);
    }

    /// <summary>The first post shows what will be removed; only the confirmed post removes it.</summary>
    [HttpPost("{conditionId:int}/ta-bort")]
    [Authorize(Policy = Policies.EditAgreements)]
    public async Task<IActionResult> Remove(int id, int conditionId, long version, bool confirmed, CancellationToken ct)
    {
        var agreement = await DefinitionAsync(id, ct);
        var condition = agreement?.Conditions.SingleOrDefault(x => x.Id == conditionId);
        return agreement is null || condition is null
            ? NotFound()
            : await RemoveAsync(agreement, conditionId, version, confirmed, $"villkoret i avsnitt {condition.Code}", condition.Text,
                new RemoveConditionCommand(id, version, conditionId), $"Villkoret i avsnitt {condition.Code} är borttaget.", ct);
    }

    private ViewResult Form(AgreementDefinitionView agreement, ConditionForm form, int? conditionId) =>
        Page("ConditionForm", new ConditionFormPage(agreement, form, conditionId));
}
