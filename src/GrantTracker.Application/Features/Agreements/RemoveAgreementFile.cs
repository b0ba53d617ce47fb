using GrantTracker.Application.Data;
using GrantTracker.Domain.Common;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Features.Agreements;

/// <summary>Removes a file kept with the agreement; the audit trail keeps its name, size and fingerprint.</summary>
public sealed record RemoveAgreementFileCommand(int AgreementId, int FileId) : ICommand<Result>;

public sealed class RemoveAgreementFileHandler(AppDbContext db) : ICommandHandler<RemoveAgreementFileCommand, Result>
{
    public static readonly Result Gone = Result.Fail("", "Filen finns inte längre. Någon kan ha tagit bort den; ladda om överenskommelsen.");

    public async ValueTask<Result> Handle(RemoveAgreementFileCommand command, CancellationToken ct)
    {
        var file = await db.AgreementFiles.SingleOrDefaultAsync(f => f.Id == command.FileId && f.AgreementId == command.AgreementId, ct);
        if (file is null)
        {
            return Gone;
        }
        db.AgreementFiles.Remove(file);
        await db.SaveChangesAsync(ct);
        return Result.Ok();
    }
}
