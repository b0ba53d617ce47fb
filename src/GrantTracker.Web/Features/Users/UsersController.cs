using GrantTracker.Application.Features.Backup;
using GrantTracker.Application.Features.Users;
using GrantTracker.Web.Features.Shared;
using GrantTracker.Web.Infrastructure;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace GrantTracker.Web.Features.Users;

/// <summary>
/// Användare: the local accounts and their roles, and for an Utförare the organisation numbers it acts for (issue 16):
/// they decide which units' distributions, payments and reports it sees. The administrator's page; the auditor reads
/// the same list without its forms, to check who may do what.
/// </summary>
[Route("anvandare")]
public sealed class UsersController(IMediator mediator, IAuthorizationService authorization) : Controller
{
    [HttpGet("")]
    [Authorize(Policy = Policies.ReadUsers)]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        await AddBackupStatusAsync(ct);
        return View(await mediator.Send(new ListUsersQuery(), ct));
    }

    /// <summary>Issue 26: the Administratör sees the backups here (the auditor's read-only page does not).</summary>
    private async Task AddBackupStatusAsync(CancellationToken ct)
    {
        if ((await authorization.AuthorizeAsync(User, Policies.ManageUsers)).Succeeded)
        {
            ViewData["Backup"] = await mediator.Send(new GetBackupStatusQuery(), ct);
        }
    }

    [HttpPost("{id}/organisationsnummer")]
    [Authorize(Policy = Policies.ManageUsers)]
    public async Task<IActionResult> SetOrganisations(string id, string? numbers, CancellationToken ct)
    {
        var result = await mediator.Send(new SetProviderOrganisationsCommand(id, numbers), ct);
        if (!result.Succeeded)
        {
            // The page again with what was written, so a typo is corrected rather than typed again.
            ViewData["EditedUser"] = id;
            ViewData["EditedNumbers"] = numbers;
            ViewData["Error"] = string.Join(" ", result.Errors.Select(e => e.Message));
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            await AddBackupStatusAsync(ct);
            return View(nameof(Index), await mediator.Send(new ListUsersQuery(), ct));
        }
        TempData.Report(result, "Organisationsnumren är sparade. Utföraren ser nu de vårdenheter som organisationerna driver.", $"anvandare-{id}");
        return Redirect($"/anvandare#anvandare-{id}");
    }
}
