using GrantTracker.Application.Features.Reconciliation;
using GrantTracker.Application.Features.Reports;
using GrantTracker.Domain.Activities;
using GrantTracker.Domain.Agreements;
using GrantTracker.Domain.Common;

namespace GrantTracker.Application.Reports;

/// <summary>
/// The reports to the state, SKR and the region, each defined once as tables. The figures are the
/// reconciliation's: nothing here sums ledger rows itself.
/// </summary>
public static class GrantReports
{
    /// <param name="tieOut">The tie-out against the ledger's rows (workbook, print view, CLI): its sheet comes last, and a figure that does not tie out keeps the report a draft.</param>
    public static ReportDocument FinalReport(FinalReportData data, DateOnly generated, TieOut? tieOut = null)
    {
        var r = data.Reconciliation;
        var parts = new List<ReportTable>
        {
            new("Översikt",
                $"Tilldelat, använt (bokförd kostnad {r.Year} till och med {r.Through}) och outnyttjat per fördelningsrad, med summa per område och "
                + "delområde där det har flera rader. Outnyttjat räknas rad för rad: en rad som är bokad över sin tilldelning tar inte av en annan rads outnyttjade medel.",
                [
                    new("Område", ColumnKind.Text, 45), new("Delområde", ColumnKind.Text, 35), new("Rad", ColumnKind.Text, 30), new("Objekt", ColumnKind.Text, 10),
                    new("Tilldelat", ColumnKind.Money, 16), new("Använt", ColumnKind.Money, 16), new("Outnyttjat", ColumnKind.Money, 16),
                    new("Att återbetala", ColumnKind.Money, 16),
                ],
                data.Areas.Select(a => (IReadOnlyList<object?>)
                [
                    $"{a.AreaCode} {a.AreaName}", a.SubAreaCode is null ? null : $"{a.SubAreaCode} {a.SubAreaName}", a.Line ?? "Summa", a.CostObjects,
                    a.Allocated, a.Used, a.Unused, a.IsTotal ? null : a.Unused,
                ]).ToList(),
                ["Summa", null, null, null, r.Totals.Allocated, r.Totals.Booked, data.Unused, data.Unused]),
            new("Öronmärkta medel",
                "Öronmärkta rader och varav-belopp. En öronmärkt rads kostnad är den som hänförts till raden (insatsernas projektkoder och flyttade "
                + "rader); ett varav-belopps kostnad är kostnaden för de insatser som räknas mot det, inte hela radens.",
                [
                    new("Rad", ColumnKind.Text, 10), new("Område", ColumnKind.Text, 40), new("Slag", ColumnKind.Text, 40),
                    new("Tilldelat", ColumnKind.Money, 16), new("Hänfört", ColumnKind.Money, 16), new("Outnyttjat", ColumnKind.Money, 16),
                    new("Kommentar", ColumnKind.Text, 60),
                ],
                r.Lines.Where(l => l.RingFenced).Select(l => (IReadOnlyList<object?>)
                    [
                        l.Label, l.SubAreaName ?? l.AreaName, "Öronmärkt rad", l.Figures.Allocated, l.Figures.BookedToDate, Math.Max(0, l.Figures.Remaining),
                        RingFencedComment(l.Figures.Allocated, l.Figures.BookedToDate),
                    ])
                    .Concat(data.Earmarks.Select(e => (IReadOnlyList<object?>)
                    [
                        e.LineCode, e.AreaName, $"Varav-belopp: {e.Name}", e.Amount, e.Attributed, e.Unused, EarmarkComment(e),
                    ]))
                    .ToList(),
                null),
            new("Insatser",
                "Insatserna med status, årets budget, bokförd kostnad (rader med insatsens projektkod; tom när insatsen saknar projektkod, eftersom ingen rad i huvudboken då pekar ut den) och exitbudgetens strategi.",
                [
                    new("Nr", ColumnKind.Integer, 6), new("Insats", ColumnKind.Text, 50), new("Rad", ColumnKind.Text, 9), new("Objekt", ColumnKind.Text, 9),
                    new("Utförare", ColumnKind.Text, 25), new("Typ av utförare", ColumnKind.Text, 18), new("Status", ColumnKind.Text, 12),
                    new("Budget", ColumnKind.Money, 16), new("Kostnad", ColumnKind.Money, 16), new("Exitstrategi", ColumnKind.Text, 28),
                ],
                data.Activities.Select(a => (IReadOnlyList<object?>)
                [
                    a.Number, a.Measure, a.LineCode, a.CostObject, a.Performer, a.PerformerKind.Swedish(), a.Status.Swedish(), a.Budget, a.Cost,
                    a.ExitStrategy?.Swedish() ?? "Saknas",
                ]).ToList(),
                ["Summa", null, null, null, null, null, null, data.Activities.Sum(a => a.Budget), data.Activities.Sum(a => a.Cost), null]),
            PrivateProviders(data),
            new("Villkor",
                "Villkoren i överenskommelsen (3.1 och 3.3) och hur de uppfyllts: det systemet visar och handläggarens redovisning.",
                [new("Villkor", ColumnKind.Text, 8), new("Text", ColumnKind.Text, 60), new("Underlag ur systemet", ColumnKind.Text, 50), new("Redovisning", ColumnKind.Text, 50)],
                data.Conditions.Select(c => (IReadOnlyList<object?>)[c.Code, c.Text, c.Evidence, c.Statement ?? "–"]).ToList(),
                null),
            RequirementsTable(data.Requirements ?? [], r.Year),
            MonthlyCost(r),
            Repayment(data),
        };
        parts.AddRange((data.Distributions ?? []).Select(DistributionSheet));
        var open = data.Readiness.Missing.ToList();
        if (tieOut is not null)
        {
            parts.Add(TieOutTable(tieOut));
            if (tieOut.OpenPoint is { } point)
            {
                open.Add(point);
            }
        }
        return new ReportDocument(ReportDocument.Region, $"Slutredovisning {r.AgreementName}", $"år {r.Year}", generated,
            $"slutredovisning-{r.AgreementCode}-{r.Year}.xlsx", parts, open.Count == 0 && data.Readiness.Checked ? null : open);
    }

