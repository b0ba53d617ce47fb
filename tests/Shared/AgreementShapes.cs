using System.Globalization;
using System.Text;
using CsCheck;
using GrantTracker.Application.Data;
using GrantTracker.Domain.Activities;
using GrantTracker.Domain.Agreements;
using GrantTracker.Domain.Common;

namespace GrantTracker.Tests.Shapes;

/// <summary>
/// Generated agreements of the shapes real agreements have and the seeds do not: one to three lines per area on one or several
/// cost objects, sub-areas, ring-fenced lines and "of which" parts, lines of several years on one object; with activities (some
/// with project codes, in every state, with budgets over the years) and a ledger of cost, income and fixed-asset rows, some with
/// an activity's project code, some with an unknown one, some with none, some outside the agreement's months. Shared by the
/// property tests of the use cases, the CLI and the pages (linked into each test project), so every surface is checked against
/// the same shapes and the same <see cref="Expected"/> figures. CsCheck shrinks a failure to the smallest agreement that breaks.
/// </summary>
public static class AgreementShapes
{
    public const int FirstYear = 2024;

    private static readonly string?[] Names = [null, "Befolkningsdel", "Landsbygdsdel", null];

    public static readonly Gen<Shape> Gen =
        from years in CsCheck.Gen.Int[1, 2]
        from objects in CsCheck.Gen.Int[1, 3]
        from areas in AreaGen(years, objects).Array[1, 3]
        from activities in ActivityGen(years).Array[0, 6]
        from rows in RowGen(years, objects).Array[0, 30]
        select new Shape(years, objects, areas, activities, rows);

    private static Gen<LineShape> LineGen(int years, int objects) =>
        from obj in CsCheck.Gen.Int[0, objects - 1]
        from year in CsCheck.Gen.Int[0, years - 1]
        from ring in CsCheck.Gen.Int[0, 4]
        from amount in CsCheck.Gen.Long[1_000, 5_000_000]
        from name in CsCheck.Gen.Int[0, Names.Length - 1]
        from earmark in CsCheck.Gen.Int[0, 3]
        select new LineShape(obj, year, ring == 0, amount, Names[name], earmark == 0);

    private static Gen<AreaShape> AreaGen(int years, int objects) =>
        from subAreas in CsCheck.Gen.Int[0, 2]
        from lines in LineGen(years, objects).Array[1, 3]
        from subLines in LineGen(years, objects).Array[1, 3].Array[2, 2]
        from ceiling in CsCheck.Gen.Bool
        select subAreas == 0
            ? new AreaShape(lines, [], ceiling)
            : new AreaShape([], subLines.Take(subAreas).ToArray(), ceiling);

    private static Gen<ActivityShape> ActivityGen(int years) =>
        from line in CsCheck.Gen.Int[0, 1_000]
        from code in CsCheck.Gen.Int[0, 3]
        from state in CsCheck.Gen.Enum<ActivityState>()
        from budgets in CsCheck.Gen.Long[0, 2_000_000].Array[years, years]
        from earmark in CsCheck.Gen.Bool
        select new ActivityShape(line, code != 0, state, budgets, earmark);

    private static Gen<RowShape> RowGen(int years, int objects) =>
        from obj in CsCheck.Gen.Int[0, objects - 1]
        from year in CsCheck.Gen.Int[-1, years]
        from month in CsCheck.Gen.Int[1, 12]
        from project in CsCheck.Gen.Enum<RowProject>()
        from activity in CsCheck.Gen.Int[0, 1_000]
        from account in CsCheck.Gen.Int[0, 9]
        from ore in CsCheck.Gen.Long[-500_000, 5_000_000]
        select new RowShape(obj, year, month, project, activity,
            account switch { 0 => AccountKind.Income, 1 => AccountKind.Investment, _ => AccountKind.Cost }, ore);

    private static int _counter;

    /// <summary>A prefix no other agreement in the process has: its code, cost objects and project codes are its own.</summary>
    public static string NewPrefix() => "g" + Interlocked.Increment(ref _counter).ToString(CultureInfo.InvariantCulture) + "x" + Environment.ProcessId % 1000;

