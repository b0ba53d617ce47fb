using System.Text.Json;
using GrantTracker.Application.Auditing;
using GrantTracker.Application.Data;
using GrantTracker.Domain.Common;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Features.Audit;

/// <param name="From">First day to include, a Swedish calendar day.</param>
/// <param name="To">Last day to include, a Swedish calendar day (the whole day).</param>
/// <param name="Page">1-based; a page past the end comes back empty with the real total.</param>
public sealed record ListAuditEntriesQuery(
    string? EntityType = null,
    string? UserName = null,
    DateOnly? From = null,
    DateOnly? To = null,
    int Page = 1) : IQuery<AuditEntriesPage>;

public sealed record AuditEntriesPage(
    IReadOnlyList<AuditRow> Rows,
    int TotalCount,
    int Page,
    int PageSize,
    /// <summary>The kinds in the trail, by internal name, ordered by their Swedish name (<see cref="AuditVocabulary.KindName"/>): each once.</summary>
    IReadOnlyList<string> EntityTypes,
    IReadOnlyList<string> UserNames)
{
    public int PageCount => TotalCount == 0 ? 1 : (TotalCount + PageSize - 1) / PageSize;
}

public sealed record AuditRow(
    long Id,
    DateTime AtUtc,
    string UserName,
    string EntityType,
    string EntityId,
    AuditAction Action,
    IReadOnlyList<AuditChange> Changes,
    AuditLine Shown);

/// <summary>One property's change; null means the property had no value on that side (e.g. Old when created).</summary>
public sealed record AuditChange(string Property, string? Old, string? New);

public sealed class ListAuditEntriesHandler(AppDbContext db, FiguresCache figures) : IQueryHandler<ListAuditEntriesQuery, AuditEntriesPage>
{
    public const int PageSize = 50;

    /// <summary>
    /// Once per new entry (<see cref="FiguresCache"/>: its stamp is the trail's last id, exactly what this page shows): the count, the
    /// filter's kinds and users read the whole trail, and the names behind the ids more statements, on every request before (issue 24).
    /// </summary>
    public async ValueTask<AuditEntriesPage> Handle(ListAuditEntriesQuery query, CancellationToken ct) =>
        await figures.GetAsync(db, query, token => ComputeAsync(query, token), ct);

    private async Task<AuditEntriesPage> ComputeAsync(ListAuditEntriesQuery query, CancellationToken ct)
    {
        var entries = Filter(db, query);
        var page = Math.Max(1, query.Page);
        var total = await entries.CountAsync(ct);
        var rows = await entries
            .OrderByDescending(e => e.AtUtc).ThenByDescending(e => e.Id)
            .Skip((page - 1) * PageSize).Take(PageSize)
            .Select(e => new AuditPresenter.Stored(e.Id, e.AtUtc, e.UserName, e.EntityType, e.EntityId, e.Action, e.Changes))
            .ToListAsync(ct);
        var entityTypes = (await db.AuditEntries.AsNoTracking().Select(e => e.EntityType).Distinct().ToListAsync(ct))
            .OrderBy(AuditVocabulary.KindName, StringComparer.Create(new System.Globalization.CultureInfo("sv-SE"), false)).ToList();
        var userNames = await db.AuditEntries.AsNoTracking().Select(e => e.UserName).Distinct().OrderBy(u => u).ToListAsync(ct);

        return new AuditEntriesPage(await new AuditPresenter(db).PresentAsync(rows, ct), total, page, PageSize, entityTypes, userNames);
    }

    /// <summary>The entries the filter keeps: the page and the export filter alike.</summary>
    internal static IQueryable<AuditEntry> Filter(AppDbContext db, ListAuditEntriesQuery query)
    {
        var entries = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.EntityType))
        {
            entries = entries.Where(e => e.EntityType == query.EntityType);
        }
        if (!string.IsNullOrWhiteSpace(query.UserName))
        {
            var pattern = "%" + EscapeLike(query.UserName.Trim()) + "%";
            entries = entries.Where(e => EF.Functions.Like(e.UserName, pattern, "\\"));
        }
        if (query.From is { } from)
        {
            var start = SwedishFormat.StartOfDayUtc(from);
            entries = entries.Where(e => e.AtUtc >= start);
        }
        if (query.To is { } to)
        {
            var end = SwedishFormat.StartOfDayUtc(to.AddDays(1));
            entries = entries.Where(e => e.AtUtc < end);
        }
        return entries;
    }

    /// <summary>Reads the recorder's JSON: property name → { "old": …, "new": … }; a malformed entry shows as it is.</summary>
    public static IReadOnlyList<AuditChange> ParseChanges(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return [new AuditChange("", null, json)];
            }
            return document.RootElement.EnumerateObject()
                .Select(p => new AuditChange(p.Name, ValueOf(p.Value, "old"), ValueOf(p.Value, "new")))
                .ToList();
        }
        catch (JsonException)
        {
            // The trail is evidence: show what is stored rather than hide it.
            return [new AuditChange("", null, json)];
        }
    }

    private static string? ValueOf(JsonElement change, string side)
    {
        if (change.ValueKind != JsonValueKind.Object || !change.TryGetProperty(side, out var value))
        {
            return null;
        }
        return value.ValueKind switch
        {
            JsonValueKind.Null or JsonValueKind.Undefined => null,
            JsonValueKind.String => value.GetString(),
            _ => value.GetRawText(),
        };
    }

    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("%", "\\%", StringComparison.Ordinal)
            .Replace("_", "\\_", StringComparison.Ordinal);
}
