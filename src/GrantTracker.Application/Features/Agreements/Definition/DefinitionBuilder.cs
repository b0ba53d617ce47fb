using GrantTracker.Domain.Activities;
using GrantTracker.Domain.Agreements;
using GrantTracker.Domain.Common;

namespace GrantTracker.Application.Features.Agreements.Definition;

/// <summary>An activity of the definition, checked and waiting for its line's id: activities are saved after the agreement.</summary>
internal sealed record PlannedActivity(string Path, int Number, AllocationLine Line, ActivityDetails Details, string? ProjectCode, string? Earmark);

/// <summary>The agreement built in memory from a definition, with what is saved beside it.</summary>
/// <param name="Periods">Each cost-object period with the path it came from, for refusals that need the database (overlap).</param>
internal sealed record BuiltDefinition(
    Agreement Agreement,
    IReadOnlyList<ReportingRequirement> Requirements,
    IReadOnlyList<PlannedActivity> Activities,
    IReadOnlyList<(CostObjectPeriod Period, string Path)> Periods);

/// <summary>
/// Builds an agreement from a definition in memory through the domain's own methods (<see cref="Agreement.Create"/>,
/// <see cref="Agreement.AssignCostObject"/>, <see cref="Agreement.AddArea"/>, <see cref="Agreement.AddLine"/>,
/// <see cref="Agreement.SetNationalKey(DevelopmentArea, NationalKey?)"/>, <see cref="Agreement.AddCondition"/>,
/// <see cref="Agreement.AddObligation"/>, <see cref="ReportingRequirement.Check"/>, <see cref="Activity.Register"/>), so a file passes
/// exactly the rules the forms pass. Each refusal of the domain is reported on the path of the element being built. After a refusal
/// the element is stood in for by a neutral one (a unique code, no amount), so the elements below and after it are still checked and
/// refer to it without refusals of their own: the officer gets every error in one go, and no error that is only a consequence of another.
/// </summary>
internal sealed class DefinitionBuilder
{
    private static readonly Dictionary<string, string> AgreementFields = new()
    {
        ["Code"] = "code", ["Name"] = "name", ["Counterparty"] = "counterparty", ["EndDate"] = "endDate", ["NationalTotal"] = "nationalTotal",
        ["RegionAllocation"] = "regionAllocation", ["Category"] = "category", ["PopulationShare"] = "populationSharePercent", ["Status"] = "status",
    };

    private static readonly Dictionary<string, string> CostObjectFields = new() { ["CostObjectCode"] = "code", ["Name"] = "name", ["From"] = "from", ["To"] = "to" };

    private static readonly Dictionary<string, string> AreaFields = new() { ["Code"] = "code", ["Name"] = "name", ["Amount"] = "amount", ["ParentId"] = "" };

    private static readonly Dictionary<string, string> LineFields = new()
    {
        ["Code"] = "code", ["Year"] = "year", ["Amount"] = "amount", ["CostObjectCode"] = "costObject", ["Earmarks"] = "earmarks", ["Name"] = "name",
        ["Description"] = "description", ["AreaId"] = "",
    };

    private static readonly Dictionary<string, string> KeyFields = new()
    {
        ["NationalAmount"] = "amount", ["Rule"] = "rule", ["Share"] = "share", ["BaseAmount"] = "baseAmount", ["Region"] = "region", ["Table"] = "table",
    };

    private static readonly Dictionary<string, string> ConditionFields = new() { ["Code"] = "code", ["Text"] = "text", ["Source"] = "source" };

    private static readonly Dictionary<string, string> ObligationFields = new()
    {
        ["Kind"] = "kind", ["Title"] = "title", ["Recipient"] = "recipient", ["DueDate"] = "dueDate", ["Note"] = "note", ["Owner"] = "owner",
    };

    private static readonly Dictionary<string, string> RequirementFields = new()
    {
        ["Code"] = "code", ["Section"] = "section", ["Kind"] = "kind", ["Text"] = "text", ["Direction"] = "direction", ["Target"] = "target", ["Unit"] = "unit",
        ["Counted"] = "counted", ["DataSource"] = "dataSource", ["FirstYear"] = "firstYear", ["LastYear"] = "lastYear",
    };

