using GrantTracker.Application.Auditing;
using GrantTracker.Application.Data;
using GrantTracker.Domain.Access;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Features.Tokens;

/// <summary>The signed-in user's own access tokens, newest first: never the secret, only the prefix it starts with.</summary>
public sealed record ListAccessTokensQuery : IQuery<IReadOnlyList<AccessTokenSummary>>;

public sealed record AccessTokenSummary(
    int Id, string Name, string Prefix, DateTime CreatedAtUtc, DateOnly LastValidDay, DateOnly? LastUsedOn, DateTime? RevokedAtUtc, AccessTokenStatus Status);

public sealed class ListAccessTokensHandler(AppDbContext db, IAuditActor actor, TimeProvider clock)
    : IQueryHandler<ListAccessTokensQuery, IReadOnlyList<AccessTokenSummary>>
{
    public async ValueTask<IReadOnlyList<AccessTokenSummary>> Handle(ListAccessTokensQuery query, CancellationToken ct)
    {
        if (actor.UserId is not { } userId)
        {
            return [];
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var tokens = await db.AccessTokens.AsNoTracking()
            .Where(t => t.UserId == userId)
            .OrderByDescending(t => t.CreatedAtUtc).ThenByDescending(t => t.Id)
            .ToListAsync(ct);
        return [.. tokens.Select(t => new AccessTokenSummary(t.Id, t.Name, t.Prefix, t.CreatedAtUtc, t.LastValidDay, t.LastUsedOn, t.RevokedAtUtc, t.StatusAt(now)))];
    }
}
