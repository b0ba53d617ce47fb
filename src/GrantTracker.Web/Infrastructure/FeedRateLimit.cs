using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace GrantTracker.Web.Infrastructure;

/// <summary>
/// Issue 27: requests to the feed are limited per access token (ASP.NET Core's rate limiter), a fixed window of
/// <c>Feed:RateLimit:PermitLimit</c> requests (default 600) per <c>Feed:RateLimit:WindowSeconds</c> (default 60). A Power BI
/// refresh pages through the feed one request after another, and never comes near 10 a second; a benchmark raises the limit in
/// configuration. Past the limit: 429 with <c>Retry-After</c> in seconds.
/// </summary>
/// <remarks>
/// <para>The partition is the token's id (<see cref="AccessTokenDefaults.TokenIdClaim"/>), which exists only once the feed's
/// policy has authenticated the token. The default <c>UseAuthentication</c> runs only the cookie scheme; the token scheme runs
/// inside <c>UseAuthorization</c>, for the endpoints whose policy names it. So <c>UseRateLimiter</c> comes after
/// <c>UseAuthorization</c>: there the partition sees the token, and a request without a valid token has already been answered
/// 401 and never takes from any token's budget. The cost of that order: a token over its limit is still looked up (one indexed
/// read) before it is refused.</para>
/// <para>An endpoint with this policy but no token (it cannot be reached: the policy requires one) is not limited.</para>
/// </remarks>
public static class FeedRateLimit
{
    public const string Policy = "feed";
    public const string PermitLimitSetting = "Feed:RateLimit:PermitLimit";
    public const string WindowSecondsSetting = "Feed:RateLimit:WindowSeconds";
    public const int DefaultPermitLimit = 600;
    public const int DefaultWindowSeconds = 60;

    public const string TooMany = "För många anrop med den här token. Vänta {0} sekunder och försök igen. (Too many requests: retry after {0} seconds.)";

    public static IServiceCollection AddFeedRateLimit(this IServiceCollection services, IConfiguration configuration)
    {
        var permits = configuration.GetValue<int?>(PermitLimitSetting) ?? DefaultPermitLimit;
        var window = TimeSpan.FromSeconds(configuration.GetValue<int?>(WindowSecondsSetting) ?? DefaultWindowSeconds);
        if (permits < 1 || window <= TimeSpan.Zero)
        {
            throw new InvalidOperationException($"{PermitLimitSetting} and {WindowSecondsSetting} must be at least 1.");
        }
        return services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(Policy, http => http.User.FindFirstValue(AccessTokenDefaults.TokenIdClaim) is { } token
                ? RateLimitPartition.GetFixedWindowLimiter(token, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = permits,
                    Window = window,
                    QueueLimit = 0,
                    AutoReplenishment = true,
                })
                : RateLimitPartition.GetNoLimiter(""));
            o.OnRejected = async (context, ct) =>
            {
                var retry = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : window;
                var seconds = Math.Max(1, (int)Math.Ceiling(retry.TotalSeconds));
                var response = context.HttpContext.Response;
                response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                response.ContentType = "text/plain; charset=utf-8";
                await response.WriteAsync(string.Format(CultureInfo.InvariantCulture, TooMany, seconds) + "\n", ct);
            };
        });
    }
}
