using GrantTracker.Application.Data;
using GrantTracker.Application.Features.Deadlines;
using GrantTracker.Domain.Agreements;
using GrantTracker.Domain.Common;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Features.Agreements.Lifecycle;

/// <summary>
/// Where an agreement stands in its close-out (ADR 27): its status, when and by whom it was closed, the reason it was last reopened, and
/// what is still missing before it can be closed (the same list <see cref="CloseAgreementCommand"/> refuses with). Null when it does not exist.
/// </summary>
public sealed record GetCloseOutQuery(int AgreementId) : IQuery<CloseOutView?>;

/// <param name="Missing">Empty when the agreement can be closed now (or already is).</param>
/// <param name="Repayments">Every year's decision on unused money that says something is to be paid back.</param>
public sealed record CloseOutView(int AgreementId, string Code, string Name, AgreementStatus Status, long Version, DateOnly? ClosedOn, string? ClosedBy,
    string? ReopenReason, IReadOnlyList<string> Missing, IReadOnlyList<RepaymentView> Repayments)
{
    public bool CanClose => Status == AgreementStatus.Slutredovisad && Missing.Count == 0;
}

/// <summary>A repayment decided: to whom, how much, the grantor's decision, when planned and when paid.</summary>
public sealed record RepaymentView(int Year, string? Recipient, decimal Amount, string? DecisionReference, DateOnly? PlannedOn, DateOnly? PaidOn, string Reference)
{
    public bool Paid => PaidOn is not null;

    /// <summary>"2020: 1 234 kr till Kammarkollegiet, beslutad men inte betald (planerad 2021-06-30)."</summary>
    public string Text => $"{Year}: {Money.Format(Amount)} till {Recipient ?? "mottagaren"}"
                          + (Paid ? $", betald {SwedishFormat.Date(PaidOn)}." : $", beslutad men inte betald{(PlannedOn is { } p ? $" (planerad {SwedishFormat.Date(p)})" : "")}.");
}

public sealed class GetCloseOutHandler(AppDbContext db, FiguresCache figures) : IQueryHandler<GetCloseOutQuery, CloseOutView?>
{
    /// <summary>
    /// Once per change of the data (<see cref="FiguresCache"/>): the agreement page shows it on every request, and it reads the agreement, its
    /// closed months and its decisions on unused money, all audited. The answer is the same for every role; the page checks who may act.
    /// </summary>
    public async ValueTask<CloseOutView?> Handle(GetCloseOutQuery query, CancellationToken ct) =>
        await figures.GetAsync(db, query, token => ComputeAsync(query, token), ct);

    private async Task<CloseOutView?> ComputeAsync(GetCloseOutQuery query, CancellationToken ct)
    {
        var agreement = await db.Agreements.AsNoTracking().Include(a => a.CostObjects).SingleOrDefaultAsync(a => a.Id == query.AgreementId, ct);
        if (agreement is null)
        {
            return null;
        }
        var missing = agreement.Status == AgreementStatus.Avslutad ? [] : await CloseOutCheck.MissingAsync(db, agreement, ct);
        return new CloseOutView(agreement.Id, agreement.Code, agreement.Name, agreement.Status, agreement.Version, agreement.ClosedOn, agreement.ClosedBy,
            agreement.ReopenReason, missing, await CloseOutCheck.RepaymentsAsync(db, agreement.Id, ct));
    }
}

/// <summary>What an agreement still lacks before it can be closed: one home for the page, the to-do list and the close-out itself.</summary>
internal static class CloseOutCheck
{
    /// <summary>Every month of the agreement: its own period and its cost objects' months.</summary>
    public static IReadOnlyList<YearMonth> Months(Agreement agreement)
    {
        var first = YearMonth.Of(agreement.StartDate);
        var last = YearMonth.Of(agreement.EndDate);
        foreach (var period in agreement.CostObjects)
        {
            first = period.From < first ? period.From : first;
            last = period.To > last ? period.To : last;
        }
        var months = new List<YearMonth>();
        for (var m = first; m <= last; m = m.AddMonths(1))
        {
            months.Add(m);
        }
        return months;
    }

    public static async Task<IReadOnlyList<string>> MissingAsync(AppDbContext db, Agreement agreement, CancellationToken ct)
    {
        var missing = new List<string>();
        var closed = (await db.ClosedMonths.AsNoTracking().Where(c => c.AgreementId == agreement.Id && c.ReopenedAtUtc == null).Select(c => c.Month).ToListAsync(ct))
            .ToHashSet();
        var open = Months(agreement).Where(m => !closed.Contains(m)).ToList();
        if (open.Count > 0)
        {
            missing.Add($"{(open.Count == 1 ? "Månaden" : $"{open.Count} månader")} {ReadinessText.Months(open)} {(open.Count == 1 ? "är" : "är")} inte "
                        + $"{(open.Count == 1 ? "stängd" : "stängda")}. Ekonomen stänger dem under Avstämning.");
        }
        var decisions = await db.UnusedFundsDecisions.AsNoTracking().Where(d => d.AgreementId == agreement.Id).ToListAsync(ct);
        if (decisions.Count == 0)
        {
            missing.Add("Inget beslut om outnyttjade medel är registrerat. Registrera det i slutredovisningen under Rapporter (belopp 0 om inget ska betalas tillbaka).");
        }
        foreach (var unpaid in decisions.Where(d => d.IsUnpaid).OrderBy(d => d.Year))
        {
            missing.Add($"Återbetalningen för {unpaid.Year}, {Money.Format(unpaid.Repayment)} till {unpaid.Recipient ?? "mottagaren"}, är beslutad men inte betald"
                        + (unpaid.PlannedOn is { } p ? $" (planerad {SwedishFormat.Date(p)})" : "") + ". Registrera betalningsdatumet i slutredovisningen.");
        }
        return missing;
    }

    public static async Task<IReadOnlyList<RepaymentView>> RepaymentsAsync(AppDbContext db, int agreementId, CancellationToken ct) =>
        (await db.UnusedFundsDecisions.AsNoTracking().Where(d => d.AgreementId == agreementId).ToListAsync(ct))
        .Where(d => d.Repayment > 0)
        .OrderBy(d => d.Year)
        .Select(d => new RepaymentView(d.Year, d.Recipient, d.Repayment, d.DecisionReference, d.PlannedOn, d.PaidOn, d.Reference))
        .ToList();
}
