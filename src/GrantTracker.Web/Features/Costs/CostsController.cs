using GrantTracker.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace GrantTracker.Web.Features.Costs;

[Route("kostnader")]
public sealed class CostsController : Controller
{
    [HttpGet("")]
    [Authorize(Policy = Policies.Read)]
    public IActionResult Index() => View();
}
