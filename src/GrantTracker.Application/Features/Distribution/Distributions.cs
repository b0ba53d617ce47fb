using GrantTracker.Application.Auditing;
using GrantTracker.Application.Data;
using GrantTracker.Application.Reports;
using GrantTracker.Domain.Common;
using GrantTracker.Domain.Distribution;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Features.Distribution;

/// <summary>Saves what <see cref="PreviewDistributionQuery"/> shows as a draft distribution of the line's money.</summary>
public sealed record SaveDistributionCommand(string Name, string AgreementCode, string LineCode, long Amount, DistributionKey Key, int? ModelYear = null,
    DateOnly? AsOf = null) : ICommand<Result<int>>;

/// <summary>A Beslutsfattare decides a draft with the decision's reference; it is locked from then on.</summary>
public sealed record DecideDistributionCommand(int Id, string? Reference, long Version) : ICommand<Result>;

public sealed record GetDistributionQuery(int Id) : IQuery<DistributionView?>;

public sealed record ListDistributionsQuery : IQuery<IReadOnlyList<DistributionSummary>>;

/// <summary>The payment list of a decided distribution: one row per unit with its organisation and amount, as a workbook.</summary>
public sealed record GetPaymentListQuery(int Id) : IQuery<ReportDocument?>;

public sealed record DistributionSummary(int Id, string Name, string AgreementName, string LineCode, decimal Amount, DistributionKey Key, int ModelYear,
    DateOnly ListingAsOf, DistributionStatus Status, string? DecisionReference);

public sealed record DistributionUnitRow(string UnitCode, string Name, string OrganisationNumber, Ownership Ownership, decimal Points, decimal Share, decimal Amount);

public sealed record DistributionView(int Id, string Name, string AgreementCode, string AgreementName, string LineCode, string CostObjectCode, decimal Amount,
    DistributionKey Key, int ModelYear, DateOnly ListingAsOf, DistributionStatus Status, string CreatedBy, DateTime CreatedAtUtc, string? DecisionReference,
    string? DecidedBy, DateTime? DecidedAtUtc, long Version, IReadOnlyList<DistributionUnitRow> Units)
{
    public decimal Public => Units.Where(u => u.Ownership == Ownership.Offentlig).Sum(u => u.Amount);

    public decimal Private => Units.Where(u => u.Ownership == Ownership.Privat).Sum(u => u.Amount);
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
        var decided = distribution.Decide(command.Reference, actor.UserName, clock.GetUtcNow().UtcDateTime);
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

public sealed class GetDistributionHandler(AppDbContext db) : IQueryHandler<GetDistributionQuery, DistributionView?>
{
    public async ValueTask<DistributionView?> Handle(GetDistributionQuery query, CancellationToken ct)
    {
        var d = await db.Distributions.AsNoTracking().Include(x => x.Rows).SingleOrDefaultAsync(x => x.Id == query.Id, ct);
        if (d is null)
        {
            return null;
        }
        var agreement = await db.Agreements.AsNoTracking().Where(a => a.Id == d.AgreementId).Select(a => new { a.Code, a.Name }).SingleAsync(ct);
        return new DistributionView(d.Id, d.Name, agreement.Code, agreement.Name, d.LineCode, d.CostObjectCode, d.Amount, d.Key, d.ModelYear, d.ListingAsOf, d.Status,
            d.CreatedBy, d.CreatedAtUtc, d.DecisionReference, d.DecidedBy, d.DecidedAtUtc, d.Version,
            [.. d.Rows.OrderBy(r => r.UnitCode, StringComparer.Ordinal).Select(r => new DistributionUnitRow(r.UnitCode, r.Name, r.OrganisationNumber, r.Ownership, r.Points, r.Share, r.Amount))]);
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
                x.d.DecisionReference))
            .ToListAsync(ct);
        return rows;
    }
}

public sealed class GetPaymentListHandler(IMediator mediator, TimeProvider clock) : IQueryHandler<GetPaymentListQuery, ReportDocument?>
{
    public async ValueTask<ReportDocument?> Handle(GetPaymentListQuery query, CancellationToken ct)
    {
        var d = await mediator.Send(new GetDistributionQuery(query.Id), ct);
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
            ["Summa", null, null, null, d.Units.Sum(u => u.Amount)]);
        return new ReportDocument(ReportDocument.Region, "Betalningslista", d.Name, SwedishFormat.Today(clock),
            $"betalningslista-{d.Id}.xlsx", [table]);
    }
}
