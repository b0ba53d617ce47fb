using GrantTracker.Application.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace GrantTracker.Web.Infrastructure;

/// <summary>
/// For the region's monitoring: <c>/healthz</c> answers while the process does; <c>/readyz</c> answers Healthy only
/// when the database answers and every migration is applied. Both are anonymous and say one word (Healthy or
/// Unhealthy, 200 or 503): nothing about versions, hosts or errors.
/// </summary>
public static class HealthChecks
{
    public const string Live = "/healthz";
    public const string Ready = "/readyz";
    private const string ReadyTag = "ready";

    public static void AddGrantTrackerHealthChecks(this IServiceCollection services) =>
        services.AddHealthChecks().AddCheck<DatabaseReadyCheck>("database", tags: [ReadyTag]);

    public static void MapGrantTrackerHealthChecks(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks(Live, new() { Predicate = _ => false }).AllowAnonymous();
        endpoints.MapHealthChecks(Ready, new() { Predicate = c => c.Tags.Contains(ReadyTag) }).AllowAnonymous();
    }

    public static bool IsProbe(HttpContext http) => http.Request.Path == Live || http.Request.Path == Ready;

    private sealed class DatabaseReadyCheck(AppDbContext db) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
        {
            try
            {
                if (!await db.Database.CanConnectAsync(ct))
                {
                    return HealthCheckResult.Unhealthy();
                }
                return (await db.Database.GetPendingMigrationsAsync(ct)).Any() ? HealthCheckResult.Unhealthy() : HealthCheckResult.Healthy();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The monitoring sees Unhealthy; the reason goes to the log, not to an anonymous caller.
                return HealthCheckResult.Unhealthy(exception: e);
            }
        }
    }
}
