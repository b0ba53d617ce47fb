using GrantTracker.Application.Features.Agreements;
using GrantTracker.Web.Infrastructure;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace GrantTracker.Web.Features.Agreements;

/// <summary>
/// The agreement page's "Nationella nycklar": every area's and line's stated key, what it gives the region next to the
/// agreement's amount, and a table's sum against its national amount. Only what was stated is shown: an agreement without
/// keys says so (a share of the agreement's national total, as once shown per year, is a key nobody stated and means
/// nothing when that total covers more than these lines). Money of the region: nothing for an Utförare.
/// </summary>
public sealed class NationalKeysViewComponent(IMediator mediator, IAuthorizationService authorization) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(int agreementId)
    {
        if (!(await authorization.AuthorizeAsync(UserClaimsPrincipal, Policies.ReadFinance)).Succeeded)
        {
            return Content("");
        }
        var view = await mediator.Send(new GetNationalKeysQuery(agreementId), HttpContext.RequestAborted);
        if (view is null)
        {
            return Content("");
        }
        var canEdit = (await authorization.AuthorizeAsync(UserClaimsPrincipal, Policies.EditAgreements)).Succeeded;
        return View(new NationalKeysBox(view, canEdit));
    }
}

public sealed record NationalKeysBox(NationalKeysView Keys, bool CanEdit);
