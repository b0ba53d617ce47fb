using GrantTracker.Application.Data;
using GrantTracker.Domain.Agreements;
using GrantTracker.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Features.Agreements;

/// <summary>
/// A ledger row is attributed to an agreement by cost object and month, so one object may belong to
/// two agreements only in periods that do not overlap (9916: Patientmiljarden 2018–2020, God och nära vård 2023).
/// </summary>
internal static class CostObjectOverlap
{
    /// <param name="agreement">
    /// The agreement after the domain change, with the periods it will save. An object it has no period for yet (the domain
    /// refused the line that would have brought it) is checked with the period it would get: the agreement's whole period.
    /// </param>
    /// <param name="remedy">What to do instead, as the refusal's last sentence; by default the advice for a line's object.</param>
    public static async Task<Result> CheckAsync(AppDbContext db, Agreement agreement, string code, CancellationToken ct, string? remedy = null)
    {
        if (!Agreement.IsCostObjectCode(code))
        {
            return Result.Ok();
        }
        var own = agreement.CostObjects.Where(p => p.CostObjectCode == code).Select(p => (p.From, p.To)).ToList();
        if (own.Count == 0)
        {
            own.Add((YearMonth.Of(agreement.StartDate), YearMonth.Of(agreement.EndDate)));
        }
        var others = await db.CostObjectPeriods.AsNoTracking()
            .Where(p => p.CostObjectCode == code && p.AgreementId != agreement.Id)
            .Select(p => new { p.From, p.To, p.Agreement.Name })
            .ToListAsync(ct);
        var clash = others.FirstOrDefault(o => own.Any(p => p.From <= o.To && o.From <= p.To));
        if (clash is null)
        {
            return Result.Ok();
        }
        var mine = own.First(p => p.From <= clash.To && clash.From <= p.To);
        return Result.Fail("CostObjectCode",
            $"Kostnadsobjekt {code} hör redan till överenskommelsen {clash.Name} under {clash.From}–{clash.To}, och den här överenskommelsen skulle använda det under {mine.From}–{mine.To}. " +
            "Kostnaderna går då inte att hänföra till rätt överenskommelse. " +
            (remedy ?? "Välj ett annat kostnadsobjekt för raden (be ekonomienheten om ett nytt objekt vid behov)."));
    }
}