    /// <summary>An allocation no lines reach, standing in for one the file does not give readably.</summary>
    private const decimal Unlimited = 1_000_000_000_000_000m;

    private readonly List<Error> _errors = [];
    private readonly IReadOnlyList<string> _reported;
    private readonly List<(CostObjectPeriod, string)> _periods = [];
    private readonly Dictionary<string, AllocationLine> _lines = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<AllocationLine> _standIns = [];

    private DefinitionBuilder(IReadOnlyList<Error> reported) => _reported = reported.Select(e => e.Field).Where(f => f.Length > 0).ToList();

    /// <summary>Builds a new agreement from the definition.</summary>
    /// <param name="reported">The reader's errors: a path reported there (or below it) is not reported again.</param>
    public static (BuiltDefinition Built, IReadOnlyList<Error> Errors) Build(AgreementDefinition d, IReadOnlyList<Error> reported)
    {
        var builder = new DefinitionBuilder(reported);
        var agreement = builder.Create(d);
        var built = builder.Fill(agreement, d);
        return (built, builder._errors);
    }

    /// <summary>Fills an existing agreement that has been emptied (a replacement) from a definition already checked by <see cref="Build"/>.</summary>
    public static (BuiltDefinition Built, IReadOnlyList<Error> Errors) Refill(Agreement agreement, AgreementDefinition d)
    {
        var builder = new DefinitionBuilder([]);
        builder.Report("", agreement.UpdateDetails(Details(d, d.StartDate, d.EndDate, d.RegionAllocation)), AgreementFields);
        if (Status(d) == AgreementStatus.Aktiv && agreement.Status == AgreementStatus.Utkast)
        {
            builder.Report("status", agreement.Activate(), AgreementFields);
        }
        var built = builder.Fill(agreement, d);
        return (built, builder._errors);
    }

    public static AgreementStatus Status(AgreementDefinition d) => d.Status == nameof(AgreementStatus.Utkast) ? AgreementStatus.Utkast : AgreementStatus.Aktiv;

    private static AgreementDetails Details(AgreementDefinition d, DateOnly start, DateOnly end, decimal allocation) =>
        new(d.Name, d.Counterparty, d.DiaryNumber, d.Category, start, end, d.NationalTotal, allocation, d.Responsible, d.Contact, d.DecisionBody, d.Description);

    private Agreement Create(AgreementDefinition d)
    {
        // Header values the reader could not read stand in neutrally: the lines are then checked against their own figures only.
        var years = Lines(d.Areas).Select(l => l.Year).Where(y => y is >= 1900 and <= 2200).DefaultIfEmpty(2000).ToList();
        var start = d.StartDate == default || (d.EndDate != default && d.EndDate < d.StartDate) ? new DateOnly(years.Min(), 1, 1) : d.StartDate;
        var end = d.EndDate == default || d.EndDate < start ? new DateOnly(Math.Max(years.Max(), start.Year), 12, 31) : d.EndDate;
        var unreadAllocation = _reported.Contains("regionAllocation");
        var created = Agreement.Create(d.Code, Details(d, start, end, unreadAllocation ? Unlimited : d.RegionAllocation), Status(d));
        if (d.EndDate != default && d.StartDate != default && d.EndDate < d.StartDate)
        {
            Add("endDate", "Slutdatum kan inte ligga före startdatum.");
        }
        Report("", created, AgreementFields);
        if (created.Succeeded)
        {
            return created.Value;
        }
        // A stand-in with the broken header fields made neutral, so the areas, lines and the rest are still checked.
        var allocation = unreadAllocation || d.RegionAllocation < 0 || !Money.IsWholeOre(d.RegionAllocation) ? Unlimited : d.RegionAllocation;
        var standIn = Details(d, start, end, allocation) with
        {
            Name = string.IsNullOrWhiteSpace(d.Name) ? "?" : d.Name,
            Counterparty = string.IsNullOrWhiteSpace(d.Counterparty) ? "?" : d.Counterparty,
            NationalTotal = d.NationalTotal is < 0 || (d.NationalTotal is { } n && !Money.IsWholeOre(n)) ? null : d.NationalTotal,
            Category = d.Category is < 0 ? null : d.Category,
        };
        return Agreement.Create("import", standIn, Status(d)).Value;
    }

