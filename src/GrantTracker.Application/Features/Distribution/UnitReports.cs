using GrantTracker.Application.Auditing;
using GrantTracker.Application.Common.Uploads;
using GrantTracker.Application.Data;
using GrantTracker.Application.Features.Deadlines;
using GrantTracker.Application.Features.Reconciliation;
using GrantTracker.Domain.Agreements;
using GrantTracker.Domain.Common;
using GrantTracker.Domain.Distribution;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Features.Distribution;

/// <summary>
/// A unit reports back on its part of a decided distribution: what the money was used for, the amount used, the
/// outcome, and attachments. The first submission creates the report; a later one corrects it, until an officer has
/// marked it received. An Utförare reports only for the units its organisation numbers run (<paramref name="Organisations"/>);
/// an officer or administrator may register a report for any unit (one sent by mail, say). Null when the distribution or
/// the unit is not the user's to report on (404); any refusal leaves the database unchanged.
/// </summary>
/// <param name="Version">The report's version when the form was opened (<see cref="Versions.None"/> before there was one); a
/// report changed since is refused, never overwritten. Null checks nothing.</param>
public sealed record SubmitUnitReportCommand(int DistributionId, string? UnitCode, string? Use, string? AmountUsed, string? Outcome,
    IReadOnlyList<SentFile> Files, IReadOnlyCollection<string>? Organisations, long? Version = null) : ICommand<Result?>;

/// <summary>
/// Sets the project code a unit's costs are booked with on the line's cost object; null when the unit is not in the
/// distribution. The row belongs to the distribution, so the distribution's version guards it (<paramref name="Version"/>).
/// </summary>
public sealed record SetUnitProjectCodeCommand(int DistributionId, string? UnitCode, string? ProjectCode, long? Version = null) : ICommand<Result?>;

/// <summary>
/// An officer marks a unit's report received: the provider can no longer change it. Refused when the report has changed since
/// the officer read it (<paramref name="Version"/>): the officer takes what was read, not a later correction.
/// </summary>
public sealed record MarkUnitReportReceivedCommand(int DistributionId, string? UnitCode, long? Version = null) : ICommand<Result?>;

/// <summary>An attachment of a unit's report, for download; null when it does not exist or is not the Utförare's own.</summary>
public sealed record GetUnitReportFileQuery(int DistributionId, int FileId, IReadOnlyCollection<string>? Organisations) : IQuery<KeptFileContent?>;

/// <summary>Each decided distribution's report deadline with how many units have reported; an Utförare's own units only.</summary>
public sealed record ListUnitReportDeadlinesQuery(IReadOnlyCollection<string>? Organisations = null) : IQuery<IReadOnlyList<UnitReportDeadline>>;

public sealed record UnitReportDeadline(int DistributionId, string Name, string AgreementName, DateOnly DueDate, int DaysLeft, int Units, int Reported)
{
    public bool Complete => Reported >= Units;
}

public sealed record UnitReportFileView(int Id, string FileName, long Size);

/// <param name="Received">The unit's amount in the distribution.</param>
public sealed record UnitReportView(int Id, string Use, decimal AmountUsed, string Outcome, string SubmittedBy, DateTime SubmittedAtUtc, string? ReceivedBy,
    DateTime? ReceivedAtUtc, IReadOnlyList<UnitReportFileView> Files, decimal Received = 0, long Version = 0)
{
    /// <summary>Money received but not used: to be paid back.</summary>
    public decimal Unused => Math.Max(0m, Received - AmountUsed);

    /// <summary>Used beyond what was received: shown, never refused (the unit paid it from its own budget).</summary>
    public decimal OverUsed => Math.Max(0m, AmountUsed - Received);

    public bool Locked => ReceivedAtUtc is not null;
}

/// <summary>
/// A unit report's attachments: at most five per submission, each by the rule of every upload (<see cref="UploadRule"/>), and
/// all of a report's files within <see cref="UploadLimits"/>.
/// </summary>
public static class UnitReportFiles
{
    public const int MaxFiles = 5;

    public static string? Check(IReadOnlyList<SentFile> files) => files.Count > MaxFiles
        ? $"Högst {MaxFiles} bilagor åt gången. Samla dem i en pdf eller skicka resten i en ny omgång."
        : UploadRule.Check(files);
}

internal static class UnitReportConcurrency
{
    public static readonly Result Stale = Result.Fail("",
        "Någon annan har ändrat återrapporten för vårdenheten sedan du öppnade sidan. Din ändring är inte sparad: läs in sidan igen, se vad som ändrats och gör om din ändring.");
}

