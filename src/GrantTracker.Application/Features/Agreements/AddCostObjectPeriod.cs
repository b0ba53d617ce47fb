using GrantTracker.Application.Data;
using GrantTracker.Application.Features.Reconciliation;
using GrantTracker.Domain.Common;
using Mediator;

namespace GrantTracker.Application.Features.Agreements;

/// <summary>
/// Gives a cost object that the agreement's lines book on another period of months in the agreement (lines of several years on one
/// object, with a gap between). Refused when the months overlap another agreement's period of the object (naming it), or when a
/// closed month of the agreement would change.
/// </summary>
/// <param name="CheckOnly">Check everything and save nothing: the form asks for the use case's refusals beside its own (a field it could not read).</param>
public sealed record AddCostObjectPeriodCommand(int AgreementId, long Version, string CostObjectCode, string Name, YearMonth From, YearMonth To, bool CheckOnly = false)
    : ICommand<Result<int>>;

public sealed class AddCostObjectPeriodHandler(AppDbContext db) : ICommandHandler<AddCostObjectPeriodCommand, Result<int>>
{
    public async ValueTask<Result<int>> Handle(AddCostObjectPeriodCommand command, CancellationToken ct)
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
        var code = (command.CostObjectCode ?? "").Trim();
        // An object belongs to the agreement through its lines: a period of an object no line books on would be dropped at the next line change.
        if (code.Length > 0 && agreement.Lines.All(l => l.CostObjectCode != code))
        {
            return Result.Fail<int>("CostObjectCode",
                $"Ingen fördelningsrad bokas på objekt {code}. Lägg först till en rad på objektet under Utvecklingsområden och fördelning; då får objektet sin första period.");
        }
        var added = agreement.AssignCostObject(code, command.Name, command.From, command.To);
        if (!added.Succeeded)
        {
            return Result.Fail<int>(added.Errors);
        }
        if (await CostObjectMonths.RefusalAsync(db, agreement, added.Value.CostObjectCode, command.From, ct) is { } refused)
        {
            return Result.Fail<int>(refused.Errors);
        }
        if (command.CheckOnly)
        {
            return Result.Ok(0);
        }
        var saved = await AgreementLoader.SaveAsync(db, ct);
        return saved.Succeeded ? Result.Ok(added.Value.Id) : Result.Fail<int>(saved.Errors);
    }
}

/// <summary>What a change of an object's months must pass beyond the aggregate's own rules.</summary>
internal static class CostObjectMonths
{
    /// <summary>
    /// The refusal of a change to an object's months from <paramref name="changedFrom"/> on, or null: another agreement's period of the
    /// object must not overlap (<see cref="CostObjectOverlap"/>), and the costs of a closed month, or of a month before one, must not
    /// move in or out of the agreement (<see cref="ClosedMonthGuard"/>).
    /// </summary>
    /// <param name="agreement">The agreement after the domain change.</param>
    public static async Task<Result?> RefusalAsync(Data.AppDbContext db, Domain.Agreements.Agreement agreement, string code, YearMonth? changedFrom, CancellationToken ct)
    {
        var overlap = await CostObjectOverlap.CheckAsync(db, agreement, code, ct,
            remedy: "Ändra månaderna så att de inte överlappar, eller be ekonomienheten om ett nytt objekt.");
        if (!overlap.Succeeded)
        {
            return Result.Fail(overlap.Errors.Select(e => e with { Field = "From" }));
        }
        return changedFrom is { } month && await ClosedMonthGuard.RefusalAsync(db, agreement.Id, month, $"Ändringen av månaderna för objekt {code}", ct) is { } closed
            ? Result.Fail(closed.Errors.Select(e => e with { Field = "From" }))
            : null;
    }
}
