using GrantTracker.Application.Data;
using GrantTracker.Domain.Agreements;
using GrantTracker.Domain.Common;
using Mediator;

namespace GrantTracker.Application.Features.Agreements;

/// <param name="ParentId">A top-level area of the same agreement, to add a sub-area (delområde); null for a development area.</param>
/// <param name="CheckOnly">Run every check and save nothing (<see cref="CreateAgreementCommand.CheckOnly"/>).</param>
public sealed record AddAreaCommand(int AgreementId, long Version, string Code, string Name, decimal? Amount, int? ParentId, bool CheckOnly = false)
    : ICommand<Result<int>>;

public sealed class AddAreaHandler(AppDbContext db) : ICommandHandler<AddAreaCommand, Result<int>>
{
    public async ValueTask<Result<int>> Handle(AddAreaCommand command, CancellationToken ct)
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
        var errors = new ErrorList();
        var parent = command.ParentId is { } parentId ? agreement.Areas.SingleOrDefault(a => a.Id == parentId) : null;
        if (command.ParentId is not null && parent is null)
        {
            errors.Add("ParentId", "Det överordnade området finns inte längre i överenskommelsen. Välj ett annat.");
        }
        // The tree is two levels deep, and lines sit only on leaves: a parent with lines would hide them.
        else if (parent?.Parent is not null)
        {
            errors.Add("ParentId", $"{parent.Code} är redan ett delområde. Välj ett utvecklingsområde på översta nivån.");
        }
        else if (parent is not null && agreement.Lines.Any(l => l.Area == parent))
        {
            errors.Add("ParentId", $"Området {parent.Code} har egna fördelningsrader. Ta bort raderna först och lägg dem sedan på delområdena.");
        }
        // The area's own fields are checked even when the parent is refused, so every problem is named at once.
        var added = agreement.AddArea(command.Code, command.Name, command.Amount, errors.Any ? null : parent);
        errors.AddRange(added.Errors);
        if (errors.Any || command.CheckOnly)
        {
            return AgreementLoader.Discard(db, errors.ToResult(() => 0));
        }
        var saved = await AgreementLoader.SaveAsync(db, ct);
        return saved.Succeeded ? Result.Ok(added.Value.Id) : Result.Fail<int>(saved.Errors);
    }
}
