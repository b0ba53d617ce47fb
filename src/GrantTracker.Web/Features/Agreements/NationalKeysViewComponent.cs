using GrantTracker.Application.Features.Agreements;
using GrantTracker.Web.Infrastructure;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace GrantTracker.Web.Features.Agreements;

/// <summary>
/// The agreement page's "Nationella nycklar": each area's amount next to what the national rule gives at the region's
/// population share, and each year's amount against the national total. Money of the region: nothing for an Utförare.
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
        return view is { HasAny: true } ? View(view) : Content("");
    }
}
