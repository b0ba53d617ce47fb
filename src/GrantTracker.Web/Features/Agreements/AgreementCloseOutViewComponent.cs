using GrantTracker.Application.Features.Agreements.Lifecycle;
using GrantTracker.Web.Infrastructure;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace GrantTracker.Web.Features.Agreements;

/// <summary>
/// The agreement page's close-out (issue 26, ADR 27): for a Slutredovisad agreement what is missing before it can be closed and the
/// "Avsluta" button; for an Avslutad one when and by whom, that it is read only, and for the Administratör "Öppna igen" with a reason.
/// </summary>
public sealed class AgreementCloseOutViewComponent(IMediator mediator, IAuthorizationService authorization) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(int agreementId)
    {
        var view = await mediator.Send(new GetCloseOutQuery(agreementId), HttpContext.RequestAborted);
        if (view is null)
        {
            return Content("");
        }
        var canClose = (await authorization.AuthorizeAsync(UserClaimsPrincipal, Policies.CloseAgreements)).Succeeded;
        var canReopen = (await authorization.AuthorizeAsync(UserClaimsPrincipal, Policies.ReopenAgreements)).Succeeded;
        return View(new AgreementCloseOutPart(view, canClose, canReopen));
    }
}

public sealed record AgreementCloseOutPart(CloseOutView CloseOut, bool CanClose, bool CanReopen);
