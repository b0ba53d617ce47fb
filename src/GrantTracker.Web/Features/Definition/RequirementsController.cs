using GrantTracker.Application.Features.Agreements;
using GrantTracker.Web.Infrastructure;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace GrantTracker.Web.Features.Definition;

/// <summary>
/// An agreement's reporting requirements (återrapporteringskrav): what it asks the region to report, and in which years, as
/// Återrapportering, the reports and readiness ask for it. Views in Features/Definition/.
/// </summary>
[Route("overenskommelser/{id:int}/krav")]
public sealed class AgreementRequirementsController(IMediator mediator) : DefinitionPartController(mediator, "krav", "återrapporteringskraven")
{
    [HttpGet("")]
    [Authorize(Policy = Policies.EditAgreements)]
    public async Task<IActionResult> Index(int id, CancellationToken ct) =>
        await DefinitionAsync(id, ct) is { } agreement ? Page("Requirements", new RequirementsPage(agreement)) : NotFound();

    [HttpGet("nytt")]
    [Authorize(Policy = Policies.EditAgreements)]
    public async Task<IActionResult> New(int id, CancellationToken ct) =>
        await DefinitionAsync(id, ct) is { } agreement
            ? Form(agreement, new RequirementForm { Version = agreement.Version }, null)
            : NotFound();

    [HttpPost("nytt")]
    [Authorize(Policy = Policies.EditAgreements)]
    public async Task<IActionResult> New(int id, [Bind(Prefix = "Form")] RequirementForm form, CancellationToken ct)
    {
        var agreement = await DefinitionAsync(id, ct);
        if (agreement is null)
        {
            return NotFound();
        }
        var details = form.ToDetails(ModelState);
        var result = await Mediator.Send(new AddRequirementCommand(id, form.Version, details, CheckOnly: !ModelState.IsValid), ct);
        if (!ModelState.IsValid || !result.Succeeded)
        {
            ModelState.AddErrorsBeside(result);
            return Form(agreement, form, null);
        }
        TempData["Message"] = $"Återrapporteringskravet {details.Code.Trim()} är tillagt. Det efterfrågas under Återrapportering {Years(details)}.";
        return BackTo(id);
    }

    [HttpGet("{requirementId:int}/redigera")]
    [Authorize(Policy = Policies.EditAgreements)]
    public async Task<IActionResult> Edit(int id, int requirementId, CancellationToken ct)
    {
        var agreement = await DefinitionAsync(id, ct);
        var requirement = agreement?.Requirements.SingleOrDefault(r => r.Id == requirementId);
        return agreement is null || requirement is null ? NotFound() : Form(agreement, RequirementForm.From(requirement, agreement.Version), requirementId);
    }

    [HttpPost("{requirementId:int}/redigera")]
    [Authorize(Policy = Policies.EditAgreements)]
    public async Task<IActionResult> Edit(int id, int requirementId, [Bind(Prefix = "Form")] RequirementForm form, CancellationToken ct)
    {
        var agreement = await DefinitionAsync(id, ct);
        if (agreement is null)
        {
            return NotFound();
        }
        var details = form.ToDetails(ModelState);
        var result = await Mediator.Send(new UpdateRequirementCommand(id, form.Version, requirementId, details, CheckOnly: !ModelState.IsValid), ct);
        if (!ModelState.IsValid || !result.Succeeded)
        {
            ModelState.AddErrorsBeside(result);
            return Form(agreement, form, requirementId);
        }
        TempData["Message"] = $"Återrapporteringskravet {details.Code.Trim()} är sparat.";
        return BackTo(id);
    }

    /// <summary>The first post shows what will be removed; only the confirmed post removes it. One with answers is refused.</summary>
    [HttpPost("{requirementId:int}/ta-bort")]
    [Authorize(Policy = Policies.EditAgreements)]
    public async Task<IActionResult> Remove(int id, int requirementId, long version, bool confirmed, CancellationToken ct)
    {
        var agreement = await DefinitionAsync(id, ct);
        var requirement = agreement?.Requirements.SingleOrDefault(x => x.Id == requirementId);
        return agreement is null || requirement is null
            ? NotFound()
            : await RemoveAsync(agreement, requirementId, version, confirmed, $"återrapporteringskravet {requirement.Code}", $"{requirement.Section} {requirement.Text}",
                new RemoveRequirementCommand(id, version, requirementId), $"Återrapporteringskravet {requirement.Code} är borttaget.", ct);
    }

    private static string Years(RequirementDetails d) =>
        d.FirstYear is null && d.LastYear is null ? "för alla överenskommelsens år" : $"för {Domain.Agreements.ReportingRequirement.YearsPhrase(d.FirstYear, d.LastYear)}";

    private ViewResult Form(AgreementDefinitionView agreement, RequirementForm form, int? requirementId) =>
        Page("RequirementForm", new RequirementFormPage(agreement, form, requirementId,
            agreement.Requirements.SingleOrDefault(r => r.Id == requirementId)?.AnsweredYears ?? []));
}
