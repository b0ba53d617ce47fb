using GrantTracker.Application.Auditing;
using GrantTracker.Application.Data;
using GrantTracker.Domain.Access;
using GrantTracker.Domain.Common;
using Mediator;

namespace GrantTracker.Application.Features.Tokens;

/// <summary>
/// The signed-in user creates a personal access token for themselves: a name, and the last day it works (after today, at most a
/// year ahead). The secret is returned once, here, and never again: only its hash is stored. Creating is audited (without the
/// hash). With <paramref name="CheckOnly"/> nothing is written and no token is made: the result carries only the refusals, to be
/// shown with the form's own (a check that passes has no value).
/// </summary>
public sealed record CreateAccessTokenCommand(string? Name, DateOnly? LastValidDay, bool CheckOnly = false) : ICommand<Result<CreatedAccessToken>>;

/// <summary>The new token, with its secret: show it once and forget it.</summary>
public sealed record CreatedAccessToken(int Id, string Name, string Secret, DateOnly LastValidDay)
{
    // A record prints its properties; the secret must not reach a log by way of ToString.
    public override string ToString() => $"CreatedAccessToken {{ Id = {Id}, Name = {Name}, LastValidDay = {LastValidDay} }}";
}

public sealed class CreateAccessTokenHandler(AppDbContext db, IAuditActor actor, TimeProvider clock)
    : ICommandHandler<CreateAccessTokenCommand, Result<CreatedAccessToken>>
{
    public async ValueTask<Result<CreatedAccessToken>> Handle(CreateAccessTokenCommand command, CancellationToken ct)
    {
        var secret = AccessTokenSecret.New();
        var created = AccessToken.Create(actor.UserId ?? "", command.Name, command.LastValidDay, secret, AccessTokenSecret.HashOf(secret),
            SwedishFormat.Today(clock), clock.GetUtcNow().UtcDateTime);
        if (!created.Succeeded || command.CheckOnly)
        {
            return Result.Fail<CreatedAccessToken>(created.Errors);
        }
        var token = created.Value;
        db.AccessTokens.Add(token);
        await db.SaveChangesAsync(ct);
        return Result.Ok(new CreatedAccessToken(token.Id, token.Name, secret, token.LastValidDay));
    }
}
