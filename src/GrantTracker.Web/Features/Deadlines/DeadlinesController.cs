using GrantTracker.Application.Features.Deadlines;
using GrantTracker.Web.Infrastructure;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace GrantTracker.Web.Features.Deadlines;

[Route("deadlines")]
public sealed class DeadlinesController(IMediator mediator) : Controller
{
    [HttpGet("")]
    [Authorize(Policy = Policies.Read)]
    public async Task<IActionResult> Index(CancellationToken ct) => View(await mediator.Send(new ListDeadlinesQuery(), ct));
}
