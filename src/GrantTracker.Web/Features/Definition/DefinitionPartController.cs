using GrantTracker.Application.Features.Agreements;
using GrantTracker.Domain.Common;
using GrantTracker.Web.Infrastructure;
using Mediator;
using Microsoft.AspNetCore.Mvc;

namespace GrantTracker.Web.Features.Definition;

/// <summary>
/// What the pages of an agreement's definition parts (conditions, reporting deadlines, requirements, cost objects) share: the section's
/// address under the agreement, its views in Features/Definition/, and the removal that shows what goes before it removes it.
/// </summary>
public abstract class DefinitionPartController(IMediator mediator, string segment, string sectionName) : Controller
{
    protected IMediator Mediator => mediator;

    protected async Task<AgreementDefinitionView?> DefinitionAsync(int id, CancellationToken ct) =>
        await mediator.Send(new GetAgreementDefinitionQuery(id), ct);

    protected RedirectResult BackTo(int id) => Redirect($"/overenskommelser/{id}/{segment}");

    protected ViewResult Page(string name, object model) => View($"/Features/Definition/{name}.cshtml", model);

    /// <summary>The first post shows what will be removed; only the confirmed post sends <paramref name="remove"/>.</summary>
    protected async Task<IActionResult> RemoveAsync(AgreementDefinitionView agreement, int partId, long version, bool confirmed,
        string what, string? detail, ICommand<Result> remove, string removed, CancellationToken ct)
    {
        var page = new DefinitionRemovePage(agreement, what, detail, $"/overenskommelser/{agreement.Id}/{segment}/{partId}/ta-bort",
            $"/overenskommelser/{agreement.Id}/{segment}", sectionName, version);
        if (!confirmed)
        {
            return Page("ConfirmRemove", page);
        }
        var result = await mediator.Send(remove, ct);
        if (!result.Succeeded)
        {
            ModelState.AddErrorsBeside(result);
            return Page("ConfirmRemove", page);
        }
        TempData["Message"] = removed;
        return BackTo(agreement.Id);
    }
}
