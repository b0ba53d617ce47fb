using GrantTracker.Application.Features.Agreements;
using GrantTracker.Web.Features.Shared;
using GrantTracker.Web.Infrastructure;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace GrantTracker.Web.Features.Agreements;

/// <summary>An agreement's development areas, sub-areas and allocation lines. Views in Features/Allocation/.</summary>
[Route("overenskommelser/{id:int}")]
public sealed class AllocationController(IMediator mediator) : Controller
{
    [HttpGet("omraden/nytt")]
    [Authorize(Policy = Policies.EditAgreements)]
    public async Task<IActionResult> NewArea(int id, CancellationToken ct)
    {
        var agreement = await mediator.Send(new GetAgreementQuery(id), ct);
        return agreement is null ? NotFound() : AreaView(agreement, new AreaForm { Version = agreement.Version }, areaId: null);
    }

    [HttpPost("omraden/nytt")]
    [Authorize(Policy = Policies.EditAgreements)]
    public async Task<IActionResult> NewArea(int id, [Bind(Prefix = "Form")] AreaForm form, CancellationToken ct)
    {
        var agreement = await mediator.Send(new GetAgreementQuery(id), ct);
        if (agreement is null)
        {
            return NotFound();
        }
        var amount = form.ParseAmount(ModelState);
        var result = await mediator.Send(new AddAreaCommand(id, form.Version, form.Code, form.Name, amount, form.ParentId, CheckOnly: !ModelState.IsValid), ct);
        if (!result.Succeeded || !ModelState.IsValid)
        {
            ModelState.AddErrors(result);
            return AreaView(agreement, form, areaId: null);
        }
        TempData["Message"] = $"Området {form.Code.Trim()} {form.Name.Trim()} är tillagt.";
        return BackTo(id);
    }

    [HttpGet("omraden/{areaId:int}/redigera")]
    [Authorize(Policy = Policies.EditAgreements)]
    public async Task<IActionResult> EditArea(int id, int areaId, CancellationToken ct)
    {
        var agreement = await mediator.Send(new GetAgreementQuery(id), ct);
        var area = agreement?.AllAreas().SingleOrDefault(a => a.Id == areaId);
        if (agreement is null || area is null)
        {
            return NotFound();
        }
        var form = new AreaForm { Code = area.Code, Name = area.Name, Amount = FormExtensions.AmountText(area.Amount), Version = agreement.Version };
        return AreaView(agreement, form, areaId);
    }

    [HttpPost("omraden/{areaId:int}/redigera")]
    [Authorize(Policy = Policies.EditAgreements)]
    public async Task<IActionResult> EditArea(int id, int areaId, [Bind(Prefix = "Form")] AreaForm form, CancellationToken ct)
    {
        var agreement = await mediator.Send(new GetAgreementQuery(id), ct);
        if (agreement is null)
        {
            return NotFound();
        }
        var amount = form.ParseAmount(ModelState);
        var result = await mediator.Send(new UpdateAreaCommand(id, form.Version, areaId, form.Code, form.Name, amount, CheckOnly: !ModelState.IsValid), ct);
        if (!result.Succeeded || !ModelState.IsValid)
        {
            ModelState.AddErrors(result);
            return AreaView(agreement, form, areaId);
        }
        TempData["Message"] = $"Området {form.Code.Trim()} {form.Name.Trim()} är sparat.";
        return BackTo(id);
    }

    /// <summary>The first post shows what will be removed; only the confirmed post removes it.</summary>
    [HttpPost("omraden/{areaId:int}/ta-bort")]
    [Authorize(Policy = Policies.EditAgreements)]
    public async Task<IActionResult> RemoveArea(int id, int areaId, long version, bool confirmed, CancellationToken ct)
    {
        var agreement = await mediator.Send(new GetAgreementQuery(id), ct);
        var area = agreement?.AllAreas().SingleOrDefault(a => a.Id == areaId);
        if (agreement is null || area is null)
        {
            return NotFound();
        }
        var page = new ConfirmRemovePage(id, agreement.Name, $"området {area.Code} {area.Name}", $"/overenskommelser/{id}/omraden/{areaId}/ta-bort", version);
        if (!confirmed)
        {
            return View("ConfirmRemove", page);
        }
        var result = await mediator.Send(new RemoveAreaCommand(id, version, areaId), ct);
        if (!result.Succeeded)
        {
            ModelState.AddErrors(result);
            return View("ConfirmRemove", page);
        }
        TempData["Message"] = $"Området {area.Code} {area.Name} är borttaget.";
        return BackTo(id);
    }

    [HttpGet("rader/ny")]
    [Authorize(Policy = Policies.EditAgreements)]
    public async Task<IActionResult> NewLine(int id, int? areaId, CancellationToken ct)
    {
        var agreement = await mediator.Send(new GetAgreementQuery(id), ct);
        if (agreement is null)
        {
            return NotFound();
        }
        var form = new LineForm { AreaId = areaId, Year = agreement.StartDate.Year, Version = agreement.Version };
        return LineView(agreement, form, lineId: null);
    }

