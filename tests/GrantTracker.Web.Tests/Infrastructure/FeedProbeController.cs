using System.Security.Claims;
using GrantTracker.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;

namespace GrantTracker.Web.Tests.Infrastructure;

/// <summary>
/// TEST ONLY (issue 27, part 2): an endpoint under /odata guarded as the feed's endpoints are (<see cref="Policies.ReadFeed"/> and
/// the per-token rate limit), answering who the request is and what its scope is. It exists only in the apps that
/// <see cref="FeedProbe.WithProbe"/> makes; the real app has no such endpoint (the role matrix would fail for it).
/// </summary>
[Route("odata/probe")]
public sealed class FeedProbeController(ProviderScope scope) : ControllerBase
{
    [HttpGet("")]
    [Authorize(Policy = Policies.ReadFeed)]
    [EnableRateLimiting(FeedRateLimit.Policy)]
    public async Task<IActionResult> Get() => Ok(new FeedProbeAnswer(
        User.Identity?.Name,
        User.Identity?.AuthenticationType,
        [.. User.FindAll(ClaimTypes.Role).Select(c => c.Value)],
        User.FindFirstValue(AccessTokenDefaults.TokenIdClaim),
        await scope.PerformerAsync(User),
        (await scope.OrganisationsAsync(User))?.ToList()));

    /// <summary>A write, which the policy refuses for any token: a token never writes.</summary>
    [HttpPost("")]
    [IgnoreAntiforgeryToken]
    [Authorize(Policy = Policies.ReadFeed)]
    [EnableRateLimiting(FeedRateLimit.Policy)]
    public IActionResult Post() => Ok("written");
}

public sealed record FeedProbeAnswer(string? Name, string? AuthenticationType, List<string> Roles, string? TokenId, string? Performer, List<string>? Organisations);

public static class FeedProbe
{
    /// <summary>The app of <paramref name="factory"/> with the probe, and with whatever else <paramref name="configure"/> sets.</summary>
    public static Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> WithProbe(
        this GrantTrackerFactory factory, Action<Microsoft.AspNetCore.Hosting.IWebHostBuilder>? configure = null) =>
        factory.WithWebHostBuilder(b =>
        {
            b.ConfigureServices(s => s.AddControllers().AddApplicationPart(typeof(FeedProbeController).Assembly));
            configure?.Invoke(b);
        });
}
