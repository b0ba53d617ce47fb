using GrantTracker.Application.Features.Activities;
using GrantTracker.Web.Infrastructure;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace GrantTracker.Web.Features.Activities;

[Route("insatser")]
public sealed class ActivitiesController(IMediator mediator) : Controller
{
    [HttpGet("")]
    [Authorize(Policy = Policies.Read)]
    public async Task<IActionResult> Index(int? agreementId, string? costObject, CancellationToken ct) =>
        View((await mediator.Send(new ListActivitiesQuery(agreementId, costObject), ct), agreementId, costObject));
}
