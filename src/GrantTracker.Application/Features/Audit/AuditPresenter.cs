using System.Collections.Concurrent;
using System.Globalization;
using GrantTracker.Application.Auditing;
using GrantTracker.Application.Data;
using GrantTracker.Domain.Agreements;
using GrantTracker.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Features.Audit;

/// <summary>An entry as an auditor reads it: Swedish time, the user's name, the kind, what it concerns, the event and each field in the interface's words.</summary>
/// <param name="At">Swedish time, <c>yyyy-MM-dd HH:mm</c>.</param>
/// <param name="Target">What the entry's id points to ("God och nära vård 2023", "Insats 3: …"), else its id.</param>
public sealed record AuditLine(string At, string User, string Kind, string Target, string Action, IReadOnlyList<AuditChange> Fields)
{
    /// <summary>The changes on one line each, "Fält: före → efter", for the workbook and the command line.</summary>
    public IEnumerable<string> FieldTexts => Fields.Select(f => f.Property.Length == 0 ? f.New ?? "–" : $"{f.Property}: {f.Old ?? "–"} → {f.New ?? "–"}");
}

/// <summary>
/// Turns stored entries into what Granskningslogg, its workbook and the CLI show, through <see cref="AuditVocabulary"/>: one reading of the
/// trail, so the three cannot name a thing differently. Ids are looked up in one query per kind of record the page's entries point to (a
/// page is 50 entries; an export goes in batches), and a record since deleted keeps its id ("nr 12").
/// </summary>
public sealed class AuditPresenter(AppDbContext db)
{
    /// <summary>A stored entry as read from the table.</summary>
    public sealed record Stored(long Id, DateTime AtUtc, string UserName, string EntityType, string EntityId, AuditAction Action, string Changes);

