using GrantTracker.Application.Auditing;
using GrantTracker.Application.Common.Uploads;
using GrantTracker.Application.Data;
using GrantTracker.Application.Features.Deadlines;
using GrantTracker.Domain.Agreements;
using GrantTracker.Domain.Common;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Features.Agreements;

/// <summary>
/// Keeps a file with the agreement: the agreement document itself, the region's decision with its reference, or another
/// paper. The rule of every upload applies (types by name and content, 20 MB, <see cref="UploadRule"/>); every problem is refused at
/// once and nothing is written. The audit trail records the file by size and SHA-256 fingerprint.
/// </summary>
/// <param name="CheckOnly">Run every check and save nothing (<see cref="CreateAgreementCommand.CheckOnly"/>): the upload was refused before it was read.</param>
public sealed record AddAgreementFileCommand(int AgreementId, AgreementFileKind Kind, string? Reference, SentFile? File, bool CheckOnly = false)
    : ICommand<Result<int>>;

public sealed class AddAgreementFileHandler(AppDbContext db, IAuditActor actor, TimeProvider clock) : ICommandHandler<AddAgreementFileCommand, Result<int>>
{
    public async ValueTask<Result<int>> Handle(AddAgreementFileCommand command, CancellationToken ct)
    {
        if (!await db.Agreements.AnyAsync(a => a.Id == command.AgreementId, ct))
        {
            return Result.Fail<int>(AgreementLoader.NotFound.Errors);
        }
        var errors = new ErrorList();
        var file = command.File;
        var name = UploadRule.CleanName(file?.FileName, "");
        if (file is { Content.Length: > 0 } && UploadRule.Check(file.FileName, file.Content) is { } refused)
        {
            errors.Add("File", refused);
        }
        var created = AgreementFile.Create(command.AgreementId, command.Kind, command.Reference, name, UploadRule.ContentType(name),
            file?.Content ?? [], clock.GetUtcNow().UtcDateTime, actor.UserName);
        errors.AddRange(created.Errors);
        if (errors.Any || command.CheckOnly)
        {
            return errors.ToResult(() => 0);
        }
        db.AgreementFiles.Add(created.Value);
        await db.SaveChangesAsync(ct);
        return Result.Ok(created.Value.Id);
    }
}