    [HttpPost("rader/ny")]
    [Authorize(Policy = Policies.EditAgreements)]
    public async Task<IActionResult> NewLine(int id, [Bind(Prefix = "Form")] LineForm form, CancellationToken ct)
    {
        var agreement = await mediator.Send(new GetAgreementQuery(id), ct);
        if (agreement is null)
        {
            return NotFound();
        }
        var details = form.ToDetails(ModelState);
        if (form.AreaId is not { } areaId)
        {
            // Without an area the line's ceilings cannot be checked; the form says to choose one.
            return LineView(agreement, form, lineId: null);
        }
        var result = await mediator.Send(new AddLineCommand(id, form.Version, areaId, details, CheckOnly: !ModelState.IsValid), ct);
        if (!result.Succeeded || !ModelState.IsValid)
        {
            ModelState.AddErrors(result);
            return LineView(agreement, form, lineId: null);
        }
        TempData["Message"] = $"Raden {details.Code.Trim()} är tillagd.";
        return BackTo(id);
    }

    [HttpGet("rader/{lineId:int}/redigera")]
    [Authorize(Policy = Policies.EditAgreements)]
    public async Task<IActionResult> EditLine(int id, int lineId, CancellationToken ct)
    {
        var agreement = await mediator.Send(new GetAgreementQuery(id), ct);
        var line = agreement?.AllAreas().SelectMany(a => a.Lines).SingleOrDefault(l => l.Id == lineId);
        if (agreement is null || line is null)
        {
            return NotFound();
        }
        return LineView(agreement, LineForm.From(line, agreement.Version), lineId);
    }

    [HttpPost("rader/{lineId:int}/redigera")]
    [Authorize(Policy = Policies.EditAgreements)]
    public async Task<IActionResult> EditLine(int id, int lineId, [Bind(Prefix = "Form")] LineForm form, CancellationToken ct)
    {
        var agreement = await mediator.Send(new GetAgreementQuery(id), ct);
        if (agreement is null)
        {
            return NotFound();
        }
        var details = form.ToDetails(ModelState);
        if (form.AreaId is not { } areaId)
        {
            return LineView(agreement, form, lineId);
        }
        var result = await mediator.Send(new UpdateLineCommand(id, form.Version, lineId, areaId, details, CheckOnly: !ModelState.IsValid), ct);
        if (!result.Succeeded || !ModelState.IsValid)
        {
            ModelState.AddErrors(result);
            return LineView(agreement, form, lineId);
        }
        TempData["Message"] = $"Raden {details.Code.Trim()} är sparad.";
        return BackTo(id);
    }

    [HttpPost("rader/{lineId:int}/ta-bort")]
    [Authorize(Policy = Policies.EditAgreements)]
    public async Task<IActionResult> RemoveLine(int id, int lineId, long version, bool confirmed, CancellationToken ct)
    {
        var agreement = await mediator.Send(new GetAgreementQuery(id), ct);
        var line = agreement?.AllAreas().SelectMany(a => a.Lines).SingleOrDefault(l => l.Id == lineId);
        if (agreement is null || line is null)
        {
            return NotFound();
        }
        var page = new ConfirmRemovePage(id, agreement.Name, $"raden {line.Code} ({line.Year}, {GrantTracker.Domain.Common.Money.Format(line.Amount)})",
            $"/overenskommelser/{id}/rader/{lineId}/ta-bort", version);
        if (!confirmed)
        {
            return View("ConfirmRemove", page);
        }
        var result = await mediator.Send(new RemoveLineCommand(id, version, lineId), ct);
        if (!result.Succeeded)
        {
            ModelState.AddErrors(result);
            return View("ConfirmRemove", page);
        }
        TempData["Message"] = $"Raden {line.Code} är borttagen.";
        return BackTo(id);
    }

    private RedirectResult BackTo(int id) => Redirect($"/overenskommelser/{id}");

    private ViewResult AreaView(AgreementView agreement, AreaForm form, int? areaId)
    {
        // Sub-areas are one level deep, so only top-level areas can be parents; an area's parent is fixed once made.
        var parents = agreement.Areas.Where(a => a.Id != areaId).Select(a => new AreaOption(a.Id, $"{a.Code} {a.Name}", 0)).ToList();
        var parent = areaId is null ? null : agreement.Areas.SingleOrDefault(a => a.SubAreas.Any(s => s.Id == areaId));
        return View("AreaForm", new AreaFormPage(agreement.Id, agreement.Name, form, areaId, parent is null ? null : $"{parent.Code} {parent.Name}", parents));
    }

    private ViewResult LineView(AgreementView agreement, LineForm form, int? lineId)
    {
        var leaves = agreement.AllAreas().Where(a => a.IsLeaf).Select(a => new AreaOption(a.Id, $"{a.Code} {a.Name}", a.Depth)).ToList();
        return View("LineForm", new LineFormPage(agreement.Id, agreement.Name, agreement.StartDate.Year, agreement.EndDate.Year, form.WithBlankEarmarks(), lineId, leaves));
    }
}