    private static ReportTable TieOutTable(TieOut tieOut) =>
        new("Avstämning mot huvudboken",
            "Varje bokförd siffra i rapporten – per rad och per kostnadsobjekt och månad – med antalet rader i huvudboken bakom den och "
            + "deras summa, lästa ur raderna själva, och om de stämmer.",
            [
                new("Siffra", ColumnKind.Text, 26), new("I rapporten", ColumnKind.MoneyOre, 18), new("Rader i rapporten", ColumnKind.Integer, 12),
                new("Summa i huvudboken", ColumnKind.MoneyOre, 18), new("Rader i huvudboken", ColumnKind.Integer, 12), new("Stämmer", ColumnKind.Text, 10),
            ],
            tieOut.Rows.Select(t => (IReadOnlyList<object?>)[t.Figure, t.Stated, (int)t.StatedRows, t.Ledger, (int)t.LedgerRows, t.Agrees ? "Ja" : "Nej"]).ToList(),
            null);

    /// <summary>Every reporting requirement with its answer: what the agreement asks the region to report, and what it reports.</summary>
    private static ReportTable RequirementsTable(IReadOnlyList<RequirementView> requirements, int year) =>
        new("Återrapportering",
            requirements.Count == 0
                ? "Överenskommelsen anger inga återrapporteringskrav utöver villkoren."
                : $"Det överenskommelsen kräver att regionen redovisar, med regionens svar för {year}; ”Ej besvarat” där svar saknas.",
            [
                new("Avsnitt", ColumnKind.Text, 10), new("Krav", ColumnKind.Text, 60), new("Slag", ColumnKind.Text, 14), new("Mål", ColumnKind.Text, 24),
                new("Svar", ColumnKind.Text, 70), new("Målet nått", ColumnKind.Text, 12), new("Bilagor", ColumnKind.Text, 30),
            ],
            requirements.Select(q => (IReadOnlyList<object?>)[q.Section, q.Text, q.KindText, q.TargetText, Requirements.AnswerText(q), Requirements.MeetsText(q),
                q.Files.Count == 0 ? null : string.Join(", ", q.Files.Select(f => f.FileName))]).ToList(),
            null);

