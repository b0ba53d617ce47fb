using GrantTracker.Application.Data;
using GrantTracker.Domain.Agreements;
using GrantTracker.Domain.Common;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Features.Agreements;

public sealed record CreateAgreementCommand(string Code, AgreementDetails Details) : ICommand<Result<int>>;

public sealed class CreateAgreementHandler(AppDbContext db) : ICommandHandler<CreateAgreementCommand, Result<int>>
{
    public async ValueTask<Result<int>> Handle(CreateAgreementCommand command, CancellationToken ct)
    {
        var code = (command.Code ?? "").Trim().ToLowerInvariant();
        if (code.Length > 0 && await db.Agreements.AnyAsync(a => a.Code == code, ct))
        {
            return Result.Fail<int>(nameof(command.Code), $"Det finns redan en överenskommelse med koden {code}. Välj en annan kod.");
        }
        var created = Agreement.Create(code, command.Details);
        if (!created.Succeeded)
        {
            return Result.Fail<int>(created.Errors);
        }
        db.Agreements.Add(created.Value);
        await db.SaveChangesAsync(ct);
        return Result.Ok(created.Value.Id);
    }
}
