using System.Globalization;
using System.Text;
using System.Text.Json;
using GrantTracker.Domain.Common;

namespace GrantTracker.Application.Features.Agreements.Definition;

/// <summary>
/// Reads a definition file into <see cref="AgreementDefinition"/>, checking its shape: JSON syntax (line and position), the type of
/// every value, required properties, known property names, lengths the database holds and the number of decimals it keeps. Every
/// problem is reported, each with its JSON path (<c>areas[0].lines[1].amount</c>) as the error's field and a Swedish message that
/// says what to write instead. Missing or wrong values are read as neutral defaults so the rules of the domain can still be checked
/// for everything else (<see cref="DefinitionBuilder"/>); a path reported here is not reported again by the builder.
/// </summary>
/// <remarks>
/// Hand-written over <see cref="JsonDocument"/> rather than <see cref="JsonSerializer"/>: the serializer stops at the first value of
/// the wrong type, and the file must be refused with every error at once.
/// </remarks>
public static class DefinitionReader
{
    /// <summary>The largest definition file accepted: twenty agreements' worth of text; a definition is a few tens of kilobytes.</summary>
    public const int MaxBytes = 5 * 1024 * 1024;

    /// <returns>The definition with the errors found (a definition is returned whenever the file is a JSON object), or only errors.</returns>
    public static (AgreementDefinition? Definition, IReadOnlyList<Error> Errors) Read(ReadOnlyMemory<byte> utf8)
    {
        var bytes = utf8.Span.StartsWith(Encoding.UTF8.Preamble) ? utf8[Encoding.UTF8.Preamble.Length..] : utf8;
        if (bytes.Length == 0)
        {
            return (null, [new Error("", "Filen är tom. Välj en definitionsfil i JSON, till exempel en som exporterats från en annan överenskommelse.")]);
        }
        if (bytes.Length > MaxBytes)
        {
            return (null, [new Error("", $"Filen är för stor: högst {MaxBytes / (1024 * 1024)} MB. En definitionsfil är några tiotal kilobyte.")]);
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes, new JsonDocumentOptions { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow });
        }
        catch (JsonException e)
        {
            return (null, [SyntaxError(e)]);
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (null, [new Error("", "Filen ska innehålla ett JSON-objekt, { … }, med överenskommelsens kod, namn, period, områden och rader.")]);
            }
            var walker = new Walker();
            var definition = walker.Agreement(document.RootElement);
            return (definition, walker.Errors);
        }
    }

    public static (AgreementDefinition? Definition, IReadOnlyList<Error> Errors) Read(string json) => Read(Encoding.UTF8.GetBytes(json));

    private static Error SyntaxError(JsonException e)
    {
        var where = e.LineNumber is { } line
            ? $"på rad {line + 1}, position {(e.BytePositionInLine ?? 0) + 1}"
            : "";
        // The parser's own words are English; the place is what the officer needs to find the mistake.
        return new Error("", $"Filen är inte giltig JSON {where}".TrimEnd() +
                             ". Kontrollera kommatecken, citattecken och klamrar där (och på raden före): ett komma saknas eller står före } eller ], eller en text saknar citattecken. " +
                             "Filen ska vara sparad som UTF-8.");
    }

    private sealed class Walker
    {
        private readonly List<Error> _errors = [];

        public IReadOnlyList<Error> Errors => _errors;

        private static readonly string[] AgreementProperties =
        [
            "code", "name", "counterparty", "diaryNumber", "category", "startDate", "endDate", "nationalTotal", "regionAllocation", "responsible", "contact",
            "decisionBody", "description", "source", "status", "populationSharePercent", "areas", "costObjects", "conditions", "obligations", "activities", "requirements",
        ];

        public AgreementDefinition Agreement(JsonElement e)
        {
            Known(e, "", AgreementProperties);
            return new AgreementDefinition(
                Code: Text(e, "", "code", "överenskommelsens kod, till exempel gnv2024", required: true) ?? "",
                Name: Text(e, "", "name", "överenskommelsens namn", required: true, max: 300) ?? "",
                Counterparty: Text(e, "", "counterparty", "motpart, till exempel Staten och SKR", required: true, max: 200) ?? "",
                DiaryNumber: Text(e, "", "diaryNumber", "diarienummer", max: 60),
                Category: Integer(e, "", "category", "kategori"),
                StartDate: Date(e, "", "startDate", "startdatum", required: true) ?? default,
                EndDate: Date(e, "", "endDate", "slutdatum", required: true) ?? default,
                NationalTotal: Number(e, "", "nationalTotal", "det nationella beloppet"),
                RegionAllocation: Number(e, "", "regionAllocation", "regionens tilldelning i kronor", required: true) ?? 0,
                Responsible: Text(e, "", "responsible", "ansvarig", max: 300),
                Contact: Text(e, "", "contact", "kontaktperson", max: 300),
                DecisionBody: Text(e, "", "decisionBody", "beslutsordning", max: 1000),
                Description: Text(e, "", "description", "beskrivning", max: 4000),
                Source: Text(e, "", "source", "källa"),
                Status: Choice(e, "", "status", "status", ["Utkast", "Aktiv"]),
                PopulationSharePercent: Share(e, "", "populationSharePercent", "befolkningsandelen i procent"),
                Areas: List(e, "", "areas", "utvecklingsområdena", Area),
                CostObjects: List(e, "", "costObjects", "kostnadsobjekten", CostObject),
                Conditions: List(e, "", "conditions", "villkoren", Condition),
                Obligations: List(e, "", "obligations", "rapporteringskraven", Obligation),
                Activities: List(e, "", "activities", "insatserna", Activity),
                Requirements: List(e, "", "requirements", "återrapporteringskraven", Requirement));
        }

        private AreaDefinition Area(JsonElement e, string path)
        {
            Known(e, path, ["code", "name", "amount", "subAreas", "lines", "national"]);
            return new AreaDefinition(
                Text(e, path, "code", "områdets kod, till exempel 2.1", required: true, max: 20) ?? "",
                Text(e, path, "name", "områdets namn", required: true, max: 300) ?? "",
                Number(e, path, "amount", "områdets belopp"),
                List(e, path, "subAreas", "delområdena", Area),
                List(e, path, "lines", "fördelningsraderna", Line),
                Optional(e, path, "national", "den nationella nyckeln", National));
        }

        private LineDefinition Line(JsonElement e, string path)
        {
            Known(e, path, ["code", "year", "amount", "costObject", "ringFenced", "earmarks", "name", "description", "national"]);
            return new LineDefinition(
                Text(e, path, "code", "radens kod, till exempel 2.1.a", required: true, max: 20) ?? "",
                Integer(e, path, "year", "radens år, till exempel 2024", required: true) ?? 0,
                Number(e, path, "amount", "radens belopp i kronor", required: true) ?? 0,
                Text(e, path, "costObject", "kostnadsobjektet, till exempel 9916", required: true) ?? "",
                Flag(e, path, "ringFenced", "om raden är öronmärkt"),
                List(e, path, "earmarks", "varav-beloppen", Earmark),
                Text(e, path, "name", "radens namn"),
                Text(e, path, "description", "radens beskrivning"),
                Optional(e, path, "national", "den nationella nyckeln", National));
        }

        private EarmarkDefinition Earmark(JsonElement e, string path)
        {
            Known(e, path, ["name", "amount"]);
            return new EarmarkDefinition(
                Text(e, path, "name", "varav-beloppets benämning", required: true, max: 200) ?? "",
                Money(e, path, "amount", "varav-beloppet i kronor", required: true) ?? 0);
        }

        private NationalKeyDefinition National(JsonElement e, string path)
        {
            Known(e, path, ["amount", "rule", "baseAmount", "regions", "share", "region", "table", "source"]);
            return new NationalKeyDefinition(
                Number(e, path, "amount", "det nationella beloppet (0 om det ännu inte är känt)", required: true) ?? 0,
                Choice(e, path, "rule", "fördelningsregel", ["populationShare", "basePlusShare", "table"], required: true) ?? "populationShare",
                Money(e, path, "baseAmount", "grundbeloppet per region"),
                Integer(e, path, "regions", "antalet regioner"),
                Share(e, path, "share", "befolkningsandelen i procent"),
                Text(e, path, "region", "regionens rad i tabellen, till exempel Jämtland Härjedalen", max: Domain.Agreements.NationalKey.MaxRegionLength),
                OptionalList(e, path, "table", "fördelningstabellen", RegionAmount),
                Text(e, path, "source", "källa"));
        }

        private RegionAmountDefinition RegionAmount(JsonElement e, string path)
        {
            Known(e, path, ["region", "amount"]);
            var region = Text(e, path, "region", "regionens namn", required: true, max: Domain.Agreements.NationalKey.MaxRegionLength) ?? "";
            if (region.Contains(';') || region.Contains('\n') || region.Contains('\t'))
            {
                Add(path + ".region", "Regionens namn får inte innehålla semikolon, tabb eller radbrytning.");
            }
            var amount = Money(e, path, "amount", "regionens belopp i kronor", required: true) ?? 0;
            if (amount < 0)
            {
                Add(path + ".amount", "Beloppet kan inte vara negativt.");
            }
            return new RegionAmountDefinition(region, amount);
        }

        private CostObjectDefinition CostObject(JsonElement e, string path)
        {
            Known(e, path, ["code", "name", "from", "to"]);
            return new CostObjectDefinition(
                Text(e, path, "code", "kostnadsobjektets kod, till exempel 9916", required: true) ?? "",
                Text(e, path, "name", "objektets benämning") ?? "",
                Month(e, path, "from", "första månaden objektet hör till överenskommelsen", required: true) ?? "",
                Month(e, path, "to", "sista månaden objektet hör till överenskommelsen", required: true) ?? "");
        }

        private ConditionDefinition Condition(JsonElement e, string path)
        {
            Known(e, path, ["code", "text", "source"]);
            return new ConditionDefinition(
                Text(e, path, "code", "avsnittet villkoret står i, till exempel 3.3", required: true) ?? "",
                Text(e, path, "text", "villkorets text", required: true) ?? "",
                Text(e, path, "source", "källa"));
        }

        private ObligationDefinition Obligation(JsonElement e, string path)
        {
            Known(e, path, ["kind", "title", "recipient", "dueDate", "dueDateAssumed", "note", "source", "owner"]);
            return new ObligationDefinition(
                Choice(e, path, "kind", "slag av rapport", ObligationKinds, required: true) ?? nameof(Domain.Agreements.ObligationKind.Slutredovisning),
                Text(e, path, "title", "vad som ska rapporteras", required: true) ?? "",
                Text(e, path, "recipient", "mottagare, till exempel Socialstyrelsen", required: true) ?? "",
                Date(e, path, "dueDate", "datum då rapporten senast ska vara inne", required: true) ?? default,
                Flag(e, path, "dueDateAssumed", "om datumet är antaget"),
                Text(e, path, "note", "anteckning"),
                Text(e, path, "source", "källa", max: 40),
                Text(e, path, "owner", "ansvarig"));
        }

        private ActivityDefinition Activity(JsonElement e, string path)
        {
            Known(e, path, ["number", "costObject", "areaCode", "lineCode", "projectCode", "goal", "measure", "fundsFor", "budget", "budgets", "responsible", "earmark",
                "startDate", "endDate"]);
            var number = Integer(e, path, "number", "insatsens nummer", required: true) ?? 0;
            if (Has(e, "number") && number < 1)
            {
                Add(path + ".number", "Insatsens nummer ska vara ett heltal från 1.");
            }
            var budget = Money(e, path, "budget", "budgeten i kronor");
            var budgets = OptionalList(e, path, "budgets", "budgeten per år", Budget);
            if (budget is not null && budgets is not null)
            {
                Add(path + ".budget", "Ange budgeten antingen som budget (för överenskommelsens första år) eller som budgets per år, inte båda.");
            }
            return new ActivityDefinition(
                number,
                Text(e, path, "costObject", "kostnadsobjektet, till exempel 9916"),
                Text(e, path, "areaCode", "områdets kod"),
                Text(e, path, "lineCode", "radens kod"),
                Text(e, path, "projectCode", "projektkoden"),
                Text(e, path, "goal", "målet", max: 1000),
                Text(e, path, "measure", "vad insatsen gör", required: true, max: 2000) ?? "",
                Text(e, path, "fundsFor", "vad medlen avser", max: 2000),
                budget,
                budgets,
                Text(e, path, "responsible", "ansvarig", max: 300),
                Text(e, path, "earmark", "varav-beloppet insatsen räknas mot", max: 200),
                Date(e, path, "startDate", "startdatum"),
                Date(e, path, "endDate", "slutdatum"));
        }

        private BudgetDefinition Budget(JsonElement e, string path)
        {
            Known(e, path, ["year", "amount"]);
            return new BudgetDefinition(
                Integer(e, path, "year", "budgetens år", required: true) ?? 0,
                Number(e, path, "amount", "budgeten i kronor", required: true) ?? 0);
        }

        private RequirementDefinition Requirement(JsonElement e, string path)
        {
            Known(e, path, ["code", "section", "kind", "text", "report", "unit", "baseline", "target", "direction", "counted", "dataSource", "splitBySex", "firstYear", "lastYear"]);
            return new RequirementDefinition(
                Text(e, path, "code", "kravets kod, till exempel 2.1.3-fast-lakarkontakt", required: true) ?? "",
                Text(e, path, "section", "avsnittet kravet står i", required: true) ?? "",
                Choice(e, path, "kind", "slag av krav", ["narrative", "indicator", "count", "sexBreakdown"], required: true) ?? "narrative",
                Text(e, path, "text", "vad som ska redovisas", required: true) ?? "",
                Choice(e, path, "report", "rapporten som bär kravet", ObligationKinds),
                Text(e, path, "unit", "enheten"),
                Measure(e, path, "baseline", "utgångsvärdet"),
                Measure(e, path, "target", "målvärdet"),
                Choice(e, path, "direction", "åt vilket håll målet pekar", ["atLeast", "atMost", "riseByPercent"]),
                Text(e, path, "counted", "det som räknas"),
                Text(e, path, "dataSource", "datakällan"),
                Flag(e, path, "splitBySex", "om värdet redovisas för kvinnor och män"),
                Integer(e, path, "firstYear", "första året kravet gäller"),
                Integer(e, path, "lastYear", "sista året kravet gäller"));
        }

        private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement.Clone();

        private static readonly string[] ObligationKinds = Enum.GetNames<Domain.Agreements.ObligationKind>();

        private void Add(string path, string message) => _errors.Add(new Error(path, message));

        private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

        private static bool Has(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null;

        /// <summary>A property the format does not have is a typo more often than not: say so rather than drop it silently.</summary>
        private void Known(JsonElement e, string path, IReadOnlyList<string> names)
        {
            foreach (var p in e.EnumerateObject())
            {
                if (names.Contains(p.Name, StringComparer.Ordinal))
                {
                    continue;
                }
                var near = names.FirstOrDefault(n => string.Equals(n, p.Name, StringComparison.OrdinalIgnoreCase));
                Add(Join(path, p.Name), near is not null
                    ? $"Egenskapen heter ”{near}” (stora och små bokstäver spelar roll). Byt namn på ”{p.Name}”."
                    : $"Okänd egenskap ”{p.Name}”. Kontrollera stavningen eller ta bort den; egenskaperna här är {string.Join(", ", names)}.");
            }
        }

        private bool TryGet(JsonElement e, string path, string name, string what, bool required, out JsonElement value)
        {
            if (e.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null)
            {
                return true;
            }
            if (required)
            {
                Add(Join(path, name), $"Ange {what}.");
            }
            return false;
        }

        private string? Text(JsonElement e, string path, string name, string what, bool required = false, int? max = null)
        {
            if (!TryGet(e, path, name, what, required, out var v))
            {
                return null;
            }
            if (v.ValueKind != JsonValueKind.String)
            {
                Add(Join(path, name), $"Ange {what} som text inom citattecken.");
                return null;
            }
            var text = v.GetString()!;
            if (required && string.IsNullOrWhiteSpace(text))
            {
                Add(Join(path, name), $"Ange {what}.");
                return text;
            }
            if (max is { } limit && text.Trim().Length > limit)
            {
                Add(Join(path, name), $"Texten får vara högst {limit} tecken; den är {text.Trim().Length}.");
            }
            return text;
        }

        private decimal? Number(JsonElement e, string path, string name, string what, bool required = false)
        {
            if (!TryGet(e, path, name, what, required, out var v))
            {
                return null;
            }
            if (v.ValueKind != JsonValueKind.Number || !v.TryGetDecimal(out var value))
            {
                Add(Join(path, name), v.ValueKind == JsonValueKind.String
                    ? $"Ange {what} som ett tal utan citattecken och mellanrum, till exempel 1249692 eller 1249692.50 (punkt före ören)."
                    : $"Ange {what} som ett tal, till exempel 1249692.");
                return null;
            }
            if (Math.Abs(value) > Largest)
            {
                // The database keeps money as whole öre in 64 bits; nothing the region signs comes near this.
                Add(Join(path, name), $"Talet är för stort. Ange {what} i kronor, högst 100 000 miljarder.");
                return null;
            }
            return value;
        }

        private const decimal Largest = 100_000_000_000_000m;

        /// <summary>A money amount the domain does not itself check for öre: the database keeps whole öre.</summary>
        private decimal? Money(JsonElement e, string path, string name, string what, bool required = false)
        {
            var value = Number(e, path, name, what, required);
            if (value is { } v && !Domain.Common.Money.IsWholeOre(v))
            {
                Add(Join(path, name), "Belopp anges i kronor med högst två decimaler.");
                return decimal.Round(v, 2);
            }
            return value;
        }

        /// <summary>A percentage: the database keeps a share to ten decimals of the fraction, eight of the per cent.</summary>
        private decimal? Share(JsonElement e, string path, string name, string what)
        {
            var value = Number(e, path, name, what);
            if (value is { } v && decimal.Round(v, 8) != v)
            {
                Add(Join(path, name), "Ange andelen i procent med högst åtta decimaler, till exempel 1.259986.");
                return decimal.Round(v, 8);
            }
            return value;
        }

        /// <summary>An indicator's value: not money, kept to four decimals.</summary>
        private decimal? Measure(JsonElement e, string path, string name, string what)
        {
            var value = Number(e, path, name, what);
            if (value is { } v && decimal.Round(v, 4) != v)
            {
                Add(Join(path, name), "Ange värdet med högst fyra decimaler.");
                return decimal.Round(v, 4);
            }
            return value;
        }

        private int? Integer(JsonElement e, string path, string name, string what, bool required = false)
        {
            if (!TryGet(e, path, name, what, required, out var v))
            {
                return null;
            }
            if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt32(out var value))
            {
                Add(Join(path, name), $"Ange {what} som ett heltal utan citattecken.");
                return null;
            }
            return value;
        }

        private bool Flag(JsonElement e, string path, string name, string what)
        {
            if (!TryGet(e, path, name, what, required: false, out var v))
            {
                return false;
            }
            if (v.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                Add(Join(path, name), $"Ange {what} som true eller false, utan citattecken.");
                return false;
            }
            return v.GetBoolean();
        }

        private DateOnly? Date(JsonElement e, string path, string name, string what, bool required = false)
        {
            if (!TryGet(e, path, name, what, required, out var v))
            {
                return null;
            }
            if (v.ValueKind != JsonValueKind.String
                || !DateOnly.TryParseExact(v.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                Add(Join(path, name), $"Ange {what} som ett datum inom citattecken, åååå-mm-dd, till exempel \"2025-03-31\".");
                return null;
            }
            return date;
        }

        private string? Month(JsonElement e, string path, string name, string what, bool required = false)
        {
            if (!TryGet(e, path, name, what, required, out var v))
            {
                return null;
            }
            if (v.ValueKind != JsonValueKind.String || !YearMonth.TryParse(v.GetString(), out _) || v.GetString()!.Length != 7)
            {
                Add(Join(path, name), $"Ange {what} som en månad inom citattecken, åååå-mm, till exempel \"2024-01\".");
                return null;
            }
            return v.GetString();
        }

        /// <summary>One of a fixed set of words, matched without regard to case and written back as the format spells it.</summary>
        private string? Choice(JsonElement e, string path, string name, string what, IReadOnlyList<string> allowed, bool required = false)
        {
            var text = Text(e, path, name, what, required);
            if (text is null || (required && string.IsNullOrWhiteSpace(text)))
            {
                return null;
            }
            var match = allowed.FirstOrDefault(a => string.Equals(a, text.Trim(), StringComparison.OrdinalIgnoreCase));
            if (match is null)
            {
                Add(Join(path, name), $"Okänt värde ”{text}” för {what}. Använd något av: {string.Join(", ", allowed)}.");
            }
            return match;
        }

        private IReadOnlyList<T> List<T>(JsonElement e, string path, string name, string what, Func<JsonElement, string, T> item) =>
            OptionalList(e, path, name, what, item) ?? [];

        private IReadOnlyList<T>? OptionalList<T>(JsonElement e, string path, string name, string what, Func<JsonElement, string, T> item)
        {
            if (!TryGet(e, path, name, what, required: false, out var v))
            {
                return null;
            }
            if (v.ValueKind != JsonValueKind.Array)
            {
                Add(Join(path, name), $"Ange {what} som en lista inom hakparenteser, [ … ].");
                return [];
            }
            var list = new List<T>();
            var index = 0;
            foreach (var element in v.EnumerateArray())
            {
                var at = $"{Join(path, name)}[{index++}]";
                if (element.ValueKind != JsonValueKind.Object)
                {
                    // Read as an empty entry, quietly, so the entries after it keep their index and so their paths.
                    var before = _errors.Count;
                    list.Add(item(EmptyObject, at));
                    _errors.RemoveRange(before, _errors.Count - before);
                    Add(at, $"Varje post i {what} ska vara ett objekt inom klamrar, {{ … }}.");
                    continue;
                }
                list.Add(item(element, at));
            }
            return list;
        }

        private T? Optional<T>(JsonElement e, string path, string name, string what, Func<JsonElement, string, T> item) where T : class
        {
            if (!TryGet(e, path, name, what, required: false, out var v))
            {
                return null;
            }
            if (v.ValueKind != JsonValueKind.Object)
            {
                Add(Join(path, name), $"Ange {what} som ett objekt inom klamrar, {{ … }}.");
                return null;
            }
            return item(v, Join(path, name));
        }
    }
}
