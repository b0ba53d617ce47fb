using System.ComponentModel.DataAnnotations;
using GrantTracker.Application.Features.Tokens;
using GrantTracker.Domain.Common;
using GrantTracker.Web.Features.Shared;
using GrantTracker.Web.Infrastructure;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace GrantTracker.Web.Features.Account;

public sealed class AccessTokenForm
{
    [Display(Name = "Namn")]
    public string? Name { get; set; }

    [Display(Name = "Gäller till och med")]
    public DateOnly? LastValidDay { get; set; }
}

/// <param name="NewToken">The token just created, secret included: only in the response to the POST that created it.</param>
public sealed record AccessTokensPage(AccessTokenForm Form, IReadOnlyList<AccessTokenSummary> Tokens, CreatedAccessToken? NewToken, DateOnly Today);

/// <summary>
/// Issue 27, part 2: a signed-in user's personal access tokens for the OData feed (Excel, Power BI), on /konto/token: the list,
/// a form to create one, and a button to revoke each active one. Every role has the page; each sees and changes only its own tokens.
/// </summary>
[Route("konto/token")]
public sealed class AccessTokensController(IMediator mediator, TimeProvider clock) : Controller
{
    public const string ViewPath = "/Features/Account/AccessTokens.cshtml";

    /// <summary>The expiry the form suggests: long enough for a quarter's follow-up, well inside the year allowed.</summary>
    public const int DefaultDays = 90;

    [HttpGet("")]
    [Authorize(Policy = Policies.Read)]
    public async Task<IActionResult> Index(CancellationToken ct) =>
        await PageAsync(new AccessTokenForm { LastValidDay = SwedishFormat.Today(clock).AddDays(DefaultDays) }, null, ct);

    [HttpPost("")]
    [Authorize(Policy = Policies.Read)]
    public async Task<IActionResult> Create([Bind(Prefix = "Form")] AccessTokenForm form, CancellationToken ct)
    {
        var result = await mediator.Send(new CreateAccessTokenCommand(form.Name, form.LastValidDay, CheckOnly: !ModelState.IsValid), ct);
        if (!ModelState.IsValid || !result.Succeeded)
        {
            ModelState.AddErrors(result);
            return await PageAsync(form, null, ct);
        }
        // The secret is shown in this response and nowhere else: not in TempData (a cookie), not in a URL. The browser keeps no copy.
        Response.Headers.CacheControl = "no-store";
        ModelState.Clear();
        return await PageAsync(new AccessTokenForm { LastValidDay = SwedishFormat.Today(clock).AddDays(DefaultDays) }, result.Value, ct);
    }

    [HttpPost("{id:int}/aterkalla")]
    [Authorize(Policy = Policies.Read)]
    public async Task<IActionResult> Revoke(int id, CancellationToken ct)
    {
        TempData.Report(await mediator.Send(new RevokeAccessTokenCommand(id), ct), "Token är återkallad och slutar fungera direkt.");
        return Redirect("/konto/token");
    }

    private async Task<IActionResult> PageAsync(AccessTokenForm form, CreatedAccessToken? created, CancellationToken ct) =>
        View(ViewPath, new AccessTokensPage(form, await mediator.Send(new ListAccessTokensQuery(), ct), created, SwedishFormat.Today(clock)));
}
