using GrantTracker.Application.Features.Agreements;

namespace GrantTracker.Web.Features.Shared;

public sealed record LineChoice(int Id, string Label);

public static class AgreementViewExtensions
{
    public static int FirstYear(this AgreementView agreement) => agreement.StartDate.Year;

    /// <summary>Every allocation line of the agreement, in tree order, for pickers.</summary>
    public static IReadOnlyList<LineView> LinesFlat(this AgreementView agreement) =>
        agreement.AllAreas().SelectMany(a => a.Lines).ToList();

    public static IReadOnlyList<LineChoice> LineChoices(this AgreementView agreement) =>
        agreement.AllAreas()
            .SelectMany(area => area.Lines.Select(line => new LineChoice(line.Id,
                $"{line.Code} {area.Name} – {line.Year}, objekt {line.CostObjectCode}{(line.RingFenced ? ", öronmärkt" : "")}")))
            .ToList();
}
