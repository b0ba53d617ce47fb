using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using GrantTracker.Application.Auditing;
using GrantTracker.Application.Data;
using GrantTracker.Domain.Agreements;
using GrantTracker.Domain.Common;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Features.Deadlines;

/// <summary>
/// Gives the signed-in user a new secret for their calendar feed and returns it; it is shown once and only its
/// SHA-256 is stored. Any earlier token of theirs is revoked.
/// </summary>
public sealed record CreateCalendarTokenCommand : ICommand<Result<string>>;

/// <summary>Revokes the signed-in user's calendar token: the feed URL stops working at once.</summary>
public sealed record RevokeCalendarTokenCommand : ICommand<Result>;

/// <summary>Whether the signed-in user has an active calendar token, and since when.</summary>
public sealed record GetCalendarTokenQuery : IQuery<CalendarTokenState>;

public sealed record CalendarTokenState(bool Active, DateTime? CreatedAtUtc);

public sealed class CalendarTokenHandler(AppDbContext db, IAuditActor actor, TimeProvider clock)
    : ICommandHandler<CreateCalendarTokenCommand, Result<string>>, ICommandHandler<RevokeCalendarTokenCommand, Result>, IQueryHandler<GetCalendarTokenQuery, CalendarTokenState>
{
    private const string NoUser = "Kalenderlänken hör till en inloggad användare. Logga in och försök igen.";

    public async ValueTask<Result<string>> Handle(CreateCalendarTokenCommand command, CancellationToken ct)
    {
        if (actor.UserId is not { } userId)
        {
            return Result.Fail<string>("", NoUser);
        }
        var now = clock.GetUtcNow().UtcDateTime;
        await RevokeActiveAsync(userId, now, ct);
        var token = CalendarTokenHash.NewToken();
        db.CalendarTokens.Add(new CalendarToken { UserId = userId, TokenHash = CalendarTokenHash.Of(token), CreatedAtUtc = now });
        await db.SaveChangesAsync(ct);
        return Result.Ok(token);
    }

    public async ValueTask<Result> Handle(RevokeCalendarTokenCommand command, CancellationToken ct)
    {
        if (actor.UserId is not { } userId)
        {
            return Result.Fail("", NoUser);
        }
        if (await RevokeActiveAsync(userId, clock.GetUtcNow().UtcDateTime, ct) == 0)
        {
            return Result.Fail("", "Du har ingen aktiv kalenderlänk att återkalla.");
        }
        await db.SaveChangesAsync(ct);
        return Result.Ok();
    }

    public async ValueTask<CalendarTokenState> Handle(GetCalendarTokenQuery query, CancellationToken ct)
    {
        var userId = actor.UserId;
        var created = await db.CalendarTokens.AsNoTracking()
            .Where(t => t.UserId == userId && t.RevokedAtUtc == null)
            .OrderByDescending(t => t.CreatedAtUtc)
            .Select(t => (DateTime?)t.CreatedAtUtc)
            .FirstOrDefaultAsync(ct);
        return new CalendarTokenState(created is not null, created);
    }

    private async Task<int> RevokeActiveAsync(string userId, DateTime now, CancellationToken ct)
    {
        var active = await db.CalendarTokens.Where(t => t.UserId == userId && t.RevokedAtUtc == null).ToListAsync(ct);
        foreach (var t in active)
        {
            t.RevokedAtUtc = now;
        }
        return active.Count;
    }
}

/// <summary>
/// A calendar token is 32 random bytes in base64url (256 bits: not guessable), and the database keeps only its
/// SHA-256 in hex. A copy of the database therefore opens no feed; a slow password hash is not needed for a
/// random secret of that length, and the plain hash can be looked up by index.
/// </summary>
public static class CalendarTokenHash
{
    public static string NewToken() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public static string Of(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>Anything that cannot be a token is refused before it reaches the database.</summary>
    public static bool LooksLikeToken(string? token) =>
        token is { Length: >= 20 and <= 100 } && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
