using System.Collections.Concurrent;
using GrantTracker.Application.Auditing;
using GrantTracker.Application.Data;
using GrantTracker.Domain.Agreements;
using GrantTracker.Domain.Common;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;

namespace GrantTracker.Application.Features.Agreements.Lifecycle;

/// <summary>A save that would change a closed-out (Avslutad) agreement or anything that belongs to it; nothing of the save is written.</summary>
public sealed class AgreementReadOnlyException(string agreementName)
    : InvalidOperationException(ReadOnlyAgreementGuard.Refusal(agreementName))
{
    public string AgreementName { get; } = agreementName;
}

/// <summary>
/// The one home of the read-only rule (ADR 27): every save goes through <see cref="AppDbContext"/>, and before anything is written this
/// finds the agreement each changed row belongs to (its own <c>AgreementId</c>, or its owner's: an obligation's file, a distribution's
/// unit report, an activity's budget) and refuses the whole save when one of them is Avslutad. The agreement's own close-out fields
/// (status, closed on/by, the reason to reopen) are the only change an Avslutad agreement takes. Ledger rows belong to cost objects and
/// months, not agreements: an Avslutad agreement has every month closed, and a closed month already keeps its rows (ADR 23).
/// </summary>
public static class ReadOnlyAgreementGuard
{
    /// <summary>The refusal every command gives, page and CLI alike.</summary>
    public static string Refusal(string agreementName) =>
        $"Överenskommelsen {agreementName} är avslutad och kan bara läsas: ändringen är inte sparad. "
        + "Behöver något ändras, be en administratör öppna överenskommelsen igen på överenskommelsens sida (ett skäl krävs).";

    private static readonly HashSet<string> LifecycleFields =
        [nameof(Agreement.Status), nameof(Agreement.Version), nameof(Agreement.ClosedOn), nameof(Agreement.ClosedBy), nameof(Agreement.ReopenReason)];

    /// <summary>Whether rows of an entity type can belong to an agreement: asked once per type, so a million ledger rows cost a lookup each.</summary>
    private static readonly ConcurrentDictionary<IEntityType, bool> Linked = new();

    /// <summary>Rows whose owner is named by an id the model does not map as a foreign key: where to read the owner's agreement.</summary>
    private static readonly Dictionary<string, Func<AppDbContext, int, CancellationToken, Task<int?>>> OwnerIds = new(StringComparer.Ordinal)
    {
        ["ObligationId"] = (db, id, ct) => db.ReportingObligations.AsNoTracking().Where(o => o.Id == id).Select(o => (int?)o.AgreementId).SingleOrDefaultAsync(ct),
        ["RequirementId"] = (db, id, ct) => db.ReportingRequirements.AsNoTracking().Where(o => o.Id == id).Select(o => (int?)o.AgreementId).SingleOrDefaultAsync(ct),
        ["DistributionId"] = (db, id, ct) => db.Distributions.AsNoTracking().Where(o => o.Id == id).Select(o => (int?)o.AgreementId).SingleOrDefaultAsync(ct),
        ["ActivityId"] = (db, id, ct) => db.Activities.AsNoTracking().Where(o => o.Id == id).Select(o => (int?)o.AgreementId).SingleOrDefaultAsync(ct),
        ["AllocationLineId"] = (db, id, ct) => db.AllocationLines.AsNoTracking().Where(o => o.Id == id).Select(o => (int?)o.AgreementId).SingleOrDefaultAsync(ct),
        ["DevelopmentAreaId"] = (db, id, ct) => db.DevelopmentAreas.AsNoTracking().Where(o => o.Id == id).Select(o => (int?)o.AgreementId).SingleOrDefaultAsync(ct),
        ["UnitReportId"] = (db, id, ct) => db.UnitReports.AsNoTracking().Where(r => r.Id == id)
            .Join(db.Distributions, r => r.DistributionId, d => d.Id, (r, d) => (int?)d.AgreementId).SingleOrDefaultAsync(ct),
    };

