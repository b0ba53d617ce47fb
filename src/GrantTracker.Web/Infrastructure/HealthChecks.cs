using GrantTracker.Application.Data;
using GrantTracker.Application.Data.Backup;
using GrantTracker.Domain.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace GrantTracker.Web.Infrastructure;

/// <summary>
/// For the region's monitoring: <c>/healthz</c> answers while the process does; <c>/readyz</c> answers Healthy only
/// when the database answers and every migration is applied. Both are anonymous and say one word (Healthy or
/// Unhealthy, 200 or 503): nothing about versions, hosts or errors. With nightly backups on (issue 26), /readyz adds one line
/// with the last backup's time, and says Degraded (still 200: the app serves) when the night's backup is more than an hour late.
/// </summary>
public static class HealthChecks
{
    public const string Live = "/healthz";
    public const string Ready = "/readyz";
    private const string ReadyTag = "ready";

    public static void AddGrantTrackerHealthChecks(this IServiceCollection services) =>
        services.AddHealthChecks()
            .AddCheck<DatabaseReadyCheck>("database", tags: [ReadyTag])
            .AddCheck<BackupCheck>(BackupEntry, tags: [ReadyTag]);

    private const string BackupEntry = "backup";

    public static void MapGrantTrackerHealthChecks(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks(Live, new() { Predicate = _ => false }).AllowAnonymous();
        endpoints.MapHealthChecks(Ready, new() { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = WriteReadyAsync }).AllowAnonymous();
    }

    /// <summary>The status word, as the framework writes it, and the backup's line when nightly backups are on.</summary>
    private static async Task WriteReadyAsync(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "text/plain; charset=utf-8";
        var text = report.Status.ToString();
        if (report.Entries.TryGetValue(BackupEntry, out var backup) && !string.IsNullOrEmpty(backup.Description))
        {
            text += "\n" + backup.Description;
        }
        await http.Response.WriteAsync(text);
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

    /// <summary>
    /// The last nightly backup's time, in Swedish time (no file name or folder: the probe is anonymous); Degraded when the night's
    /// backup is more than <see cref="NightlyBackups.Grace"/> late. Nothing when nightly backups are off or the database is SQL Server.
    /// </summary>
    private sealed class BackupCheck(NightlyBackups backups) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
        {
            if (!backups.Applies)
            {
                return Task.FromResult(HealthCheckResult.Healthy());
            }
            var last = backups.Last();
            var description = "Senaste säkerhetskopia: " + (last is null ? "ingen ännu" : SwedishFormat.DateTime(last.CompletedUtc));
            return Task.FromResult(backups.IsOverdue(backups.Now) ? HealthCheckResult.Degraded(description) : HealthCheckResult.Healthy(description));
        }
    }
}