    public async Task<IReadOnlyList<AuditRow>> PresentAsync(IReadOnlyList<Stored> entries, CancellationToken ct)
    {
        var parsed = entries.Select(e => (Entry: e, Changes: ListAuditEntriesHandler.ParseChanges(e.Changes))).ToList();

        var wanted = new Dictionary<AuditTarget, HashSet<int>>();
        var userNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        void Want(AuditTarget target, string? id)
        {
            if (target != AuditTarget.None && target != AuditTarget.User && int.TryParse(id, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
            {
                (wanted.TryGetValue(target, out var set) ? set : wanted[target] = []).Add(number);
            }
        }
        var userIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (entry, changes) in parsed)
        {
            userNames.Add(entry.UserName);
            Want(AuditVocabulary.Find(entry.EntityType)?.Self ?? AuditTarget.None, FirstKeyPart(entry.EntityId));
            foreach (var change in changes)
            {
                var target = AuditVocabulary.ReferenceOf(entry.EntityType, change.Property);
                if (target == AuditTarget.User)
                {
                    foreach (var id in new[] { change.Old, change.New }.OfType<string>())
                    {
                        userIds.Add(id);
                    }
                }
                Want(target, change.Old);
                Want(target, change.New);
                if (AuditVocabulary.IsUserName(change.Property))
                {
                    foreach (var name in new[] { change.Old, change.New }.OfType<string>())
                    {
                        userNames.Add(name);
                    }
                }
            }
        }
        var names = await NamesAsync(wanted, ct);
        var users = await db.Users.AsNoTracking()
            .Where(u => userIds.Contains(u.Id) || (u.UserName != null && userNames.Contains(u.UserName)))
            .Select(u => new { u.Id, u.UserName, u.DisplayName })
            .ToListAsync(ct);
        var byId = users.ToDictionary(u => u.Id, u => Person(u.DisplayName, u.UserName ?? u.Id), StringComparer.Ordinal);
        var byName = users.Where(u => u.UserName is not null)
            .ToDictionary(u => u.UserName!, u => Person(u.DisplayName, u.UserName!), StringComparer.OrdinalIgnoreCase);

        string Named(AuditTarget target, string? id)
        {
            if (id is null)
            {
                return "–";
            }
            if (target == AuditTarget.User)
            {
                return byId.GetValueOrDefault(id, id);
            }
            return int.TryParse(id, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number)
                   && names.TryGetValue((target, number), out var name) ? name : $"nr {id}";
        }

        return parsed.Select(p =>
        {
            var (e, changes) = p;
            var kind = AuditVocabulary.Find(e.EntityType);
            var self = kind?.Self ?? AuditTarget.None;
            var target = e.EntityType == SignInEvents.EntityType
                ? (e.EntityId == SignInEvents.NoSession ? "ingen session" : $"session {e.EntityId}")
                : self == AuditTarget.None ? $"nr {e.EntityId}" : Named(self, FirstKeyPart(e.EntityId));
            var fields = changes.Select(c =>
            {
                var reference = AuditVocabulary.ReferenceOf(e.EntityType, c.Property);
                return new AuditChange(
                    c.Property.Length == 0 ? "" : AuditVocabulary.FieldName(e.EntityType, c.Property),
                    Value(e.EntityType, c.Property, c.Old, reference),
                    Value(e.EntityType, c.Property, c.New, reference));
            }).ToList();
            var line = new AuditLine(SwedishFormat.DateTime(DateTime.SpecifyKind(e.AtUtc, DateTimeKind.Utc)), byName.GetValueOrDefault(e.UserName, e.UserName),
                AuditVocabulary.KindName(e.EntityType), target, AuditVocabulary.Action(e.Action), fields);
            return new AuditRow(e.Id, DateTime.SpecifyKind(e.AtUtc, DateTimeKind.Utc), e.UserName, e.EntityType, e.EntityId, e.Action, changes, line);
        }).ToList();

        string? Value(string entityType, string property, string? stored, AuditTarget reference)
        {
            if (stored is null)
            {
                return null;
            }
            if (reference != AuditTarget.None)
            {
                return Named(reference, stored);
            }
            if (AuditVocabulary.IsUserName(property))
            {
                return byName.GetValueOrDefault(stored, stored);
            }
            return Format(db, entityType, property, stored);
        }
    }

    private static string Person(string? displayName, string userName) =>
        string.IsNullOrWhiteSpace(displayName) || string.Equals(displayName, userName, StringComparison.OrdinalIgnoreCase)
            ? userName
            : $"{displayName} ({userName})";

    /// <summary>An owned part's id is its owner's id and its own ("12/1"); the owner is what it concerns.</summary>
    private static string FirstKeyPart(string entityId)
    {
        var slash = entityId.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? entityId : entityId[..slash];
    }

    private static readonly ConcurrentDictionary<(string EntityType, string Property), Type?> Types = new();

    /// <summary>A stored value in the interface's form, by the model's type of the property: Swedish time, kronor, Ja/Nej, the enum's Swedish word.</summary>
    private static string Format(AppDbContext db, string entityType, string property, string stored)
    {
        var type = Types.GetOrAdd((entityType, property), key => db.Model.GetEntityTypes()
            .Where(t => t.ClrType.Name == key.EntityType)
            .Select(t => t.FindProperty(key.Property)?.ClrType)
            .FirstOrDefault(t => t is not null));
        if (type is null)
        {
            return stored;
        }
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(DateTime)
            && DateTime.TryParse(stored, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var at))
        {
            return SwedishFormat.DateTime(at);
        }
        if (type == typeof(bool))
        {
            return stored == "true" ? "Ja" : stored == "false" ? "Nej" : stored;
        }
        if (type.IsEnum)
        {
            return AuditVocabulary.EnumValue(type, stored);
        }
        if (type == typeof(decimal) && decimal.TryParse(stored, NumberStyles.Number, CultureInfo.InvariantCulture, out var number))
        {
            return AuditVocabulary.IsMoney(property) ? Money.Format(number) : number.ToString("#,0.##########", SwedishFormat.Numbers);
        }
        if (type == typeof(long) && AuditVocabulary.IsMoney(property) && long.TryParse(stored, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ore))
        {
            return Money.Format(Money.FromOre(ore));
        }
        return stored;
    }

