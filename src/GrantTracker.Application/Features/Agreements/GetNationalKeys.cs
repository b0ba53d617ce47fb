using GrantTracker.Application.Data;
using GrantTracker.Domain.Agreements;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Features.Agreements;

/// <summary>The agreement's amounts against the national amounts they come from.</summary>
public sealed record GetNationalKeysQuery(int AgreementId) : IQuery<NationalKeysView?>;

/// <param name="ByRule">What the rule gives at the agreement's population share, to the krona; null when no share is stated.</param>
/// <param name="Difference">The agreement's amount less the rule's; 0 when they agree.</param>
/// <param name="ImpliedShare">The population share the agreement's amount implies by the rule.</param>
public sealed record NationalKeyRow(string Code, string Name, NationalKey Key, decimal Agreed, decimal? ByRule, decimal? Difference, decimal? ImpliedShare);

/// <param name="ShareOfNational">The year's amount as a share of the agreement's national total.</param>
public sealed record YearRow(int Year, decimal Amount, decimal? ShareOfNational);

public sealed record NationalKeysView(decimal? PopulationShare, decimal? NationalTotal, IReadOnlyList<NationalKeyRow> Areas, IReadOnlyList<YearRow> Years)
{
    public bool HasAny => Areas.Count > 0 || NationalTotal is not null;
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
        var rows = a.Areas.Where(x => x.National is not null).OrderBy(x => x.Code, StringComparer.Ordinal).Select(area =>
        {
            var key = area.National!;
            var agreed = area.Amount ?? a.AreaTotal(area);
            // The region's part is paid in whole kronor: the rule's amount is compared rounded, as it would be paid.
            decimal? byRule = key.AmountAt(a.PopulationShare) is { } amount ? Math.Round(amount, 0, MidpointRounding.AwayFromZero) : null;
            return new NationalKeyRow(area.Code, area.Name, key, agreed, byRule, agreed - byRule, key.ImpliedShare(agreed));
        }).ToList();
        var years = a.Lines.GroupBy(l => l.Year).OrderBy(g => g.Key)
            .Select(g => new YearRow(g.Key, g.Sum(l => l.Amount), a.NationalTotal is > 0 and var total ? g.Sum(l => l.Amount) / total : null))
            .ToList();
        return new NationalKeysView(a.PopulationShare, a.NationalTotal, rows, years);
    }
}
