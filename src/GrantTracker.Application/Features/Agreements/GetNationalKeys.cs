using GrantTracker.Application.Data;
using GrantTracker.Domain.Agreements;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Features.Agreements;

/// <summary>Every area and line of the agreement with the national key behind its amount, checked against the amount.</summary>
public sealed record GetNationalKeysQuery(int AgreementId) : IQuery<NationalKeysView?>;

/// <summary>An area or a line, its key (null: none stated) and what the key gives next to what the agreement says.</summary>
/// <param name="Depth">0 for a development area, 1 for a sub-area; a line is one deeper than its area.</param>
/// <param name="Agreed">The agreement's amount: the line's, or the area's stated amount (else the sum of its lines).</param>
/// <param name="ByRule">
/// What the key gives the region: by a rule at the key's or the agreement's population share, to the krona as it is paid;
/// by a table the region's row as published. Null when it cannot be known (no share, no row, amounts still to fill in).
/// </param>
/// <param name="Difference">The agreement's amount less the key's; 0 when they agree. Shown as it is, never corrected.</param>
/// <param name="ImpliedShare">The population share the agreement's amount implies by the rule (not for a table).</param>
/// <param name="TableDifference">A table's sum less the national amount it should add up to; 0 when it does.</param>
public sealed record NationalKeyRow(NationalKeyTarget Target, int Id, string Code, string? Name, int Depth, int? Year, NationalKey? Key,
    decimal Agreed, decimal? ByRule, decimal? Difference, decimal? ImpliedShare, decimal? TableTotal, decimal? TableDifference)
{
    /// <summary>"2.3 Insatser inom ramen för Vision e-hälsa 2025" for an area, "Rad 2.1.b Primärvård i landsbygd (2024)" for a line.</summary>
    public string Label => Target == NationalKeyTarget.Area
        ? $"{Code} {Name}"
        : $"Rad {Code}{(Name is null ? "" : " " + Name)} ({Year})";

    /// <summary>The rule is kept and its amounts are still to be filled in (a copy for next year).</summary>
    public bool Pending => Key?.IsPending == true;
}

/// <param name="PopulationShare">The agreement's population share (a fraction), used by a key that states none of its own.</param>
/// <param name="Rows">Every area and line in the tree's order, each area followed by its sub-areas and lines.</param>
public sealed record NationalKeysView(int AgreementId, string Name, long Version, decimal? PopulationShare, IReadOnlyList<NationalKeyRow> Rows)
{
    /// <summary>The areas and lines with a key.</summary>
    public IReadOnlyList<NationalKeyRow> Keyed => Rows.Where(r => r.Key is not null).ToList();

    public bool HasAny => Rows.Any(r => r.Key is not null);

    public NationalKeyRow? Find(NationalKeyTarget target, int id) => Rows.SingleOrDefault(r => r.Target == target && r.Id == id);
}

public sealed class GetNationalKeysHandler(AppDbContext db, FiguresCache cache) : IQueryHandler<GetNationalKeysQuery, NationalKeysView?>
{
    /// <summary>Once per change of the data (<see cref="FiguresCache"/>).</summary>
    public async ValueTask<NationalKeysView?> Handle(GetNationalKeysQuery query, CancellationToken ct) =>
        await cache.GetAsync(db, query, token => ComputeAsync(query, token), ct);

    private async Task<NationalKeysView?> ComputeAsync(GetNationalKeysQuery query, CancellationToken ct)
    {
        var a = await db.Agreements.AsNoTrackingWithIdentityResolution().AsSplitQuery()
            .Include(x => x.Areas)
            .Include(x => x.Lines)
            .SingleOrDefaultAsync(x => x.Id == query.AgreementId, ct);
        if (a is null)
        {
            return null;
        }
        var rows = new List<NationalKeyRow>();
        void Add(DevelopmentArea area, int depth)
        {
            rows.Add(Row(NationalKeyTarget.Area, area.Id, area.Code, area.Name, depth, null, area.National, area.Amount ?? a.AreaTotal(area), a.PopulationShare));
            foreach (var sub in a.Areas.Where(s => s.ParentId == area.Id).OrderBy(s => s.SortOrder))
            {
                Add(sub, depth + 1);
            }
            foreach (var line in a.Lines.Where(l => l.AreaId == area.Id).OrderBy(l => l.Year).ThenBy(l => l.Code, StringComparer.Ordinal))
            {
                rows.Add(Row(NationalKeyTarget.Line, line.Id, line.Code, line.Name, depth + 1, line.Year, line.National, line.Amount, a.PopulationShare));
            }
        }
        foreach (var area in a.Areas.Where(x => x.ParentId is null).OrderBy(x => x.SortOrder))
        {
            Add(area, 0);
        }
        return new NationalKeysView(a.Id, a.Name, a.Version, a.PopulationShare, rows);
    }

    private static NationalKeyRow Row(NationalKeyTarget target, int id, string code, string? name, int depth, int? year, NationalKey? key, decimal agreed,
        decimal? populationShare)
    {
        if (key is null)
        {
            return new NationalKeyRow(target, id, code, name, depth, year, null, agreed, null, null, null, null, null);
        }
        // The region's part is paid in whole kronor: a rule's amount is compared rounded, as it would be paid; a table's row
        // is the amount as published.
        var byRule = key.AmountAt(populationShare) is { } amount
            ? key.Rule == NationalRule.Table ? amount : Math.Round(amount, 0, MidpointRounding.AwayFromZero)
            : (decimal?)null;
        var table = key.Rule == NationalRule.Table && !key.IsPending ? key.TableTotal : (decimal?)null;
        return new NationalKeyRow(target, id, code, name, depth, year, key, agreed, byRule, agreed - byRule, key.ImpliedShare(agreed),
            table, table - key.NationalAmount);
    }
}