    private BuiltDefinition Fill(Agreement agreement, AgreementDefinition d)
    {
        for (var i = 0; i < d.CostObjects.Count; i++)
        {
            var o = d.CostObjects[i];
            var path = $"costObjects[{i}]";
            if (!YearMonth.TryParse(o.From, out var from) || !YearMonth.TryParse(o.To, out var to))
            {
                continue; // the reader has said how to write the months
            }
            var assigned = agreement.AssignCostObject(o.Code, o.Name, from, to);
            Report(path, assigned, CostObjectFields);
            if (assigned.Succeeded)
            {
                _periods.Add((assigned.Value, path));
            }
        }
        for (var i = 0; i < d.Areas.Count; i++)
        {
            AddArea(agreement, d.Areas[i], $"areas[{i}]", parent: null);
        }
        // Objects a line books on but the file does not list get the agreement's whole period (as a form's line does).
        foreach (var period in agreement.CostObjects.Where(p => _periods.All(x => x.Item1 != p)))
        {
            _periods.Add((period, LinePathOf(period.CostObjectCode)));
        }
        if (d.PopulationSharePercent is { } percent)
        {
            Report("populationSharePercent", agreement.SetPopulationShare(percent / 100m), AgreementFields);
        }
        for (var i = 0; i < d.Conditions.Count; i++)
        {
            var c = d.Conditions[i];
            Report($"conditions[{i}]", agreement.AddCondition(c.Code, c.Text, c.Source), ConditionFields);
        }
        for (var i = 0; i < d.Obligations.Count; i++)
        {
            var o = d.Obligations[i];
            var path = $"obligations[{i}]";
            var kind = Enum.TryParse<ObligationKind>(o.Kind, ignoreCase: true, out var k) ? k : ObligationKind.Slutredovisning;
            var added = agreement.AddObligation(kind, o.Title ?? "", o.Recipient ?? "", o.DueDate, o.DueDateAssumed, o.Note, o.Source);
            Report(path, added, ObligationFields);
            if (added.Succeeded)
            {
                Report(path, added.Value.SetOwner(o.Owner), ObligationFields);
            }
        }
        var requirements = Requirements(agreement, d);
        var activities = Activities(agreement, d);
        return new BuiltDefinition(agreement, requirements, activities, _periods);
    }

    private string LinePathOf(string costObject) => _linePaths.TryGetValue(costObject, out var path) ? path + ".costObject" : "costObjects";

    private readonly Dictionary<string, string> _linePaths = new(StringComparer.Ordinal);

    private void AddArea(Agreement agreement, AreaDefinition a, string path, DevelopmentArea? parent)
    {
        var added = agreement.AddArea(a.Code, a.Name, a.Amount, parent);
        Report(path, added, AreaFields);
        var area = added.Succeeded
            ? added.Value
            : agreement.AddArea($"#{path}", string.IsNullOrWhiteSpace(a.Name) ? "?" : a.Name, null, parent).Value;
        if (a.National is { } national)
        {
            SetKey(path + ".national", national, key => agreement.SetNationalKey(area, key));
        }
        for (var i = 0; i < a.SubAreas.Count; i++)
        {
            AddArea(agreement, a.SubAreas[i], $"{path}.subAreas[{i}]", area);
        }
        for (var i = 0; i < a.Lines.Count; i++)
        {
            AddLine(agreement, area, a.Lines[i], $"{path}.lines[{i}]");
        }
    }

