using GrantTracker.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace GrantTracker.Web.Features.Reports;

[Route("rapporter")]
public sealed class ReportsController : Controller
{
    [HttpGet("")]
    [Authorize(Policy = Policies.Read)]
    public IActionResult Index() => View();
}
