using GrantTracker.Application.Data;
using GrantTracker.Application.Features.Reconciliation;
using GrantTracker.Application.Reports;
using GrantTracker.Domain.Activities;
using GrantTracker.Domain.Agreements;
using GrantTracker.Domain.Common;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Features.Feed;

/// <summary>
/// The register part of the read feed: agreements with their areas, lines, cost objects and obligations, activities,
/// distributions with their units, and the requirements' answers. Unscoped: <see cref="FeedScope"/> narrows it per user.
/// </summary>
public sealed record GetFeedRegisterQuery : IQuery<FeedRegister>;

/// <summary>The computed part: every line's figures through every month booked so far, and each agreement's exceptions.</summary>
public sealed record GetFeedFiguresQuery : IQuery<FeedFigures>;

public sealed record FeedRegister(
    IReadOnlyList<FeedAgreement> Agreements,
    IReadOnlyList<FeedArea> Areas,
    IReadOnlyList<FeedLine> Lines,
    IReadOnlyList<FeedCostObject> CostObjects,
    IReadOnlyList<FeedObligation> Obligations,
    IReadOnlyList<FeedActivity> Activities,
    IReadOnlyList<FeedDistribution> Distributions,
    IReadOnlyList<FeedUnitAmount> UnitAmounts,
    IReadOnlyList<FeedRequirementAnswer> RequirementAnswers);

public sealed record FeedFigures(IReadOnlyList<FeedMonthFigure> MonthFigures, IReadOnlyList<FeedException> Exceptions);

