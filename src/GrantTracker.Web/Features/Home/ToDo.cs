using System.Security.Claims;
using GrantTracker.Application.Features.ToDo;
using GrantTracker.Domain.Common;
using GrantTracker.Web.Infrastructure;
using Mediator;
using Microsoft.AspNetCore.Mvc;

namespace GrantTracker.Web.Features.Home;

public static class ToDo
{
    /// <summary>
    /// The to-do query for the user's roles: each role its own sections. An Administratör does an officer's work (ADR 11)
    /// and gets the officer's list; the Revisor has nothing to do and gets the changes since its last visit.
    /// </summary>
    public static async Task<GetToDoListQuery> QueryAsync(ClaimsPrincipal user, ProviderScope scope) => new(
        Decisions: user.IsInRole(Roles.DecisionMaker),
        Officer: user.IsInRole(Roles.Officer) || user.IsInRole(Roles.Administrator),
        Finance: user.IsInRole(Roles.Finance),
        Performer: await scope.PerformerAsync(user),
        AuditorName: user.IsInRole(Roles.Auditor) ? user.Identity?.Name : null,
        Organisations: await scope.OrganisationsAsync(user) is { } own ? string.Join(",", own.Order(StringComparer.Ordinal)) : null);
}

/// <summary>The navigation's "Att göra" with the number of things waiting for the user, a link to the start page's list.</summary>
public sealed class ToDoCountViewComponent(IMediator mediator, ProviderScope scope) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync()
    {
        if (UserClaimsPrincipal.Identity?.IsAuthenticated != true || !Roles.All.Any(UserClaimsPrincipal.IsInRole))
        {
            return Content("");
        }
        var list = await mediator.Send(await ToDo.QueryAsync(UserClaimsPrincipal, scope), HttpContext.RequestAborted);
        return View(list.Count);
    }
}
