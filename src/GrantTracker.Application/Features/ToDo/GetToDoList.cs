using GrantTracker.Application.Auditing;
using GrantTracker.Application.Data;
using GrantTracker.Application.Features.Deadlines;
using GrantTracker.Application.Features.Distribution;
using GrantTracker.Application.Features.Reconciliation;
using GrantTracker.Domain.Activities;
using GrantTracker.Domain.Agreements;
using GrantTracker.Domain.Common;
using GrantTracker.Domain.Distribution;
using GrantTracker.Domain.Ledger;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Features.ToDo;

/// <summary>
/// What waits for the signed-in user, one section per thing to do for each role it holds, every item a link to the page
/// where it is done. Computed from what the pages already read (activities, distributions, the deadlines with their
/// readiness, the reconciliation of the month totals, the import history), never from the ledger's rows, and kept in
/// <see cref="FiguresCache"/> under the audit trail's last id, so the navigation's count costs nothing between changes.
/// </summary>
/// <param name="Decisions">Beslutsfattare: activities prepared for decision, distributions to decide.</param>
/// <param name="Officer">Handläggare (and Administratör, who does an officer's work): drafts missing what preparation
/// needs, readiness points of reports due within <see cref="GetToDoListHandler.HorizonDays"/> days.</param>
/// <param name="Finance">Ekonom: months with exceptions without a note, months that can be closed, imports refused in
/// the last <see cref="GetToDoListHandler.RefusedImportDays"/> days.</param>
/// <param name="Performer">Utförare: its name as performer; its own activities' due items.</param>
/// <param name="AuditorName">Revisor: its user name, for the summary of what changed since its last visit.</param>
/// <param name="Organisations">Utförare: the organisation numbers it acts for, sorted and joined by ","  (a string, so the query
/// stays a cache key by value); its units' reports back are due from them.</param>
public sealed record GetToDoListQuery(bool Decisions, bool Officer, bool Finance, string? Performer, string? AuditorName, string? Organisations = null) : IQuery<ToDoList>
{
    public IReadOnlyCollection<string>? OrganisationNumbers => Organisations?.Split(',', StringSplitOptions.RemoveEmptyEntries);
}

public sealed record ToDoItem(string Text, string Url, string? Detail = null);

/// <param name="Key">Stable, English: which kind of item (the pages and the tests find a section by it).</param>
public sealed record ToDoSection(string Key, string Role, string Title, IReadOnlyList<ToDoItem> Items);

/// <param name="LastVisitUtc">The user's sign-in before the current one; null on a first visit.</param>
public sealed record ChangesSinceLastVisit(DateTime? LastVisitUtc, IReadOnlyList<(string EntityType, int Count)> ByEntityType)
{
    public int Count => ByEntityType.Sum(e => e.Count);
}

public sealed record ToDoList(IReadOnlyList<ToDoSection> Sections, ChangesSinceLastVisit? SinceLastVisit)
{
    /// <summary>The number of things to do: the navigation's count. A Revisor's summary is news, not work, so it counts for nothing.</summary>
    public int Count => Sections.Sum(s => s.Items.Count);
}

/// <summary>
/// The extension point for reports a care provider sends back to the region: overdue provider reports for a Handläggare,
/// a provider's own reports due for an Utförare. Registered implementations' sections join the to-do list (and the
/// navigation's count): <see cref="UnitReportToDoSource"/>, the primary-care units' reports on decided distributions.
/// </summary>
public interface IProviderReportToDoSource
{
    Task<IReadOnlyList<ToDoSection>> SectionsAsync(GetToDoListQuery query, DateOnly today, CancellationToken ct);
}

