using System.Globalization;
using GrantTracker.Application.Data;
using GrantTracker.Domain.Agreements;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Features.Agreements;

/// <summary>
/// The agreements, filtered, with the sums of the listed agreements' allocation lines per year. Without filters every agreement
/// (the pickers of Avstämning, Rapporter and the start page). Filtering happens in SQL; the filters are part of the query, so each
/// filtered list is a key of its own in <see cref="FiguresCache"/>.
/// </summary>
/// <param name="RegionMoney">False for an Utförare: the region's allocation, the line totals and the sums per year are left out.</param>
/// <param name="Year">Only agreements whose period covers this year.</param>
/// <param name="Status">Only agreements with this status.</param>
/// <param name="Counterparty">Only agreements with this counterparty (exactly, as the list's choices write it).</param>
public sealed record ListAgreementsQuery(bool RegionMoney = true, int? Year = null, AgreementStatus? Status = null, string? Counterparty = null)
    : IQuery<AgreementList>
{
    public bool IsFiltered => Year is not null || Status is not null || Counterparty is not null;
}

/// <param name="Rows">The agreements that match, by start date and name.</param>
/// <param name="Counterparties">Every counterparty of any agreement, for the filter's choices (not only the listed ones').</param>
/// <param name="Years">Every year some agreement's period covers, for the filter's choices.</param>
/// <param name="PerYear">The listed agreements' lines summed per line year; empty without the region's money.</param>
/// <param name="RegionAllocation">The listed agreements' allocations summed; null without the region's money.</param>
public sealed record AgreementList(
    IReadOnlyList<AgreementSummary> Rows,
    IReadOnlyList<string> Counterparties,
    IReadOnlyList<int> Years,
    IReadOnlyList<YearSum> PerYear,
    decimal? RegionAllocation)
{
    /// <summary>The listed agreements' lines of every year.</summary>
    public decimal LinesTotal => PerYear.Sum(y => y.Lines);
}

/// <param name="Agreements">How many of the listed agreements have lines of the year.</param>
/// <param name="Lines">Their lines of the year, summed.</param>
public sealed record YearSum(int Year, int Agreements, decimal Lines);

public sealed record AgreementSummary(
    int Id,
    string Code,
    string Name,
    string Counterparty,
    DateOnly StartDate,
    DateOnly EndDate,
    decimal? RegionAllocation,
    decimal? LinesTotal,
    AgreementStatus Status,
    IReadOnlyList<string> CostObjects);

public sealed class ListAgreementsHandler(AppDbContext db, FiguresCache cache) : IQueryHandler<ListAgreementsQuery, AgreementList>
{
    private static readonly StringComparer Swedish = StringComparer.Create(CultureInfo.GetCultureInfo("sv-SE"), ignoreCase: false);

    /// <summary>Once per change of the data (<see cref="FiguresCache"/>), keyed by the whole query: filters, and with and without the region's money.</summary>
    public async ValueTask<AgreementList> Handle(ListAgreementsQuery query, CancellationToken ct) =>
        await cache.GetAsync(db, query, token => ComputeAsync(query, token), ct);

    private async Task<AgreementList> ComputeAsync(ListAgreementsQuery query, CancellationToken ct)
    {
        var listed = db.Agreements.AsNoTracking();
        if (query.Year is { } year)
        {
            if (year is < 1 or > 9999)
            {
                listed = listed.Where(a => false); // no agreement covers a year that has no dates
            }
            else
            {
                var first = new DateOnly(year, 1, 1);
                var last = new DateOnly(year, 12, 31);
                listed = listed.Where(a => a.StartDate <= last && a.EndDate >= first);
            }
        }
        if (query.Status is { } status)
        {
            listed = listed.Where(a => a.Status == status);
        }
        if (query.Counterparty is { } counterparty)
        {
            listed = listed.Where(a => a.Counterparty == counterparty);
        }
        var agreements = await listed
            .OrderBy(a => a.StartDate).ThenBy(a => a.Name)
            .Select(a => new
            {
                a.Id, a.Code, a.Name, a.Counterparty, a.StartDate, a.EndDate, a.RegionAllocation, a.Status,
                Lines = a.Lines.Select(l => new { l.Year, l.Amount }).ToList(),
                Objects = a.CostObjects.Select(o => o.CostObjectCode).ToList(),
            })
            .ToListAsync(ct);
        var all = await db.Agreements.AsNoTracking().Select(a => new { a.Counterparty, a.StartDate, a.EndDate }).ToListAsync(ct);

        // A handful of lines per agreement: summed here, the ledger's millions of rows are summed in SQL.
        var rows = agreements
            .Select(a => new AgreementSummary(a.Id, a.Code, a.Name, a.Counterparty, a.StartDate, a.EndDate,
                query.RegionMoney ? a.RegionAllocation : null, query.RegionMoney ? a.Lines.Sum(l => l.Amount) : null, a.Status,
                a.Objects.Distinct().Order(StringComparer.Ordinal).ToList()))
            .ToList();
        IReadOnlyList<YearSum> perYear = !query.RegionMoney ? [] : agreements
            .SelectMany(a => a.Lines.Select(l => (a.Id, l.Year, l.Amount)))
            .GroupBy(l => l.Year)
            .OrderBy(g => g.Key)
            .Select(g => new YearSum(g.Key, g.Select(l => l.Id).Distinct().Count(), g.Sum(l => l.Amount)))
            .ToList();
        var counterparties = all.Select(a => a.Counterparty).Distinct().Order(Swedish).ToList();
        var years = all.SelectMany(a => Enumerable.Range(a.StartDate.Year, a.EndDate.Year - a.StartDate.Year + 1)).Distinct().Order().ToList();
        return new AgreementList(rows, counterparties, years, perYear, query.RegionMoney ? rows.Sum(r => r.RegionAllocation ?? 0) : null);
    }
}
