using System.Text.Json;
using GrantTracker.Application.Auditing;
using GrantTracker.Application.Data;
using GrantTracker.Application.Features.Audit;
using GrantTracker.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Features.Archive;

/// <summary>
/// The audit trail of one agreement: every entry about the agreement or a record that belongs to it (its areas, lines, activities,
/// obligations and their files, requirements and answers, notes, moves, payments, closed months, distributions and units' reports, the
/// tie-outs of its objects' months), deleted records included. The trail is read once, oldest first: a record belongs to the agreement
/// when its id is one of the agreement's records of its kind, or when the entry that created it named a parent that belongs (the
/// vocabulary says which fields point where, <see cref="AuditVocabulary.ReferenceOf"/>); a record is created after its parent, so the
/// parents are known by then. The agreement's current records are known before the read, for a child captured in the same save as its
/// parent. Sign-in events and the region's shared registers (listings, imports, users) are not the agreement's.
/// </summary>
internal static class ArchiveAuditTrail
{
    /// <summary>The kinds of parent whose children belong to the agreement; a listing, an import or a user is shared by every agreement.</summary>
    private static readonly HashSet<AuditTarget> Parents =
    [
        AuditTarget.Agreement, AuditTarget.Activity, AuditTarget.Line, AuditTarget.Area, AuditTarget.Condition, AuditTarget.Obligation,
        AuditTarget.Requirement, AuditTarget.Distribution, AuditTarget.UnitReport, AuditTarget.ClosedMonth,
    ];

    private const string TieOut = "LedgerMonthTieOut";

    public sealed record Periods(IReadOnlyList<(string CostObject, YearMonth From, YearMonth To)> Items)
    {
        public bool Covers(string costObject, YearMonth month) => Items.Any(p => p.CostObject == costObject && month >= p.From && month <= p.To);
    }

    public static async Task<IReadOnlyList<AuditPresenter.Stored>> ReadAsync(AppDbContext db, int agreementId, Periods periods, CancellationToken ct)
    {
        var known = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        HashSet<string> Set(string name) => known.TryGetValue(name, out var set) ? set : known[name] = new HashSet<string>(StringComparer.Ordinal);
        void Seed(AuditTarget target, IEnumerable<int> ids) => Set(target.ToString()).UnionWith(ids.Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        Seed(AuditTarget.Agreement, [agreementId]);
        Seed(AuditTarget.Area, await db.DevelopmentAreas.Where(x => x.AgreementId == agreementId).Select(x => x.Id).ToListAsync(ct));
        Seed(AuditTarget.Line, await db.AllocationLines.Where(x => x.AgreementId == agreementId).Select(x => x.Id).ToListAsync(ct));
        Seed(AuditTarget.Condition, await db.AgreementConditions.Where(x => x.AgreementId == agreementId).Select(x => x.Id).ToListAsync(ct));
        Seed(AuditTarget.Obligation, await db.ReportingObligations.Where(x => x.AgreementId == agreementId).Select(x => x.Id).ToListAsync(ct));
        Seed(AuditTarget.Requirement, await db.ReportingRequirements.Where(x => x.AgreementId == agreementId).Select(x => x.Id).ToListAsync(ct));
        Seed(AuditTarget.Activity, await db.Activities.Where(x => x.AgreementId == agreementId).Select(x => x.Id).ToListAsync(ct));
        Seed(AuditTarget.ClosedMonth, await db.ClosedMonths.Where(x => x.AgreementId == agreementId).Select(x => x.Id).ToListAsync(ct));
        var distributions = await db.Distributions.Where(x => x.AgreementId == agreementId).Select(x => x.Id).ToListAsync(ct);
        Seed(AuditTarget.Distribution, distributions);
        Seed(AuditTarget.UnitReport, await db.UnitReports.Where(x => distributions.Contains(x.DistributionId)).Select(x => x.Id).ToListAsync(ct));
        // The import writes a month's tie-out with its rows, outside the change tracker; a confirmation then changes it by id.
        foreach (var (costObject, from, to) in periods.Items)
        {
            Set(TieOut).UnionWith((await db.LedgerMonthTieOuts.Where(t => t.CostObject == costObject && t.Month >= from && t.Month <= to).Select(t => t.Id).ToListAsync(ct))
                .Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        var kept = new List<AuditPresenter.Stored>();
        var entries = db.AuditEntries.AsNoTracking()
            .Where(e => e.EntityType != SignInEvents.EntityType)
            .OrderBy(e => e.Id)
            .Select(e => new AuditPresenter.Stored(e.Id, e.AtUtc, e.UserName, e.EntityType, e.EntityId, e.Action, e.Changes))
            .AsAsyncEnumerable();
        await foreach (var entry in entries.WithCancellation(ct))
        {
            var kind = AuditVocabulary.Find(entry.EntityType);
            var own = Set(kind is null || kind.Self == AuditTarget.None ? entry.EntityType : kind.Self.ToString());
            var key = entry.EntityId.Split('/')[0];
            if (own.Contains(key))
            {
                kept.Add(entry);
                continue;
            }
            if (entry.Action is AuditAction.Skapad or AuditAction.Borttagen && BelongsByParent(entry, known, periods))
            {
                own.Add(key);
                kept.Add(entry);
            }
        }
        return kept;
    }

    /// <summary>The entry that created (or deleted) the record names a parent of the agreement, or an object and month of its periods.</summary>
    private static bool BelongsByParent(AuditPresenter.Stored entry, Dictionary<string, HashSet<string>> known, Periods periods)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(entry.Changes);
        }
        catch (JsonException)
        {
            return false;
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return false;
            }
            string? Value(JsonElement change) =>
                (change.TryGetProperty("new", out var value) || change.TryGetProperty("old", out value)) ? value.ValueKind switch
                {
                    JsonValueKind.String => value.GetString(),
                    JsonValueKind.Number => value.GetRawText(),
                    _ => null,
                } : null;

            string? costObject = null, month = null;
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Value.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }
                var target = AuditVocabulary.ReferenceOf(entry.EntityType, property.Name);
                if (Parents.Contains(target) && Value(property.Value) is { } id
                    && known.TryGetValue(target.ToString(), out var ids) && ids.Contains(id))
                {
                    return true;
                }
                if (property.Name == "CostObject")
                {
                    costObject = Value(property.Value);
                }
                else if (property.Name == "Month")
                {
                    month = Value(property.Value);
                }
            }
            // A month's tie-out names no agreement: it is the agreement's when its object and month are in the agreement's periods.
            return entry.EntityType == TieOut && costObject is not null && YearMonth.TryParse(month, out var m) && periods.Covers(costObject, m);
        }
    }
}
