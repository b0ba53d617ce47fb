using System.Globalization;
using System.Text.Json;
using GrantTracker.Application.Auditing;
using GrantTracker.Application.Data;
using GrantTracker.Application.Identity;
using GrantTracker.Domain.Access;
using GrantTracker.Domain.Common;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Features.Tokens;

/// <summary>
/// Who a presented access token signs in: the token found by its hash, not revoked, not expired on the app's clock, its user still
/// there and not locked out. Runs on every feed request, so it is one indexed read, and no cache: a revoked token fails at the very
/// next request.
/// </summary>
/// <remarks>
/// The first use each (Swedish) day sets <see cref="AccessToken.LastUsedOn"/> and writes one audit entry; every other request writes
/// nothing, since every audited write empties every cached page (<see cref="FiguresCache"/>). Requests of one token that arrive at
/// once race for that write: the conditional update lets exactly one of them through, and only that one writes the audit entry, in
/// the same transaction.
/// </remarks>
public sealed record AuthenticateAccessTokenCommand(string Secret) : ICommand<Result<AuthenticatedAccessToken>>
{
    public override string ToString() => "AuthenticateAccessTokenCommand { Secret = *** }";
}

/// <param name="User">The token's user, as read (not tracked): the web app builds the same principal as a cookie sign-in from it.</param>
public sealed record AuthenticatedAccessToken(int TokenId, AppUser User);

public sealed class AuthenticateAccessTokenHandler(AppDbContext db, TimeProvider clock)
    : ICommandHandler<AuthenticateAccessTokenCommand, Result<AuthenticatedAccessToken>>
{
    public const string Unknown =
        "Token är okänd. Kontrollera att du klistrat in hela token (den börjar med gt_), eller skapa en ny under Åtkomsttoken (/konto/token).";

    public const string Revoked = "Token är återkallad och fungerar inte längre. Skapa en ny under Åtkomsttoken (/konto/token).";

    public const string LockedOut = "Kontot som token hör till är låst. Kontakta administratören.";

    public static string Expired(DateOnly lastValidDay) =>
        $"Token gällde till och med {SwedishFormat.Date(lastValidDay)}. Skapa en ny under Åtkomsttoken (/konto/token).";

    public async ValueTask<Result<AuthenticatedAccessToken>> Handle(AuthenticateAccessTokenCommand command, CancellationToken ct)
    {
        if (!AccessTokenSecret.LooksLikeToken(command.Secret))
        {
            return Result.Fail<AuthenticatedAccessToken>("", Unknown);
        }
        var hash = AccessTokenSecret.HashOf(command.Secret);
        var found = await db.AccessTokens.AsNoTracking()
            .Where(t => t.TokenHash == hash)
            .Join(db.Users.AsNoTracking(), t => t.UserId, u => u.Id, (t, u) => new { Token = t, User = u })
            .SingleOrDefaultAsync(ct);
        if (found is null)
        {
            return Result.Fail<AuthenticatedAccessToken>("", Unknown);
        }
        var (token, user) = (found.Token, found.User);
        var now = clock.GetUtcNow();
        switch (token.StatusAt(now.UtcDateTime))
        {
            case AccessTokenStatus.Revoked:
                return Result.Fail<AuthenticatedAccessToken>("", Revoked);
            case AccessTokenStatus.Expired:
                return Result.Fail<AuthenticatedAccessToken>("", Expired(token.LastValidDay));
        }
        // As Identity decides it (UserManager.IsLockedOutAsync); compared here, since SQLite cannot compare DateTimeOffset in SQL.
        if (user.LockoutEnabled && user.LockoutEnd is { } end && end > now)
        {
            return Result.Fail<AuthenticatedAccessToken>("", LockedOut);
        }
        var today = SwedishFormat.Today(clock);
        if (token.LastUsedOn != today)
        {
            await RecordFirstUseTodayAsync(token, user, today, now.UtcDateTime, ct);
        }
        return Result.Ok(new AuthenticatedAccessToken(token.Id, user));
    }

    /// <summary>
    /// The day's first use: the conditional update writes only if no other request has today; the one that does writes the audit
    /// entry (as the token's user: the request is not signed in yet while it authenticates), in one transaction with the update.
    /// </summary>
    private async Task RecordFirstUseTodayAsync(AccessToken token, AppUser user, DateOnly today, DateTime nowUtc, CancellationToken ct)
    {
        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        var changed = await db.AccessTokens
            .Where(t => t.Id == token.Id && (t.LastUsedOn == null || t.LastUsedOn != today))
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedOn, today), ct);
        if (changed == 0)
        {
            return;
        }
        var changes = new Dictionary<string, object?>
        {
            [nameof(AccessToken.LastUsedOn)] = new { old = token.LastUsedOn is { } last ? SwedishFormat.Date(last) : null, @new = SwedishFormat.Date(today) },
        };
        db.AuditEntries.Add(new AuditEntry(nowUtc, user.Id, user.UserName ?? user.Id, nameof(AccessToken),
            token.Id.ToString(CultureInfo.InvariantCulture), AuditAction.Ändrad, JsonSerializer.Serialize(changes)));
        await db.SaveChangesAsync(ct);
        if (transaction is not null)
        {
            await transaction.CommitAsync(ct);
        }
    }
}