    private void AddLine(Agreement agreement, DevelopmentArea area, LineDefinition l, string path)
    {
        var earmarks = l.Earmarks.Select(e => new Earmark(e.Name, e.Amount)).ToList();
        var added = agreement.AddLine(area, new LineDetails(l.Code, l.Year, l.Amount, l.CostObject, l.RingFenced, earmarks, l.Name, l.Description));
        Report(path, added, LineFields);
        AllocationLine line;
        if (added.Succeeded)
        {
            line = added.Value;
        }
        else
        {
            // Activities may name the line: a stand-in without money keeps them from being refused for the line's own error.
            var leaf = agreement.Areas.Any(x => x.Parent == area)
                ? agreement.AddArea($"#{path}", "?", null, area).Value
                : area;
            var code = string.IsNullOrWhiteSpace(l.Code) || _lines.ContainsKey(l.Code.Trim()) ? $"#{path}" : l.Code;
            var costObject = Agreement.IsCostObjectCode((l.CostObject ?? "").Trim()) ? l.CostObject! : "0";
            line = agreement.AddLine(leaf, new LineDetails(code, agreement.FirstYear, 0, costObject, false, [])).Value;
            _standIns.Add(line);
        }
        _lines.TryAdd(l.Code?.Trim() ?? "", line);
        _linePaths.TryAdd(line.CostObjectCode, path);
        if (l.National is { } national)
        {
            SetKey(path + ".national", national, key => agreement.SetNationalKey(line, key));
        }
    }

    private void SetKey(string path, NationalKeyDefinition n, Func<NationalKey, Result> set)
    {
        var key = KeyOf(n);
        if (key.Rule == NationalRule.Table && key.Table is null && n.Amount != 0)
        {
            Add(path + ".table", "Ange tabellens rader, [{ \"region\": \"…\", \"amount\": … }], en per region, eller amount 0 om beloppen ännu inte är kända.");
            return;
        }
        if (key.Rule != NationalRule.Table && n.Table is { Count: > 0 })
        {
            Add(path + ".table", "En tabell hör bara till regeln table. Ta bort tabellen eller ange \"rule\": \"table\".");
        }
        Report(path, set(key), KeyFields);
    }

    /// <summary>The domain's key for a definition's: the share from per cent to a fraction, the table's rows as its canonical text.</summary>
    public static NationalKey KeyOf(NationalKeyDefinition n)
    {
        var rule = n.Rule switch
        {
            "basePlusShare" => NationalRule.BasePlusShare,
            "table" => NationalRule.Table,
            _ => NationalRule.PopulationShare,
        };
        var rows = rule == NationalRule.Table ? (n.Table ?? []).Select(r => new RegionAmount(r.Region, r.Amount)).ToList() : [];
        return new NationalKey(n.Amount, rule, n.BaseAmount ?? 0, n.Regions ?? 0, n.Share / 100m,
            string.IsNullOrWhiteSpace(n.Region) ? null : n.Region.Trim(), rows.Count == 0 ? null : NationalKey.FormatTable(rows));
    }

