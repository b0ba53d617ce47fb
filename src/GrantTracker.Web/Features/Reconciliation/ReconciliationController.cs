using GrantTracker.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace GrantTracker.Web.Features.Reconciliation;

[Route("avstamning")]
public sealed class ReconciliationController : Controller
{
    [HttpGet("")]
    [Authorize(Policy = Policies.Read)]
    public IActionResult Index() => View();
}
