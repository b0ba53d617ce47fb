using GrantTracker.Application.Features.Deadlines;
using GrantTracker.Web.Infrastructure;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace GrantTracker.Web.Features.Deadlines;

/// <summary>
/// The deadline calendar for Outlook and other calendar programs. They send no sign-in cookie, so the secret token
/// in the URL is the credential: anonymous by design, and the only anonymous action besides signing in.
/// </summary>
public sealed class CalendarFeedController(IMediator mediator, PublicUrl publicUrl) : Controller
{
    [HttpGet("/deadlines/kalender/{token}.ics")]
    [AllowAnonymous]
    public async Task<IActionResult> Feed(string token, CancellationToken ct)
    {
        var baseUrl = publicUrl.Base(Request);
        if (await mediator.Send(new GetCalendarFeedQuery(token, baseUrl), ct) is not { } calendar)
        {
            // Unknown and revoked look the same: nothing tells a guesser which tokens once existed.
            return NotFound();
        }
        Response.Headers.CacheControl = "no-store";
        return Content(calendar, ICalendarWriter.ContentType);
    }
}
