using GrantTracker.Application.Data;
using GrantTracker.Domain.Agreements;
using GrantTracker.Domain.Common;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Features.Agreements;

/// <param name="CheckOnly">
/// Run every check and save nothing: the form had fields that did not parse, and the user should see what else is wrong
/// in the same answer (<see cref="AgreementLoader.Discard"/>).
/// </param>
public sealed record CreateAgreementCommand(string Code, AgreementDetails Details, bool CheckOnly = false) : ICommand<Result<int>>;

/// <summary>A new agreement; a code in use and every problem with the details are refused together.</summary>
public sealed class CreateAgreementHandler(AppDbContext db) : ICommandHandler<CreateAgreementCommand, Result<int>>
{
    public async ValueTask<Result<int>> Handle(CreateAgreementCommand command, CancellationToken ct)
    {
        var errors = new ErrorList();
        var code = (command.Code ?? "").Trim().ToLowerInvariant();
        if (code.Length > 0 && await db.Agreements.AnyAsync(a => a.Code == code, ct))
        {
            errors.Add(nameof(command.Code), $"Det finns redan en överenskommelse med koden {code}. Välj en annan kod.");
        }
        var created = Agreement.Create(code, command.Details);
        errors.AddRange(created.Errors);
        if (errors.Any || command.CheckOnly)
        {
            return errors.ToResult(() => 0);
        }
        db.Agreements.Add(created.Value);
        await db.SaveChangesAsync(ct);
        return Result.Ok(created.Value.Id);
    }
}