    /// <summary>What each id points to, one query per kind of record: "God och nära vård 2023", "Insats 3: …", "2.1 Utvecklingen av …".</summary>
    private async Task<Dictionary<(AuditTarget, int), string>> NamesAsync(Dictionary<AuditTarget, HashSet<int>> wanted, CancellationToken ct)
    {
        var names = new Dictionary<(AuditTarget, int), string>();
        foreach (var (target, set) in wanted)
        {
            var ids = set.ToList();
            IEnumerable<(int Id, string Name)> found = target switch
            {
                AuditTarget.Agreement => (await db.Agreements.AsNoTracking().Where(a => ids.Contains(a.Id)).Select(a => new { a.Id, a.Name }).ToListAsync(ct))
                    .Select(a => (a.Id, a.Name)),
                AuditTarget.Activity => (await db.Activities.AsNoTracking().Where(a => ids.Contains(a.Id))
                        .Select(a => new { a.Id, a.Number, a.Measure, Agreement = db.Agreements.Where(x => x.Id == a.AgreementId).Select(x => x.Code).FirstOrDefault() }).ToListAsync(ct))
                    .Select(a => (a.Id, $"Insats {a.Number}: {Short(a.Measure)} ({a.Agreement})")),
                AuditTarget.Line => (await db.AllocationLines.AsNoTracking().Where(l => ids.Contains(l.Id))
                        .Select(l => new { l.Id, l.Code, l.Name, Area = db.DevelopmentAreas.Where(a => a.Id == l.AreaId).Select(a => a.Name).FirstOrDefault(), Agreement = l.Agreement.Code })
                        .ToListAsync(ct))
                    // A line without a name of its own is its area's: it is shown as the allocation table shows it.
                    .Select(l => (l.Id, $"{l.Code} {Short(string.IsNullOrWhiteSpace(l.Name) ? l.Area : l.Name)} ({l.Agreement})".Replace("  ", " ", StringComparison.Ordinal))),
                AuditTarget.Area => (await db.DevelopmentAreas.AsNoTracking().Where(a => ids.Contains(a.Id)).Select(a => new { a.Id, a.Code, a.Name }).ToListAsync(ct))
                    .Select(a => (a.Id, $"{a.Code} {Short(a.Name)}")),
                AuditTarget.Condition => (await db.AgreementConditions.AsNoTracking().Where(c => ids.Contains(c.Id)).Select(c => new { c.Id, c.Code, c.Text }).ToListAsync(ct))
                    .Select(c => (c.Id, $"{c.Code} {Short(c.Text)}")),
                AuditTarget.Obligation => (await db.ReportingObligations.AsNoTracking().Where(o => ids.Contains(o.Id))
                        .Select(o => new { o.Id, o.Title, o.Kind, o.DueDate }).ToListAsync(ct))
                    .Select(o => (o.Id, $"{(string.IsNullOrWhiteSpace(o.Title) ? o.Kind.Swedish() : o.Title)}, {SwedishFormat.Date(o.DueDate)}")),
                AuditTarget.Requirement => (await db.ReportingRequirements.AsNoTracking().Where(r => ids.Contains(r.Id)).Select(r => new { r.Id, r.Code, r.Text }).ToListAsync(ct))
                    .Select(r => (r.Id, $"{r.Code} {Short(r.Text)}")),
                AuditTarget.Distribution => (await db.Distributions.AsNoTracking().Where(d => ids.Contains(d.Id)).Select(d => new { d.Id, d.Name }).ToListAsync(ct))
                    .Select(d => (d.Id, d.Name)),
                AuditTarget.UnitReport => (await db.UnitReports.AsNoTracking().Where(r => ids.Contains(r.Id))
                        .Select(r => new { r.Id, r.UnitCode, Distribution = db.Distributions.Where(d => d.Id == r.DistributionId).Select(d => d.Name).FirstOrDefault() })
                        .ToListAsync(ct))
                    .Select(r => (r.Id, $"{r.UnitCode}, {r.Distribution}")),
                AuditTarget.Listing => (await db.UnitListings.AsNoTracking().Where(l => ids.Contains(l.Id)).Select(l => new { l.Id, l.AsOf, l.FileName }).ToListAsync(ct))
                    .Select(l => (l.Id, $"Listning {SwedishFormat.Date(l.AsOf)} ({l.FileName})")),
                AuditTarget.Import => (await db.LedgerImports.AsNoTracking().Where(i => ids.Contains(i.Id)).Select(i => new { i.Id, i.FileName, i.ImportedAtUtc }).ToListAsync(ct))
                    .Select(i => (i.Id, $"{i.FileName}, {SwedishFormat.DateTime(i.ImportedAtUtc)}")),
                AuditTarget.ClosedMonth => (await db.ClosedMonths.AsNoTracking().Where(c => ids.Contains(c.Id))
                        .Select(c => new { c.Id, c.Month, Agreement = db.Agreements.Where(a => a.Id == c.AgreementId).Select(a => a.Name).FirstOrDefault() })
                        .ToListAsync(ct))
                    .Select(c => (c.Id, $"{c.Month}, {c.Agreement}")),
                _ => [],
            };
            foreach (var (id, name) in found)
            {
                names[(target, id)] = name;
            }
        }
        return names;
    }

    private static string Short(string? text)
    {
        var plain = (text ?? "").ReplaceLineEndings(" ").Trim();
        return plain.Length <= 70 ? plain : plain[..69].TrimEnd() + "…";
    }
}
