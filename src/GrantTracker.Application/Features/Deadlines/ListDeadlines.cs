using GrantTracker.Application.Data;
using GrantTracker.Domain.Agreements;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Features.Deadlines;

/// <summary>Every reporting obligation, by due date, with how many days remain from today.</summary>
public sealed record ListDeadlinesQuery : IQuery<DeadlineList>;

public sealed record DeadlineList(DateOnly Today, IReadOnlyList<DeadlineRow> Rows)
{
    public IEnumerable<DeadlineRow> Overdue => Rows.Where(r => r.DaysLeft < 0);

    public IEnumerable<DeadlineRow> Within(int days) => Rows.Where(r => r.DaysLeft >= 0 && r.DaysLeft <= days);

    public IEnumerable<DeadlineRow> Later(int days) => Rows.Where(r => r.DaysLeft > days);
}

public sealed record DeadlineRow(int Id, int AgreementId, string AgreementName, ObligationKind Kind, string Title, string Recipient, DateOnly DueDate, bool DueDateAssumed, int DaysLeft);

public sealed class ListDeadlinesHandler(AppDbContext db, TimeProvider clock) : IQueryHandler<ListDeadlinesQuery, DeadlineList>
{
    public async ValueTask<DeadlineList> Handle(ListDeadlinesQuery query, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(clock.GetLocalNow().Date);
        var rows = await db.ReportingObligations.AsNoTracking()
            .OrderBy(o => o.DueDate)
            .Select(o => new { o.Id, o.AgreementId, AgreementName = o.Agreement.Name, o.Kind, o.Title, o.Recipient, o.DueDate, o.DueDateAssumed })
            .ToListAsync(ct);
        return new DeadlineList(today, rows
            .Select(o => new DeadlineRow(o.Id, o.AgreementId, o.AgreementName, o.Kind, o.Title, o.Recipient, o.DueDate, o.DueDateAssumed,
                o.DueDate.DayNumber - today.DayNumber))
            .ToList());
    }
}
