using GrantTracker.Application.Auditing;
using GrantTracker.Application.Data;
using GrantTracker.Domain.Common;
using Mediator;

namespace GrantTracker.Application.Features.Agreements.Definition;

/// <summary>
/// Imports an agreement's definition file (<c>docs/agreement-definition.md</c>). The file is checked whole before anything is written:
/// a refusal lists every error with its JSON path (<c>areas[0].lines[1].amount</c>) as the error's field and writes nothing. An
/// existing code is refused unless <paramref name="Replace"/> is set and nothing has happened in that agreement yet.
/// </summary>
/// <param name="Content">The file's bytes (UTF-8 JSON).</param>
public sealed record ImportAgreementDefinitionCommand(byte[] Content, bool Replace = false) : ICommand<Result<DefinitionImported>>;

public sealed class ImportAgreementDefinitionHandler(AppDbContext db, IAuditActor actor, TimeProvider clock)
    : ICommandHandler<ImportAgreementDefinitionCommand, Result<DefinitionImported>>
{
    public async ValueTask<Result<DefinitionImported>> Handle(ImportAgreementDefinitionCommand command, CancellationToken ct)
    {
        var (definition, errors) = DefinitionReader.Read(command.Content);
        if (definition is null)
        {
            return Result.Fail<DefinitionImported>(errors);
        }
        return await DefinitionImporter.ImportAsync(db, definition, errors, command.Replace, actor.UserName, clock.GetUtcNow().UtcDateTime, DefinitionOrigin.File, ct);
    }
}
