using GrantTracker.Application.Features.Agreements.Definition;
using GrantTracker.Web.Infrastructure;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace GrantTracker.Web.Features.Agreements;

/// <summary>
/// The agreement page's status (Utkast or Aktiv), the definition's export, the copy for next year, and for a draft the list of what to
/// check with "Gör aktiv". A part of its own, so the agreement page itself changes by one line.
/// </summary>
public sealed class AgreementDefinitionViewComponent(IMediator mediator, IAuthorizationService authorization) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(int agreementId)
    {
        var checklist = await mediator.Send(new GetAgreementChecklistQuery(agreementId), HttpContext.RequestAborted);
        if (checklist is null)
        {
            return Content("");
        }
        var canEdit = (await authorization.AuthorizeAsync(UserClaimsPrincipal, Policies.EditAgreements)).Succeeded;
        var canExport = (await authorization.AuthorizeAsync(UserClaimsPrincipal, Policies.ReadFinance)).Succeeded;
        return View(new AgreementDefinitionPart(checklist, canEdit, canExport, CopyForm.For(checklist)));
    }
}

public sealed record AgreementDefinitionPart(AgreementChecklist Checklist, bool CanEdit, bool CanExport, CopyForm Copy);
