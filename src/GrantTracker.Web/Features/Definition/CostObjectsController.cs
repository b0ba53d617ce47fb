using GrantTracker.Application.Features.Agreements;
using GrantTracker.Web.Infrastructure;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace GrantTracker.Web.Features.Definition;

/// <summary>
/// An agreement's cost objects: each object's name and the months it belongs to the agreement (its periods). An object comes with the
/// first line booked on it; here its periods are renamed, moved, added and removed. Views in Features/Definition/.
/// </summary>
[Route("overenskommelser/{id:int}/objekt")]
public sealed class CostObjectsController(IMediator mediator) : DefinitionPartController(mediator, "objekt", "kostnadsobjekten")
{
    [HttpGet("")]
    [Authorize(Policy = Policies.EditAgreements)]
    public async Task<IActionResult> Index(int id, CancellationToken ct) =>
        await DefinitionAsync(id, ct) is { } agreement ? Page("CostObjects", new CostObjectsPage(agreement)) : NotFound();

    /// <param name="kod">The object to give another period, from the list's link.</param>
    [HttpGet("ny")]
    [Authorize(Policy = Policies.EditAgreements)]
    public async Task<IActionResult> New(int id, string? kod, CancellationToken ct)
    {
        var agreement = await DefinitionAsync(id, ct);
        if (agreement is null)
        {
            return NotFound();
        }
        var code = kod ?? agreement.LineObjects.FirstOrDefault();
        var form = new CostObjectForm
        {
            CostObjectCode = code, Name = agreement.CostObjects.FirstOrDefault(o => o.Code == code)?.Name, Version = agreement.Version,
        };
        return Form(agreement, form, null);
    }

    [HttpPost("ny")]
    [Authorize(Policy = Policies.EditAgreements)]
    public async Task<IActionResult> New(int id, [Bind(Prefix = "Form")] CostObjectForm form, CancellationToken ct)
    {
        var agreement = await DefinitionAsync(id, ct);
        if (agreement is null)
        {
            return NotFound();
        }
        var (from, to) = form.Months(ModelState);
        var result = await Mediator.Send(new AddCostObjectPeriodCommand(id, form.Version, form.CostObjectCode ?? "", form.Name ?? "", from, to, CheckOnly: !ModelState.IsValid), ct);
        if (!ModelState.IsValid || !result.Succeeded)
        {
            ModelState.AddErrorsBeside(result);
            return Form(agreement, form, null);
        }
        TempData["Message"] = $"Objekt {form.CostObjectCode!.Trim()} hör nu också till överenskommelsen {from}–{to}.";
        return BackTo(id);
    }

    [HttpGet("{periodId:int}/redigera")]
    [Authorize(Policy = Policies.EditAgreements)]
    public async Task<IActionResult> Edit(int id, int periodId, CancellationToken ct)
    {
        var agreement = await DefinitionAsync(id, ct);
        var period = agreement?.CostObjects.SingleOrDefault(o => o.Id == periodId);
        return agreement is null || period is null ? NotFound() : Form(agreement, CostObjectForm.Of(period, agreement.Version), period);
    }

    [HttpPost("{periodId:int}/redigera")]
    [Authorize(Policy = Policies.EditAgreements)]
    public async Task<IActionResult> Edit(int id, int periodId, [Bind(Prefix = "Form")] CostObjectForm form, CancellationToken ct)
    {
        var agreement = await DefinitionAsync(id, ct);
        if (agreement is null)
        {
            return NotFound();
        }
        var period = agreement.CostObjects.SingleOrDefault(o => o.Id == periodId);
        if (period is null)
        {
            TempData["Error"] = "Perioden finns inte längre i överenskommelsen; någon annan har tagit bort den. Se kostnadsobjekten nedan och gör om ändringen.";
            return BackTo(id);
        }
        form.CostObjectCode = period.Code; // the object of a period is fixed: another object is another period
        var (from, to) = form.Months(ModelState);
        var result = await Mediator.Send(new UpdateCostObjectPeriodCommand(id, form.Version, periodId, form.Name ?? "", from, to, CheckOnly: !ModelState.IsValid), ct);
        if (!ModelState.IsValid || !result.Succeeded)
        {
            ModelState.AddErrorsBeside(result);
            return Form(agreement, form, period);
        }
        TempData["Message"] = $"Objekt {period.Code} är sparat: {from}–{to}.";
        return BackTo(id);
    }

    /// <summary>The first post shows what will be removed; only the confirmed post removes it.</summary>
    [HttpPost("{periodId:int}/ta-bort")]
    [Authorize(Policy = Policies.EditAgreements)]
    public async Task<IActionResult> Remove(int id, int periodId, long version, bool confirmed, CancellationToken ct)
    {
        var agreement = await DefinitionAsync(id, ct);
        var period = agreement?.CostObjects.SingleOrDefault(x => x.Id == periodId);
        return agreement is null || period is null
            ? NotFound()
            : await RemoveAsync(agreement, periodId, version, confirmed, $"perioden {period.From}–{period.To} för objekt {period.Code}", "Kostnader på objektet under de månaderna räknas då inte längre till överenskommelsen.",
                new RemoveCostObjectPeriodCommand(id, version, periodId), $"Perioden {period.From}–{period.To} för objekt {period.Code} är borttagen.", ct);
    }

    private ViewResult Form(AgreementDefinitionView agreement, CostObjectForm form, DefinitionCostObject? period) =>
        Page("CostObjectForm", new CostObjectFormPage(agreement, form, period));
}
