using System.Security.Claims;
using GrantTracker.Application.Auditing;

namespace GrantTracker.Web.Infrastructure;

/// <summary>The signed-in user, as the audit trail records them.</summary>
public sealed class HttpAuditActor(IHttpContextAccessor http) : IAuditActor
{
    public string? UserId => http.HttpContext?.User.FindFirstValue(ClaimTypes.NameIdentifier);

    public string UserName => http.HttpContext?.User.Identity?.Name ?? "system";
}
