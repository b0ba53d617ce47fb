using GrantTracker.Application.Auditing;
using GrantTracker.Application.Data;
using GrantTracker.Application.Features.Reconciliation;
using GrantTracker.Application.Reports;
using GrantTracker.Domain.Common;
using GrantTracker.Domain.Distribution;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Features.Distribution;

/// <summary>Saves what <see cref="PreviewDistributionQuery"/> shows as a draft distribution of the line's money.</summary>
public sealed record SaveDistributionCommand(string Name, string AgreementCode, string LineCode, long Amount, DistributionKey Key, int? ModelYear = null,
    DateOnly? AsOf = null) : ICommand<Result<int>>;

/// <summary>
/// A Beslutsfattare decides a draft with the decision's reference and the units' report deadline (when none is given, the
/// suggested one: <see cref="DistributionDeadlines.SuggestAsync"/>); it is locked from then on.
/// </summary>
public sealed record DecideDistributionCommand(int Id, string? Reference, long Version, DateOnly? ReportDeadline = null) : ICommand<Result>;

/// <param name="Organisations">
/// An Utförare's organisation numbers (<see cref="ProviderScope"/>): only the rows of units they run, and null (not found) when
/// they run none of its units. Null for every other role: all rows.
/// </param>
public sealed record GetDistributionQuery(int Id, IReadOnlyCollection<string>? Organisations = null) : IQuery<DistributionView?>;

/// <param name="Organisations">As for <see cref="GetDistributionQuery"/>: an Utförare lists only decided distributions with a unit of its own.</param>
public sealed record ListDistributionsQuery(IReadOnlyCollection<string>? Organisations = null) : IQuery<IReadOnlyList<DistributionSummary>>;

/// <summary>The payment list of a decided distribution: one row per unit with its organisation and amount, as a workbook.</summary>
public sealed record GetPaymentListQuery(int Id, IReadOnlyCollection<string>? Organisations = null) : IQuery<ReportDocument?>;

/// <param name="Amount">The distribution's amount, or for an Utförare the sum of its own units' amounts.</param>
public sealed record DistributionSummary(int Id, string Name, string AgreementName, string LineCode, decimal Amount, DistributionKey Key, int ModelYear,
    DateOnly ListingAsOf, DistributionStatus Status, string? DecisionReference, DateOnly? ReportDeadline);

/// <param name="Booked">Booked cost on the line's cost object with the unit's project code, from the month totals (null for a draft).</param>
public sealed record DistributionUnitRow(string UnitCode, string Name, string OrganisationNumber, Ownership Ownership, decimal Points, decimal Share, decimal Amount,
    string ProjectCode, UnitReportView? Report, decimal? Booked)
{
    public decimal? Remaining => Booked is { } booked ? Amount - booked : null;
}

/// <param name="Scoped">True when the view holds only an Utförare's own units: the distribution's totals are then left out.</param>
/// <param name="SuggestedReportDeadline">For the decision form: <see cref="DistributionDeadlines.Suggest"/>.</param>
public sealed record DistributionView(int Id, string Name, string AgreementCode, string AgreementName, string LineCode, string CostObjectCode, decimal Amount,
    DistributionKey Key, int ModelYear, DateOnly ListingAsOf, DistributionStatus Status, string CreatedBy, DateTime CreatedAtUtc, string? DecisionReference,
    string? DecidedBy, DateTime? DecidedAtUtc, long Version, IReadOnlyList<DistributionUnitRow> Units, DateOnly? ReportDeadline, DateOnly SuggestedReportDeadline,
    DateOnly Today, bool Scoped)
{
    public decimal Public => Units.Where(u => u.Ownership == Ownership.Offentlig).Sum(u => u.Amount);

    public decimal Private => Units.Where(u => u.Ownership == Ownership.Privat).Sum(u => u.Amount);

    public bool Decided => Status == DistributionStatus.Beslutad;

    /// <summary>Decided, and past its deadline: a unit without a report is overdue.</summary>
    public bool Overdue => Decided && ReportDeadline is { } d && d < Today;

    public int Reported => Units.Count(u => u.Report is not null);

    /// <summary>Received − used, summed over the units that used less than they received and reported it: to be paid back.</summary>
    public decimal ToRepay => Units.Sum(u => u.Report?.Unused ?? 0m);
}

