using GrantTracker.Application.Data;
using GrantTracker.Domain.Common;
using Mediator;

namespace GrantTracker.Application.Features.Agreements;

/// <summary>Adds a condition that every decision document of the agreement shows, and the final report's Villkor part asks to be accounted for.</summary>
/// <param name="Code">The section of the agreement's document the condition stands in ("3.3").</param>
public sealed record AddConditionCommand(int AgreementId, long Version, string Code, string Text, string? Source) : ICommand<Result<int>>;

public sealed class AddConditionHandler(AppDbContext db) : ICommandHandler<AddConditionCommand, Result<int>>
{
    public async ValueTask<Result<int>> Handle(AddConditionCommand command, CancellationToken ct)
    {
        var agreement = await AgreementLoader.LoadAsync(db, command.AgreementId, ct);
        if (agreement is null)
        {
            return Result.Fail<int>(AgreementLoader.NotFound.Errors);
        }
        if (agreement.Version != command.Version)
        {
            return Result.Fail<int>(AgreementLoader.Stale.Errors);
        }
        var added = agreement.AddCondition(command.Code, command.Text, command.Source);
        if (!added.Succeeded)
        {
            return Result.Fail<int>(added.Errors);
        }
        var saved = await AgreementLoader.SaveAsync(db, ct);
        return saved.Succeeded ? Result.Ok(added.Value.Id) : Result.Fail<int>(saved.Errors);
    }
}