    /// <summary>The VFU report (Redovisning, seed 003 2.2.4): the requirements of that report with their answers for the year.</summary>
    public static ReportDocument RequirementsReport(RequirementsView view, ObligationKind report, string title, DateOnly generated, IReadOnlyList<string>? openPoints)
    {
        var table = RequirementsTable(view.For(report), view.Year);
        return new ReportDocument(ReportDocument.Region, $"{title} {view.AgreementName}", $"år {view.Year}", generated,
            $"{report.ToString().ToLowerInvariant()}-{view.AgreementCode}-{view.Year}.xlsx", [table], openPoints);
    }

    /// <summary>Facts only: what is attributed, and that unused ring-fenced money cannot be moved to other purposes.</summary>
    private static string RingFencedComment(decimal allocated, decimal attributed) =>
        attributed > allocated ? "Hänfört över beloppet: se avvikelser."
        : attributed == 0 ? "Inga kostnader hänförda till raden. Outnyttjade öronmärkta medel kan inte användas till andra ändamål."
        : attributed == allocated ? "Hela beloppet hänfört."
        : "Outnyttjade öronmärkta medel kan inte användas till andra ändamål.";

    private static string EarmarkComment(FinalReportEarmark e) =>
        e.Activities == 0 ? "Ingen insats räknas mot varav-beloppet: inga kostnader hänförda."
        : (e.Activities == 1 ? "1 insats räknas" : $"{e.Activities} insatser räknas") + " mot varav-beloppet"
          + (e.Attributed > e.Amount ? "; hänfört över beloppet." : ".");

    /// <summary>
    /// A decided distribution to the primary-care units: each unit's amount and its report back, with subtotals for public
    /// and private units, so the report shows that private providers took part on the same key and terms (condition 3.3).
    /// </summary>
    private static ReportTable DistributionSheet(Features.Distribution.DistributionView d)
    {
        IReadOnlyList<object?> Sum(string label, IEnumerable<Features.Distribution.DistributionUnitRow> units)
        {
            var list = units.ToList();
            return [label, null, null, list.Sum(u => u.Amount), null, null, list.Sum(u => u.Report?.AmountUsed ?? 0m), list.Sum(u => u.Report?.Unused ?? 0m)];
        }
        var rows = d.Units.Select(u => (IReadOnlyList<object?>)
            [
                u.UnitCode, u.Name, u.Ownership.ToString(), u.Amount, u.Report?.Use ?? "Återrapport saknas", u.Report?.Outcome, u.Report?.AmountUsed, u.Report?.Unused,
            ])
            .Append(Sum("Offentliga vårdenheter", d.Units.Where(u => u.Ownership == Domain.Distribution.Ownership.Offentlig)))
            .Append(Sum("Privata vårdenheter", d.Units.Where(u => u.Ownership == Domain.Distribution.Ownership.Privat)))
            .ToList();
        return new ReportTable($"Fördelning {d.LineCode} nr {d.Id}",
            $"{d.Name}: {Money.Format(d.Amount)} från rad {d.LineCode} (objekt {d.CostObjectCode}) enligt nyckeln {d.Key.ToString().ToLowerInvariant()}, " +
            $"beslut {d.DecisionReference}, sista dag för återrapport {SwedishFormat.Date(d.ReportDeadline)}. Offentliga och privata vårdenheter fick sin del " +
            "efter samma nyckel; outnyttjat är mottaget minus använt och återbetalas.",
            [
                new("Vårdenhet", ColumnKind.Text, 20), new("Namn", ColumnKind.Text, 32), new("Driftform", ColumnKind.Text, 11), new("Belopp", ColumnKind.Money, 15),
                new("Rapporterad användning", ColumnKind.Text, 45), new("Resultat", ColumnKind.Text, 45), new("Använt", ColumnKind.Money, 15),
                new("Outnyttjat", ColumnKind.Money, 15),
            ],
            rows,
            Sum("Summa", d.Units));
    }

