using GrantTracker.Application.Auditing;
using GrantTracker.Application.Common;
using GrantTracker.Application.Data;
using GrantTracker.Application.Features.Agreements;
using GrantTracker.Application.Features.Deadlines;
using GrantTracker.Application.Features.Reconciliation;
using GrantTracker.Domain.Activities;
using GrantTracker.Domain.Agreements;
using GrantTracker.Domain.Common;
using GrantTracker.Domain.Reconciliation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GrantTracker.Application.Features.Reports;

/// <summary>
/// Slutredovisning: an agreement's year as the region reports it to Socialstyrelsen. Every amount comes from
/// the reconciliation through December of the year (or the agreement's last month), so the report shows the
/// figures finance reconciled. Null when the agreement does not exist or does not cover the year.
/// </summary>
public sealed record GetFinalReportQuery(string AgreementCode, int Year) : IQuery<FinalReportData?>;

public sealed record FinalReportData(
    ReconciliationResult Reconciliation,
    IReadOnlyList<FinalReportArea> Areas,
    IReadOnlyList<FinalReportActivity> Activities,
    IReadOnlyList<FinalReportCondition> Conditions,
    IReadOnlyList<FinalReportEarmark> Earmarks,
    UnusedFundsView? Decision,
    decimal Received,
    Readiness Readiness,
    IReadOnlyList<RequirementView>? Requirements = null,
    IReadOnlyList<Distribution.DistributionView>? Distributions = null)
{
    public int Year => Reconciliation.Year;

    /// <summary>What is left unused, line by line: an overspent line does not make up for another line's unused money.</summary>
    public decimal Unused => Reconciliation.Lines.Sum(l => Math.Max(0, l.Figures.Remaining));
}

/// <summary>A row of the report's overview: a line, or the total of an area's or a sub-area's lines.</summary>
/// <param name="SubAreaCode">Null on the area's own total row and on lines of an area without sub-areas.</param>
/// <param name="Line">The line's code and name; null on a total row.</param>
public sealed record FinalReportArea(string AreaCode, string AreaName, string? SubAreaCode, string? SubAreaName, string CostObjects, bool RingFenced,
    decimal Allocated, decimal Used, string? Line = null)
{
    public bool IsTotal => Line is null;

    /// <summary>A line's unused money; a total row's is the sum of its lines', each line on its own (an overspent line makes up for none).</summary>
    public decimal Unused { get; init; } = Math.Max(0, Allocated - Used);
}

public sealed record FinalReportActivity(int Number, string Measure, string? LineCode, string CostObject, string? Performer, PerformerKind PerformerKind,
    ActivityStatus Status, decimal Budget, decimal? Cost, string? ProjectCode, ExitStrategy? ExitStrategy, string? ExitDescription);

public sealed record FinalReportCondition(int Id, string Code, string Text, string Evidence, string? Statement);

/// <param name="Attributed">The costs of the activities that count toward the part, never the whole line's.</param>
public sealed record FinalReportEarmark(string LineCode, string AreaName, string Name, decimal Amount, decimal Attributed, int Activities)
{
    public decimal Unused => Math.Max(0, Amount - Attributed);
}

public sealed record UnusedFundsView(decimal Amount, UnusedFundsOutcome Outcome, DateOnly? PaidOn, string Reference, string? Note, string DecidedBy, DateTime DecidedAtUtc,
    DateOnly? PlannedOn = null, string? Recipient = null, decimal? DecidedAmount = null, string? DecisionReference = null)
{
    /// <summary>What is to be paid back: nothing when the region may keep the money.</summary>
    public decimal Repayment => Outcome == UnusedFundsOutcome.Aterbetalas ? DecidedAmount ?? Amount : 0;
}

