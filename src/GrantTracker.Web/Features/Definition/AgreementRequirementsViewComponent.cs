using GrantTracker.Application.Features.Agreements;
using GrantTracker.Web.Infrastructure;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace GrantTracker.Web.Features.Definition;

/// <summary>
/// The agreement page's "Återrapporteringskrav": what the agreement asks the region to report, read-only, with the way to change it
/// for those who may. The page leaves it out where it hides the region's money (an Utförare).
/// </summary>
public sealed class AgreementRequirementsViewComponent(IMediator mediator, IAuthorizationService authorization) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(int agreementId)
    {
        var view = await mediator.Send(new GetAgreementDefinitionQuery(agreementId), HttpContext.RequestAborted);
        if (view is null)
        {
            return Content("");
        }
        var canEdit = (await authorization.AuthorizeAsync(UserClaimsPrincipal, Policies.EditAgreements)).Succeeded;
        return View(new AgreementRequirementsBox(view, canEdit));
    }
}

public sealed record AgreementRequirementsBox(AgreementDefinitionView Agreement, bool CanEdit);