    /// <summary>
    /// Builds the agreement and its activities through the domain's own methods (so the shape obeys every rule a user meets) and
    /// saves them. Returns the facts the expected figures are computed from: each line's database id.
    /// </summary>
    public static async Task<Built> BuildAsync(AppDbContext db, Shape shape, string prefix)
    {
        var flat = Flatten(shape);
        var lastYear = FirstYear + shape.Years - 1;
        var agreement = Ok(Agreement.Create(prefix, new AgreementDetails($"Genererad {prefix}", "Staten och SKR", null, null,
            new DateOnly(FirstYear, 1, 1), new DateOnly(lastYear, 12, 31), null, flat.Sum(l => l.Line.AmountKr), null, null, null, null)));
        var areaEntities = new List<DevelopmentArea>();
        var leafEntities = new Dictionary<int, DevelopmentArea>();
        var leaf = 0;
        for (var a = 0; a < shape.Areas.Count; a++)
        {
            var area = shape.Areas[a];
            var lines = flat.Where(l => l.Area == a).ToList();
            var top = Ok(agreement.AddArea($"A{a + 1}", $"Område {a + 1}", area.Ceiling ? lines.Sum(l => l.Line.AmountKr) : null, null));
            areaEntities.Add(top);
            if (area.SubAreas.Count == 0)
            {
                leafEntities[leaf++] = top;
                continue;
            }
            for (var s = 0; s < area.SubAreas.Count; s++)
            {
                leafEntities[leaf++] = Ok(agreement.AddArea($"A{a + 1}.{s + 1}", $"Delområde {a + 1}.{s + 1}", null, top));
            }
        }
        var lineEntities = new List<AllocationLine>();
        foreach (var l in flat)
        {
            var earmarks = l.Line.Earmark ? new List<Earmark> { new(EarmarkName(l), l.Line.AmountKr / 3) } : [];
            lineEntities.Add(Ok(agreement.AddLine(leafEntities[l.Leaf], new LineDetails(l.Code, FirstYear + l.Line.YearIndex, l.Line.AmountKr,
                ObjectCode(prefix, l.Line.Object), l.Line.RingFenced, earmarks, l.Line.Name))));
        }
        db.Agreements.Add(agreement);
        await db.SaveChangesAsync();

        var now = new DateTime(FirstYear, 1, 2, 12, 0, 0, DateTimeKind.Utc);
        var activities = new List<Activity>();
        for (var i = 0; i < shape.Activities.Count; i++)
        {
            var a = shape.Activities[i];
            var line = flat[a.Line % flat.Count];
            var entity = lineEntities[line.Index];
            var budgets = a.Budgets.Select((amount, y) => new BudgetYear(FirstYear + y, amount)).Where(b => b.Amount > 0).ToList();
            var activity = Ok(Activity.Register(agreement.Id, i + 1, new ActivityLine(entity.Id, entity.AreaId, entity.CostObjectCode),
                new ActivityDetails(null, $"Insats {i + 1}", null, "Anna Andersson", null, null, PerformerKind.Regionenhet,
                    new DateOnly(FirstYear, 1, 1), new DateOnly(lastYear, 12, 31), budgets.Count == 0 ? [new BudgetYear(FirstYear, 0)] : budgets, null),
                now, "test"));
            Ok(activity.SetExitPlan(new ExitPlan(ExitStrategy.Avveckling, null, null, null, null, new DateOnly(lastYear, 12, 31), "Avvecklas när medlen upphör.")));
            if (a.HasProjectCode)
            {
                Ok(activity.SetProjectCode(ProjectCode(prefix, i)));
            }
            if (a.OnEarmark && entity.Earmarks.Count > 0)
            {
                Ok(activity.SetEarmark(entity.Earmarks[0].Name, entity.Earmarks.Select(e => e.Name).ToList()));
            }
            if (a.State != ActivityState.Draft && budgets.Count > 0)
            {
                Ok(activity.Prepare(now, "test"));
                switch (a.State)
                {
                    case ActivityState.Rejected:
                        Ok(activity.Reject(new DateOnly(FirstYear, 1, 2), "§ 1", null, now, "test"));
                        break;
                    case ActivityState.Decided or ActivityState.Started:
                        Ok(activity.Approve(new DateOnly(FirstYear, 1, 2), "§ 1", null, now, "test"));
                        if (a.State == ActivityState.Started)
                        {
                            Ok(activity.Start(now, "test"));
                        }
                        break;
                }
            }
            activities.Add(activity);
        }
        db.Activities.AddRange(activities);
        await db.SaveChangesAsync();
        return new Built(shape, prefix, agreement.Id, flat, lineEntities.Select(l => l.Id).ToList(),
            activities.Select(a => new BuiltActivity(a.Id, a.Number, a.AllocationLineId!.Value, a.ProjectCode, a.Status, a.Earmark,
                a.Budgets.ToDictionary(b => b.Year, b => b.Amount))).ToList());
    }