public sealed class GetFinalReportHandler(AppDbContext db, ReconciliationSettings settings, ReadinessCache cache, FiguresCache figures, Mediator.IMediator mediator) : IQueryHandler<GetFinalReportQuery, FinalReportData?>
{
    /// <summary>Once per change of the data, however many requests ask (<see cref="FiguresCache"/>).</summary>
    public async ValueTask<FinalReportData?> Handle(GetFinalReportQuery query, CancellationToken ct) =>
        await figures.GetAsync(db, query, token => ComputeAsync(query, token), ct);

    private async Task<FinalReportData?> ComputeAsync(GetFinalReportQuery query, CancellationToken ct)
    {
        var engine = new ReconciliationEngine(db, settings);
        var context = await engine.LoadAsync(query.AgreementCode, ct);
        if (context is null)
        {
            return null;
        }
        var agreement = context.Agreement;
        if (query.Year < agreement.FirstYear || query.Year > agreement.LastYear)
        {
            return null; // the agreement has no year to report
        }
        var r = await ReconcileHandler.ReconcileAsync(engine, context, Through(context, query.Year), ct);

        var areas = new List<FinalReportArea>();
        foreach (var area in r.Lines.GroupBy(l => (l.AreaCode, l.AreaName)))
        {
            // Every line is stated on its own (two lines of one area are two amounts to account for); an area or sub-area of more
            // than one line gets a total row above its lines.
            var lines = area.ToList();
            if (lines.Count > 1)
            {
                areas.Add(Total(area.Key.AreaCode, area.Key.AreaName, null, null, lines));
            }
            foreach (var sub in lines.GroupBy(l => (l.SubAreaCode, l.SubAreaName)))
            {
                var subLines = sub.ToList();
                if (sub.Key.SubAreaCode is not null && subLines.Count > 1)
                {
                    areas.Add(Total(area.Key.AreaCode, area.Key.AreaName, sub.Key.SubAreaCode, sub.Key.SubAreaName, subLines));
                }
                areas.AddRange(subLines.Select(l => new FinalReportArea(area.Key.AreaCode, area.Key.AreaName, l.SubAreaCode, l.SubAreaName, l.CostObject,
                    l.RingFenced, l.Figures.Allocated, l.Figures.BookedToDate, l.Label)));
            }
        }

        var lineCodes = agreement.Lines.ToDictionary(l => l.Id, l => l.Code);
        var yearLines = agreement.Lines.Where(l => l.Year == r.Year).Select(l => l.Id).ToHashSet();
        var activities = (await db.Activities.AsNoTracking().Where(a => a.AgreementId == agreement.Id).OrderBy(a => a.Number).ToListAsync(ct))
            // A report to the state lists what the region decided: drafts, activities in preparation and rejected ones are left out.
            .Where(a => a.Status.IsDecided())
            .Where(a => a.Budgets.Any(b => b.Year == r.Year) || (a.AllocationLineId is { } id && yearLines.Contains(id)) || a.Budgets.Count == 0)
            .Select(a => new FinalReportActivity(a.Number, a.Measure, a.AllocationLineId is { } id ? lineCodes.GetValueOrDefault(id) : null, a.CostObjectCode,
                a.PerformerName, a.PerformerKind, a.Status, a.Budgets.Where(b => b.Year == r.Year).Sum(b => b.Amount),
                // Without a project code no ledger row names the activity: its cost is unknown, not zero.
                a.ProjectCode is null ? null : r.ActivityCosts.GetValueOrDefault(a.Id), a.ProjectCode, a.ExitPlan?.Strategy, a.ExitPlan?.Description))
            .ToList();

        var statements = await db.ConditionStatements.AsNoTracking().Where(s => s.AgreementId == agreement.Id && s.Year == r.Year).ToListAsync(ct);
        var conditions = (await db.AgreementConditions.AsNoTracking().Where(c => c.AgreementId == agreement.Id).OrderBy(c => c.Id).ToListAsync(ct))
            .Select(c => new FinalReportCondition(c.Id, c.Code, c.Text, Evidence(c, r, activities), statements.FirstOrDefault(s => s.ConditionId == c.Id)?.Text))
            .ToList();

        var areaOfLine = agreement.Lines.ToDictionary(l => l.Id, l => agreement.Areas.First(a => a.Id == l.AreaId).Name);
        var earmarks = r.Earmarks.Select(e => new FinalReportEarmark(e.LineCode, areaOfLine[e.LineId], e.Name, e.Amount, e.Attributed, e.Activities)).ToList();

        var decision = await db.UnusedFundsDecisions.AsNoTracking().SingleOrDefaultAsync(d => d.AgreementId == agreement.Id && d.Year == r.Year, ct);
        var yearStart = new DateOnly(r.Year, 1, 1);
        var yearEnd = new DateOnly(r.Year, 12, 31);
        // Amounts are öre in the database (a converter): sum the year's few payments here, not in SQL.
        var received = await db.GrantPayments.AsNoTracking()
            .Where(p => p.AgreementId == agreement.Id && p.Date >= yearStart && p.Date <= yearEnd)
            .Select(p => p.Amount)
            .ToListAsync(ct);

        // What is missing before the report can be sent, as the Deadlines page says it, from this reconciliation.
        var checker = new ReadinessChecker(db, settings, cache);
        checker.Reconciled(context, r);
        var readiness = await checker.CheckAsync(new ObligationFacts(agreement.Id, ObligationKind.Slutredovisning, new DateOnly(r.Year + 1, 3, 31)), ct);

        var requirements = (await Requirements.LoadAsync(db, agreement.Id, r.Year, ct)).Where(x => x.Report == ObligationKind.Slutredovisning).ToList();

        return new FinalReportData(r, areas, activities, conditions, earmarks,
            decision is null ? null : new UnusedFundsView(decision.Amount, decision.Outcome, decision.PaidOn, decision.Reference, decision.Note, decision.DecidedBy, decision.DecidedAtUtc, decision.PlannedOn,
                decision.Recipient, decision.DecidedAmount, decision.DecisionReference),
            received.Sum(), readiness, requirements, await mediator.Send(new Distribution.ListDistributionFollowUpQuery(agreement.Code), ct));
    }

