using GrantTracker.Application.Data;
using GrantTracker.Domain.Agreements;
using GrantTracker.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Features.Agreements;

/// <summary>Loads a whole agreement aggregate for a command, and saves it with the concurrency check.</summary>
internal static class AgreementLoader
{
    public static readonly Result NotFound = Result.Fail("", "Överenskommelsen finns inte längre. Gå tillbaka till listan och försök igen.");

    /// <summary>For commands that name the agreement by its code (the URL's avtal, the CLI's --agreement).</summary>
    public static readonly Result UnknownCode = Result.Fail("", "Överenskommelsen finns inte. Välj en överenskommelse i listan.");

    /// <summary>The id of the agreement with the code (trimmed), or null.</summary>
    public static Task<int?> IdByCodeAsync(AppDbContext db, string code, CancellationToken ct)
    {
        var trimmed = code.Trim();
        return db.Agreements.Where(a => a.Code == trimmed).Select(a => (int?)a.Id).SingleOrDefaultAsync(ct);
    }

    public static readonly Result Stale = Result.Fail("",
        "Någon annan har ändrat överenskommelsen sedan du öppnade den. Dina ändringar är inte sparade: öppna den igen, se vad som ändrats och gör om din ändring.");

    /// <summary>
    /// The end of a check-only run (<c>CheckOnly</c> on a definition command: a form whose other fields did not parse): the
    /// domain's checks ran on what did, and whatever they changed in the context is forgotten, so nothing can be written.
    /// </summary>
    public static T Discard<T>(AppDbContext db, T result) where T : Result
    {
        db.ChangeTracker.Clear();
        return result;
    }

    public static Task<Agreement?> LoadAsync(AppDbContext db, int id, CancellationToken ct) =>
        db.Agreements.AsSplitQuery()
            .Include(a => a.Areas)
            .Include(a => a.Lines)
            .Include(a => a.CostObjects)
            .Include(a => a.Conditions)
            .Include(a => a.Obligations)
            .SingleOrDefaultAsync(a => a.Id == id, ct);

    /// <summary>
    /// Saves the aggregate. Any change inside it bumps the agreement's version, so two officers editing
    /// lines of the same agreement cannot overwrite each other unseen.
    /// </summary>
    public static async Task<Result> SaveAsync(AppDbContext db, CancellationToken ct)
    {
        foreach (var entry in db.ChangeTracker.Entries<Agreement>())
        {
            if (entry.State == EntityState.Unchanged && db.ChangeTracker.Entries().Any(e => e.State != EntityState.Unchanged))
            {
                entry.State = EntityState.Modified;
            }
        }
        try
        {
            await db.SaveChangesAsync(ct);
            return Result.Ok();
        }
        catch (DbUpdateConcurrencyException)
        {
            return Stale;
        }
    }
}
