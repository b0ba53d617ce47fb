using GrantTracker.Application.Auditing;
using GrantTracker.Application.Data;
using GrantTracker.Domain.Common;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Features.Tokens;

/// <summary>
/// The signed-in user revokes one of their own access tokens: it stops working at the next request (authentication reads the
/// database every time). Revoking a token already revoked succeeds and changes nothing; another user's token is not found.
/// Revoking is audited.
/// </summary>
public sealed record RevokeAccessTokenCommand(int Id) : ICommand<Result>;

public sealed class RevokeAccessTokenHandler(AppDbContext db, IAuditActor actor, TimeProvider clock) : ICommandHandler<RevokeAccessTokenCommand, Result>
{
    public const string NotFound = "Token finns inte bland dina token. Läs in sidan igen och välj en token i listan.";

    public async ValueTask<Result> Handle(RevokeAccessTokenCommand command, CancellationToken ct)
    {
        var userId = actor.UserId;
        // Another user's token is "not found" as an unknown id is: the answer tells no one which ids exist.
        var token = userId is null ? null : await db.AccessTokens.SingleOrDefaultAsync(t => t.Id == command.Id && t.UserId == userId, ct);
        if (token is null)
        {
            return Result.Fail("", NotFound);
        }
        token.Revoke(clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        return Result.Ok();
    }
}
