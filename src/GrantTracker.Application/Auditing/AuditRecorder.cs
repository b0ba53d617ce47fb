using System.Text.Json;
using GrantTracker.Domain.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace GrantTracker.Application.Auditing;

/// <summary>
/// Captures the tracked changes before a save and turns them into audit entries after it, when
/// generated keys are known. The context writes both in one transaction.
/// </summary>
internal sealed class AuditRecorder
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    private readonly List<Pending> _pending = [];

    public static AuditRecorder Capture(ChangeTracker tracker)
    {
        var recorder = new AuditRecorder();
        foreach (var entry in tracker.Entries())
        {
            if (entry.Entity is AuditEntry)
            {
                if (entry.State is EntityState.Modified or EntityState.Deleted)
                {
                    throw new InvalidOperationException("The audit trail is append-only: an audit entry cannot be changed or deleted.");
                }
                continue;
            }
            if (!IsBusinessData(entry) || entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted))
            {
                continue;
            }
            var action = entry.State switch
            {
                EntityState.Added => AuditAction.Skapad,
                EntityState.Deleted => AuditAction.Borttagen,
                _ => AuditAction.Ändrad,
            };
            var changes = new Dictionary<string, object?>();
            foreach (var p in entry.Properties)
            {
                if (p.Metadata.IsPrimaryKey() || AuditAnnotations.IsNotRecorded(p.Metadata))
                {
                    continue;
                }
                switch (action)
                {
                    case AuditAction.Skapad:
                        changes[p.Metadata.Name] = new { @new = Plain(p.CurrentValue) };
                        break;
                    case AuditAction.Borttagen:
                        changes[p.Metadata.Name] = new { old = Plain(p.OriginalValue) };
                        break;
                    default:
                        if (p.IsModified && !Equals(p.OriginalValue, p.CurrentValue))
                        {
                            changes[p.Metadata.Name] = new { old = Plain(p.OriginalValue), @new = Plain(p.CurrentValue) };
                        }
                        break;
                }
            }
            if (action == AuditAction.Ändrad && changes.Keys.All(k => k == nameof(IVersioned.Version)))
            {
                continue;
            }
            recorder._pending.Add(new Pending(entry, action, changes));
        }
        return recorder;
    }

    public bool IsEmpty => _pending.Count == 0;

    public IEnumerable<AuditEntry> Complete(DateTime atUtc, IAuditActor actor) =>
        _pending.Select(p => new AuditEntry(
            atUtc,
            actor.UserId,
            actor.UserName,
            p.Entry.Metadata.ClrType.Name,
            KeyOf(p.Entry),
            p.Action,
            JsonSerializer.Serialize(WithGeneratedKeys(p), Json)));

    /// <summary>
    /// A record created with its parent in one save points at the parent by a temporary (negative) key when it is captured; after the
    /// save the real key is known, and the trail must show that one ("Överenskommelse: God och nära vård 2023", not -2147482647).
    /// </summary>
    private static Dictionary<string, object?> WithGeneratedKeys(Pending pending)
    {
        if (pending.Action != AuditAction.Skapad)
        {
            return pending.Changes;
        }
        foreach (var property in pending.Entry.Properties.Where(p => p.Metadata.IsForeignKey() && pending.Changes.ContainsKey(p.Metadata.Name)))
        {
            pending.Changes[property.Metadata.Name] = new { @new = Plain(property.CurrentValue) };
        }
        return pending.Changes;
    }

    private static bool IsBusinessData(EntityEntry entry) =>
        entry.Metadata.ClrType.Namespace?.StartsWith("GrantTracker.Domain", StringComparison.Ordinal) == true;

    private static string KeyOf(EntityEntry entry)
    {
        var key = entry.Metadata.FindPrimaryKey();
        if (key is null)
        {
            return "";
        }
        return string.Join("/", key.Properties.Select(p => Convert.ToString(entry.Property(p.Name).CurrentValue, System.Globalization.CultureInfo.InvariantCulture)));
    }

    private static object? Plain(object? value) => value switch
    {
        null => null,
        YearMonth ym => ym.ToString(),
        DateOnly d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        Enum e => e.ToString(),
        // A kept file is recorded by size and fingerprint, not copied into the trail.
        byte[] bytes => $"{bytes.Length} byte, SHA-256 {Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes))}",
        _ => value,
    };

    private sealed record Pending(EntityEntry Entry, AuditAction Action, Dictionary<string, object?> Changes);
}
