using GrantTracker.Application.Features.Agreements;
using GrantTracker.Application.Features.Deadlines;
using GrantTracker.Application.Features.ToDo;
using GrantTracker.Web.Infrastructure;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace GrantTracker.Web.Features.Home;

/// <param name="Deadlines">Reports not yet sent that are overdue or due within <see cref="GetToDoListHandler.HorizonDays"/> days; the page shows
/// those overdue or due within <see cref="HomeController.HorizonDays"/>.</param>
/// <param name="ToDo">What waits for the user, per role (<see cref="GetToDoListQuery"/>).</param>
public sealed record HomePage(IReadOnlyList<AgreementSummary> Agreements, DeadlineList Deadlines, ToDoList ToDo);

public sealed class HomeController(IMediator mediator, ProviderScope scope) : Controller
{
    public const int HorizonDays = 30;

    /// <remarks>An Utförare sees neither the region's money nor readiness (which speaks of the whole agreement).</remarks>
    [HttpGet("/")]
    [Authorize(Policy = Policies.Read)]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        var everything = await scope.PerformerAsync(User) is null;
        return View(new HomePage(
            (await mediator.Send(new ListAgreementsQuery(RegionMoney: everything), ct)).Rows,
            // The to-do list's horizon (60 days), not the page's (30, which the view picks out of it): the same query as the to-do list's
            // readiness points, so that both are one computation after a change, not two (issue 22: readiness costs a read per agreement).
            await mediator.Send(new ListDeadlinesQuery(GetToDoListHandler.HorizonDays, WithReadiness: everything), ct),
            await mediator.Send(await ToDo.QueryAsync(User, scope), ct)));
    }

    [HttpGet("/fel")]
    [AllowAnonymous]
    public IActionResult Error() => View("Error");

    /// <summary>
    /// The page for a response that ended with an error status and no page of its own (a bare NotFound or
    /// BadRequest from any controller): the status stays, the user gets Swedish words and a way back.
    /// </summary>
    [Route("/fel/{status:int}")]
    [AllowAnonymous]
    [IgnoreAntiforgeryToken] // re-executed with the failed request's method, a POST among them
    public IActionResult Status(int status) => View("Status", status);
}
