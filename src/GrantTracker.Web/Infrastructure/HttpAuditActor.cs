using System.Security.Claims;
using GrantTracker.Application.Auditing;

namespace GrantTracker.Web.Infrastructure;

/// <summary>The signed-in user, as the audit trail records them.</summary>
/// <remarks>A background job sets <see cref="ScopedActor"/> to the user who started it.</remarks>
public sealed class HttpAuditActor(IHttpContextAccessor http, ScopedActor scoped) : IAuditActor
{
    public string? UserId => scoped.Actor?.UserId ?? http.HttpContext?.User.FindFirstValue(ClaimTypes.NameIdentifier);

    public string UserName => scoped.Actor?.UserName ?? http.HttpContext?.User.Identity?.Name ?? "system";
}
