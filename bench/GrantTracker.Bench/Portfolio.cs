using System.Diagnostics;
using System.Globalization;
using GrantTracker.Application.Data;
using GrantTracker.Application.Features.Activities;
using GrantTracker.Application.Features.Ledger;
using GrantTracker.Application.Imports.Sie;
using GrantTracker.Domain.Activities;
using GrantTracker.Domain.Agreements;
using GrantTracker.Domain.Common;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GrantTracker.Bench;

/// <summary>
/// Issue 22's portfolio: a database with <c>count</c> generated agreements (default 40) over the five years 2022–2026 beside the two
/// seed agreements, for <c>bench/load.sh</c> (<c>PORTFOLIO=40</c>). Deterministic. Every agreement has its own cost objects
/// (7xxx, one to three), areas with 2–6 lines per year in four shapes (two lines of one area on one object, sub-areas with
/// ring-fenced lines, an "of which" part, a line per year of a multi-year agreement on one object), conditions and reporting
/// obligations (the final report, an interim report per year, monthly reports for every fourth, an action plan for every third),
/// and 5–20 activities with budgets on the lines of its ledger year, most with a project code; two thirds decided, the rest prepared
/// or drafts. The agreements are built through the domain (<see cref="Agreement"/>'s methods, so every rule holds) and saved
/// with the audit trail; the activities through the application's use cases; the ledger is one SIE 4 file per year imported by
/// the real import use case: a year of rows per agreement (its first year; the current year up to last month), on its objects,
/// three rows in four with a decided activity's project code, with the reconciliation benchmark's mix of cost, income,
/// investment and accrual accounts. Nothing is sent and no month is closed: the Deadlines page, readiness and the to-do list see
/// every obligation and every month open, their most expensive state.
/// </summary>
public static class Portfolio
{
    public const int FirstYear = 2022;
    public const int LastYear = 2026;
    private const int Seed = 2222;

    private static readonly string[] Themes =
    [
        "Kvinnors hälsa", "Psykisk hälsa och suicidprevention", "Cancervården", "Förlossningsvården", "Barn och ungas hälsa",
        "Kompetensförsörjning i vården", "Digital vård", "Ambulanssjukvården", "Äldres hälsa", "Beroendevården", "Tandvård för unga vuxna",
        "Patientsäkerhet", "Kortare väntetider", "Nära vård i glesbygd", "Rehabilitering efter covid-19", "Jämlik hälsa",
    ];

    private static readonly string[] Counterparties = ["Staten och SKR", "Socialstyrelsen", "Folkhälsomyndigheten", "E-hälsomyndigheten", "Kammarkollegiet"];

    private static readonly string[] CostAccounts = ["4010", "4610", "5010", "5410", "5611", "6110", "6420", "6550", "7010", "7831"];
    private static readonly string[] IncomeAccounts = ["3010", "3510", "3990"];
    private static readonly string[] InvestmentAccounts = ["1220", "1250"];
    private static readonly string[] AccrualAccounts = ["2970", "2990"];
    private static readonly string[] Texts = ["Lön", "Konsultarvode", "Utbildning", "Resor", "Licens", "Material", "Hyra lokal"];

    private sealed record LineSpec(string Area, string Code, string? Name, int Year, decimal Amount, string CostObject, bool RingFenced, IReadOnlyList<Earmark> Earmarks);

    private sealed record AreaSpec(string Code, string Name, string? Parent);

    private sealed record ActivitySpec(int Number, string LineCode, decimal Budget, string? ProjectCode, ActivityStatus Target);

    private sealed record Spec(int Index, string Code, string Name, string Counterparty, int First, int Last, bool Draft, IReadOnlyList<string> Objects,
        IReadOnlyList<AreaSpec> Areas, IReadOnlyList<LineSpec> Lines, IReadOnlyList<ActivitySpec> Activities)
    {
        /// <summary>The year its ledger has rows: its first year. A draft has none.</summary>
        public int LedgerYear => First;

        public decimal Allocation => Lines.Sum(l => l.Amount) + (Index % 3 == 2 ? 250_000m : 0m); // every third leaves some money undistributed
    }

    /// <summary>What the build made; the showcase is the agreement <c>bench/load.sh</c> opens, reconciles and reports on.</summary>
    public sealed record Summary(int Agreements, int Lines, int Activities, int Decided, int Obligations, long SieRows, long Stored, double BuildSeconds,
        double ImportSeconds, string ShowcaseCode, int ShowcaseId, int ShowcaseLineId, string ShowcaseLine, YearMonth ShowcaseMonth, int ShowcaseYear);