    /// <summary>
    /// The ledger as a SIE 4 file: a voucher per row, balanced on an account without an object (which the import skips), cost objects on
    /// dimension 20 and project codes on dimension 6, dated in the row's year and month (a year before or after the agreement's years
    /// is outside its months).
    /// </summary>
    public static string Sie(Built built)
    {
        var text = new StringBuilder("#FLAGGA 0\n#FORMAT PC8\n#SIETYP 4\n#PROGRAM \"Egenskapstest\" 1\n#DIM 20 \"Objekt\"\n#DIM 6 \"Projekt\"\n");
        for (var i = 0; i < built.Shape.Rows.Count; i++)
        {
            var r = built.Shape.Rows[i];
            var project = built.ProjectOf(r);
            var account = r.Account switch { AccountKind.Income => "3510", AccountKind.Investment => "1220", _ => i % 2 == 0 ? "5010" : "6110" };
            var amount = Money.FromOre(r.AmountOre).ToString("0.00", CultureInfo.InvariantCulture);
            var negated = Money.FromOre(-r.AmountOre).ToString("0.00", CultureInfo.InvariantCulture);
            var objects = project is null ? $"20 \"{ObjectCode(built.Prefix, r.Object)}\"" : $"20 \"{ObjectCode(built.Prefix, r.Object)}\" 6 \"{project}\"";
            text.Append(CultureInfo.InvariantCulture, $"#VER \"A\" \"{i + 1}\" {FirstYear + r.YearIndex}{r.Month:00}15 \"Rad {i + 1}\"\n{{\n");
            text.Append(CultureInfo.InvariantCulture, $"#TRANS {account} {{{objects}}} {amount}\n#TRANS 2440 {{}} {negated}\n}}\n");
        }
        return text.ToString();
    }

    public static string ObjectCode(string prefix, int obj) => $"{prefix}o{obj + 1}";

    public static string ProjectCode(string prefix, int activity) => $"{prefix}p{activity + 1}";

    private static string EarmarkName(FlatLine l) => $"Varav {l.Code}";

    public static IReadOnlyList<FlatLine> Flatten(Shape shape)
    {
        var flat = new List<FlatLine>();
        var leaf = 0;
        for (var a = 0; a < shape.Areas.Count; a++)
        {
            var area = shape.Areas[a];
            if (area.SubAreas.Count == 0)
            {
                Add(area.Lines, a, leaf++);
                continue;
            }
            foreach (var sub in area.SubAreas)
            {
                Add(sub, a, leaf++);
            }
        }
        return flat;

        void Add(IEnumerable<LineShape> lines, int area, int leafIndex)
        {
            foreach (var l in lines)
            {
                flat.Add(new FlatLine(flat.Count, $"L{flat.Count + 1}", area, leafIndex, l));
            }
        }
    }

    private static T Ok<T>(Result<T> result) =>
        result.Succeeded ? result.Value : throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => $"{e.Field}: {e.Message}")));

    private static void Ok(Result result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => $"{e.Field}: {e.Message}")));
        }
    }
}

public enum ActivityState { Draft, Prepared, Decided, Started, Rejected }

public enum RowProject { None, Activity, Unknown }

public enum AccountKind { Cost, Income, Investment }