/// <summary>
/// Builds the feed once per change of the data (<see cref="FiguresCache"/>, keyed on the audit trail's last id): a region's
/// register is a few thousand rows, so a request of the feed filters, orders and pages lists in memory and reads nothing.
/// </summary>
public sealed class GetFeedHandler(AppDbContext db, ReconciliationSettings settings, FiguresCache cache)
    : IQueryHandler<GetFeedRegisterQuery, FeedRegister>, IQueryHandler<GetFeedFiguresQuery, FeedFigures>
{
    public async ValueTask<FeedRegister> Handle(GetFeedRegisterQuery query, CancellationToken ct) =>
        await cache.GetAsync(db, query, RegisterAsync, ct);

    public async ValueTask<FeedFigures> Handle(GetFeedFiguresQuery query, CancellationToken ct) =>
        await cache.GetAsync(db, query, FiguresAsync, ct);

    private async Task<FeedRegister> RegisterAsync(CancellationToken ct)
    {
        var agreements = await db.Agreements.AsNoTracking().AsSplitQuery()
            .Include(a => a.Areas).Include(a => a.Lines).Include(a => a.CostObjects).Include(a => a.Obligations)
            .OrderBy(a => a.Id)
            .ToListAsync(ct);

        var areas = agreements.SelectMany(a => a.Areas).OrderBy(x => x.Id)
            .Select(x => new FeedArea { Id = x.Id, AgreementId = x.AgreementId, ParentId = x.ParentId, Code = x.Code, Name = x.Name, Amount = x.Amount, SortOrder = x.SortOrder })
            .ToList();
        var lines = agreements.SelectMany(a => a.Lines).OrderBy(x => x.Id)
            .Select(x => new FeedLine
            {
                Id = x.Id, AgreementId = x.AgreementId, AreaId = x.AreaId, Code = x.Code, Name = x.Name, Year = x.Year, Amount = x.Amount,
                CostObjectCode = x.CostObjectCode, RingFenced = x.RingFenced,
            })
            .ToList();
        var objects = agreements.SelectMany(a => a.CostObjects).OrderBy(x => x.Id)
            .Select(x => new FeedCostObject
            {
                Id = x.Id, AgreementId = x.AgreementId, Code = x.CostObjectCode, Name = x.Name, FromMonth = x.From.ToString(), ToMonth = x.To.ToString(),
                FirstDay = x.From.FirstDay, LastDay = x.To.LastDay,
            })
            .ToList();
        // As Deadlines: a draft's obligations are not yet anybody's deadlines.
        var obligations = agreements.Where(a => a.Status != AgreementStatus.Utkast).SelectMany(a => a.Obligations).OrderBy(x => x.Id)
            .Select(x => new FeedObligation
            {
                Id = x.Id, AgreementId = x.AgreementId, Kind = x.Kind.Swedish(), Title = x.Title, Recipient = x.Recipient, DueDate = x.DueDate,
                Status = x.Status.Swedish(), Owner = x.Owner, SentOn = x.SentOn,
            })
            .ToList();

        var feedAgreements = agreements
            .Select(a => new FeedAgreement
            {
                Id = a.Id, Code = a.Code, Name = a.Name, Counterparty = a.Counterparty, DiaryNumber = a.DiaryNumber, StartDate = a.StartDate, EndDate = a.EndDate,
                Status = a.Status.Swedish(), NationalTotal = a.NationalTotal, RegionAllocation = a.RegionAllocation, Responsible = a.Responsible, ClosedOn = a.ClosedOn,
                Areas = areas.Where(x => x.AgreementId == a.Id).ToList(),
                Lines = lines.Where(x => x.AgreementId == a.Id).ToList(),
                CostObjects = objects.Where(x => x.AgreementId == a.Id).ToList(),
                Obligations = obligations.Where(x => x.AgreementId == a.Id).ToList(),
            })
            .ToList();

        var activities = (await db.Activities.AsNoTracking().OrderBy(a => a.Id).ToListAsync(ct))
            .Select(a =>
            {
                var total = a.Budgets.Sum(b => b.Amount);
                return new FeedActivity
                {
                    Id = a.Id, AgreementId = a.AgreementId, Number = a.Number, Measure = a.Measure, Goal = a.Goal, Status = a.Status.Swedish(),
                    LineId = a.AllocationLineId, AreaId = a.AreaId, CostObjectCode = a.CostObjectCode, ProjectCode = a.ProjectCode,
                    PerformerName = a.PerformerName, PerformerKind = a.PerformerKind.Swedish(), ResponsibleUnit = a.ResponsibleUnit,
                    StartDate = a.StartDate, EndDate = a.EndDate, DecisionDate = a.DecisionDate, DecisionReference = a.DecisionReference,
                    TotalBudget = total,
                    DecidedAmount = ActivityText.IsDecided(a.Status) ? total : 0,
                    PlannedAmount = ActivityText.IsPlanned(a.Status) ? total : 0,
                    Budgets = a.Budgets.OrderBy(b => b.Year).Select(b => new FeedBudgetYear { Year = b.Year, Amount = b.Amount }).ToList(),
                };
            })
            .ToList();

        var distributions = await db.Distributions.AsNoTracking().Include(d => d.Rows).OrderBy(d => d.Id).ToListAsync(ct);
        var unitAmounts = distributions.SelectMany(d => d.Rows).OrderBy(r => r.Id)
            .Select(r => new FeedUnitAmount
            {
                Id = r.Id, DistributionId = r.DistributionId, UnitCode = r.UnitCode, UnitName = r.Name, OrganisationNumber = r.OrganisationNumber,
                Ownership = r.Ownership.ToString(), Points = r.Points, Share = r.Share, Amount = r.Amount, ProjectCode = r.ProjectCode,
            })
            .ToList();
        var feedDistributions = distributions
            .Select(d => new FeedDistribution
            {
                Id = d.Id, AgreementId = d.AgreementId, Name = d.Name, LineId = d.LineId, LineCode = d.LineCode, CostObjectCode = d.CostObjectCode, Amount = d.Amount,
                Key = d.Key.ToString(), ModelYear = d.ModelYear, ListingAsOf = d.ListingAsOf, Status = d.Status.ToString(), DecisionReference = d.DecisionReference,
                DecidedAt = d.DecidedAtUtc is { } at ? new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)) : null, ReportDeadline = d.ReportDeadline,
                UnitAmounts = unitAmounts.Where(u => u.DistributionId == d.Id).ToList(),
            })
            .ToList();

        var requirements = await db.ReportingRequirements.AsNoTracking().ToDictionaryAsync(r => r.Id, ct);
        var answers = (await db.RequirementAnswers.AsNoTracking().OrderBy(a => a.Id).ToListAsync(ct))
            .Where(a => requirements.ContainsKey(a.RequirementId))
            .Select(a =>
            {
                var r = requirements[a.RequirementId];
                return new FeedRequirementAnswer
                {
                    Id = a.Id, AgreementId = r.AgreementId, RequirementId = r.Id, RequirementCode = r.Code, Section = r.Section, RequirementText = r.Text,
                    Kind = r.Kind.ToString(), Year = a.Year, Text = a.Text, Value = a.Value, ValueWomen = a.ValueWomen, ValueMen = a.ValueMen, Women = a.Women,
                    Men = a.Men, Baseline = a.Baseline, MeasuredOn = a.MeasuredOn, DataSource = a.DataSource, Done = a.Done, Expected = a.Expected,
                };
            })
            .ToList();

        return new FeedRegister(feedAgreements, areas, lines, objects, obligations, activities, feedDistributions, unitAmounts, answers);
    }

    /// <summary>
    /// Each agreement's months from its first through the latest month with booked costs, reconciled as Avstämning reconciles the
    /// month: one read of the month totals per agreement and year (<see cref="ReconcileHandler.ReadAsync"/>), then every month of
    /// the year from that read. The ledger's rows are not read (only an Ekonom's reassigned rows are found through their index, as on the pages).
    /// </summary>
    private async Task<FeedFigures> FiguresAsync(CancellationToken ct)
    {
        var engine = new ReconciliationEngine(db, settings);
        var ids = await db.Agreements.AsNoTracking().OrderBy(a => a.Id).Select(a => a.Id).ToListAsync(ct);
        var contexts = await engine.LoadManyAsync(ids, ct);
        var figures = new List<FeedMonthFigure>();
        var exceptions = new List<FeedException>();
        foreach (var id in ids)
        {
            if (!contexts.TryGetValue(id, out var context) || context.CostObjects.Count == 0)
            {
                continue;
            }
            var latest = await ReconcileHandler.LatestMonthAsync(db, context, ct);
            var last = latest < context.LastMonth ? latest : context.LastMonth;
            var months = new List<YearMonth>();
            for (var m = context.FirstMonth; m <= last; m = m.AddMonths(1))
            {
                months.Add(m);
            }
            ReconciliationResult? final = null;
            foreach (var year in months.GroupBy(context.YearOf))
            {
                var read = await ReconcileHandler.ReadAsync(engine, context, year.Max(), ct);
                foreach (var month in year)
                {
                    var result = read.Through(month);
                    figures.AddRange(result.Lines.Select(l => new FeedMonthFigure
                    {
                        Id = l.LineId * 1_000_000L + month.Year * 100 + month.Month,
                        AgreementId = id, AgreementCode = context.Agreement.Code, LineId = l.LineId, LineCode = l.Code, LineName = l.Name,
                        AreaCode = l.SubAreaCode ?? l.AreaCode, CostObjectCode = l.CostObject, Year = l.Year, Month = month.ToString(), MonthStart = month.FirstDay,
                        Allocated = l.Figures.Allocated, BookedInMonth = l.Figures.BookedInMonth, BookedToDate = l.Figures.BookedToDate,
                        Forecast = l.Figures.Forecast, Remaining = l.Figures.Remaining, DecidedBudgets = l.Figures.DecidedBudgets,
                        PlannedBudgets = l.Figures.PlannedBudgets, Status = GrantReports.StatusText(l.Status), MonthClosed = result.Close.Closed,
                    }));
                    final = result;
                }
            }
            if (final is null)
            {
                continue;
            }
            exceptions.AddRange(final.Exceptions.Select(e => new FeedException
            {
                Id = $"{id}|{ReconciliationException.KindName(e.Kind)}|{e.CostObject}|{e.Key}",
                AgreementId = id, AgreementCode = final.AgreementCode, Month = final.Through.ToString(), Kind = ReconciliationException.KindText(e.Kind),
                CostObject = e.CostObject, Key = e.Key, Description = e.Description, Amount = e.Amount, Rows = e.Rows,
                Status = e.Note is null ? "Öppen" : e.Note.Resolved ? "Åtgärdad" : "Kommenterad",
                Note = e.Note?.Text, NoteWrittenBy = e.Note?.WrittenBy,
                NoteWrittenAt = e.Note is { } n ? new DateTimeOffset(DateTime.SpecifyKind(n.WrittenAtUtc, DateTimeKind.Utc)) : null,
            }));
        }
        // The key must be unique for paging: an exception is one per kind, object and key, but a second one would not be lost.
        var unique = exceptions.GroupBy(e => e.Id, StringComparer.Ordinal)
            .SelectMany(g => g.Select((e, i) => i == 0 ? e : new FeedException
            {
                Id = $"{e.Id}|{i + 1}", AgreementId = e.AgreementId, AgreementCode = e.AgreementCode, Month = e.Month, Kind = e.Kind, CostObject = e.CostObject,
                Key = e.Key, Description = e.Description, Amount = e.Amount, Rows = e.Rows, Status = e.Status, Note = e.Note, NoteWrittenBy = e.NoteWrittenBy,
                NoteWrittenAt = e.NoteWrittenAt,
            }));
        return new FeedFigures(figures.OrderBy(f => f.Id).ToList(), unique.OrderBy(e => e.Id, StringComparer.Ordinal).ToList());
    }
}