    /// <param name="storedRows">About how many ledger rows to store over all agreements (the reconciliation benchmark stores 999 563).</param>
    /// <param name="today">Rows are written up to the month before this date's month.</param>
    public static async Task<Summary> BuildAsync(IServiceProvider services, int count, long storedRows, string directory, DateOnly today, CancellationToken ct = default)
    {
        var specs = Enumerable.Range(0, count).Select(Describe).ToList();
        var clock = Stopwatch.StartNew();
        var ids = new Dictionary<string, int>();
        foreach (var spec in specs)
        {
            ids[spec.Code] = await CreateAsync(services, spec, ct);
        }
        var decided = 0;
        var projects = new Dictionary<string, List<(string Code, decimal Budget, string CostObject)>>();
        foreach (var spec in specs)
        {
            var (made, codes) = await ActivitiesAsync(services, spec, ids[spec.Code], ct);
            decided += made;
            projects[spec.Code] = codes;
        }
        var build = clock.Elapsed.TotalSeconds;

        clock.Restart();
        var ledger = specs.Where(s => !s.Draft && Through(s.LedgerYear, today) is not null).ToList();
        var perAgreement = storedRows / Math.Max(1, ledger.Count);
        long sieRows = 0, stored = 0;
        for (var year = FirstYear; year <= LastYear; year++)
        {
            var ofYear = ledger.Where(s => s.LedgerYear == year).ToList();
            if (ofYear.Count == 0 || Through(year, today) is not { } through)
            {
                continue;
            }
            var path = Path.Combine(directory, $"portfolio-{year}.se");
            sieRows += Write(path, year, through, ofYear.Select(s => (s, projects[s.Code])).ToList(), perAgreement);
            await using var scope = services.CreateAsyncScope();
            var result = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new ImportLedgerFileCommand(path, Path.GetFileName(path)), ct);
            if (!result.Succeeded)
            {
                throw new InvalidOperationException($"Portfolio: the import of {path} was refused: {result.Message} {string.Join("; ", result.Errors.Take(5).Select(e => e.Message))}");
            }
            stored += result.RowsStored;
        }
        var import = clock.Elapsed.TotalSeconds;

