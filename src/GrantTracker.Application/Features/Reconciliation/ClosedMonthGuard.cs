using GrantTracker.Application.Data;
using GrantTracker.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Features.Reconciliation;

/// <summary>
/// A closed month stays closed: what its figures or its readiness depend on (an exception note that covers it, a payment that the
/// month's accruals count) cannot change until the month is reopened. A change dated in a month counts for that month and every
/// later one, so it is refused while that month or any later month of the agreement is closed.
/// </summary>
public static class ClosedMonthGuard
{
    /// <summary>The closed months from <paramref name="month"/> on, oldest first.</summary>
    internal static async Task<List<YearMonth>> ClosedFromAsync(AppDbContext db, int agreementId, YearMonth month, CancellationToken ct) =>
        (await db.ClosedMonths.AsNoTracking()
            .Where(c => c.AgreementId == agreementId && c.ReopenedAtUtc == null && c.Month >= month)
            .Select(c => c.Month)
            .ToListAsync(ct))
        .Order()
        .ToList();

    /// <summary>A Swedish refusal naming the closed months, or null when none from the month on is closed.</summary>
    /// <param name="what">What would change, as the sentence's subject ("Betalningen", "Kommentaren").</param>
    internal static async Task<Result?> RefusalAsync(AppDbContext db, int agreementId, YearMonth month, string what, CancellationToken ct)
    {
        var closed = await ClosedFromAsync(db, agreementId, month, ct);
        if (closed.Count == 0)
        {
            return null;
        }
        // Issue 26: an Avslutad agreement's months cannot be reopened, so the advice to reopen them would send the user nowhere.
        if (await db.Agreements.AsNoTracking().Where(a => a.Id == agreementId && a.Status == Domain.Agreements.AgreementStatus.Avslutad).Select(a => a.Name).SingleOrDefaultAsync(ct)
            is { } closedOut)
        {
            return Result.Fail("", Agreements.Lifecycle.ReadOnlyAgreementGuard.Refusal(closedOut));
        }
        return Result.Fail("", $"{what} gäller {month} och {Phrase(closed)}. Öppna {(closed.Count == 1 ? "månaden" : "månaderna")} igen under "
                               + "Avstämning (med ett skäl) och gör ändringen sedan.");
    }

    /// <summary>The closed months from <paramref name="month"/> on, out of the months a reconciliation found closed: what locks a change dated then.</summary>
    public static IReadOnlyList<YearMonth> From(IEnumerable<YearMonth> closed, YearMonth month) => closed.Where(m => m >= month).Order().ToList();

    /// <summary>"månaden 2023-10 är stängd", "månaderna 2023-03–2023-10 är stängda".</summary>
    public static string Phrase(IReadOnlyList<YearMonth> closed) =>
        closed.Count == 1 ? $"månaden {closed[0]} är stängd" : $"månaderna {Deadlines.ReadinessText.Months(closed)} är stängda";
}
