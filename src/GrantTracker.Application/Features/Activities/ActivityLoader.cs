using GrantTracker.Application.Auditing;
using GrantTracker.Application.Data;
using GrantTracker.Domain.Activities;
using GrantTracker.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Features.Activities;

/// <summary>What activity commands share: loading, the line check, the concurrency check and saving.</summary>
internal static class ActivityLoader
{
    public static readonly Result NotFound = Result.Fail("", "Insatsen finns inte längre. Gå tillbaka till listan och försök igen.");

    public static Task<Activity?> LoadAsync(AppDbContext db, int id, CancellationToken ct) =>
        db.Activities.SingleOrDefaultAsync(a => a.Id == id, ct);

    /// <summary>The line an activity is registered under, which must belong to the activity's agreement.</summary>
    public static async Task<(ActivityLine? Line, Result Result)> LineAsync(AppDbContext db, int agreementId, int lineId, CancellationToken ct)
    {
        var line = await db.AllocationLines.AsNoTracking()
            .Where(l => l.Id == lineId && l.AgreementId == agreementId)
            .Select(l => new ActivityLine(l.Id, l.AreaId, l.CostObjectCode))
            .SingleOrDefaultAsync(ct);
        return line is null
            ? (null, Result.Fail("LineId", "Välj en fördelningsrad i överenskommelsen som insatsen hör till."))
            : (line, Result.Ok());
    }

    /// <summary>Checks the line's commitment with this activity's budget; refuses on a ring-fenced line, warns otherwise.</summary>
    public static async Task<(Result Result, string? Warning)> CommitmentAsync(AppDbContext db, int lineId, int? activityId, decimal budget, CancellationToken ct)
    {
        var line = await db.AllocationLines.AsNoTracking()
            .Where(l => l.Id == lineId)
            .Select(l => new { l.Code, l.Amount, l.RingFenced })
            .SingleAsync(ct);
        var others = await LineBudgetsAsync(db, lineId, activityId, ct);
        return LineCommitment.Check(line.Code, line.Amount, line.RingFenced, others.Decided, others.Planned, budget);
    }

    /// <summary>The budgets of a line's activities, decided and planned apart (rejected ones count for neither), leaving one activity out.</summary>
    public static async Task<(decimal Decided, decimal Planned)> LineBudgetsAsync(AppDbContext db, int lineId, int? leaveOut, CancellationToken ct)
    {
        var budgets = await db.Activities.AsNoTracking()
            .Where(a => a.AllocationLineId == lineId && a.Id != leaveOut && a.Status != ActivityStatus.Avslagen)
            .Select(a => new { a.Status, Amounts = a.Budgets.Select(b => b.Amount).ToList() })
            .ToListAsync(ct);
        return (budgets.Where(b => b.Status.IsDecided()).Sum(b => b.Amounts.Sum()), budgets.Where(b => b.Status.IsPlanned()).Sum(b => b.Amounts.Sum()));
    }

    public static Result Stale(Activity current) => Result.Fail("",
        $"Någon annan har sparat insatsen sedan du öppnade den (nu version {current.Version}). Dina ändringar är inte sparade men finns kvar i formuläret: jämför med ändringarna nedan och spara igen.");

    /// <summary>
    /// Saves with the version the user saw as the concurrency token. Changes to the activity's owned parts
    /// (budget years, transitions) count as changes to the activity, so its version moves too.
    /// </summary>
    public static async Task<Result> SaveAsync(AppDbContext db, Activity activity, long expectedVersion, CancellationToken ct)
    {
        var entry = db.Entry(activity);
        entry.Property(a => a.Version).OriginalValue = expectedVersion;
        if (entry.State == EntityState.Unchanged)
        {
            entry.State = EntityState.Modified;
        }
        try
        {
            await db.SaveChangesAsync(ct);
            return Result.Ok();
        }
        catch (DbUpdateConcurrencyException)
        {
            return Result.Fail("", "Någon annan har sparat insatsen samtidigt. Öppna den igen och gör om din ändring.");
        }
    }

    public static string UserName(IAuditActor actor) => actor.UserName;
}
