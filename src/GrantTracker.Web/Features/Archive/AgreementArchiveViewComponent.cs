using GrantTracker.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace GrantTracker.Web.Features.Archive;

/// <summary>Issue 26, part 3: the agreement page's archive package download, shown to the Administratör only (the page changes by one line).</summary>
public sealed class AgreementArchiveViewComponent(IAuthorizationService authorization) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(int agreementId) =>
        (await authorization.AuthorizeAsync(UserClaimsPrincipal, Policies.ArchiveAgreements)).Succeeded
            ? View(agreementId)
            : Content("");
}
