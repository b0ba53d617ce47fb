using System.Text.Encodings.Web;
using System.Text.Json;
using GrantTracker.Application.Features.Feed;
using GrantTracker.Web.Infrastructure;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OData.Routing.Controllers;

namespace GrantTracker.Web.Features.Feed;

/// <summary>
/// The read feed's entity sets (issue 27, ADR 28). Each answers GET only, from the feed's lists built once per change of the data
/// (<see cref="GetFeedRegisterQuery"/>, <see cref="GetFeedFiguresQuery"/>), narrowed to what the reader's pages show
/// (<see cref="FeedScope"/>) before OData applies the query: a $filter, $expand or page can only ever see the reader's own part.
/// Authentication (a personal access token, never the cookie) and the rate limit are put on every OData controller by
/// <see cref="FeedSetup"/>.
/// </summary>
public abstract class FeedController(IMediator mediator, ProviderScope providers) : ODataController
{
    protected async Task<FeedScope> ScopeAsync(CancellationToken ct) =>
        new(await providers.PerformerAsync(User), await providers.OrganisationsAsync(User, ct));

    protected async Task<FeedRegister> RegisterAsync(CancellationToken ct) => await mediator.Send(new GetFeedRegisterQuery(), ct);

    protected async Task<FeedFigures> FiguresAsync(CancellationToken ct) => await mediator.Send(new GetFeedFiguresQuery(), ct);

    protected async Task<IActionResult> SetAsync<T>(Func<FeedScope, FeedRegister, IEnumerable<T>> set, CancellationToken ct) =>
        Ok(set(await ScopeAsync(ct), await RegisterAsync(ct)).AsQueryable());

    /// <summary>A set of the region's money or reporting, which an Utförare's pages do not show: 403 with the reason, in OData's error format.</summary>
    /// <remarks>The Utförare is refused before anything is read.</remarks>
    protected async Task<IActionResult> RegionSetAsync<T>(string name, Func<FeedScope, Task<IEnumerable<T>>> set, CancellationToken ct)
    {
        var scope = await ScopeAsync(ct);
        return scope.CanReadRegionFigures ? Ok((await set(scope)).AsQueryable()) : Error(StatusCodes.Status403Forbidden, "Forbidden",
            $"{name} är regionens siffror och visas inte för rollen Utförare. Utförare läser Agreements, CostObjects, Obligations, sina egna Activities, Distributions och UnitAmounts.");
    }

    private static readonly JsonSerializerOptions ErrorJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>An error as OData writes one: {"error":{"code":…,"message":…}}.</summary>
    internal static IActionResult Error(int status, string code, string message) => new ContentResult
    {
        StatusCode = status,
        ContentType = "application/json; charset=utf-8",
        // Relaxed escaping: "Frågan", not "Fr\u00E5gan", for the person who reads the message in Power Query's error dialog.
        Content = JsonSerializer.Serialize(new { error = new { code, message } }, ErrorJson),
    };
}

/// <summary>The eleven entity sets, one GET each (and its /$count), each the reader's part of the cached lists.</summary>
[Tags("Entitetsmängder")] // the OpenAPI document's group, instead of the class name
public sealed class FeedSetsController(IMediator mediator, ProviderScope providers) : FeedController(mediator, providers)
{
    [HttpGet("odata/Agreements")]
    [HttpGet("odata/Agreements/$count")]
    [FeedQuery]
    public Task<IActionResult> Agreements(CancellationToken ct) => SetAsync((s, r) => s.Agreements(r), ct);

    [HttpGet("odata/Areas")]
    [HttpGet("odata/Areas/$count")]
    [FeedQuery]
    public Task<IActionResult> Areas(CancellationToken ct) => RegionSetAsync("Areas", async s => s.Areas(await RegisterAsync(ct)), ct);

    [HttpGet("odata/Lines")]
    [HttpGet("odata/Lines/$count")]
    [FeedQuery]
    public Task<IActionResult> Lines(CancellationToken ct) => RegionSetAsync("Lines", async s => s.Lines(await RegisterAsync(ct)), ct);

    [HttpGet("odata/CostObjects")]
    [HttpGet("odata/CostObjects/$count")]
    [FeedQuery]
    public Task<IActionResult> CostObjects(CancellationToken ct) => SetAsync((s, r) => s.CostObjects(r), ct);

    [HttpGet("odata/Activities")]
    [HttpGet("odata/Activities/$count")]
    [FeedQuery]
    public Task<IActionResult> Activities(CancellationToken ct) => SetAsync((s, r) => s.Activities(r), ct);

    [HttpGet("odata/MonthFigures")]
    [HttpGet("odata/MonthFigures/$count")]
    [FeedQuery]
    public Task<IActionResult> MonthFigures(CancellationToken ct) => RegionSetAsync("MonthFigures", async s => s.MonthFigures(await FiguresAsync(ct)), ct);

    [HttpGet("odata/Exceptions")]
    [HttpGet("odata/Exceptions/$count")]
    [FeedQuery]
    public Task<IActionResult> Exceptions(CancellationToken ct) => RegionSetAsync("Exceptions", async s => s.Exceptions(await FiguresAsync(ct)), ct);

    [HttpGet("odata/Distributions")]
    [HttpGet("odata/Distributions/$count")]
    [FeedQuery]
    public Task<IActionResult> Distributions(CancellationToken ct) => SetAsync((s, r) => s.Distributions(r), ct);

    [HttpGet("odata/UnitAmounts")]
    [HttpGet("odata/UnitAmounts/$count")]
    [FeedQuery]
    public Task<IActionResult> UnitAmounts(CancellationToken ct) => SetAsync((s, r) => s.UnitAmounts(r), ct);

    [HttpGet("odata/Obligations")]
    [HttpGet("odata/Obligations/$count")]
    [FeedQuery]
    public Task<IActionResult> Obligations(CancellationToken ct) => SetAsync((s, r) => s.Obligations(r), ct);

    [HttpGet("odata/RequirementAnswers")]
    [HttpGet("odata/RequirementAnswers/$count")]
    [FeedQuery]
    public Task<IActionResult> RequirementAnswers(CancellationToken ct) => RegionSetAsync("RequirementAnswers", async s => s.RequirementAnswers(await RegisterAsync(ct)), ct);
}
