using GrantTracker.Application.Data;
using GrantTracker.Domain.Common;
using Mediator;

namespace GrantTracker.Application.Features.Agreements;

/// <summary>Changes a condition's section, text or source; the decision documents and the final report show it as changed from then on.</summary>
public sealed record UpdateConditionCommand(int AgreementId, long Version, int ConditionId, string Code, string Text, string? Source) : ICommand<Result>;

public sealed class UpdateConditionHandler(AppDbContext db) : ICommandHandler<UpdateConditionCommand, Result>
{
    public async ValueTask<Result> Handle(UpdateConditionCommand command, CancellationToken ct)
    {
        var agreement = await AgreementLoader.LoadAsync(db, command.AgreementId, ct);
        if (agreement is null)
        {
            return AgreementLoader.NotFound;
        }
        if (agreement.Version != command.Version)
        {
            return AgreementLoader.Stale;
        }
        var condition = agreement.Conditions.SingleOrDefault(c => c.Id == command.ConditionId);
        if (condition is null)
        {
            return ConditionGone;
        }
        var result = agreement.UpdateCondition(condition, command.Code, command.Text, command.Source);
        return result.Succeeded ? await AgreementLoader.SaveAsync(db, ct) : result;
    }

    internal static readonly Result ConditionGone =
        Result.Fail("", "Villkoret finns inte längre i överenskommelsen. Gå tillbaka till villkoren och försök igen.");
}