    private static ReportTable PrivateProviders(FinalReportData data)
    {
        var r = data.Reconciliation;
        var areaOf = r.Lines.ToDictionary(l => l.Code, l => (l.AreaCode, l.AreaName));
        var rows = r.Lines.Select(l => (l.AreaCode, l.AreaName)).Distinct()
            .Select(area =>
            {
                var all = data.Activities.Where(a => a.LineCode is not null && areaOf.TryGetValue(a.LineCode, out var x) && x.AreaCode == area.AreaCode).ToList();
                var privat = all.Where(a => a.PerformerKind == PerformerKind.PrivatUtforare).ToList();
                return (IReadOnlyList<object?>)[$"{area.AreaCode} {area.AreaName}", all.Count, privat.Count, privat.Sum(a => a.Budget), privat.Sum(a => a.Cost)];
            })
            .ToList();
        return new ReportTable("Privata utförare",
            "Hur privata utförare gjorts delaktiga (villkor 3.1): insatser per område och de som utförs av privata utförare.",
            [
                new("Område", ColumnKind.Text, 50), new("Insatser", ColumnKind.Integer, 10), new("Med privat utförare", ColumnKind.Integer, 12),
                new("Budget privata", ColumnKind.Money, 16), new("Kostnad privata", ColumnKind.Money, 16),
            ],
            rows,
            ["Summa", rows.Sum(x => (int)x[1]!), rows.Sum(x => (int)x[2]!), rows.Sum(x => (decimal)x[3]!), rows.Sum(x => (decimal)x[4]!)]);
    }

    private static ReportTable MonthlyCost(ReconciliationResult r)
    {
        var objects = r.Lines.Select(l => l.CostObject).Distinct().Order(StringComparer.Ordinal).ToList();
        var cells = r.MonthlyCosts.ToDictionary(c => (c.CostObject, c.Month), c => c.Cost);
        var columns = new List<ReportColumn> { new("Månad", ColumnKind.Text, 10) };
        columns.AddRange(objects.Select(o => new ReportColumn(o, ColumnKind.Money, 16)));
        columns.Add(new ReportColumn("Summa", ColumnKind.Money, 16));
        var rows = r.ChartMonths.Select(m =>
        {
            var values = new List<object?> { m.ToString() };
            values.AddRange(objects.Select(o => (object?)cells.GetValueOrDefault((o, m))));
            values.Add(objects.Sum(o => cells.GetValueOrDefault((o, m))));
            return (IReadOnlyList<object?>)values;
        }).ToList();
        var totals = new List<object?> { "Summa" };
        totals.AddRange(objects.Select(o => (object?)r.MonthlyCosts.Where(c => c.CostObject == o).Sum(c => c.Cost)));
        totals.Add(r.MonthlyCosts.Sum(c => c.Cost));
        return new ReportTable("Kostnad per månad", $"Bokförd kostnad per kostnadsobjekt och månad {r.Year} på överenskommelsens rader.", columns, rows, totals);
    }

    private static ReportTable Repayment(FinalReportData data)
    {
        var d = data.Decision;
        IReadOnlyList<IReadOnlyList<object?>> rows =
        [
            ["Outnyttjat enligt avstämningen", data.Unused],
            ["Mottaget under året", data.Received],
            ["Beslutat outnyttjat belopp", d?.Amount],
            ["Beslut", d is null ? "Inget beslut registrerat" : d.Outcome == UnusedFundsOutcome.Aterbetalas ? "Återbetalas" : "Får behållas enligt beslut"],
            ["Planerad återbetalning", d?.PlannedOn],
            ["Återbetalt", d?.PaidOn],
            ["Referens", d?.Reference],
            ["Kommentar", d?.Note],
            ["Registrerat av", d is null ? null : $"{d.DecidedBy}, {SwedishFormat.DateTime(d.DecidedAtUtc)}"],
        ];
        return new ReportTable("Återbetalning", "Outnyttjade medel och beslutet om dem.",
            [new("Uppgift", ColumnKind.Text, 34), new("Värde", ColumnKind.Text, 40)], rows, null);
    }