        // The showcase: the richest shape (two lines of one area, sub-areas, ring-fenced lines) among the agreements with a whole year of rows.
        var showcase = ledger.Where(s => s.Index % 4 == 3 && Through(s.LedgerYear, today) is { Month: 12 }).OrderByDescending(s => s.LedgerYear).ThenByDescending(s => s.Objects.Count).ThenBy(s => s.Index).First();
        var line = showcase.Lines.First(l => l.Year == showcase.LedgerYear && l.Name == "Landsbygdsdel");
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var portfolio = ids.Values.ToList();
            var lineId = await db.AllocationLines.Where(l => l.AgreementId == ids[showcase.Code] && l.Code == line.Code).Select(l => l.Id).SingleAsync(ct);
            return new Summary(specs.Count, specs.Sum(s => s.Lines.Count), specs.Sum(s => s.Activities.Count), decided,
                await db.ReportingObligations.CountAsync(o => portfolio.Contains(o.AgreementId), ct), sieRows, stored, build, import,
                showcase.Code, ids[showcase.Code], lineId, line.Code, new YearMonth(showcase.LedgerYear, 12), showcase.LedgerYear);
        }
    }

    /// <summary>The last month with rows in a year: December of a past year, last month in the current year, none in a later year.</summary>
    private static YearMonth? Through(int year, DateOnly today) =>
        year < today.Year ? new YearMonth(year, 12) : year == today.Year && today.Month > 1 ? new YearMonth(year, today.Month - 1) : null;

    /// <summary>The agreement at <paramref name="i"/>: eight start each year; every fifth runs three years and every fifth two (within 2026).</summary>
    private static Spec Describe(int i)
    {
        var random = new Random(Seed + i);
        var first = Math.Min(LastYear, FirstYear + i / 8);
        var last = Math.Min(LastYear, first + (i % 5 == 0 ? 2 : i % 5 == 1 ? 1 : 0));
        var theme = Themes[i % Themes.Length];
        var name = first == last ? $"{theme} {first}" : $"{theme} {first}–{last}";
        var code = $"pf{first}-{i + 1:00}";
        var objects = Enumerable.Range(1, 1 + i % 3).Select(k => $"7{i + 1:00}{k}").ToList();
        string Obj(int k) => objects[Math.Min(k, objects.Count - 1)];

        var areas = new List<AreaSpec>();
        var template = new List<(string Area, string Code, string? Name, double Weight, string CostObject, bool RingFenced, bool Earmark)>();
        switch (i % 4)
        {
            case 0: // two lines of one area on one object (a population part and a rural part), and a second area
                areas.Add(new("1", "Tillgänglighet och kontinuitet", null));
                areas.Add(new("2", "Kompetensförsörjning", null));
                template.Add(("1", "1.1", "Befolkningsdel", 0.55, Obj(0), false, false));
                template.Add(("1", "1.2", "Landsbygdsdel", 0.20, Obj(0), false, false));
                template.Add(("2", "2", null, 0.25, Obj(1), false, false));
                break;
            case 1: // sub-areas, two of them ring-fenced on one object with the main sub-area
                areas.Add(new("1", "Utveckling av arbetssätt", null));
                areas.Add(new("2", "Vårdens medarbetare", null));
                areas.Add(new("2.a", "Arbetsmiljö", "2"));
                areas.Add(new("2.b", "Vidareutbildning", "2"));
                areas.Add(new("2.c", "Karriärtjänster", "2"));
                template.Add(("1", "1", null, 0.40, Obj(0), false, false));
                template.Add(("2.a", "2.a", null, 0.35, Obj(1), false, false));
                template.Add(("2.b", "2.b", null, 0.15, Obj(1), true, false));
                template.Add(("2.c", "2.c", null, 0.10, Obj(1), true, false));
                break;
            case 2: // two areas, the first with an "of which" part
                areas.Add(new("1", "Primärvård", null));
                areas.Add(new("2", "Uppföljning och kunskapsstöd", null));
                template.Add(("1", "1", null, 0.80, Obj(0), false, true));
                template.Add(("2", "2", null, 0.20, Obj(1), false, false));
                break;
            default: // the richest: two lines of one area, sub-areas with a ring-fenced line, a third and fourth area on a third object
                areas.Add(new("1", "Nära vård", null));
                areas.Add(new("2", "Vårdens medarbetare", null));
                areas.Add(new("2.a", "Bemanning", "2"));
                areas.Add(new("2.b", "Specialistutbildning", "2"));
                areas.Add(new("3", "Digitala vårdtjänster", null));
                areas.Add(new("4", "Uppföljning", null));
                template.Add(("1", "1.1", "Befolkningsdel", 0.35, Obj(0), false, false));
                template.Add(("1", "1.2", "Landsbygdsdel", 0.15, Obj(0), false, false));
                template.Add(("2.a", "2.a", null, 0.20, Obj(1), false, false));
                template.Add(("2.b", "2.b", null, 0.10, Obj(1), true, false));
                template.Add(("3", "3", null, 0.15, Obj(2), false, false));
                template.Add(("4", "4", null, 0.05, Obj(2), false, false));
                break;
        }
        var lines = new List<LineSpec>();
        for (var year = first; year <= last; year++)
        {
            // 3–40 mkr a year, in whole thousands.
            var yearAmount = 1000m * random.Next(3_000, 40_000);
            var left = yearAmount;
            foreach (var (t, k) in template.Select((t, k) => (t, k)))
            {
                var amount = k == template.Count - 1 ? left : Math.Round(yearAmount * (decimal)t.Weight / 1000m) * 1000m;
                left -= amount;
                var lineCode = first == last ? t.Code : $"{t.Code}-{year}";
                IReadOnlyList<Earmark> earmarks = t.Earmark ? [new Earmark("Landsbygd", Math.Round(amount * 0.2m / 1000m) * 1000m)] : [];
                lines.Add(new LineSpec(t.Area, lineCode, t.Name, year, amount, t.CostObject, t.RingFenced, earmarks));
            }
        }

        // 5–20 activities on the lines of the ledger year, every line at least one where there are enough; 90 % of a line's money budgeted.
        var ledgerLines = lines.Where(l => l.Year == first).ToList();
        var n = 5 + i % 16;
        var onLine = Enumerable.Range(0, n).Select(j => ledgerLines[j % ledgerLines.Count]).ToList();
        var activities = new List<ActivitySpec>();
        for (var j = 0; j < n; j++)
        {
            var line = onLine[j];
            var share = onLine.Count(l => l == line);
            var budget = Math.Floor(line.Amount * 0.9m / share);
            var target = j % 6 == 5 ? ActivityStatus.Utkast : j % 6 == 4 ? ActivityStatus.Beredd : ActivityStatus.Beslutad;
            activities.Add(new ActivitySpec(j + 1, line.Code, budget, j % 7 == 6 ? null : $"P{i + 1:00}{j + 1:00}", target));
        }
        // Two of the current year's agreements are drafts being set up (a copy for next year): no decisions, no ledger.
        var draft = first == LastYear && i % 8 >= 6;
        if (draft)
        {
            activities = activities.Select(a => a with { Target = ActivityStatus.Utkast }).ToList();
        }
        return new Spec(i, code, name, Counterparties[i % Counterparties.Length], first, last, draft, objects, areas, lines, activities);
    }

    private static async Task<int> CreateAsync(IServiceProvider services, Spec spec, CancellationToken ct)
    {
        var details = new AgreementDetails(spec.Name, spec.Counterparty, $"RS/{spec.First}/{100 + spec.Index}", null, new DateOnly(spec.First, 1, 1),
            new DateOnly(spec.Last, 12, 31), spec.Allocation * 50, spec.Allocation, "Hälso- och sjukvårdsdirektör", "Handläggare HOSPA", "Regionstyrelsen",
            $"Genererad överenskommelse för prestandaprovet (issue 22), nummer {spec.Index + 1}.");
        var agreement = Check(Agreement.Create(spec.Code, details, spec.Draft ? AgreementStatus.Utkast : AgreementStatus.Aktiv), spec);
        var areas = new Dictionary<string, DevelopmentArea>();
        foreach (var a in spec.Areas)
        {
            // An area's amount is its lines' over every year; a parent's is its sub-areas'.
            var amount = spec.Lines.Where(l => l.Area == a.Code || spec.Areas.Any(s => s.Parent == a.Code && s.Code == l.Area)).Sum(l => l.Amount);
            areas[a.Code] = Check(agreement.AddArea(a.Code, a.Name, amount, a.Parent is null ? null : areas[a.Parent]), spec);
        }
        foreach (var l in spec.Lines)
        {
            Check(agreement.AddLine(areas[l.Area], new LineDetails(l.Code, l.Year, l.Amount, l.CostObject, l.RingFenced, l.Earmarks, l.Name,
                l.Name is null ? null : $"{l.Name} av områdets medel, bokas på objekt {l.CostObject} och skiljs åt med insatsernas projektkoder.")), spec);
        }
        foreach (var period in agreement.CostObjects.ToList())
        {
            Check(agreement.UpdateCostObject(period, $"{spec.Name}, objekt {period.CostObjectCode}", period.From, period.To), spec);
        }
        Check(agreement.AddCondition("3.1", "Medlen får användas endast för de ändamål som anges i överenskommelsen.", null), spec);
        Check(agreement.AddCondition("3.2", "Medel som inte använts under året ska återbetalas till Kammarkollegiet.", null), spec);
        var recipient = spec.Counterparty == "Staten och SKR" ? "Socialstyrelsen" : spec.Counterparty;
        Check(agreement.AddObligation(ObligationKind.Slutredovisning, $"Slutredovisning {spec.Name}", recipient, new DateOnly(spec.Last + 1, 3, 31), false, null, null), spec);
        for (var year = spec.First; year <= spec.Last; year++)
        {
            Check(agreement.AddObligation(ObligationKind.Delarsbokslut, $"Delårsbokslut {year} {spec.Name}", "Regionstyrelsen", new DateOnly(year, 9, 15), false, null, null), spec);
        }
        if (spec.Index % 4 == 0)
        {
            for (var month = 1; month <= 12; month++)
            {
                var due = new DateOnly(spec.LedgerYear, month, 1).AddMonths(1).AddDays(9);
                Check(agreement.AddObligation(ObligationKind.Manadsrapport, $"Månadsrapport {new YearMonth(spec.LedgerYear, month)} {spec.Name}", "Regionstyrelsen", due, false, null, null), spec);
            }
        }
        if (spec.Index % 3 == 0)
        {
            Check(agreement.AddObligation(ObligationKind.Handlingsplan, $"Handlingsplan {spec.Name}", recipient, new DateOnly(spec.First, 3, 31), true, null, null), spec);
        }
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        db.Agreements.Add(agreement);
        await db.SaveChangesAsync(ct);
        return agreement.Id;
    }

    /// <summary>Registers, completes, codes, prepares and decides the activities through the use cases, as the officer and the board would.</summary>
    private static async Task<(int Decided, List<(string Code, decimal Budget, string CostObject)> Codes)> ActivitiesAsync(IServiceProvider services, Spec spec, int agreementId, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
        var lines = await db.AllocationLines.AsNoTracking().Where(l => l.AgreementId == agreementId).ToDictionaryAsync(l => l.Code, l => (l.Id, l.CostObjectCode), ct);
        Task<long> Version(int id) => db.Activities.AsNoTracking().Where(a => a.Id == id).Select(a => a.Version).SingleAsync(ct);
        var decided = 0;
        var codes = new List<(string, decimal, string)>();
        foreach (var a in spec.Activities)
        {
            var (lineId, costObject) = lines[a.LineCode];
            var details = new ActivityDetails("Stärka tillgången till vård", $"Insats {a.Number} inom {spec.Name}", "Personal, utbildning och material",
                $"Ansvarig {a.Number}", "Hälso- och sjukvårdsförvaltningen", "Hälso- och sjukvårdsförvaltningen", PerformerKind.Regionenhet,
                new DateOnly(spec.LedgerYear, 1, 1), new DateOnly(spec.LedgerYear, 12, 31), [new BudgetYear(spec.LedgerYear, a.Budget)], null);
            var registered = await mediator.Send(new RegisterActivityCommand(agreementId, lineId, details), ct);
            Check(registered.Succeeded ? Result.Ok() : Result.Fail(registered.Errors), spec);
            var id = registered.Value.Id;
            Check(await mediator.Send(new SaveExitPlanCommand(id, await Version(id),
                new ExitPlan(ExitStrategy.OrdinarieVerksamhet, Math.Round(a.Budget / 2), "Hälso- och sjukvårdsnämndens budget", null, null, null, null)), ct), spec);
            if (a.ProjectCode is not null)
            {
                Check(await mediator.Send(new SetProjectCodeCommand(id, await Version(id), a.ProjectCode), ct), spec);
            }
            if (a.Target == ActivityStatus.Utkast)
            {
                continue;
            }
            Check(await mediator.Send(new ChangeActivityStatusCommand(id, await Version(id), ActivityStep.Prepare, null, Late), ct), spec);
            if (a.Target == ActivityStatus.Beslutad)
            {
                Check(await mediator.Send(new DecideActivityCommand(id, await Version(id), true, new DateOnly(spec.LedgerYear, 2, 15), $"RS/{spec.LedgerYear}/{200 + spec.Index} § {a.Number}", null, Late), ct), spec);
                decided++;
                if (a.ProjectCode is not null)
                {
                    codes.Add((a.ProjectCode, a.Budget, costObject));
                }
            }
        }
        return (decided, codes);
    }

    /// <summary>
    /// The portfolio is built after the fact: most of its agreements' years are over on the day it is built, and preparing or deciding an
    /// activity whose period has ended asks for a reason (issue 26). The same reason for every one: it is test data, said so.
    /// </summary>
    private const string Late = "Portföljen för prestandamätningen byggs i efterhand.";

    /// <summary>
    /// One year's SIE 4 file for the agreements whose ledger year it is: balanced vouchers of 1–5 object rows and a balancing row without
    /// an object, about <paramref name="perAgreement"/> object rows per agreement spread over the months through <paramref name="through"/>.
    /// Three object rows in four carry a decided activity's project code (chosen by budget), the rest none (they go to the object's main
    /// line); 94 % are cost rows, 2 % each income, investment and accrual rows. Each activity's rows add up to about 80 % of its budget.
    /// </summary>
    /// <returns>The number of #TRANS rows written.</returns>
    private static long Write(string path, int year, YearMonth through, IReadOnlyList<(Spec Spec, List<(string Code, decimal Budget, string CostObject)> Codes)> agreements, long perAgreement)
    {
        var random = new Random(Seed * 10 + year);
        var inv = CultureInfo.InvariantCulture;
        using var writer = new StreamWriter(path, false, SieEncoding.Cp437) { NewLine = "\r\n" };
        writer.WriteLine("#FLAGGA 0");
        writer.WriteLine("#PROGRAM \"GrantTracker bench portfolio\" 1.0");
        writer.WriteLine("#FORMAT PC8");
        writer.WriteLine($"#GEN {year + 1}0115");
        writer.WriteLine("#SIETYP 4");
        writer.WriteLine("#FNAMN \"Region Jämtland Härjedalen\"");
        writer.WriteLine($"#RAR 0 {year}0101 {year}1231");
        writer.WriteLine("#DIM 1 \"Ansvar\"");
        writer.WriteLine("#DIM 6 \"Projekt\"");
        writer.WriteLine("#DIM 20 \"Objekt\"");
        writer.WriteLine("#KONTO 1930 \"Bank\"");
        writer.WriteLine("#KONTO 2440 \"Leverantörsskulder\"");
        foreach (var account in CostAccounts.Concat(IncomeAccounts).Concat(InvestmentAccounts).Concat(AccrualAccounts))
        {
            writer.WriteLine($"#KONTO {account} \"Konto {account}\"");
        }
        var months = through.Month;
        var days = new DateOnly(year, months, DateTime.DaysInMonth(year, months)).DayNumber - new DateOnly(year, 1, 1).DayNumber + 1;
        long rows = 0;
        var voucher = 0;
        foreach (var (spec, codes) in agreements)
        {
            // The targets of the rows: each decided activity by its budget (three rows in four), the objects themselves (one in four).
            var totalBudget = codes.Sum(c => c.Budget);
            var objectRows = (long)(perAgreement * 0.25);
            var targets = codes.Select(c => (c.CostObject, Project: (string?)c.Code, Rows: Math.Max(1L, (long)(perAgreement * 0.75 * (double)(c.Budget / Math.Max(1, totalBudget)))), Spend: c.Budget * 0.8m))
                .Concat(spec.Objects.Select(o => (CostObject: o, Project: (string?)null, Rows: Math.Max(1L, objectRows / spec.Objects.Count),
                    Spend: spec.Lines.Where(l => l.Year == year && l.CostObject == o).Sum(l => l.Amount) * 0.03m)))
                .ToList();
            var pending = targets.Select(t => t.Rows).ToArray();
            var mean = targets.Select(t => Math.Max(1m, t.Spend / t.Rows)).ToArray();
            var left = pending.Sum();
            while (left > 0)
            {
                voucher++;
                var date = new DateOnly(year, 1, 1).AddDays(random.Next(days));
                var count = (int)Math.Min(random.Next(1, 6), left);
                writer.WriteLine($"#VER A {voucher} {date:yyyyMMdd} \"{Texts[random.Next(Texts.Length)]}\"");
                writer.WriteLine("{");
                var total = 0L;
                for (var r = 0; r < count; r++)
                {
                    var pick = random.Next(targets.Count);
                    while (pending[pick] == 0)
                    {
                        pick = (pick + 1) % targets.Count;
                    }
                    pending[pick]--;
                    left--;
                    var target = targets[pick];
                    var ore = Math.Max(100L, (long)(mean[pick] * 100m * (decimal)(0.5 + random.NextDouble())));
                    var account = CostAccounts[random.Next(CostAccounts.Length)];
                    var kind = random.Next(100);
                    if (kind >= 94)
                    {
                        account = kind switch
                        {
                            < 96 => IncomeAccounts[random.Next(IncomeAccounts.Length)],
                            < 98 => InvestmentAccounts[random.Next(InvestmentAccounts.Length)],
                            _ => AccrualAccounts[random.Next(AccrualAccounts.Length)],
                        };
                        if (kind < 96 || (kind >= 98 && random.Next(2) == 0))
                        {
                            ore = -ore;
                        }
                    }
                    total += ore;
                    var project = target.Project is null ? "" : $" 6 \"{target.Project}\"";
                    writer.WriteLine($"   #TRANS {account} {{1 \"{410 + random.Next(40)}\"{project} 20 \"{target.CostObject}\"}} {Amount(ore)} {date:yyyyMMdd} \"{Texts[random.Next(Texts.Length)]}\"");
                    rows++;
                }
                writer.WriteLine($"   #TRANS {(random.Next(2) == 0 ? "1930" : "2440")} {{}} {Amount(-total)}");
                rows++;
                writer.WriteLine("}");
            }
        }
        return rows;

        static string Amount(long ore) => (ore / 100m).ToString("0.00", CultureInfo.InvariantCulture);
    }

    private static void Check(Result result, Spec spec)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Portfolio agreement {spec.Code} breaks a rule: {string.Join(" ", result.Errors.Select(e => e.Message))}");
        }
    }

    private static T Check<T>(Result<T> result, Spec spec)
    {
        Check(result.Succeeded ? Result.Ok() : Result.Fail(result.Errors), spec);
        return result.Value;
    }
}
