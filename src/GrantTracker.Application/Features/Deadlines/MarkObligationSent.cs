using GrantTracker.Application.Auditing;
using GrantTracker.Application.Common.Uploads;
using GrantTracker.Application.Data;
using GrantTracker.Domain.Agreements;
using GrantTracker.Domain.Common;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Features.Deadlines;

/// <summary>
/// Records a report as sent: the day it was sent, who recorded it (the signed-in user) and the file sent, which is
/// kept as it was. The file is required: the archive is the point.
/// </summary>
/// <param name="Version">The agreement's version when the page was opened (the obligation is part of it); null checks nothing.</param>
public sealed record MarkObligationSentCommand(int Id, DateOnly SentOn, SentFile? File, long? Version = null) : ICommand<Result>;

public sealed record SentFile(string FileName, string? ContentType, byte[] Content);

public sealed class MarkObligationSentHandler(AppDbContext db, IAuditActor actor, TimeProvider clock) : ICommandHandler<MarkObligationSentCommand, Result>
{
    /// <summary>Reports and receipts are a few megabytes; the bytes live in the database.</summary>
    public const int MaxFileBytes = 20 * 1024 * 1024;

    public static readonly string TooLarge = $"Filen är för stor: högst {MaxFileBytes / (1024 * 1024)} MB. Spara rapporten som pdf eller komprimera bilagorna.";

    public async ValueTask<Result> Handle(MarkObligationSentCommand command, CancellationToken ct)
    {
        var file = command.File;
        if (file is null || file.Content.Length == 0)
        {
            return Result.Fail("File", "Bifoga filen som skickades, till exempel rapporten som pdf eller kvittot från e-tjänsten.");
        }
        if (file.Content.Length > MaxFileBytes)
        {
            return Result.Fail("File", TooLarge);
        }
        // The rule of every upload: a report sent is a pdf, an Office file, a picture of a receipt or a text.
        if (UploadRule.Check(file.FileName, file.Content) is { } refused)
        {
            return Result.Fail("File", refused);
        }
        var (loaded, refusal) = await ChangeObligationStatusHandler.LoadAsync(db, command.Id, command.Version, ct);
        if (loaded is not { } obligation)
        {
            return refusal!;
        }

        // The obligation points at the kept file, so the file is saved first; one transaction keeps both or neither.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var kept = new ObligationFile
        {
            ObligationId = obligation.Id,
            FileName = UploadRule.CleanName(file.FileName, "rapport"),
            ContentType = UploadRule.ContentType(file.FileName),
            Content = file.Content,
            UploadedAtUtc = clock.GetUtcNow().UtcDateTime,
            UploadedBy = actor.UserName,
        };
        db.ObligationFiles.Add(kept);
        await db.SaveChangesAsync(ct);
        var result = obligation.MarkSent(command.SentOn, actor.UserName, kept.Id, SwedishFormat.Today(clock));
        if (!result.Succeeded)
        {
            return result;
        }
        await FinalReports.FollowAsync(db, obligation, ct);
        var saved = await ChangeObligationStatusHandler.SaveAsync(db, obligation, ct);
        if (!saved.Succeeded)
        {
            // Not committed: the kept file goes with the refused change.
            return saved;
        }
        await transaction.CommitAsync(ct);
        return result;
    }
}

/// <summary>
/// The agreement's status follows its final report (ADR 27): Aktiv → Slutredovisad when its last unsent final report (Slutredovisning) is
/// recorded as sent, and back to Aktiv when one is reopened.
/// </summary>
internal static class FinalReports
{
    public static async Task FollowAsync(AppDbContext db, ReportingObligation obligation, CancellationToken ct)
    {
        if (obligation.Kind != ObligationKind.Slutredovisning)
        {
            return;
        }
        if (obligation.Status != ObligationStatus.Inskickad)
        {
            obligation.Agreement.FinalReportReopened();
            return;
        }
        var othersUnsent = await db.ReportingObligations.AnyAsync(o => o.AgreementId == obligation.AgreementId && o.Id != obligation.Id
            && o.Kind == ObligationKind.Slutredovisning && o.Status != ObligationStatus.Inskickad, ct);
        if (!othersUnsent)
        {
            obligation.Agreement.FinalReportSent();
        }
    }
}