internal static class UnitReportViews
{
    public static async Task<Dictionary<string, UnitReportView>> ForAsync(AppDbContext db, int distributionId, IReadOnlyCollection<string> unitCodes, CancellationToken ct)
    {
        var reports = await db.UnitReports.AsNoTracking()
            .Where(r => r.DistributionId == distributionId && unitCodes.Contains(r.UnitCode))
            .Select(r => new
            {
                r.Id, r.UnitCode, r.Use, r.AmountUsed, r.Outcome, r.SubmittedBy, r.SubmittedAtUtc, r.ReceivedBy, r.ReceivedAtUtc, r.Version,
                Files = r.Files.OrderBy(f => f.Id).Select(f => new UnitReportFileView(f.Id, f.FileName, f.Content.Length)).ToList(),
            })
            .ToListAsync(ct);
        return reports.ToDictionary(r => r.UnitCode, r => new UnitReportView(r.Id, r.Use, r.AmountUsed, r.Outcome, r.SubmittedBy, r.SubmittedAtUtc, r.ReceivedBy,
            r.ReceivedAtUtc, r.Files, Version: r.Version), StringComparer.Ordinal);
    }
}

/// <summary>
/// What each unit's project code has booked on the distribution's cost object, from the ledger's month totals (never its
/// rows): cost accounts only, over the months the cost object belongs to the distribution's agreement.
/// </summary>
public static class DistributionBookings
{
    public static async Task<Dictionary<string, decimal>> BookedAsync(AppDbContext db, ReconciliationSettings settings, Domain.Distribution.Distribution d,
        IReadOnlyCollection<DistributionRow> rows, CancellationToken ct)
    {
        var periods = await db.CostObjectPeriods.AsNoTracking()
            .Where(p => p.AgreementId == d.AgreementId && p.CostObjectCode == d.CostObjectCode)
            .Select(p => new { p.From, p.To })
            .ToListAsync(ct);
        if (periods.Count == 0)
        {
            return new Dictionary<string, decimal>(StringComparer.Ordinal);
        }
        var from = periods.Min(p => p.From);
        var to = periods.Max(p => p.To);
        var projects = rows.Select(r => r.ProjectCode).Distinct().ToList();
        var cost = settings.Accounts.Cost;
        // A few rows per project and month: summed here, since SQLite cannot sum the öre-converted decimal in SQL through EF.
        var totals = await db.LedgerMonthTotals.AsNoTracking()
            .Where(t => t.CostObject == d.CostObjectCode && projects.Contains(t.Project) && t.Month >= from && t.Month <= to
                        && t.AccountNumber >= cost.From && t.AccountNumber <= cost.To)
            .Select(t => new { t.Project, t.Amount })
            .ToListAsync(ct);
        return totals.GroupBy(t => t.Project, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(t => t.Amount), StringComparer.Ordinal);
    }
}

/// <summary>The report deadline a decision maker is offered.</summary>
public static class DistributionDeadlines
{
    /// <summary>Eight weeks before the agreement's final report, so the officer can use the units' reports in it.</summary>
    public const int WeeksBeforeFinalReport = 8;

    /// <summary>A unit gets at least four weeks from today to report.</summary>
    public const int MinimumWeeks = 4;

    /// <summary>
    /// The agreement's last final report (Slutredovisning) minus <see cref="WeeksBeforeFinalReport"/> weeks, but never
    /// less than <see cref="MinimumWeeks"/> weeks from today; eight weeks from today when the agreement has no final report.
    /// </summary>
    public static async Task<DateOnly> SuggestAsync(AppDbContext db, int agreementId, DateOnly today, CancellationToken ct)
    {
        var finalReport = await db.ReportingObligations.AsNoTracking()
            .Where(o => o.AgreementId == agreementId && o.Kind == ObligationKind.Slutredovisning)
            .MaxAsync(o => (DateOnly?)o.DueDate, ct);
        var earliest = today.AddDays(7 * MinimumWeeks);
        if (finalReport is not { } due)
        {
            return today.AddDays(7 * WeeksBeforeFinalReport);
        }
        var suggested = due.AddDays(-7 * WeeksBeforeFinalReport);
        return suggested < earliest ? earliest : suggested;
    }
}

