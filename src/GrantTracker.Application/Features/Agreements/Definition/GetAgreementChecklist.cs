using GrantTracker.Application.Data;
using GrantTracker.Domain.Agreements;
using GrantTracker.Domain.Common;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Features.Agreements.Definition;

/// <summary>
/// An agreement's status and, for a draft, what the officer must check before making it active: the national keys with amounts to
/// fill in, the amounts (copied from last year in a copy), every reporting date, the cost objects' months, the population share, the
/// requirements and the draft activities. Null when the agreement does not exist. An active agreement has no list.
/// </summary>
public sealed record GetAgreementChecklistQuery(int Id) : IQuery<AgreementChecklist?>;

public sealed record AgreementChecklist(int Id, string Code, string Name, AgreementStatus Status, long Version, int FirstYear, int LastYear, IReadOnlyList<ChecklistSection> Sections)
{
    public bool IsDraft => Status == AgreementStatus.Utkast;
}

/// <param name="Items">One Swedish sentence each, saying what to check.</param>
public sealed record ChecklistSection(string Heading, IReadOnlyList<string> Items);

public sealed class GetAgreementChecklistHandler(AppDbContext db) : IQueryHandler<GetAgreementChecklistQuery, AgreementChecklist?>
{
    public async ValueTask<AgreementChecklist?> Handle(GetAgreementChecklistQuery query, CancellationToken ct)
    {
        var head = await db.Agreements.AsNoTracking().Where(a => a.Id == query.Id)
            .Select(a => new { a.Id, a.Code, a.Name, a.Status, a.Version, a.StartDate, a.EndDate })
            .SingleOrDefaultAsync(ct);
        if (head is null)
        {
            return null;
        }
        if (head.Status != AgreementStatus.Utkast)
        {
            return new AgreementChecklist(head.Id, head.Code, head.Name, head.Status, head.Version, head.StartDate.Year, head.EndDate.Year, []);
        }
        var a = await AgreementLoader.LoadAsync(db, query.Id, ct);
        if (a is null)
        {
            return null;
        }
        var requirements = await db.ReportingRequirements.AsNoTracking().CountAsync(r => r.AgreementId == a.Id, ct);
        var activities = await db.Activities.AsNoTracking().CountAsync(x => x.AgreementId == a.Id, ct);
        return new AgreementChecklist(a.Id, a.Code, a.Name, a.Status, a.Version, a.FirstYear, a.LastYear, Sections(a, requirements, activities));
    }

    private static List<ChecklistSection> Sections(Agreement a, int requirements, int activities)
    {
        var sections = new List<ChecklistSection>();
        void Section(string heading, IEnumerable<string> items)
        {
            var list = items.ToList();
            if (list.Count > 0)
            {
                sections.Add(new ChecklistSection(heading, list));
            }
        }

        var areas = a.Areas.OrderBy(x => x.SortOrder).ToList();
        var lines = a.Lines.OrderBy(l => l.Area.SortOrder).ThenBy(l => l.Year).ThenBy(l => l.Code, StringComparer.Ordinal).ToList();
        Section("Nationella nycklar att fylla i",
            areas.Where(x => x.National is { IsPending: true }).Select(x => Pending($"Område {x.Code} {x.Name}", x.National!))
                .Concat(lines.Where(l => l.National is { IsPending: true }).Select(l => Pending($"Rad {l.Label}", l.National!))));
        Section("Belopp att stämma av mot årets överenskommelse",
            new[] { $"Regionens tilldelning: {Money.Format(a.RegionAllocation)}{(a.NationalTotal is { } n ? $", nationellt belopp {Money.Format(n)}" : "")}." }
                .Concat(lines.Select(l => $"Rad {l.Label} ({l.Year}, objekt {l.CostObjectCode}): {Money.Format(l.Amount)}" +
                                          (l.Earmarks.Count > 0 ? ", varav " + string.Join(", ", l.Earmarks.Select(e => $"{e.Name} {Money.Format(e.Amount)}")) : "") +
                                          (l.RingFenced ? ", öronmärkt" : "") + "."))
                .Concat(a.PopulationShare is { } share
                    ? [$"Befolkningsandelen {(share * 100m).ToString("0.######", SwedishFormat.Numbers)} %: stämmer den med årets fördelning?"]
                    : []));
        Section("Rapporteringsdatum att kontrollera",
            a.Obligations.OrderBy(o => o.DueDate).ThenBy(o => o.Id)
                .Select(o => $"{SwedishFormat.Date(o.DueDate)}{(o.DueDateAssumed ? " (antaget)" : "")}: {o.Kind.Swedish()} – {o.Title} till {o.Recipient}."));
        Section("Kostnadsobjektens månader",
            a.CostObjects.OrderBy(o => o.CostObjectCode, StringComparer.Ordinal).ThenBy(o => o.From)
                .Select(o => $"Objekt {o.CostObjectCode}{(o.Name.Length > 0 ? " " + o.Name : "")}: {o.From}–{o.To}. Bekräfta objektet och månaderna med ekonomienheten."));
        Section("Villkor, krav och insatser",
            new[]
            {
                a.Conditions.Count > 0 ? $"{a.Conditions.Count} villkor: stämmer de med årets överenskommelse?" : null,
                requirements > 0 ? $"{requirements} återrapporteringskrav: kontrollera texterna, målvärdena och åren de gäller." : null,
                activities > 0 ? $"{activities} insatser som utkast: kontrollera rader, projektkoder och budgetar innan de bereds." : null,
            }.OfType<string>());
        return sections;
    }

    private static string Pending(string what, NationalKey key) => key.Rule switch
    {
        NationalRule.Table => $"{what}: fördelningstabell – fyll i det nationella beloppet och tabellens rader när årets tabell är publicerad.",
        NationalRule.BasePlusShare => $"{what}: grundbelopp per region plus andel – fyll i det nationella beloppet.",
        _ => $"{what}: befolkningsandel – fyll i det nationella beloppet.",
    };
}
