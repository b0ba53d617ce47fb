using GrantTracker.Application.Data;
using GrantTracker.Domain.Common;
using Mediator;

namespace GrantTracker.Application.Features.Agreements;

/// <param name="ParentId">A top-level area of the same agreement, to add a sub-area (delområde); null for a development area.</param>
public sealed record AddAreaCommand(int AgreementId, long Version, string Code, string Name, decimal? Amount, int? ParentId) : ICommand<Result<int>>;

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
        var parent = command.ParentId is { } parentId ? agreement.Areas.SingleOrDefault(a => a.Id == parentId) : null;
        if (command.ParentId is not null && parent is null)
        {
            return Result.Fail<int>("ParentId", "Det överordnade området finns inte längre i överenskommelsen. Välj ett annat.");
        }
        // The tree is two levels deep, and lines sit only on leaves: a parent with lines would hide them.
        if (parent?.Parent is not null)
        {
            return Result.Fail<int>("ParentId", $"{parent.Code} är redan ett delområde. Välj ett utvecklingsområde på översta nivån.");
        }
        if (parent is not null && agreement.Lines.Any(l => l.Area == parent))
        {
            return Result.Fail<int>("ParentId", $"Området {parent.Code} har egna fördelningsrader. Ta bort raderna först och lägg dem sedan på delområdena.");
        }
        var added = agreement.AddArea(command.Code, command.Name, command.Amount, parent);
        if (!added.Succeeded)
        {
            return Result.Fail<int>(added.Errors);
        }
        var saved = await AgreementLoader.SaveAsync(db, ct);
        return saved.Succeeded ? Result.Ok(added.Value.Id) : Result.Fail<int>(saved.Errors);
    }
}