    /// <summary>Månadsrapport, tertialrapport, delårs- and årsbokslut: the reconciliation through a month, with the exceptions and their comments.</summary>
    public static ReportDocument Reconciliation(ReconciliationResult r, string title, DateOnly generated, string fileName)
    {
        var parts = new List<ReportTable>
        {
            new("Avstämning",
                $"Tilldelat och bokförd kostnad {r.Year} till och med {r.Through}" + (r.Close.Closed ? $" (månaden är stängd {SwedishFormat.DateTime(r.Close.ClosedAtUtc!.Value)})." : " (månaden är inte stängd)."),
                [
                    new("Område", ColumnKind.Text, 40), new("Delområde", ColumnKind.Text, 32), new("Rad", ColumnKind.Text, 24), new("Objekt", ColumnKind.Text, 9),
                    new("Tilldelat", ColumnKind.Money, 16), new($"Bokfört {r.Through}", ColumnKind.Money, 16), new("Bokfört hittills", ColumnKind.Money, 16),
                    new("Kvar", ColumnKind.Money, 16), new("Prognos", ColumnKind.Money, 16), new("Status", ColumnKind.Text, 10),
                ],
                r.Lines.Select(l => (IReadOnlyList<object?>)
                [
                    $"{l.AreaCode} {l.AreaName}", l.SubAreaCode is null ? null : $"{l.SubAreaCode} {l.SubAreaName}", l.Label, l.CostObject,
                    l.Figures.Allocated, l.Figures.BookedInMonth, l.Figures.BookedToDate, l.Figures.Remaining, l.Figures.Forecast, StatusText(l.Status),
                ]).ToList(),
                ["Summa", null, null, null, r.Totals.Allocated, r.Totals.BookedInMonth, r.Totals.Booked, r.Totals.Remaining, r.Totals.Forecast, null]),
            new("Avvikelser", r.Exceptions.Count == 0 ? $"Inga avvikelser till och med {r.Through}." : $"Avvikelser {r.Year} till och med {r.Through} med ekonomens kommentarer.",
                [
                    new("Avvikelse", ColumnKind.Text, 32), new("Objekt", ColumnKind.Text, 9), new("Beskrivning", ColumnKind.Text, 60),
                    new("Belopp", ColumnKind.Money, 16), new("Rader", ColumnKind.Integer, 8), new("Kommentar", ColumnKind.Text, 50), new("Läge", ColumnKind.Text, 12),
                ],
                r.Exceptions.Select(e => (IReadOnlyList<object?>)
                [
                    ReconciliationException.KindText(e.Kind), e.CostObject, e.Description, e.Amount, (int)e.Rows, e.Note?.Text,
                    e.Note is null ? "Öppen" : e.Note.Resolved ? "Åtgärdad" : "Kommenterad",
                ]).ToList(),
                null),
            MonthlyCost(r),
        };
        return new ReportDocument(ReportDocument.Region, $"{title} {r.AgreementName}", $"till och med {r.Through}", generated, fileName, parts);
    }

    /// <summary>Handlingsplan (Patientmiljarden, to SKL): the activities per area with goal, responsible and budget.</summary>
    public static ReportDocument ActionPlan(string agreementCode, string agreementName, IReadOnlyList<ActionPlanRow> rows, DateOnly generated)
    {
        var table = new ReportTable("Handlingsplan",
            "Insatserna per utvecklingsområde med mål, ansvarig och budget, som SKL begär.",
            [
                new("Område", ColumnKind.Text, 45), new("Nr", ColumnKind.Integer, 6), new("Insats", ColumnKind.Text, 60), new("Mål", ColumnKind.Text, 35),
                new("Ansvarig", ColumnKind.Text, 25), new("År", ColumnKind.Text, 12), new("Budget", ColumnKind.Money, 16), new("Status", ColumnKind.Text, 12),
            ],
            rows.Select(a => (IReadOnlyList<object?>)[a.Area, a.Number, a.Measure, a.Goal, a.Responsible, a.Years, a.Budget, a.Status.Swedish()]).ToList(),
            ["Summa", null, null, null, null, null, rows.Sum(a => a.Budget), null]);
        return new ReportDocument(ReportDocument.Region, $"Handlingsplan {agreementName}", "insatser per område", generated, $"handlingsplan-{agreementCode}.xlsx", [table]);
    }

    public static string StatusText(Domain.Reconciliation.LineStatus s) => s switch
    {
        Domain.Reconciliation.LineStatus.Over => "Över",
        Domain.Reconciliation.LineStatus.Under => "Under",
        _ => "I fas",
    };
}

public sealed record ActionPlanRow(string Area, int Number, string Measure, string? Goal, string? Responsible, string Years, decimal Budget, ActivityStatus Status);
