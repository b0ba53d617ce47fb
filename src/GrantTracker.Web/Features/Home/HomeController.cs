using GrantTracker.Application.Features.Agreements;
using GrantTracker.Web.Infrastructure;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace GrantTracker.Web.Features.Home;

public sealed class HomeController(IMediator mediator) : Controller
{
    [HttpGet("/")]
    [Authorize(Policy = Policies.Read)]
    public async Task<IActionResult> Index(CancellationToken ct) =>
        View(await mediator.Send(new ListAgreementsQuery(), ct));

    [HttpGet("/fel")]
    [AllowAnonymous]
    public IActionResult Error() => View("Error");
}