public sealed class GetToDoListHandler(AppDbContext db, IMediator mediator, FiguresCache cache, TimeProvider clock, ReconciliationSettings settings,
    IEnumerable<IProviderReportToDoSource> providerReports) : IQueryHandler<GetToDoListQuery, ToDoList>
{
    /// <summary>How far ahead a report's readiness points and a provider's due items are listed.</summary>
    public const int HorizonDays = 60;

    public const int RefusedImportDays = 30;

    public async ValueTask<ToDoList> Handle(GetToDoListQuery query, CancellationToken ct)
    {
        var today = SwedishFormat.Today(clock);
        return await cache.GetAsync(db, (query, today), token => ComputeAsync(query, today, token), ct);
    }

    private async Task<ToDoList> ComputeAsync(GetToDoListQuery query, DateOnly today, CancellationToken ct)
    {
        var sections = new List<ToDoSection>();
        if (query.Decisions)
        {
            sections.Add(await PreparedActivitiesAsync(ct));
            sections.Add(await DraftDistributionsAsync(ct));
        }
        if (query.Officer)
        {
            sections.Add(await IncompleteDraftsAsync(ct));
            sections.Add(await ReadinessPointsAsync(today, ct));
        }
        if (query.Finance)
        {
            sections.AddRange(await MonthsAsync(ct));
            sections.Add(await RefusedImportsAsync(ct));
        }
        if (query.Officer || query.Finance)
        {
            sections.AddRange(await CloseOutAsync(ct));
        }
        if (query.Performer is { } performer)
        {
            sections.Add(await ProviderDueAsync(performer, today, ct));
        }
        foreach (var source in providerReports)
        {
            sections.AddRange(await source.SectionsAsync(query, today, ct));
        }
        var since = query.AuditorName is { } auditor ? await ChangesSinceLastVisitAsync(auditor, ct) : null;
        return new ToDoList(sections, since);
    }

    private async Task<ToDoSection> PreparedActivitiesAsync(CancellationToken ct)
    {
        var prepared = await db.Activities.AsNoTracking()
            .Where(a => a.Status == ActivityStatus.Beredd)
            .Join(db.Agreements.Where(g => g.Status == AgreementStatus.Aktiv || g.Status == AgreementStatus.Slutredovisad), a => a.AgreementId, g => g.Id,
                (a, g) => new { a.Id, a.Number, a.Measure, Agreement = g.Name })
            .OrderBy(a => a.Agreement).ThenBy(a => a.Number)
            .ToListAsync(ct);
        return new ToDoSection("prepared-activities", Roles.DecisionMaker, "Insatser som väntar på beslut",
            prepared.Select(a => new ToDoItem($"Insats {a.Number} i {a.Agreement}: {Short(a.Measure)}", $"/insatser/{a.Id}/beslut")).ToList());
    }

    private async Task<ToDoSection> DraftDistributionsAsync(CancellationToken ct)
    {
        var drafts = (await mediator.Send(new ListDistributionsQuery(), ct)).Where(d => d.Status == DistributionStatus.Utkast);
        return new ToDoSection("draft-distributions", Roles.DecisionMaker, "Fördelningar att besluta",
            drafts.Select(d => new ToDoItem($"{d.Name} ({d.AgreementName}, rad {d.LineCode}): {Money.Format(d.Amount)}", $"/fordelningar/{d.Id}")).ToList());
    }

    private async Task<ToDoSection> IncompleteDraftsAsync(CancellationToken ct)
    {
        var drafts = await db.Activities.AsNoTracking()
            .Where(a => a.Status == ActivityStatus.Utkast)
            // Issue 26: a closed-out agreement's old drafts (Patientmiljarden's) and a draft agreement's are nobody's work today.
            .Join(db.Agreements.Where(g => g.Status == AgreementStatus.Aktiv || g.Status == AgreementStatus.Slutredovisad), a => a.AgreementId, g => g.Id, (a, g) => new
            {
                a.Id, a.Number, a.Measure, Agreement = g.Name, AgreementStart = g.StartDate, Budgets = a.Budgets.Select(b => b.Amount).ToList(),
                a.ResponsiblePerson, a.StartDate, a.EndDate, a.ExitPlan,
            })
            .ToListAsync(ct);
        var items = drafts
            .OrderByDescending(a => a.AgreementStart).ThenBy(a => a.Number)
            .Select(a => (a, Missing: Activity.MissingForPreparation(a.Budgets.Sum(), a.ResponsiblePerson, a.StartDate, a.EndDate, a.ExitPlan)))
            .Where(x => x.Missing.Count > 0)
            .Select(x => new ToDoItem($"Insats {x.a.Number} i {x.a.Agreement}: {Short(x.a.Measure)}", $"/insatser/{x.a.Id}",
                "Saknas för beredning: " + string.Join(", ", x.Missing.Select(m => FieldName(m.Field)).Distinct()) + "."))
            .ToList();
        return new ToDoSection("incomplete-drafts", Roles.Officer, "Utkast som saknar det en beredning kräver", items);
    }

    /// <summary>
    /// Issue 26: the agreements whose final report is sent (Slutredovisad), each with what is left before it can be closed out, or that it
    /// can be closed now; and every repayment decided but not paid, whatever the agreement's status.
    /// </summary>
    private async Task<IReadOnlyList<ToDoSection>> CloseOutAsync(CancellationToken ct)
    {
        var reported = await db.Agreements.AsNoTracking().Include(a => a.CostObjects).Where(a => a.Status == AgreementStatus.Slutredovisad)
            .OrderBy(a => a.EndDate).ToListAsync(ct);
        var items = new List<ToDoItem>();
        foreach (var agreement in reported)
        {
            var missing = (await Agreements.Lifecycle.CloseOutCheck.MissingAsync(db, agreement, ct)).ToList();
            items.Add(missing.Count == 0
                ? new ToDoItem($"{agreement.Name} kan avslutas", $"/overenskommelser/{agreement.Id}#avslut")
                : new ToDoItem($"{agreement.Name}: {missing.Count} saknas innan den kan avslutas", $"/overenskommelser/{agreement.Id}#avslut", string.Join(" ", missing)));
        }
        var unpaid = (await db.UnusedFundsDecisions.AsNoTracking()
                .Join(db.Agreements, d => d.AgreementId, a => a.Id, (d, a) => new { Decision = d, a.Code, a.Name })
                .ToListAsync(ct))
            .Where(x => x.Decision.IsUnpaid)
            .OrderBy(x => x.Decision.PlannedOn ?? DateOnly.MaxValue)
            .Select(x => new ToDoItem(
                $"Återbetalning {x.Name} {x.Decision.Year}: {Money.Format(x.Decision.Repayment)} till {x.Decision.Recipient ?? "mottagaren"}, beslutad men inte betald"
                + (x.Decision.PlannedOn is { } p ? $" (planerad {SwedishFormat.Date(p)})" : ""),
                $"/rapporter/slutredovisning?avtal={Uri.EscapeDataString(x.Code)}&ar={x.Decision.Year}#aterbetalning"))
            .ToList();
        return
        [
            new ToDoSection("close-out", Roles.Officer, "Slutredovisade överenskommelser att avsluta", items),
            new ToDoSection("unpaid-repayments", Roles.Officer, "Återbetalningar som är beslutade men inte betalda", unpaid),
        ];
    }

    private static string FieldName(string field) => field switch
    {
        nameof(Activity.Budgets) => "budget",
        nameof(Activity.ResponsiblePerson) => "ansvarig",
        nameof(Activity.StartDate) or nameof(Activity.EndDate) => "period",
        nameof(Activity.ExitPlan) => "exitbudget",
        _ => field,
    };

    private async Task<ToDoSection> ReadinessPointsAsync(DateOnly today, CancellationToken ct)
    {
        var deadlines = await mediator.Send(new ListDeadlinesQuery(HorizonDays), ct);
        var items = deadlines.Due(0, HorizonDays)
            .Where(r => r.Readiness is { Checked: true, Ready: false })
            .Select(r => new ToDoItem($"{r.Title}, senast {SwedishFormat.Date(r.DueDate)} (om {r.DaysLeft} {(r.DaysLeft == 1 ? "dag" : "dagar")}): {r.Readiness!.Missing.Count} saknas",
                $"/deadlines/{r.Id}", string.Join(" ", r.Readiness.Missing)))
            .ToList();
        return new ToDoSection("readiness", Roles.Officer, $"Rapporter inom {HorizonDays} dagar som inte är klara", items);
    }

    /// <summary>
    /// For each agreement, the months of its latest booked year that have booked cost and are not closed: a month whose
    /// reconciliation through it has exceptions without a note (the month close's own rule), or one that can be closed.
    /// Each agreement's year is read once and every open month reconciled from that read (<see cref="ReconcileHandler.ReadAsync"/>):
    /// with forty agreements a month-by-month reconciliation was some 500 of them after every change, each a set of statements
    /// and an answer in <see cref="FiguresCache"/> (issue 22's portfolio benchmark).
    /// </summary>
    private async Task<IReadOnlyList<ToDoSection>> MonthsAsync(CancellationToken ct)
    {
        var open = new List<ToDoItem>();
        var closable = new List<ToDoItem>();
        var engine = new ReconciliationEngine(db, settings);
        var agreements = await db.Agreements.AsNoTracking()
            .Where(a => a.Status == AgreementStatus.Aktiv || a.Status == AgreementStatus.Slutredovisad)
            .OrderByDescending(a => a.StartDate).Select(a => new { a.Id, a.Code, a.Name }).ToListAsync(ct);
        foreach (var agreement in agreements)
        {
            if (await engine.LoadAsync(agreement.Id, ct) is not { } context)
            {
                continue;
            }
            var read = await ReconcileHandler.ReadAsync(engine, context, await ReconcileHandler.LatestMonthAsync(db, context, ct), ct);
            var latest = read.Through(read.Latest);
            var booked = latest.MonthlyCosts.Where(c => c.Cost != 0).Select(c => c.Month).Where(m => m <= latest.Through).Distinct().Order();
            foreach (var month in booked.Where(m => !latest.ClosedMonths.Contains(m)))
            {
                var reconciled = read.Through(month);
                var url = $"/avstamning?avtal={Uri.EscapeDataString(agreement.Code)}&manad={month}";
                if (reconciled.Open.Count > 0)
                {
                    open.Add(new ToDoItem($"{agreement.Name} {month}: {reconciled.Open.Count} {(reconciled.Open.Count == 1 ? "avvikelse" : "avvikelser")} utan kommentar", url + "#avvikelser",
                        string.Join("; ", reconciled.Open.Select(e => e.Label))));
                }
                else
                {
                    closable.Add(new ToDoItem($"{agreement.Name} {month} kan stängas", url));
                }
            }
        }
        return
        [
            new ToDoSection("unannotated-exceptions", Roles.Finance, "Månader med avvikelser utan kommentar", open),
            new ToDoSection("closable-months", Roles.Finance, "Månader som kan stängas", closable),
        ];
    }

    private async Task<ToDoSection> RefusedImportsAsync(CancellationToken ct)
    {
        var since = clock.GetUtcNow().UtcDateTime.AddDays(-RefusedImportDays);
        var refused = await db.LedgerImports.AsNoTracking()
            .Where(i => i.Status == ImportStatus.Avvisad && i.ImportedAtUtc >= since)
            .OrderByDescending(i => i.ImportedAtUtc)
            .Select(i => new { i.FileName, i.ImportedAtUtc, i.UserName, i.ErrorCount })
            .ToListAsync(ct);
        return new ToDoSection("refused-imports", Roles.Finance, $"Avvisade importer de senaste {RefusedImportDays} dagarna",
            refused.Select(i => new ToDoItem($"{i.FileName}, {SwedishFormat.DateTime(i.ImportedAtUtc)} ({i.UserName})", "/kostnader/importer",
                i.ErrorCount > 0 ? $"{i.ErrorCount} fel" : null)).ToList());
    }

    /// <summary>
    /// What an Utförare has due today: its own decided activities that end within the horizon (or have ended while
    /// still running), and the unsent reports of the agreements its activities belong to. Its own reports to the region
    /// come from <see cref="IProviderReportToDoSource"/>.
    /// </summary>
    private async Task<ToDoSection> ProviderDueAsync(string performer, DateOnly today, CancellationToken ct)
    {
        var until = today.AddDays(HorizonDays);
        var own = await db.Activities.AsNoTracking()
            .Where(a => a.PerformerName == performer)
            .Select(a => new { a.Id, a.Number, a.Measure, a.AgreementId, a.Status, a.EndDate })
            .ToListAsync(ct);
        var items = own
            .Where(a => a.Status is ActivityStatus.Beslutad or ActivityStatus.Pagaende && a.EndDate is { } end && end <= until)
            .OrderBy(a => a.EndDate)
            .Select(a => new ToDoItem($"Insats {a.Number}: {Short(a.Measure)} slutar {SwedishFormat.Date(a.EndDate)}", $"/insatser/{a.Id}"))
            .ToList();
        var agreementIds = own.Select(a => a.AgreementId).Distinct().ToList();
        var reports = await db.ReportingObligations.AsNoTracking()
            .Where(o => agreementIds.Contains(o.AgreementId) && o.Status != ObligationStatus.Inskickad && o.DueDate >= today && o.DueDate <= until)
            .Where(o => o.Agreement.Status == AgreementStatus.Aktiv || o.Agreement.Status == AgreementStatus.Slutredovisad)
            .OrderBy(o => o.DueDate)
            .Select(o => new { o.Id, o.Title, o.DueDate })
            .ToListAsync(ct);
        items.AddRange(reports.Select(o => new ToDoItem($"{o.Title}, senast {SwedishFormat.Date(o.DueDate)}", $"/deadlines/{o.Id}")));
        return new ToDoSection("provider-due", Roles.Provider, $"Att redovisa inom {HorizonDays} dagar", items);
    }

    /// <summary>Business changes (not sign-ins) since the user's previous sign-in, the current session's being the latest.</summary>
    private async Task<ChangesSinceLastVisit> ChangesSinceLastVisitAsync(string userName, CancellationToken ct)
    {
        var signIns = await db.AuditEntries.AsNoTracking()
            .Where(e => e.EntityType == SignInEvents.EntityType && e.Action == AuditAction.SignedIn && e.UserName == userName)
            .OrderByDescending(e => e.Id)
            .Select(e => new { e.Id, e.AtUtc })
            .Take(2)
            .ToListAsync(ct);
        if (signIns.Count < 2)
        {
            return new ChangesSinceLastVisit(null, []);
        }
        var previous = signIns[1];
        var changes = await db.AuditEntries.AsNoTracking()
            .Where(e => e.Id > previous.Id && e.EntityType != SignInEvents.EntityType)
            .GroupBy(e => e.EntityType)
            .Select(g => new { EntityType = g.Key, Count = g.Count() })
            .ToListAsync(ct);
        return new ChangesSinceLastVisit(previous.AtUtc,
            changes.OrderByDescending(c => c.Count).ThenBy(c => c.EntityType, StringComparer.Ordinal).Select(c => (c.EntityType, c.Count)).ToList());
    }

    private static string Short(string text) => text.Length <= 90 ? text : text[..87].TrimEnd() + "…";
}

