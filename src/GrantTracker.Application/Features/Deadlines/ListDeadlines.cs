using GrantTracker.Application.Data;
using GrantTracker.Application.Features.Reconciliation;
using GrantTracker.Domain.Agreements;
using GrantTracker.Domain.Common;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Features.Deadlines;

/// <summary>
/// Every reporting obligation by due date, with the days left from today (Swedish date), its owner, status and,
/// for each one not yet sent, its readiness. With <see cref="HorizonDays"/> (the start page) only the obligations
/// not yet sent that are overdue or due within that many days.
/// </summary>
/// <param name="WithReadiness">False for an Utförare: readiness speaks of the whole agreement, so it is left out (null).</param>
public sealed record ListDeadlinesQuery(int? HorizonDays = null, bool WithReadiness = true) : IQuery<DeadlineList>;

public sealed record DeadlineList(DateOnly Today, IReadOnlyList<DeadlineRow> Rows)
{
    /// <summary>Not yet sent.</summary>
    public IEnumerable<DeadlineRow> Open => Rows.Where(r => r.Status != ObligationStatus.Inskickad);

    public IEnumerable<DeadlineRow> Overdue => Open.Where(r => r.DaysLeft < 0);

    /// <summary>Not yet sent and due in <paramref name="from"/> to <paramref name="to"/> days from today, both included.</summary>
    public IEnumerable<DeadlineRow> Due(int from, int to) => Open.Where(r => r.DaysLeft >= from && r.DaysLeft <= to);

    public IEnumerable<DeadlineRow> Later(int days) => Open.Where(r => r.DaysLeft > days);

    public IEnumerable<DeadlineRow> Sent => Rows.Where(r => r.Status == ObligationStatus.Inskickad);

    /// <summary>
    /// The reports not yet sent in the page's sections, in its order (each by due date): the page and its workbook both list these,
    /// so the two cannot group a report differently. Every report not sent is in exactly one.
    /// </summary>
    public IReadOnlyList<DeadlineSection> Sections =>
    [
        new("forfallna", "Förfallna, ej inskickade", Overdue.ToList()),
        new("inom-30", "Inom 30 dagar", Due(0, 30).ToList()),
        new("inom-60", "Om 31–60 dagar", Due(31, 60).ToList()),
        new("inom-90", "Om 61–90 dagar", Due(61, 90).ToList()),
        new("senare", "Senare", Later(90).ToList()),
    ];
}

/// <param name="Id">The section's anchor on the page.</param>
public sealed record DeadlineSection(string Id, string Title, IReadOnlyList<DeadlineRow> Rows);

/// <param name="Owner">The named owner, or the agreement's responsible when nobody is named (<paramref name="OwnerNamed"/> false).</param>
/// <param name="Readiness">Null for a report already sent, or when not asked for.</param>
public sealed record DeadlineRow(
    int Id, int AgreementId, string AgreementName, ObligationKind Kind, string Title, string Recipient, DateOnly DueDate, bool DueDateAssumed, int DaysLeft,
    string? Owner, bool OwnerNamed, ObligationStatus Status, DateOnly? SentOn, string? SentBy, Readiness? Readiness);

public sealed class ListDeadlinesHandler(AppDbContext db, ReconciliationSettings settings, ReadinessCache cache, FiguresCache figures, TimeProvider clock)
    : IQueryHandler<ListDeadlinesQuery, DeadlineList>
{
    /// <summary>Once per day and change of the data, however many requests ask (<see cref="FiguresCache"/>): the days left count from today.</summary>
    public async ValueTask<DeadlineList> Handle(ListDeadlinesQuery query, CancellationToken ct)
    {
        var today = SwedishFormat.Today(clock);
        return await figures.GetAsync(db, (query, today), token => ComputeAsync(query, today, token), ct);
    }

    private async Task<DeadlineList> ComputeAsync(ListDeadlinesQuery query, DateOnly today, CancellationToken ct)
    {
        // A draft's obligations are not due yet (ADR 27): it is being set up. A closed-out agreement owes nothing more.
        var obligations = db.ReportingObligations.AsNoTracking().Where(o => o.Agreement.Status != AgreementStatus.Utkast);
        if (query.HorizonDays is { } days)
        {
            var until = today.AddDays(days);
            obligations = obligations.Where(o => o.Status != ObligationStatus.Inskickad && o.DueDate <= until && o.Agreement.Status != AgreementStatus.Avslutad);
        }
        var rows = await obligations
            .OrderBy(o => o.DueDate).ThenBy(o => o.Id)
            .Select(o => new
            {
                o.Id, o.AgreementId, AgreementName = o.Agreement.Name, o.Kind, o.Title, o.Recipient, o.DueDate, o.DueDateAssumed,
                o.Owner, o.Agreement.Responsible, o.Status, o.SentOn, o.SentBy,
            })
            .ToListAsync(ct);
        var checker = new ReadinessChecker(db, settings, cache);
        if (query.WithReadiness)
        {
            await checker.PreloadAsync(rows.Where(o => o.Status != ObligationStatus.Inskickad).Select(o => o.AgreementId).ToList(), ct);
        }
        var result = new List<DeadlineRow>(rows.Count);
        foreach (var o in rows)
        {
            var readiness = o.Status == ObligationStatus.Inskickad || !query.WithReadiness ? null : await checker.CheckAsync(new ObligationFacts(o.AgreementId, o.Kind, o.DueDate), ct);
            result.Add(new DeadlineRow(o.Id, o.AgreementId, o.AgreementName, o.Kind, o.Title, o.Recipient, o.DueDate, o.DueDateAssumed,
                o.DueDate.DayNumber - today.DayNumber, o.Owner ?? o.Responsible, o.Owner is not null, o.Status, o.SentOn, o.SentBy, readiness));
        }
        return new DeadlineList(today, result);
    }
}
