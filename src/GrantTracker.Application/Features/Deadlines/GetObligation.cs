using GrantTracker.Application.Data;
using GrantTracker.Application.Features.Reconciliation;
using GrantTracker.Domain.Agreements;
using GrantTracker.Domain.Common;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Features.Deadlines;

/// <summary>One reporting obligation: its facts, status, readiness and every file kept for it; null when it does not exist.</summary>
/// <param name="WithReadiness">
/// False for an Utförare: readiness speaks of the whole agreement (other activities, the region's exceptions), so it
/// is neither computed nor shown (null).
/// </param>
public sealed record GetObligationQuery(int Id, bool WithReadiness = true) : IQuery<ObligationDetails?>;

public sealed record ObligationDetails(
    int Id, int AgreementId, string AgreementCode, string AgreementName, ObligationKind Kind, string Title, string Recipient,
    DateOnly DueDate, bool DueDateAssumed, int DaysLeft, string? Note, string? Owner, string? AgreementResponsible,
    ObligationStatus Status, DateOnly? SentOn, string? SentBy, int? SentFileId, IReadOnlyList<KeptFile> Files, Readiness? Readiness, DateOnly Today,
    long AgreementVersion = 0);

/// <summary>A file kept for an obligation; <paramref name="Sent"/> marks the one recorded with the current submission.</summary>
public sealed record KeptFile(int Id, string FileName, string ContentType, long Size, DateTime UploadedAtUtc, string UploadedBy, bool Sent);

public sealed class GetObligationHandler(AppDbContext db, ReconciliationSettings settings, ReadinessCache cache, TimeProvider clock, FiguresCache figures)
    : IQueryHandler<GetObligationQuery, ObligationDetails?>
{
    /// <summary>Once per change of the data and per day (<see cref="FiguresCache"/>): the page read 18 statements a request (issue 24).</summary>
    public async ValueTask<ObligationDetails?> Handle(GetObligationQuery query, CancellationToken ct)
    {
        var today = SwedishFormat.Today(clock);
        return await figures.GetAsync(db, (query, today), token => ComputeAsync(query, today, token), ct);
    }

    private async Task<ObligationDetails?> ComputeAsync(GetObligationQuery query, DateOnly today, CancellationToken ct)
    {
        var o = await db.ReportingObligations.AsNoTracking()
            .Where(o => o.Id == query.Id)
            .Select(o => new
            {
                o.Id, o.AgreementId, AgreementCode = o.Agreement.Code, AgreementName = o.Agreement.Name, o.Kind, o.Title, o.Recipient,
                o.DueDate, o.DueDateAssumed, o.Note, o.Owner, o.Agreement.Responsible, o.Status, o.SentOn, o.SentBy, o.SentFileId, AgreementVersion = o.Agreement.Version,
            })
            .SingleOrDefaultAsync(ct);
        if (o is null)
        {
            return null;
        }
        var files = await db.ObligationFiles.AsNoTracking()
            .Where(f => f.ObligationId == o.Id)
            .OrderByDescending(f => f.UploadedAtUtc).ThenByDescending(f => f.Id)
            .Select(f => new KeptFile(f.Id, f.FileName, f.ContentType, f.Content.Length, f.UploadedAtUtc, f.UploadedBy, f.Id == o.SentFileId))
            .ToListAsync(ct);
        var readiness = !query.WithReadiness ? null : await new ReadinessChecker(db, settings, cache).CheckAsync(new ObligationFacts(o.AgreementId, o.Kind, o.DueDate), ct);
        return new ObligationDetails(o.Id, o.AgreementId, o.AgreementCode, o.AgreementName, o.Kind, o.Title, o.Recipient, o.DueDate, o.DueDateAssumed,
            o.DueDate.DayNumber - today.DayNumber, o.Note, o.Owner, o.Responsible, o.Status, o.SentOn, o.SentBy, o.SentFileId, files, readiness, today, o.AgreementVersion);
    }
}