    /// <summary>The month the report of a year reconciles through: December, or the agreement's last month when it ends within the year.</summary>
    internal static YearMonth Through(ReconciliationEngine.Context context, int year)
    {
        var december = new YearMonth(year, 12);
        return december < context.LastMonth ? december : (context.LastMonth.Year == year ? context.LastMonth : december);
    }

    private static string Rows(long n) => n == 1 ? "1 rad" : $"{n} rader";

    private static FinalReportArea Total(string areaCode, string areaName, string? subCode, string? subName, IReadOnlyList<ReconciledLine> lines) =>
        new(areaCode, areaName, subCode, subName, Objects(lines), lines.All(l => l.RingFenced), lines.Sum(l => l.Figures.Allocated), lines.Sum(l => l.Figures.BookedToDate))
        {
            Unused = lines.Sum(l => Math.Max(0, l.Figures.Remaining)),
        };

    private static string Objects(IReadOnlyList<ReconciledLine> lines) => string.Join(", ", lines.Select(l => l.CostObject).Distinct().Order(StringComparer.Ordinal));

    /// <summary>What the system itself can show for a condition (seed 003, 3.3 and 3.1); the officer's own statement comes beside it.</summary>
    private static string Evidence(AgreementCondition condition, ReconciliationResult r, IReadOnlyList<FinalReportActivity> activities)
    {
        var text = condition.Text;
        var decided = activities; // the report lists decided activities only
        if (text.Contains("avskrivning", StringComparison.OrdinalIgnoreCase))
        {
            var investments = r.Exceptions.Where(e => e.Kind == ExceptionKind.Investment).ToList();
            return investments.Count == 0
                ? "Inga rader på anläggningskonton på objekten under året: bara kostnader, avskrivningar inräknade."
                : $"{Rows(investments.Sum(e => e.Rows))} ({Money.Format(investments.Sum(e => e.Amount))}) på anläggningskonton på objekt "
                  + $"{string.Join(", ", investments.Select(e => e.CostObject))}; de räknas inte som kostnad. "
                  + string.Join(" ", investments.Where(e => e.Note is not null).Select(e => $"Ekonomens kommentar ({e.CostObject}): {e.Note!.Text}"));
        }
        if (text.Contains("budgetkalkyl", StringComparison.OrdinalIgnoreCase) || text.Contains("exit", StringComparison.OrdinalIgnoreCase))
        {
            var withPlan = decided.Count(a => a.ExitStrategy is not null);
            return $"{withPlan} av {decided.Count} beslutade insatser har exitbudget; systemet låter inte en insats beslutas utan en.";
        }
        if (text.Contains("privata utförare", StringComparison.OrdinalIgnoreCase))
        {
            var areas = r.Lines.Select(l => l.AreaCode).Distinct().Order(StringComparer.Ordinal).ToList();
            var linesByCode = r.Lines.ToDictionary(l => l.Code, l => l.AreaCode);
            var withPrivate = activities.Where(a => a.PerformerKind == PerformerKind.PrivatUtforare && a.LineCode is not null && linesByCode.ContainsKey(a.LineCode))
                .Select(a => linesByCode[a.LineCode!]).Distinct().Order(StringComparer.Ordinal).ToList();
            var missing = areas.Except(withPrivate).ToList();
            return $"{activities.Count(a => a.PerformerKind == PerformerKind.PrivatUtforare)} insatser med privata utförare"
                   + (withPrivate.Count > 0 ? $" inom område {string.Join(", ", withPrivate)}" : "")
                   + (missing.Count > 0 ? $"; inga registrerade inom område {string.Join(", ", missing)}." : "; alla områden har privata utförare.");
        }
        if (text.Contains("redovisa", StringComparison.OrdinalIgnoreCase))
        {
            return $"{activities.Count(a => a.Performer is not null)} av {activities.Count} insatser har en namngiven utförare; "
                   + $"kostnaden per insats redovisas i delen Insatser ({activities.Count(a => a.ProjectCode is not null)} har projektkod i huvudboken).";
        }
        return "Redovisas i handläggarens kommentar.";
    }
}