public sealed class SaveDistributionHandler(AppDbContext db, IMediator mediator, IAuditActor actor, TimeProvider clock) : ICommandHandler<SaveDistributionCommand, Result<int>>
{
    public async ValueTask<Result<int>> Handle(SaveDistributionCommand command, CancellationToken ct)
    {
        var preview = await mediator.Send(new PreviewDistributionQuery(command.Amount, command.Key, command.ModelYear, command.AsOf, command.AgreementCode, command.LineCode), ct);
        if (!preview.Succeeded)
        {
            return Result.Fail<int>(preview.Errors);
        }
        // The preview has checked the agreement, the line and the pot against it, and found the listing.
        var (listingId, asOf, split, line) = preview.Value;
        var created = Domain.Distribution.Distribution.Create(command.Name, line!.AgreementId, line.LineId, line.Code, line.CostObjectCode, listingId, asOf,
            split, actor.UserName, clock.GetUtcNow().UtcDateTime);
        if (!created.Succeeded)
        {
            return Result.Fail<int>(created.Errors);
        }
        db.Distributions.Add(created.Value);
        await db.SaveChangesAsync(ct);
        return Result.Ok(created.Value.Id);
    }
}

public sealed class DecideDistributionHandler(AppDbContext db, IAuditActor actor, TimeProvider clock) : ICommandHandler<DecideDistributionCommand, Result>
{
    public async ValueTask<Result> Handle(DecideDistributionCommand command, CancellationToken ct)
    {
        var distribution = await db.Distributions.SingleOrDefaultAsync(d => d.Id == command.Id, ct);
        if (distribution is null)
        {
            return Result.Fail("", "Fördelningen finns inte.");
        }
        // A decided distribution says so whatever page it was decided from.
        if (distribution.Status != DistributionStatus.Beslutad && distribution.Version != command.Version)
        {
            return Result.Fail("", "Någon annan har ändrat fördelningen sedan du öppnade den. Läs in sidan igen.");
        }
        var today = SwedishFormat.Today(clock);
        // No deadline given (a form left empty): the one the decision form offers.
        var deadline = command.ReportDeadline ?? await DistributionDeadlines.SuggestAsync(db, distribution.AgreementId, today, ct);
        var decided = distribution.Decide(command.Reference, deadline, today, actor.UserName, clock.GetUtcNow().UtcDateTime);
        if (!decided.Succeeded)
        {
            return decided;
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Result.Fail("", "Någon annan har ändrat fördelningen sedan du öppnade den. Läs in sidan igen.");
        }
        return Result.Ok();
    }
}

public sealed class GetDistributionHandler(AppDbContext db, ReconciliationSettings settings, TimeProvider clock, FiguresCache figures) : IQueryHandler<GetDistributionQuery, DistributionView?>
{
    /// <summary>
    /// Once per change of the data and per day (<see cref="FiguresCache"/>): the page read the distribution, its rows, the reports, the
    /// month totals of the units' project codes and the deadlines on every request, about ten times any other page's cost (issue 24).
    /// An Utförare's view is kept under its own organisations, so a kept answer never crosses from one scope to another.
    /// </summary>
    public async ValueTask<DistributionView?> Handle(GetDistributionQuery query, CancellationToken ct)
    {
        var today = SwedishFormat.Today(clock);
        var key = new Key(query.Id, query.Organisations is null ? null : string.Join('\n', query.Organisations.Order(StringComparer.Ordinal)), today);
        return await figures.GetAsync(db, key, token => ComputeAsync(query, today, token), ct);
    }

    /// <summary>The cache's key: the organisations as one ordered text (a collection compares by reference in a record).</summary>
    private sealed record Key(int Id, string? Organisations, DateOnly Today);

