using GrantTracker.Application.Features.Activities;
using GrantTracker.Domain.Activities;

namespace GrantTracker.Application.Reports;

/// <summary>
/// The Insatser list as a workbook, built from the list's own answer (<see cref="ListActivitiesQuery"/>), so it has the page's rows in the
/// page's order and its three sums. The page's columns come first under the page's headers; what the page shows in small text under a
/// cell (the line's cost object, the goal) and what only the activity's own page shows follow as columns of their own.
/// Every row of the filtered list, not only the page's hundred.
/// </summary>
public static class ActivityRegisterReport
{
    public static readonly IReadOnlyList<ReportColumn> Columns =
    [
        // As the page's table
        new("Nr", ColumnKind.Integer, 6),
        new("Överenskommelse", ColumnKind.Text, 30),
        new("Rad", ColumnKind.Text, 9),
        new("Insats", ColumnKind.Text, 45),
        new("Ansvarig", ColumnKind.Text, 22),
        new("Utförare", ColumnKind.Text, 22),
        new("Status", ColumnKind.Text, 12),
        new("Exitbudget", ColumnKind.Text, 11),
        new("Budget", ColumnKind.Money, 16),
        // The register's details
        new("Objekt", ColumnKind.Text, 9),
        new("Mål RS/HSN", ColumnKind.Text, 35),
        new("Medlen avser", ColumnKind.Text, 35),
        new("Typ av utförare", ColumnKind.Text, 18),
        new("Start", ColumnKind.Date, 12),
        new("Slut", ColumnKind.Date, 12),
    ];

    /// <summary>The column of the budget, the one with the sums.</summary>
    public const int BudgetColumn = 8;

    public static string FileName(DateOnly generated) => $"insatser-{generated:yyyy-MM-dd}.xlsx";

    public static ReportDocument Build(ActivityList list, ListActivitiesQuery filter, DateOnly generated)
    {
        var table = new ReportTable(
            "Insatser",
            list.Rows.Count == 0
                ? filter.OnlyPerformer is not null ? "Det finns inga insatser där din verksamhet står som utförare." : "Inga insatser matchar urvalet."
                : $"{list.Rows.Count} insatser.",
            Columns,
            list.Rows.Select(r => (IReadOnlyList<object?>)
            [
                r.Number, r.AgreementName, r.LineCode, r.Measure,
                string.Join(" ", new[] { r.ResponsiblePerson, r.ResponsibleUnit }.Where(x => !string.IsNullOrWhiteSpace(x))),
                r.PerformerName, r.Status.Swedish(), r.HasExitPlan ? "Ja" : "Saknas", r.Budget,
                r.CostObjectCode, r.Goal, r.FundsFor, r.PerformerKind.Swedish(), r.StartDate, r.EndDate,
            ]).ToList(),
            list.Rows.Count == 0 ? null : Sum($"{list.Rows.Count} insatser, summa budget", list.BudgetTotal))
        {
            PartTotals = list.Rows.Count == 0
                ? []
                :
                [
                    Sum("varav beslutade (beslutade, pågående, avslutade, avvecklade)", list.DecidedTotal),
                    Sum("varav planerade (utkast och beredda)", list.PlannedTotal),
                ],
        };
        return new ReportDocument(ReportDocument.Region, "Insatser", Selection(list, filter), generated, FileName(generated), [table]);
    }

    private static IReadOnlyList<object?> Sum(string text, decimal amount)
    {
        var row = new object?[Columns.Count];
        row[0] = text;
        row[BudgetColumn] = amount;
        return row;
    }

    /// <summary>The filters the list was drawn with, as the heading says them: "urval: God och nära vård 2023, status Beslutad".</summary>
    public static string Selection(ActivityList list, ListActivitiesQuery filter)
    {
        var parts = new List<string>();
        if (filter.AgreementId is { } agreement)
        {
            parts.Add(list.Agreements.FirstOrDefault(a => a.Id == agreement)?.Name ?? $"överenskommelse {agreement}");
        }
        if (filter.LineId is { } line)
        {
            parts.Add("rad " + (list.Lines.FirstOrDefault(l => l.Id == line)?.Label ?? line.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
        if (filter.Status is { } status)
        {
            parts.Add($"status {status.Swedish()}");
        }
        if (!string.IsNullOrWhiteSpace(filter.CostObject))
        {
            parts.Add($"objekt {filter.CostObject.Trim()}");
        }
        if (!string.IsNullOrWhiteSpace(filter.Responsible))
        {
            parts.Add($"ansvarig ”{filter.Responsible.Trim()}”");
        }
        if (!string.IsNullOrWhiteSpace(filter.Performer))
        {
            parts.Add($"utförare ”{filter.Performer.Trim()}”");
        }
        var own = filter.OnlyPerformer is { } performer ? $"insatser med {performer} som utförare" : null;
        return (own, parts.Count) switch
        {
            (null, 0) => "alla insatser",
            (null, _) => "urval: " + string.Join(", ", parts),
            (_, 0) => own,
            _ => own + ", urval: " + string.Join(", ", parts),
        };
    }
}
