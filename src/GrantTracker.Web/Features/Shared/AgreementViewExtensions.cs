using GrantTracker.Application.Features.Agreements;

namespace GrantTracker.Web.Features.Shared;

public sealed record LineChoice(int Id, string Label);

public static class AgreementViewExtensions
{
    public static int FirstYear(this AgreementView agreement) => agreement.StartDate.Year;

    /// <summary>The years of the agreement's period: the years an activity's budget can fall in.</summary>
    public static IReadOnlyList<int> Years(this AgreementView agreement) =>
        [.. Enumerable.Range(agreement.StartDate.Year, Math.Max(1, agreement.EndDate.Year - agreement.StartDate.Year + 1))];

    /// <summary>Every allocation line of the agreement, in tree order, for pickers.</summary>
    public static IReadOnlyList<LineView> LinesFlat(this AgreementView agreement) =>
        agreement.AllAreas().SelectMany(a => a.Lines).ToList();

    public static IReadOnlyList<LineChoice> LineChoices(this AgreementView agreement) =>
        agreement.AllAreas()
            .SelectMany(area => area.Lines.Select(line => new LineChoice(line.Id,
                $"{line.Label} ({area.Code} {area.Name}) – {line.Year}, objekt {line.CostObjectCode}{(line.RingFenced ? ", öronmärkt" : "")}")))
            .ToList();
}