    private async Task<DistributionView?> ComputeAsync(GetDistributionQuery query, DateOnly today, CancellationToken ct)
    {
        var d = await db.Distributions.AsNoTracking().Include(x => x.Rows).SingleOrDefaultAsync(x => x.Id == query.Id, ct);
        if (d is null)
        {
            return null;
        }
        var rows = d.Rows.Where(r => query.Organisations is null || query.Organisations.Contains(r.OrganisationNumber)).OrderBy(r => r.UnitCode, StringComparer.Ordinal).ToList();
        // An Utförare sees a decided distribution with a unit of its own, and nothing else of it.
        if (query.Organisations is not null && (rows.Count == 0 || d.Status != DistributionStatus.Beslutad))
        {
            return null;
        }
        var agreement = await db.Agreements.AsNoTracking().Where(a => a.Id == d.AgreementId).Select(a => new { a.Code, a.Name }).SingleAsync(ct);
        var codes = rows.Select(r => r.UnitCode).ToList();
        var reports = await UnitReportViews.ForAsync(db, d.Id, codes, ct);
        var booked = d.Status == DistributionStatus.Beslutad ? await DistributionBookings.BookedAsync(db, settings, d, rows, ct) : null;
        var suggested = await DistributionDeadlines.SuggestAsync(db, d.AgreementId, today, ct);
        var units = rows.Select(r => new DistributionUnitRow(r.UnitCode, r.Name, r.OrganisationNumber, r.Ownership, r.Points, r.Share, r.Amount, r.ProjectCode,
            reports.GetValueOrDefault(r.UnitCode) is { } report ? report with { Received = r.Amount } : null,
            booked?.GetValueOrDefault(r.ProjectCode) ?? (booked is null ? null : 0m))).ToList();
        var scoped = query.Organisations is not null;
        return new DistributionView(d.Id, d.Name, agreement.Code, agreement.Name, d.LineCode, d.CostObjectCode, scoped ? units.Sum(u => u.Amount) : d.Amount, d.Key,
            d.ModelYear, d.ListingAsOf, d.Status, d.CreatedBy, d.CreatedAtUtc, d.DecisionReference, d.DecidedBy, d.DecidedAtUtc, d.Version, units, d.ReportDeadline,
            suggested, today, scoped);
    }
}

public sealed class ListDistributionsHandler(AppDbContext db) : IQueryHandler<ListDistributionsQuery, IReadOnlyList<DistributionSummary>>
{
    public async ValueTask<IReadOnlyList<DistributionSummary>> Handle(ListDistributionsQuery query, CancellationToken ct)
    {
        var rows = await db.Distributions.AsNoTracking()
            .Join(db.Agreements, d => d.AgreementId, a => a.Id, (d, a) => new { d, AgreementName = a.Name })
            .OrderByDescending(x => x.d.Id)
            .Select(x => new DistributionSummary(x.d.Id, x.d.Name, x.AgreementName, x.d.LineCode, x.d.Amount, x.d.Key, x.d.ModelYear, x.d.ListingAsOf, x.d.Status,
                x.d.DecisionReference, x.d.ReportDeadline))
            .ToListAsync(ct);
        if (query.Organisations is not { } organisations)
        {
            return rows;
        }
        // An Utförare: decided distributions with a unit of its own, at the sum of its own units' amounts.
        var own = (await db.Set<DistributionRow>().AsNoTracking()
                .Where(r => organisations.Contains(r.OrganisationNumber))
                .Select(r => new { r.DistributionId, r.Amount })
                .ToListAsync(ct))
            .GroupBy(r => r.DistributionId)
            .ToDictionary(g => g.Key, g => g.Sum(r => r.Amount));
        return [.. rows.Where(r => r.Status == DistributionStatus.Beslutad && own.ContainsKey(r.Id)).Select(r => r with { Amount = own[r.Id] })];
    }
}

public sealed class GetPaymentListHandler(IMediator mediator, TimeProvider clock) : IQueryHandler<GetPaymentListQuery, ReportDocument?>
{
    public async ValueTask<ReportDocument?> Handle(GetPaymentListQuery query, CancellationToken ct)
    {
        var d = await mediator.Send(new GetDistributionQuery(query.Id, query.Organisations), ct);
        if (d is null || d.Status != DistributionStatus.Beslutad)
        {
            return null;
        }
        var table = new ReportTable(
            "Betalningslista",
            $"{d.Name}: {Money.Format(d.Amount)} från rad {d.LineCode} (objekt {d.CostObjectCode}), beslut {d.DecisionReference}, listningen per {SwedishFormat.Date(d.ListingAsOf)}",
            [
                new ReportColumn("Vårdenhet", ColumnKind.Text, 22), new ReportColumn("Namn", ColumnKind.Text, 36),
                new ReportColumn("Organisationsnummer", ColumnKind.Text, 20), new ReportColumn("Driftform", ColumnKind.Text, 12),
                new ReportColumn("Belopp", ColumnKind.Money, 16),
            ],
            [.. d.Units.Select(u => (IReadOnlyList<object?>)[u.UnitCode, u.Name, u.OrganisationNumber, u.Ownership.ToString(), u.Amount])],
            [d.Scoped ? "Summa, era vårdenheter" : "Summa", null, null, null, d.Units.Sum(u => u.Amount)]);
        return new ReportDocument(ReportDocument.Region, "Betalningslista", d.Name, SwedishFormat.Today(clock),
            $"betalningslista-{d.Id}.xlsx", [table]);
    }
}
