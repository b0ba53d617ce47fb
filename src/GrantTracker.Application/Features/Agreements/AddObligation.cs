using GrantTracker.Application.Data;
using GrantTracker.Domain.Agreements;
using GrantTracker.Domain.Common;
using Mediator;

namespace GrantTracker.Application.Features.Agreements;

/// <summary>A reporting obligation's fields as the officer types them.</summary>
/// <param name="DueDateAssumed">True where the agreement states no date and the region's own timetable is assumed.</param>
public sealed record ObligationFields(ObligationKind Kind, string Title, string Recipient, DateOnly DueDate, bool DueDateAssumed, string? Note);

/// <summary>
/// Adds a report the region owes by a date. From the save on it is on Deadlines, Att göra, the calendar feed and the reminders
/// exactly as a seeded one: they all read the obligations from the database.
/// </summary>
/// <param name="CheckOnly">Check everything and save nothing: the form asks for the use case's refusals beside its own (a field it could not read).</param>
public sealed record AddObligationCommand(int AgreementId, long Version, ObligationFields Details, bool CheckOnly = false) : ICommand<Result<int>>;

public sealed class AddObligationHandler(AppDbContext db) : ICommandHandler<AddObligationCommand, Result<int>>
{
    public async ValueTask<Result<int>> Handle(AddObligationCommand command, CancellationToken ct)
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
        var d = command.Details;
        var added = agreement.AddObligation(d.Kind, d.Title, d.Recipient, d.DueDate, d.DueDateAssumed, d.Note, source: null);
        if (!added.Succeeded)
        {
            return Result.Fail<int>(added.Errors);
        }
        if (command.CheckOnly)
        {
            return Result.Ok(0);
        }
        var saved = await AgreementLoader.SaveAsync(db, ct);
        return saved.Succeeded ? Result.Ok(added.Value.Id) : Result.Fail<int>(saved.Errors);
    }
}