public sealed class SubmitUnitReportHandler(AppDbContext db, IAuditActor actor, TimeProvider clock, UploadLimits limits) : ICommandHandler<SubmitUnitReportCommand, Result?>
{
    public async ValueTask<Result?> Handle(SubmitUnitReportCommand command, CancellationToken ct)
    {
        var distribution = await db.Distributions.Include(d => d.Rows).SingleOrDefaultAsync(d => d.Id == command.DistributionId, ct);
        var row = distribution?.Rows.SingleOrDefault(r => r.UnitCode == command.UnitCode?.Trim());
        if (distribution is null || row is null || (command.Organisations is { } own && (!own.Contains(row.OrganisationNumber) || distribution.Status != DistributionStatus.Beslutad)))
        {
            return null;
        }
        decimal? amount = Money.TryParse(command.AmountUsed, out var kronor) ? kronor : null;
        if (UnitReportFiles.Check(command.Files) is { } fileError)
        {
            return Result.Fail("Files", fileError);
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var report = await db.UnitReports.Include(r => r.Files).SingleOrDefaultAsync(r => r.DistributionId == distribution.Id && r.UnitCode == row.UnitCode, ct);
        if (Versions.IsStale(command.Version, report))
        {
            return UnitReportConcurrency.Stale;
        }
        if (UploadLimits.Refusal(report?.Files.Count ?? 0, report?.Files.Sum(f => (long)f.Content.Length) ?? 0, command.Files.Count,
                command.Files.Sum(f => (long)f.Content.Length), limits.MaxFilesPerReport, limits.MaxMegabytesPerReport, "Återrapporten",
                "Samla underlagen i en pdf, eller be handläggaren om hjälp.") is { } full)
        {
            return Result.Fail("Files", full);
        }
        if (report is null)
        {
            var created = UnitReport.Submit(distribution, row, command.Use, amount, command.Outcome, actor.UserName, now);
            if (!created.Succeeded)
            {
                return created;
            }
            report = created.Value;
            db.UnitReports.Add(report);
        }
        else
        {
            var corrected = report.Correct(command.Use, amount, command.Outcome, actor.UserName, now);
            if (!corrected.Succeeded)
            {
                return corrected;
            }
        }
        foreach (var file in command.Files)
        {
            var added = report.AddFile(new UnitReportFile
            {
                FileName = UploadRule.CleanName(file.FileName, "bilaga"), ContentType = UploadRule.ContentType(file.FileName), Content = file.Content,
                UploadedAtUtc = now, UploadedBy = actor.UserName,
            });
            if (!added.Succeeded)
            {
                return added;
            }
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Two submissions of the same unit's first report at once (the unique index keeps one), or a correction saved
            // between this one's read and write (the version).
            return UnitReportConcurrency.Stale;
        }
        return Result.Ok();
    }
}

public sealed class SetUnitProjectCodeHandler(AppDbContext db) : ICommandHandler<SetUnitProjectCodeCommand, Result?>
{
    internal static readonly Result DistributionStale = Result.Fail("",
        "Någon annan har ändrat fördelningen sedan du öppnade den. Din ändring är inte sparad: läs in sidan igen, se vad som ändrats och gör om din ändring.");

    public async ValueTask<Result?> Handle(SetUnitProjectCodeCommand command, CancellationToken ct)
    {
        var distribution = await db.Distributions.Include(d => d.Rows).SingleOrDefaultAsync(d => d.Id == command.DistributionId, ct);
        var row = distribution?.Rows.SingleOrDefault(r => r.UnitCode == command.UnitCode);
        if (distribution is null || row is null)
        {
            return null;
        }
        if (Versions.IsStale(command.Version, distribution))
        {
            return DistributionStale;
        }
        var result = row.SetProjectCode(command.ProjectCode);
        if (!result.Succeeded)
        {
            return result;
        }
        // A change to a row is a change to the distribution: its version moves, so a second stale form is refused too.
        db.Entry(distribution).State = EntityState.Modified;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return DistributionStale;
        }
        return result;
    }
}

public sealed class MarkUnitReportReceivedHandler(AppDbContext db, IAuditActor actor, TimeProvider clock) : ICommandHandler<MarkUnitReportReceivedCommand, Result?>
{
    public async ValueTask<Result?> Handle(MarkUnitReportReceivedCommand command, CancellationToken ct)
    {
        var report = await db.UnitReports.SingleOrDefaultAsync(r => r.DistributionId == command.DistributionId && r.UnitCode == command.UnitCode, ct);
        if (report is null)
        {
            return null;
        }
        if (!report.Received && Versions.IsStale(command.Version, report))
        {
            return UnitReportConcurrency.Stale;
        }
        var result = report.MarkReceived(actor.UserName, clock.GetUtcNow().UtcDateTime);
        if (!result.Succeeded)
        {
            return result;
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return UnitReportConcurrency.Stale;
        }
        return result;
    }
}

public sealed class GetUnitReportFileHandler(AppDbContext db) : IQueryHandler<GetUnitReportFileQuery, KeptFileContent?>
{
    public async ValueTask<KeptFileContent?> Handle(GetUnitReportFileQuery query, CancellationToken ct)
    {
        var file = await db.UnitReportFiles.AsNoTracking()
            .Where(f => f.Id == query.FileId)
            .Join(db.UnitReports, f => f.UnitReportId, r => r.Id, (f, r) => new { f.FileName, f.ContentType, f.Content, r.DistributionId, r.OrganisationNumber })
            .SingleOrDefaultAsync(ct);
        if (file is null || file.DistributionId != query.DistributionId || (query.Organisations is { } own && !own.Contains(file.OrganisationNumber)))
        {
            return null;
        }
        return new KeptFileContent(file.FileName, file.ContentType, file.Content);
    }
}