/// <summary>
/// The units' reports back on decided distributions (issue 16): for a Handläggare the distributions whose deadline has passed
/// with units that have not reported; for an Utförare its own units' reports not yet given that are due within the horizon
/// or overdue.
/// </summary>
public sealed class UnitReportToDoSource(IMediator mediator) : IProviderReportToDoSource
{
    public async Task<IReadOnlyList<ToDoSection>> SectionsAsync(GetToDoListQuery query, DateOnly today, CancellationToken ct)
    {
        var sections = new List<ToDoSection>();
        if (query.Officer)
        {
            var overdue = (await mediator.Send(new ListUnitReportDeadlinesQuery(), ct)).Where(d => d.DaysLeft < 0 && !d.Complete);
            sections.Add(new ToDoSection("overdue-unit-reports", Roles.Officer, "Försenade återrapporter från vårdenheter",
                overdue.Select(d => new ToDoItem($"{d.Name} ({d.AgreementName}): {d.Units - d.Reported} av {d.Units} vårdenheter har inte återrapporterat, senast {SwedishFormat.Date(d.DueDate)}",
                    $"/fordelningar/{d.DistributionId}")).ToList()));
        }
        if (query.OrganisationNumbers is { } own)
        {
            var due = (await mediator.Send(new ListUnitReportDeadlinesQuery(own), ct))
                .Where(d => !d.Complete && d.DaysLeft <= GetToDoListHandler.HorizonDays);
            sections.Add(new ToDoSection("own-unit-reports", Roles.Provider, "Återrapporter att lämna för egna vårdenheter",
                due.Select(d => new ToDoItem($"{d.Name} ({d.AgreementName}), senast {SwedishFormat.Date(d.DueDate)}"
                                             + (d.DaysLeft < 0 ? " – försenad" : $" (om {d.DaysLeft} {(d.DaysLeft == 1 ? "dag" : "dagar")})"),
                    $"/fordelningar/{d.DistributionId}")).ToList()));
        }
        return sections;
    }
}
