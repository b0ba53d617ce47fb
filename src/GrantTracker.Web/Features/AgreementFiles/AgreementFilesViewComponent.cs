using GrantTracker.Application.Features.Agreements;
using GrantTracker.Web.Infrastructure;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace GrantTracker.Web.Features.AgreementFiles;

/// <summary>
/// The agreement page's files: the agreement document and the region's decision. Not for an Utförare: the agreement states
/// the region's allocation, which the page hides from a provider.
/// </summary>
public sealed class AgreementFilesViewComponent(IMediator mediator, IAuthorizationService authorization) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(int agreementId)
    {
        if (!(await authorization.AuthorizeAsync(UserClaimsPrincipal, Policies.ReadFinance)).Succeeded)
        {
            return Content("");
        }
        var files = await mediator.Send(new GetAgreementFilesQuery(agreementId), HttpContext.RequestAborted);
        var canEdit = (await authorization.AuthorizeAsync(UserClaimsPrincipal, Policies.EditAgreements)).Succeeded;
        return View(new AgreementFilesBox(agreementId, files, canEdit));
    }
}

public sealed record AgreementFilesBox(int AgreementId, IReadOnlyList<AgreementFileView> Files, bool CanEdit);