    /// <summary>Throws <see cref="AgreementReadOnlyException"/> when the pending changes touch an Avslutad agreement.</summary>
    internal static async Task CheckAsync(AppDbContext db, CancellationToken ct)
    {
        var touched = new HashSet<int>();
        // Read once: Entries() detects changes on every call, and the owners are looked up among these.
        var entries = db.ChangeTracker.Entries().ToList();
        foreach (var entry in entries)
        {
            if (entry.State is EntityState.Unchanged or EntityState.Detached || entry.Entity is AuditEntry)
            {
                continue;
            }
            if (entry.Entity is Agreement agreement)
            {
                if (entry.State == EntityState.Modified && (AgreementStatus)entry.Property(nameof(Agreement.Status)).OriginalValue! == AgreementStatus.Avslutad
                    && entry.Properties.Any(p => !LifecycleFields.Contains(p.Metadata.Name) && !Equals(p.OriginalValue, p.CurrentValue)))
                {
                    throw new AgreementReadOnlyException((string)entry.Property(nameof(Agreement.Name)).OriginalValue!);
                }
                if (entry.State == EntityState.Deleted && agreement.Status == AgreementStatus.Avslutad)
                {
                    throw new AgreementReadOnlyException(agreement.Name);
                }
                continue;
            }
            if (!IsLinked(entry.Metadata))
            {
                continue;
            }
            if (await AgreementOfAsync(db, entries, entry, depth: 0, ct) is { } id)
            {
                touched.Add(id);
            }
        }
        if (touched.Count == 0)
        {
            return;
        }
        var ids = touched.Where(id => id > 0).ToList();
        var closed = await db.Agreements.AsNoTracking()
            .Where(a => ids.Contains(a.Id) && a.Status == AgreementStatus.Avslutad)
            .Select(a => a.Name)
            .FirstOrDefaultAsync(ct);
        if (closed is not null)
        {
            throw new AgreementReadOnlyException(closed);
        }
    }

    private static bool IsLinked(IEntityType type) => Linked.GetOrAdd(type, t => LinkedUncached(t, 0));

    private static bool LinkedUncached(IEntityType type, int depth) =>
        depth <= 3 && (type.ClrType == typeof(Agreement)
                       || type.FindProperty("AgreementId") is not null
                       || type.GetProperties().Any(p => OwnerIds.ContainsKey(p.Name))
                       || type.GetForeignKeys().Any(fk => fk.PrincipalEntityType != type && LinkedUncached(fk.PrincipalEntityType, depth + 1)));

    /// <summary>The agreement a changed row belongs to, or null when it belongs to none.</summary>
    private static async Task<int?> AgreementOfAsync(AppDbContext db, IReadOnlyList<EntityEntry> entries, EntityEntry entry, int depth, CancellationToken ct)
    {
        if (depth > 3)
        {
            return null;
        }
        if (entry.Entity is Agreement)
        {
            return (int)entry.Property(nameof(Agreement.Id)).CurrentValue!;
        }
        PropertyEntry? Own(string name) => entry.Metadata.FindProperty(name) is null ? null : entry.Property(name);
        if (Own("AgreementId") is { } agreementId)
        {
            // A deleted or moved row belonged where it was: the original value counts.
            return (int?)(entry.State == EntityState.Added ? agreementId.CurrentValue : agreementId.OriginalValue);
        }
        // The owner as tracked: an owned part (an activity's budget) of a row added in the same save has no id in the database yet.
        foreach (var fk in entry.Metadata.GetForeignKeys())
        {
            if (!IsLinked(fk.PrincipalEntityType))
            {
                continue;
            }
            var values = fk.Properties.Select(p => entry.State == EntityState.Added ? entry.Property(p.Name).CurrentValue : entry.Property(p.Name).OriginalValue).ToArray();
            if (values.Any(v => v is null))
            {
                continue;
            }
            var principal = entries.FirstOrDefault(e => e.Metadata == fk.PrincipalEntityType
                && fk.PrincipalKey.Properties.Select(p => e.Property(p.Name).CurrentValue).SequenceEqual(values));
            if (principal is not null && await AgreementOfAsync(db, entries, principal, depth + 1, ct) is { } owner)
            {
                return owner;
            }
        }
        foreach (var (name, read) in OwnerIds)
        {
            if (Own(name) is { } ownerId && (entry.State == EntityState.Added ? ownerId.CurrentValue : ownerId.OriginalValue) is int id && id > 0
                && await read(db, id, ct) is { } owner)
            {
                return owner;
            }
        }
        return null;
    }
}

/// <summary>
/// Turns <see cref="AgreementReadOnlyException"/> into the command's refusal (a <see cref="Result"/>), so every page and the CLI show
/// the Swedish reason the way they show any other refusal, and forgets the refused changes, so the request's later reads see the database.
/// </summary>
public sealed class ReadOnlyAgreementRefusal<TMessage, TResponse>(AppDbContext db) : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        try
        {
            return await next(message, cancellationToken);
        }
        catch (AgreementReadOnlyException refused) when (Refusal(refused.Message) is { } result)
        {
            db.ChangeTracker.Clear();
            return result;
        }
    }

    private static TResponse? Refusal(string message)
    {
        var errors = new[] { new Error("", message) };
        if (typeof(TResponse) == typeof(Result))
        {
            return (TResponse)(object)Result.Fail(errors);
        }
        if (typeof(TResponse).IsGenericType && typeof(TResponse).GetGenericTypeDefinition() == typeof(Result<>))
        {
            var fail = typeof(Result).GetMethods().Single(m => m.Name == nameof(Result.Fail) && m.IsGenericMethod && m.GetParameters() is [{ ParameterType.IsGenericType: true }]);
            return (TResponse)fail.MakeGenericMethod(typeof(TResponse).GetGenericArguments()[0]).Invoke(null, [errors])!;
        }
        return default;
    }
}