/// <summary>
/// Records (or replaces) the decision on the unused money of an agreement's year. A repayment is decided before it is paid:
/// <paramref name="PlannedOn"/> may lie ahead, <paramref name="PaidOn"/> (the day the money went) may not.
/// </summary>
/// <param name="Recipient">Who the money goes back to (issue 26); empty: the one the agreement's conditions name, else the final report's recipient.</param>
/// <param name="DecidedAmount">The amount the grantor decided is to be paid back; empty: the unused amount as reported.</param>
/// <param name="DecisionReference">The grantor's decision (diary number); <paramref name="Reference"/> is the payment's or the decision's reference.</param>
public sealed record RecordUnusedFundsCommand(string AgreementCode, int Year, decimal? Amount, UnusedFundsOutcome Outcome, DateOnly? PaidOn, string? Reference, string? Note,
    DateOnly? PlannedOn = null, string? Recipient = null, decimal? DecidedAmount = null, string? DecisionReference = null)
    : ICommand<Result>;

/// <summary>The officer's statement of how a condition was met in a year; empty text removes it.</summary>
public sealed record SaveConditionStatementCommand(string AgreementCode, int Year, int ConditionId, string? Text) : ICommand<Result>;

public sealed class FinalReportCommandsHandler(AppDbContext db, IAuditActor actor, TimeProvider clock)
    : ICommandHandler<RecordUnusedFundsCommand, Result>, ICommandHandler<SaveConditionStatementCommand, Result>
{
    public async ValueTask<Result> Handle(RecordUnusedFundsCommand command, CancellationToken ct)
    {
        var errors = new List<Error>();
        if (command.Amount is not { } amount || amount < 0)
        {
            errors.Add(new Error("Amount", "Ange det outnyttjade beloppet i kronor, 0 eller mer, till exempel 1 234 567."));
        }
        else if (!Money.IsWholeOre(amount))
        {
            errors.Add(new Error("Amount", "Beloppet kan ha högst två decimaler (öre)."));
        }
        var reference = command.Reference?.Trim();
        if (string.IsNullOrEmpty(reference))
        {
            errors.Add(new Error("Reference", "Ange en referens: beslutets eller återbetalningens diarienummer eller verifikation."));
        }
        else if (reference.Length > 200)
        {
            errors.Add(new Error("Reference", "Referensen får vara högst 200 tecken."));
        }
        if (command.Outcome == UnusedFundsOutcome.Aterbetalas && command.Amount > 0 && command.PlannedOn is null && command.PaidOn is null)
        {
            errors.Add(new Error("PlannedOn", "Ange när återbetalningen är planerad (datumet får ligga framåt i tiden), eller datumet då den betalades."));
        }
        var today = SwedishFormat.Today(clock);
        if (command.PaidOn is { } paid && paid > today)
        {
            errors.Add(new Error("PaidOn",
                $"Återbetalt datum {SwedishFormat.Date(paid)} ligger i framtiden (i dag är {SwedishFormat.Date(today)}). Ange det som planerat datum och fyll i återbetalt datum när pengarna är betalda."));
        }
        if (command.Note is { Length: > 1000 })
        {
            errors.Add(new Error("Note", "Kommentaren får vara högst 1 000 tecken."));
        }
        if (command.DecidedAmount is { } decided && (decided < 0 || !Money.IsWholeOre(decided)))
        {
            errors.Add(new Error("DecidedAmount", "Ange det beslutade beloppet att betala tillbaka i kronor, 0 eller mer, med högst två decimaler."));
        }
        var recipient = string.IsNullOrWhiteSpace(command.Recipient) ? null : command.Recipient.Trim();
        if (recipient is { Length: > UnusedFundsDecision.RecipientMaxLength })
        {
            errors.Add(new Error("Recipient", $"Mottagaren får vara högst {UnusedFundsDecision.RecipientMaxLength} tecken."));
        }
        var decisionReference = string.IsNullOrWhiteSpace(command.DecisionReference) ? null : command.DecisionReference.Trim();
        if (decisionReference is { Length: > UnusedFundsDecision.DecisionReferenceMaxLength })
        {
            errors.Add(new Error("DecisionReference", $"Beslutets diarienummer får vara högst {UnusedFundsDecision.DecisionReferenceMaxLength} tecken."));
        }
        if (errors.Count > 0)
        {
            return Result.Fail(errors);
        }
        var agreementId = await AgreementLoader.IdByCodeAsync(db, command.AgreementCode, ct);
        if (agreementId is null)
        {
            return AgreementLoader.UnknownCode;
        }
        var decision = await db.UnusedFundsDecisions.SingleOrDefaultAsync(d => d.AgreementId == agreementId && d.Year == command.Year, ct);
        if (decision is null)
        {
            decision = new UnusedFundsDecision { AgreementId = agreementId.Value, Year = command.Year };
            db.UnusedFundsDecisions.Add(decision);
        }
        decision.Amount = command.Amount!.Value;
        decision.Outcome = command.Outcome;
        decision.PlannedOn = command.PlannedOn;
        decision.PaidOn = command.PaidOn;
        decision.Reference = reference!;
        decision.Note = string.IsNullOrWhiteSpace(command.Note) ? null : command.Note.Trim();
        decision.Recipient = recipient ?? await Repayments.RecipientAsync(db, agreementId.Value, ct);
        decision.DecidedAmount = command.DecidedAmount;
        decision.DecisionReference = decisionReference;
        decision.DecidedAtUtc = clock.GetUtcNow().UtcDateTime;
        decision.DecidedBy = actor.UserName;
        await db.SaveChangesAsync(ct);
        return Result.Ok();
    }

    public async ValueTask<Result> Handle(SaveConditionStatementCommand command, CancellationToken ct)
    {
        var text = command.Text?.Trim();
        if (text is { Length: > ConditionStatement.MaxTextLength })
        {
            return Result.Fail("Text", $"Texten får vara högst {ConditionStatement.MaxTextLength} tecken.");
        }
        var agreementId = await AgreementLoader.IdByCodeAsync(db, command.AgreementCode, ct);
        if (agreementId is null || !await db.AgreementConditions.AnyAsync(c => c.Id == command.ConditionId && c.AgreementId == agreementId, ct))
        {
            return Result.Fail("", "Villkoret finns inte i överenskommelsen.");
        }
        var statement = await db.ConditionStatements.SingleOrDefaultAsync(s => s.ConditionId == command.ConditionId && s.Year == command.Year, ct);
        if (string.IsNullOrEmpty(text))
        {
            if (statement is not null)
            {
                db.ConditionStatements.Remove(statement);
                await db.SaveChangesAsync(ct);
            }
            return Result.Ok();
        }
        if (statement is null)
        {
            statement = new ConditionStatement { AgreementId = agreementId.Value, ConditionId = command.ConditionId, Year = command.Year };
            db.ConditionStatements.Add(statement);
        }
        statement.Text = text;
        statement.WrittenAtUtc = clock.GetUtcNow().UtcDateTime;
        statement.WrittenBy = actor.UserName;
        await db.SaveChangesAsync(ct);
        return Result.Ok();
    }

}

