using GrantTracker.Application.Features.Agreements.Lifecycle;
using GrantTracker.Web.Features.Shared;
using GrantTracker.Web.Infrastructure;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace GrantTracker.Web.Features.Agreements;

/// <summary>The agreement's close-out (issue 26, ADR 27): Avsluta, and Öppna igen with a reason. Each answers in the page's Avslut section.</summary>
[Route("overenskommelser/{id:int}")]
public sealed class AgreementLifecycleController(IMediator mediator) : Controller
{
    public const string Section = "avslut";

    [HttpPost("avsluta")]
    [Authorize(Policy = Policies.CloseAgreements)]
    public async Task<IActionResult> Close(int id, long version, CancellationToken ct)
    {
        var result = await mediator.Send(new CloseAgreementCommand(id, version), ct);
        TempData.Report(result, "Överenskommelsen är avslutad och kan nu bara läsas.", Section);
        return Redirect($"/overenskommelser/{id}#{Section}");
    }

    [HttpPost("oppna-igen")]
    [Authorize(Policy = Policies.ReopenAgreements)]
    public async Task<IActionResult> Reopen(int id, long version, string? reason, CancellationToken ct)
    {
        var result = await mediator.Send(new ReopenAgreementCommand(id, version, reason), ct);
        TempData.Report(result, "Överenskommelsen är öppnad igen (Slutredovisad). Skälet är sparat i granskningsloggen.", Section);
        return Redirect($"/overenskommelser/{id}#{Section}");
    }
}
