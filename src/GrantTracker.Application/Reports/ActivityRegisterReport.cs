using GrantTracker.Application.Features.Activities;
using GrantTracker.Domain.Activities;

namespace GrantTracker.Application.Reports;

/// <summary>Aktivitetsregistret: every activity in the list with its line, status, budget and exit budget.</summary>
public static class ActivityRegisterReport
{
    public static readonly IReadOnlyList<ReportColumn> Columns =
    [
        new("Överenskommelse", ColumnKind.Text, 30),
        new("Nr", ColumnKind.Integer, 6),
        new("Objekt", ColumnKind.Text, 9),
        new("Rad", ColumnKind.Text, 9),
        new("Mål RS/HSN", ColumnKind.Text, 35),
        new("Insats", ColumnKind.Text, 45),
        new("Medlen avser", ColumnKind.Text, 35),
        new("Ansvarig", ColumnKind.Text, 22),
        new("Utförare", ColumnKind.Text, 22),
        new("Typ av utförare", ColumnKind.Text, 18),
        new("Start", ColumnKind.Date, 12),
        new("Slut", ColumnKind.Date, 12),
        new("Status", ColumnKind.Text, 12),
        new("Exitbudget", ColumnKind.Text, 11),
        new("Budget (kr)", ColumnKind.Money, 16),
    ];

    public static ReportTable Build(ActivityList list) => new(
        "Aktivitetsregister",
        $"{list.Rows.Count} insatser",
        Columns,
        list.Rows.Select(r => (IReadOnlyList<object?>)
        [
            r.AgreementName, r.Number, r.CostObjectCode, r.LineCode, r.Goal, r.Measure, r.FundsFor,
            string.Join(", ", new[] { r.ResponsiblePerson, r.ResponsibleUnit }.Where(x => !string.IsNullOrWhiteSpace(x))),
            r.PerformerName, r.PerformerKind.Swedish(), r.StartDate, r.EndDate, r.Status.Swedish(), r.HasExitPlan ? "Ja" : "Nej", r.Budget,
        ]).ToList(),
        ["Summa", null, null, null, null, null, null, null, null, null, null, null, null, null, list.BudgetTotal]);
}