/// <summary>
/// The final report's tie-out for the auditor: every booked figure the report states – per line, and per cost object and month –
/// with the number of ledger rows behind it and their sum, read from the ledger's rows themselves (not the month totals the
/// figures come from), and whether the two agree. Seconds over a million rows, so only the workbook, the print view and the CLI
/// ask for it; the page does not. Null when the report does not exist.
/// </summary>
public sealed record GetFinalReportTieOutQuery(string AgreementCode, int Year) : IQuery<TieOut?>;

/// <param name="Figure">What the report states, in words ("Rad 2.1", "Objekt 9916, 2023-03").</param>
public sealed record TieOutRow(string Figure, string? Line, string CostObject, YearMonth? Month, decimal Stated, long StatedRows, decimal Ledger, long LedgerRows)
{
    public bool Agrees => Stated == Ledger && StatedRows == LedgerRows;
}

public sealed record TieOut(IReadOnlyList<TieOutRow> Rows)
{
    public IReadOnlyList<TieOutRow> Disagreeing => Rows.Where(r => !r.Agrees).ToList();

    /// <summary>The open point a disagreement makes (the report is not ready), or null when every figure ties out.</summary>
    public string? OpenPoint => Disagreeing.Count == 0 ? null
        : $"{Disagreeing.Count} siffror stämmer inte mot huvudbokens rader: {string.Join("; ", Disagreeing.Take(5).Select(r => r.Figure))}"
          + (Disagreeing.Count > 5 ? " …" : "") + ". Kör ”granttracker verify” och importera om månaderna.";
}

