using System.Collections.Concurrent;
using GrantTracker.Application.Data;
using GrantTracker.Application.Features;
using GrantTracker.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace GrantTracker.Web.Features.Feed;

/// <summary>
/// The feed's answers as written, kept per request (scheme, host, path and query, Accept and Prefer) and reader's scope under the
/// audit trail's last id, as <see cref="FiguresCache"/> keeps the figures behind them (ADR 28). OData's writer costs about 70 µs an
/// entity (a page of 1 000 MonthFigures is some 75 ms of CPU, measured), so readers who ask for the same page while the data
/// stands (a report's users refreshing at the start of the day, Power BI's retries) get the bytes written once. Every change
/// is audited and moves the id, so an answer is never older than the data. Only 200s are kept, at most
/// <see cref="MaxBytes"/> in all; when a new id is seen or the budget is spent, everything kept is forgotten.
/// </summary>
public sealed class FeedAnswerCache
{
    public const long MaxBytes = 64L * 1024 * 1024;

    private const long MaxAnswerBytes = 8L * 1024 * 1024;

    private readonly ConcurrentDictionary<string, Answer> _answers = new(StringComparer.Ordinal);
    private long _stamp = -1;
    private long _bytes;
    private long _hits;

    public sealed record Answer(long Stamp, byte[] Body, string? ContentType, string? ODataVersion, string? PreferenceApplied);

    /// <summary>Answers given from the cache, for tests and diagnostics.</summary>
    public long Hits => Interlocked.Read(ref _hits);

    public Answer? Find(string key, long stamp)
    {
        if (_answers.TryGetValue(key, out var answer) && answer.Stamp == stamp)
        {
            Interlocked.Increment(ref _hits);
            return answer;
        }
        return null;
    }

    public void Keep(string key, Answer answer)
    {
        if (answer.Body.LongLength > MaxAnswerBytes)
        {
            return;
        }
        if (Interlocked.Exchange(ref _stamp, answer.Stamp) != answer.Stamp || Interlocked.Add(ref _bytes, answer.Body.LongLength) > MaxBytes)
        {
            // Answers of older data, or too many: start again (the next requests write theirs anew).
            _answers.Clear();
            Interlocked.Exchange(ref _bytes, answer.Body.LongLength);
        }
        _answers[key] = answer;
    }

    public void Clear()
    {
        _answers.Clear();
        Interlocked.Exchange(ref _bytes, 0);
    }
}

/// <summary>
/// Around a feed action and its result: a kept answer is written as it is (after authentication, authorization and the rate limit,
/// which run for every request); otherwise the action runs, OData writes, and a 200 is kept as written.
/// </summary>
internal sealed class FeedAnswerCacheFilter : IAsyncResourceFilter
{
    public async Task OnResourceExecutionAsync(ResourceExecutingContext context, ResourceExecutionDelegate next)
    {
        var http = context.HttpContext;
        var services = http.RequestServices;
        var cache = services.GetRequiredService<FeedAnswerCache>();
        var db = services.GetRequiredService<AppDbContext>();
        var providers = services.GetRequiredService<ProviderScope>();
        var ct = http.RequestAborted;

        var stamp = await FiguresCache.StampAsync(db, ct);
        var performer = await providers.PerformerAsync(http.User);
        var organisations = await providers.OrganisationsAsync(http.User, ct);
        var scope = performer is null && organisations is null ? "*"
            : $"{performer}\u0001{string.Join('\u0002', (organisations ?? []).Order(StringComparer.Ordinal))}";
        var request = http.Request;
        var key = string.Join('\u0000', request.Scheme, request.Host.Value, request.PathBase.Value, request.Path.Value, request.QueryString.Value,
            request.Headers.Accept.ToString(), request.Headers["Prefer"].ToString(), scope);

        if (cache.Find(key, stamp) is { } kept)
        {
            context.Result = new KeptAnswer(kept);
            return;
        }

        var original = http.Response.Body;
        using var copy = new MemoryStream();
        http.Response.Body = copy;
        try
        {
            await next();
            copy.Position = 0;
            await copy.CopyToAsync(original, ct);
        }
        finally
        {
            http.Response.Body = original;
        }
        if (http.Response.StatusCode == StatusCodes.Status200OK)
        {
            cache.Keep(key, new FeedAnswerCache.Answer(stamp, copy.ToArray(), http.Response.ContentType,
                http.Response.Headers["OData-Version"].ToString() is { Length: > 0 } version ? version : null,
                http.Response.Headers["Preference-Applied"].ToString() is { Length: > 0 } applied ? applied : null));
        }
    }

    private sealed class KeptAnswer(FeedAnswerCache.Answer answer) : IActionResult
    {
        public async Task ExecuteResultAsync(ActionContext context)
        {
            var response = context.HttpContext.Response;
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = answer.ContentType;
            if (answer.ODataVersion is { } version)
            {
                response.Headers["OData-Version"] = version;
            }
            if (answer.PreferenceApplied is { } applied)
            {
                response.Headers["Preference-Applied"] = applied;
            }
            response.ContentLength = answer.Body.LongLength;
            await response.Body.WriteAsync(answer.Body, context.HttpContext.RequestAborted);
        }
    }
}