    private List<ReportingRequirement> Requirements(Agreement agreement, AgreementDefinition d)
    {
        var list = new List<ReportingRequirement>();
        var codes = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < d.Requirements.Count; i++)
        {
            var r = d.Requirements[i];
            var path = $"requirements[{i}]";
            var requirement = RequirementOf(r, i);
            Report(path, requirement.Check(agreement.FirstYear, agreement.LastYear), RequirementFields);
            if (requirement.Code.Length > 0 && !codes.TryAdd(requirement.Code, i))
            {
                Add(path + ".code", $"Koden {requirement.Code} används redan av requirements[{codes[requirement.Code]}]. Varje krav behöver en egen kod.");
            }
            list.Add(requirement);
        }
        return list;
    }

    /// <summary>The domain's requirement for a definition's, in the definition's order.</summary>
    public static ReportingRequirement RequirementOf(RequirementDefinition r, int order) => new()
    {
        Code = (r.Code ?? "").Trim(), Section = (r.Section ?? "").Trim(), Text = (r.Text ?? "").Trim(), SortOrder = order,
        Kind = Enum.TryParse<RequirementKind>(r.Kind, ignoreCase: true, out var kind) ? kind : RequirementKind.Narrative,
        Report = r.Report is not null && Enum.TryParse<ObligationKind>(r.Report, ignoreCase: true, out var report) ? report : ObligationKind.Slutredovisning,
        Unit = Blank(r.Unit), Baseline = r.Baseline, Target = r.Target,
        Direction = r.Direction is not null && Enum.TryParse<TargetDirection>(r.Direction, ignoreCase: true, out var direction) ? direction : null,
        Counted = Blank(r.Counted), DataSource = Blank(r.DataSource), SplitBySex = r.SplitBySex, FirstYear = r.FirstYear, LastYear = r.LastYear,
    };

    private List<PlannedActivity> Activities(Agreement agreement, AgreementDefinition d)
    {
        var planned = new List<PlannedActivity>();
        var numbers = new Dictionary<int, int>();
        var projects = new Dictionary<string, int>(StringComparer.Ordinal);
        var committed = new Dictionary<AllocationLine, decimal>();
        for (var i = 0; i < d.Activities.Count; i++)
        {
            var a = d.Activities[i];
            var path = $"activities[{i}]";
            if (a.Number > 0 && !numbers.TryAdd(a.Number, i))
            {
                Add(path + ".number", $"Nummer {a.Number} används redan av activities[{numbers[a.Number]}]. Varje insats behöver ett eget nummer.");
            }
            var line = LineOf(agreement, a, path);
            var budgets = a.Budgets is { } perYear
                ? perYear.Select(b => new BudgetYear(b.Year, b.Amount)).ToList()
                : a.Budget is { } single ? [new BudgetYear(agreement.FirstYear, single)] : new List<BudgetYear>();
            var details = new ActivityDetails(Blank(a.Goal), a.Measure ?? "", Blank(a.FundsFor), Blank(a.Responsible), null, null, PerformerKind.Regionenhet,
                a.StartDate, a.EndDate, budgets, null);
            var fields = new Dictionary<string, string>
            {
                ["Measure"] = "measure", ["EndDate"] = "endDate", ["Budgets"] = a.Budgets is null ? "budget" : "budgets", ["ProjectCode"] = "projectCode", ["Earmark"] = "earmark",
            };
            var registered = Activity.Register(0, Math.Max(a.Number, 1), new ActivityLine(0, 0, line?.CostObjectCode ?? "0"), details, DateTime.UnixEpoch, "");
            Report(path, registered, fields);
            var projectCode = Blank(a.ProjectCode);
            if (registered.Succeeded)
            {
                Report(path, registered.Value.SetProjectCode(projectCode), fields);
            }
            if (projectCode is not null && !projects.TryAdd(projectCode, i))
            {
                Add(path + ".projectCode",
                    $"Projektkoden {projectCode} används redan av activities[{projects[projectCode]}]. En projektkod får höra till en insats i överenskommelsen; ange en annan kod.");
            }
            if (line is null || _standIns.Contains(line))
            {
                continue;
            }
            var earmark = Blank(a.Earmark);
            if (registered.Succeeded)
            {
                Report(path, registered.Value.SetEarmark(earmark, line.Earmarks.Select(e => e.Name).ToList()), fields);
            }
            // A ring-fenced line refuses drafts beyond its amount, as registering one in the app does.
            var budget = budgets.Sum(b => b.Amount);
            var before = committed.GetValueOrDefault(line);
            var (commitment, _) = LineCommitment.Check(line.Code, line.Amount, line.RingFenced, 0, before, budget);
            Report(path, commitment, fields);
            committed[line] = before + budget;
            planned.Add(new PlannedActivity(path, a.Number, line, details, projectCode, earmark));
        }
        return planned;
    }

    /// <summary>
    /// The activity's line: the one its <c>lineCode</c> names, or, in an older file that names only the area and the object, the area's
    /// (or its first sub-area's) line on that object, first year first.
    /// </summary>
    private AllocationLine? LineOf(Agreement agreement, ActivityDefinition a, string path)
    {
        var lineCode = Blank(a.LineCode);
        var areaCode = Blank(a.AreaCode);
        var costObject = Blank(a.CostObject);
        var area = areaCode is null ? null : agreement.Areas.FirstOrDefault(x => string.Equals(x.Code, areaCode, StringComparison.OrdinalIgnoreCase));
        if (areaCode is not null && area is null)
        {
            Add(path + ".areaCode", $"Överenskommelsen har inget område med koden {areaCode}. Ange ett av: {Codes(agreement.Areas.Where(x => !x.Code.StartsWith('#')).Select(x => x.Code))}.");
        }
        if (lineCode is not null)
        {
            if (!_lines.TryGetValue(lineCode, out var line))
            {
                Add(path + ".lineCode", $"Överenskommelsen har ingen rad med koden {lineCode}. Ange en av radernas koder: {Codes(_lines.Keys)}.");
                return null;
            }
            if (area is not null && !line.Area.SelfAndAncestors().Contains(area))
            {
                Add(path + ".areaCode", $"Rad {line.Code} ligger under område {line.Area.Code}, inte {areaCode}. Rätta areaCode eller lineCode.");
            }
            if (costObject is not null && !string.Equals(costObject, line.CostObjectCode, StringComparison.Ordinal))
            {
                Add(path + ".costObject", $"Rad {line.Code} bokas på objekt {line.CostObjectCode}, inte {costObject}. Rätta costObject eller lineCode.");
            }
            return line;
        }
        if (areaCode is null)
        {
            Add(path, "Ange vilken rad insatsen hör till med lineCode (radens kod), eller med areaCode och costObject.");
            return null;
        }
        if (area is null)
        {
            return null;
        }
        if (costObject is null)
        {
            Add(path + ".costObject", $"Ange kostnadsobjektet, eller radens kod med lineCode, så att insatsen hamnar på rätt rad under område {area.Code}.");
            return null;
        }
        var found = agreement.LinesUnder(area)
            .Where(l => l.CostObjectCode == costObject)
            .OrderBy(l => l.Area.SortOrder).ThenBy(l => l.Year).ThenBy(l => l.Code, StringComparer.Ordinal)
            .FirstOrDefault();
        if (found is null)
        {
            var objects = agreement.LinesUnder(area).Select(l => l.CostObjectCode).Distinct().ToList();
            Add(path + ".costObject", objects.Count == 0
                ? $"Område {area.Code} har inga rader. Lägg till en rad i området eller ange en annan rad med lineCode."
                : $"Område {area.Code} har ingen rad på objekt {costObject}. Ange ett av områdets objekt ({Codes(objects)}) eller radens kod med lineCode.");
        }
        return found;
    }

    private static string Codes(IEnumerable<string> codes)
    {
        var list = codes.Where(c => !c.StartsWith('#')).ToList();
        return list.Count == 0 ? "(inga finns)" : string.Join(", ", list);
    }

    private static IEnumerable<LineDefinition> Lines(IEnumerable<AreaDefinition> areas) =>
        areas.SelectMany(a => a.Lines.Concat(Lines(a.SubAreas)));

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private void Add(string path, string message)
    {
        if (!AlreadyReported(path))
        {
            _errors.Add(new Error(path, message));
        }
    }

    /// <summary>
    /// The reader has reported the path, a path above it, or an entry of the list it names (a list's rule, such as its sum, then
    /// follows from the entry that could not be read).
    /// </summary>
    private bool AlreadyReported(string path) =>
        _reported.Any(r => path == r || path.StartsWith(r + ".", StringComparison.Ordinal) || path.StartsWith(r + "[", StringComparison.Ordinal)
                           || (path.Length > 0 && r.StartsWith(path + "[", StringComparison.Ordinal)));

    /// <summary>Each of the domain's errors on the path of the property it names; a field the element does not have lands on the element.</summary>
    private void Report(string path, IEnumerable<Error> errors, IReadOnlyDictionary<string, string> fields)
    {
        foreach (var e in errors)
        {
            var property = fields.TryGetValue(e.Field, out var p) ? p : "";
            Add(property.Length == 0 ? path : path.Length == 0 ? property : $"{path}.{property}", e.Message);
        }
    }

    private void Report(string path, Result result, IReadOnlyDictionary<string, string> fields) => Report(path, result.Errors, fields);
}