public sealed class GetFinalReportTieOutHandler(AppDbContext db, ReconciliationSettings settings, ReadinessCache cache, FiguresCache figures, Mediator.IMediator mediator,
    IServiceScopeFactory scopes) : IQueryHandler<GetFinalReportTieOutQuery, TieOut?>
{
    /// <summary>
    /// Once per change of the data (<see cref="FiguresCache"/>): the first download after an import or a change reads the rows, every
    /// download after it, and the print view, take the kept answer (issue 24: a second download read the year's rows again).
    /// </summary>
    public async ValueTask<TieOut?> Handle(GetFinalReportTieOutQuery query, CancellationToken ct) =>
        await figures.GetAsync(db, query, token => ComputeAsync(query, token), ct);

    private async Task<TieOut?> ComputeAsync(GetFinalReportTieOutQuery query, CancellationToken ct)
    {
        // The rows are the slow part (one GROUP BY over the year's rows): read them on a connection of their own while this one computes
        // the report's figures from the month totals, so the download takes the scan's time, not the scan's and the report's.
        var rowsRead = Task.Run(() => LedgerBucketsAsync(query, ct), ct);
        FinalReportData? data;
        try
        {
            data = await new GetFinalReportHandler(db, settings, cache, figures, mediator).Handle(new GetFinalReportQuery(query.AgreementCode, query.Year), ct);
        }
        catch
        {
            await rowsRead.ContinueWith(t => t.Exception, TaskScheduler.Default); // observed: the report's failure is the one to tell
            throw;
        }
        var rowBuckets = await rowsRead;
        MemoryRelief.AfterHeavyWork();
        if (data is null || rowBuckets is null)
        {
            return null;
        }
        var r = data.Reconciliation;
        var engine = new ReconciliationEngine(db, settings);
        var context = (await engine.LoadAsync(query.AgreementCode, ct))!;
        var yearStart = new YearMonth(r.Year, 1);
        var lastBooked = r.Through < new YearMonth(r.Year, 12) ? r.Through : new YearMonth(r.Year, 12);
        IReadOnlyList<ReconciliationEngine.Bucket> Cost(IReadOnlyList<ReconciliationEngine.Bucket> buckets) =>
            buckets.Where(b => b.Class == AccountClass.Cost && b.LineId is not null && b.Month <= lastBooked).ToList();
        var stated = r.Through < yearStart ? [] : Cost(await engine.BucketsAsync(context, yearStart, r.Through, ct));
        var ledger = Cost(rowBuckets);

        var rows = new List<TieOutRow>();
        foreach (var line in r.Lines)
        {
            var mine = ledger.Where(b => b.LineId == line.LineId).ToList();
            rows.Add(new TieOutRow($"Rad {line.Code}", line.Code, line.CostObject, null, line.Figures.BookedToDate, line.Rows,
                Money.FromOre(mine.Sum(b => b.Ore)), mine.Sum(b => b.Rows)));
        }
        var months = r.MonthlyCosts.Select(c => (c.CostObject, c.Month))
            .Union(ledger.Select(b => (b.CostObject, b.Month)))
            .Order()
            .ToList();
        foreach (var (costObject, month) in months)
        {
            var statedCost = r.MonthlyCosts.FirstOrDefault(c => c.CostObject == costObject && c.Month == month)?.Cost ?? 0;
            var statedRows = stated.Where(b => b.CostObject == costObject && b.Month == month).Sum(b => b.Rows);
            var theirs = ledger.Where(b => b.CostObject == costObject && b.Month == month).ToList();
            rows.Add(new TieOutRow($"Objekt {costObject}, {month}", null, costObject, month, statedCost, statedRows, Money.FromOre(theirs.Sum(b => b.Ore)), theirs.Sum(b => b.Rows)));
        }
        return new TieOut(rows);
    }

    /// <summary>The year's buckets summed from the ledger's rows themselves, in a scope (and so a connection) of its own; null when there is no report.</summary>
    private async Task<IReadOnlyList<ReconciliationEngine.Bucket>?> LedgerBucketsAsync(GetFinalReportTieOutQuery query, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var engine = new ReconciliationEngine(scope.ServiceProvider.GetRequiredService<AppDbContext>(), settings);
        var context = await engine.LoadAsync(query.AgreementCode, ct);
        if (context is null || query.Year < context.Agreement.FirstYear || query.Year > context.Agreement.LastYear)
        {
            return null;
        }
        var yearStart = new YearMonth(query.Year, 1);
        var through = GetFinalReportHandler.Through(context, query.Year);
        return through < yearStart ? [] : await engine.BucketsAsync(context, yearStart, through, ct, fromRows: true);
    }
}