public sealed class ListUnitReportDeadlinesHandler(AppDbContext db, TimeProvider clock, FiguresCache cache) : IQueryHandler<ListUnitReportDeadlinesQuery, IReadOnlyList<UnitReportDeadline>>
{
    /// <summary>
    /// Once per day and change of the data (<see cref="FiguresCache"/>): the days left count from today. The organisation
    /// numbers are part of the key by value (sorted), so an Utförare's answer is never another's or the region's.
    /// </summary>
    public async ValueTask<IReadOnlyList<UnitReportDeadline>> Handle(ListUnitReportDeadlinesQuery query, CancellationToken ct)
    {
        var today = SwedishFormat.Today(clock);
        var organisations = query.Organisations is { } own ? string.Join(",", own.Order(StringComparer.Ordinal)) : null;
        return await cache.GetAsync(db, (nameof(ListUnitReportDeadlinesQuery), today, organisations), token => ComputeAsync(query, today, token), ct);
    }

    private async Task<IReadOnlyList<UnitReportDeadline>> ComputeAsync(ListUnitReportDeadlinesQuery query, DateOnly today, CancellationToken ct)
    {
        var distributions = await db.Distributions.AsNoTracking()
            .Where(d => d.Status == DistributionStatus.Beslutad && d.ReportDeadline != null)
            .Join(db.Agreements, d => d.AgreementId, a => a.Id, (d, a) => new { d.Id, d.Name, AgreementName = a.Name, Due = d.ReportDeadline!.Value })
            .ToListAsync(ct);
        var rows = db.Set<DistributionRow>().AsNoTracking();
        if (query.Organisations is { } own)
        {
            rows = rows.Where(r => own.Contains(r.OrganisationNumber));
        }
        var units = (await rows.Select(r => new { r.DistributionId, r.UnitCode }).ToListAsync(ct)).ToLookup(r => r.DistributionId, r => r.UnitCode);
        var reported = (await db.UnitReports.AsNoTracking().Select(r => new { r.DistributionId, r.UnitCode }).ToListAsync(ct))
            .ToLookup(r => r.DistributionId, r => r.UnitCode);
        return [.. distributions
            .Where(d => units[d.Id].Any())
            .Select(d => new UnitReportDeadline(d.Id, d.Name, d.AgreementName, d.Due, d.Due.DayNumber - today.DayNumber, units[d.Id].Count(),
                units[d.Id].Intersect(reported[d.Id], StringComparer.Ordinal).Count()))
            .OrderBy(d => d.DueDate).ThenBy(d => d.DistributionId)];
    }
}

/// <summary>
/// Avstämning's follow-up of an agreement's decided distributions: per unit, distributed, booked (month totals of its
/// project code) and remaining. Its own table, beside the reconciliation's figures, which it does not change.
/// </summary>
public sealed record ListDistributionFollowUpQuery(string AgreementCode) : IQuery<IReadOnlyList<DistributionView>>;

public sealed class ListDistributionFollowUpHandler(AppDbContext db, IMediator mediator, TimeProvider clock, FiguresCache cache)
    : IQueryHandler<ListDistributionFollowUpQuery, IReadOnlyList<DistributionView>>
{
    /// <summary>Once per day and change of the data (<see cref="FiguresCache"/>): a distribution's deadline counts from today.</summary>
    public async ValueTask<IReadOnlyList<DistributionView>> Handle(ListDistributionFollowUpQuery query, CancellationToken ct) =>
        await cache.GetAsync(db, (query, SwedishFormat.Today(clock)), token => ComputeAsync(query, token), ct);

    private async Task<IReadOnlyList<DistributionView>> ComputeAsync(ListDistributionFollowUpQuery query, CancellationToken ct)
    {
        var ids = await db.Distributions.AsNoTracking()
            .Where(d => d.Status == DistributionStatus.Beslutad)
            .Join(db.Agreements.Where(a => a.Code == query.AgreementCode), d => d.AgreementId, a => a.Id, (d, a) => d.Id)
            .OrderBy(id => id)
            .ToListAsync(ct);
        var views = new List<DistributionView>(ids.Count);
        foreach (var id in ids)
        {
            if (await mediator.Send(new GetDistributionQuery(id), ct) is { } view)
            {
                views.Add(view);
            }
        }
        return [.. views.OrderBy(v => v.LineCode, StringComparer.Ordinal).ThenBy(v => v.Id)];
    }
}