/// <param name="Object">Which of the agreement's cost objects (0-based).</param>
/// <param name="YearIndex">Which of the agreement's years (0-based).</param>
public sealed record LineShape(int Object, int YearIndex, bool RingFenced, long AmountKr, string? Name, bool Earmark);

/// <summary>An area with lines of its own, or with sub-areas that each have lines.</summary>
/// <param name="Ceiling">The area states an amount (the sum of its lines), which the domain then guards.</param>
public sealed record AreaShape(IReadOnlyList<LineShape> Lines, IReadOnlyList<IReadOnlyList<LineShape>> SubAreas, bool Ceiling);

/// <param name="Line">Which line (modulo the number of lines).</param>
/// <param name="Budgets">The budget for each of the agreement's years (0: none).</param>
public sealed record ActivityShape(int Line, bool HasProjectCode, ActivityState State, IReadOnlyList<long> Budgets, bool OnEarmark);

/// <param name="YearIndex">−1 and the number of years are outside the agreement's months.</param>
/// <param name="Activity">Whose project code the row carries (modulo the number of activities) when <see cref="Project"/> is Activity.</param>
public sealed record RowShape(int Object, int YearIndex, int Month, RowProject Project, int Activity, AccountKind Account, long AmountOre);

public sealed record Shape(int Years, int Objects, IReadOnlyList<AreaShape> Areas, IReadOnlyList<ActivityShape> Activities, IReadOnlyList<RowShape> Rows)
{
    public override string ToString() =>
        $"{Years} år, {Objects} objekt; områden: " + string.Join(" | ", Areas.Select(a => a.SubAreas.Count == 0
            ? string.Join(", ", a.Lines.Select(Line))
            : string.Join(" / ", a.SubAreas.Select(s => string.Join(", ", s.Select(Line))))))
        + "; insatser: " + string.Join(", ", Activities.Select(a => $"rad#{a.Line} {a.State}{(a.HasProjectCode ? " kod" : "")} [{string.Join(" ", a.Budgets)}]"))
        + "; rader: " + string.Join(", ", Rows.Select(r => $"o{r.Object} y{r.YearIndex} m{r.Month} {r.Account} {r.Project}{(r.Project == RowProject.Activity ? "#" + r.Activity : "")} {r.AmountOre}"));

    private static string Line(LineShape l) => $"o{l.Object} y{l.YearIndex}{(l.RingFenced ? " öm" : "")}{(l.Name is null ? "" : " " + l.Name)} {l.AmountKr}";
}

/// <summary>A line of the shape in creation order, with its code, its top area and its leaf area (the area it sits on).</summary>
public sealed record FlatLine(int Index, string Code, int Area, int Leaf, LineShape Line);

public sealed record BuiltActivity(int Id, int Number, int LineId, string? ProjectCode, ActivityStatus Status, string? Earmark, IReadOnlyDictionary<int, decimal> Budgets);

/// <summary>A generated agreement as saved, and the figures every surface must show for it, computed from the shape alone.</summary>
public sealed record Built(Shape Shape, string Prefix, int AgreementId, IReadOnlyList<FlatLine> Lines, IReadOnlyList<int> LineIds, IReadOnlyList<BuiltActivity> Activities)
{
    public string Code => Prefix;

    public int LastYear => AgreementShapes.FirstYear + Shape.Years - 1;

    public IEnumerable<int> Years => Enumerable.Range(AgreementShapes.FirstYear, Shape.Years);

    /// <summary>The project code a generated row carries, or null.</summary>
    public string? ProjectOf(RowShape r) => r.Project switch
    {
        RowProject.Activity when Activities.Count > 0 => Activities[r.Activity % Activities.Count].ProjectCode,
        RowProject.Unknown => Prefix + "okand",
        _ => null,
    };

    public int LineId(FlatLine line) => LineIds[line.Index];

    /// <summary>The index of a line (by its database id) in <see cref="Lines"/>.</summary>
    private int Own(int lineId) => LineIds.ToList().IndexOf(lineId);

    /// <summary>
    /// The rule, written plainly over the shape (the user guide's words): the lines of the row's object and year are the candidates;
    /// a row with an activity's project code goes to that activity's line, or in another year to the line of the same area with the
    /// same name, else the area's first; every other row goes to the main line, the first in area order that is not ring-fenced.
    /// </summary>
    public FlatLine? LineFor(int obj, int year, string? project)
    {
        var activity = Activities.FirstOrDefault(a => project is not null && a.ProjectCode == project);
        return activity is not null && Lines[Own(activity.LineId)].Line.Object == obj
            ? LineOf(activity, year)
            : Candidates(obj, year).FirstOrDefault();
    }

    /// <summary>An activity's line in a year: where its budget for the year counts and its rows of the year go.</summary>
    public FlatLine? LineOf(BuiltActivity activity, int year)
    {
        var own = Lines[Own(activity.LineId)];
        var candidates = Candidates(own.Line.Object, year);
        if (candidates.Contains(own))
        {
            return own;
        }
        var inArea = candidates.Where(l => l.Leaf == own.Leaf).ToList();
        return inArea.FirstOrDefault(l => string.Equals(l.Line.Name, own.Line.Name, StringComparison.OrdinalIgnoreCase))
               ?? inArea.FirstOrDefault() ?? candidates.FirstOrDefault();
    }

    /// <summary>The lines of an object and year, the main line first: not ring-fenced before ring-fenced (when any is not), then in area order, then as created.</summary>
    private List<FlatLine> Candidates(int obj, int year)
    {
        var lines = Lines.Where(l => l.Line.Object == obj && AgreementShapes.FirstYear + l.Line.YearIndex == year).ToList();
        var anyOpen = lines.Any(l => !l.Line.RingFenced);
        return lines.OrderBy(l => l.Line.RingFenced && anyOpen).ThenBy(l => l.Leaf).ThenBy(l => l.Index).ToList();
    }

    /// <summary>The cost rows of a year in the agreement's months, each with the line it belongs to (null: no line for its object and year).</summary>
    public IEnumerable<(RowShape Row, FlatLine? Line)> CostRows(int year) =>
        Shape.Rows.Where(r => r.Account == AccountKind.Cost && AgreementShapes.FirstYear + r.YearIndex == year)
            .Select(r => (r, LineFor(r.Object, year, ProjectOf(r))));

    /// <summary>A line's booked cost for its year through December, to the öre.</summary>
    public decimal Booked(FlatLine line) =>
        Money.FromOre(CostRows(AgreementShapes.FirstYear + line.Line.YearIndex).Where(x => x.Line == line).Sum(x => x.Row.AmountOre));

    /// <summary>What the lines of a year must add up to: every cost row of the year on an object that has a line that year.</summary>
    public decimal BookedOnObjectsWithLines(int year) => Money.FromOre(CostRows(year).Where(x => x.Line is not null).Sum(x => x.Row.AmountOre));

    public decimal Decided(FlatLine line) => Budgets(line, ActivityText.IsDecided);

    public decimal Planned(FlatLine line) => Budgets(line, ActivityText.IsPlanned);

    private decimal Budgets(FlatLine line, Func<ActivityStatus, bool> status)
    {
        var year = AgreementShapes.FirstYear + line.Line.YearIndex;
        return Activities.Where(a => status(a.Status) && LineOf(a, year) == line).Sum(a => a.Budgets.GetValueOrDefault(year));
    }

    /// <summary>Every decided (or planned) budget of the year that has a line to count on.</summary>
    public decimal BudgetsWithLines(int year, Func<ActivityStatus, bool> status) =>
        Activities.Where(a => status(a.Status) && LineOf(a, year) is not null).Sum(a => a.Budgets.GetValueOrDefault(year));

    /// <summary>An activity's cost in a year: the cost rows with its project code that a line takes.</summary>
    public decimal ActivityCost(BuiltActivity activity, int year) =>
        Money.FromOre(CostRows(year).Where(x => x.Line is not null && activity.ProjectCode is not null && ProjectOf(x.Row) == activity.ProjectCode
            && Lines[Own(activity.LineId)].Line.Object == x.Row.Object).Sum(x => x.Row.AmountOre));
}
