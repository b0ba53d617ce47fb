using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using GrantTracker.Domain.Activities;
using GrantTracker.Domain.Agreements;

namespace GrantTracker.Application.Features.Agreements.Definition;

/// <summary>
/// Writes a definition as the file <see cref="DefinitionReader"/> reads: camelCase, indented, Swedish letters as they are, numbers
/// without trailing zeros (41247254, not 41247254.00), absent values left out, and one newline at the end. The same definition always
/// gives the same bytes, so export, import and export again can be compared byte for byte.
/// </summary>
public static class DefinitionWriter
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // A file for people and tools, served as an attachment: no need to escape <, > and & as for HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new PlainDecimalConverter() },
    };

    public static byte[] Write(AgreementDefinition definition) =>
        Encoding.UTF8.GetBytes(JsonSerializer.Serialize(definition, Options).ReplaceLineEndings("\n") + "\n");

    /// <summary>
    /// The definition of a whole agreement as it stands: what the import would need to build it again. Lines and areas in the tree's
    /// order, cost objects by code and month, conditions and obligations in the order they were added, requirements in their order,
    /// activities by number.
    /// </summary>
    /// <param name="agreement">The aggregate with its areas, lines, cost objects, conditions and obligations loaded.</param>
    public static AgreementDefinition From(Agreement agreement, IEnumerable<Activity> activities, IEnumerable<ReportingRequirement> requirements)
    {
        var a = agreement;
        var lineById = a.Lines.Where(l => l.Id != 0).ToDictionary(l => l.Id);
        var areaById = a.Areas.Where(x => x.Id != 0).ToDictionary(x => x.Id);

        AreaDefinition Area(DevelopmentArea area) => new(
            area.Code,
            area.Name,
            area.Amount,
            a.Areas.Where(x => x.Parent == area).OrderBy(x => x.SortOrder).Select(Area).ToList(),
            a.Lines.Where(l => l.Area == area).OrderBy(l => l.Year).ThenBy(l => l.Code, StringComparer.Ordinal).Select(Line).ToList(),
            Key(area.National));

        LineDefinition Line(AllocationLine l) => new(
            l.Code, l.Year, l.Amount, l.CostObjectCode, l.RingFenced, l.Earmarks.Select(e => new EarmarkDefinition(e.Name, e.Amount)).ToList(),
            l.Name, l.Description, Key(l.National));

        ActivityDefinition Activity(Activity x)
        {
            var line = x.AllocationLineId is { } lineId ? lineById.GetValueOrDefault(lineId) : null;
            var area = line?.Area ?? (x.AreaId is { } areaId ? areaById.GetValueOrDefault(areaId) : null);
            return new ActivityDefinition(
                x.Number, x.CostObjectCode, area?.Code, line?.Code, x.ProjectCode, x.Goal, x.Measure, x.FundsFor, null,
                x.Budgets.OrderBy(b => b.Year).Select(b => new BudgetDefinition(b.Year, b.Amount)).ToList(),
                x.ResponsiblePerson, x.Earmark, x.StartDate, x.EndDate);
        }

        return new AgreementDefinition(
            a.Code, a.Name, a.Counterparty, a.DiaryNumber, a.Category, a.StartDate, a.EndDate, a.NationalTotal, a.RegionAllocation,
            a.Responsible, a.Contact, a.DecisionBody, a.Description,
            Source: null,
            // A closed agreement (Avslutad) is not yet something a file can create: it is written as active.
            Status: a.Status == AgreementStatus.Utkast ? nameof(AgreementStatus.Utkast) : nameof(AgreementStatus.Aktiv),
            PopulationSharePercent: a.PopulationShare * 100m,
            Areas: a.Areas.Where(x => x.Parent is null).OrderBy(x => x.SortOrder).Select(Area).ToList(),
            CostObjects: a.CostObjects.OrderBy(o => o.CostObjectCode, StringComparer.Ordinal).ThenBy(o => o.From)
                .Select(o => new CostObjectDefinition(o.CostObjectCode, o.Name, o.From.ToString(), o.To.ToString())).ToList(),
            Conditions: a.Conditions.OrderBy(c => c.Id).Select(c => new ConditionDefinition(c.Code, c.Text, c.Source)).ToList(),
            Obligations: a.Obligations.OrderBy(o => o.Id)
                .Select(o => new ObligationDefinition(o.Kind.ToString(), o.Title, o.Recipient, o.DueDate, o.DueDateAssumed, o.Note, o.Source, o.Owner)).ToList(),
            Activities: activities.OrderBy(x => x.Number).Select(Activity).ToList(),
            Requirements: requirements.OrderBy(r => r.SortOrder).ThenBy(r => r.Id).Select(r => new RequirementDefinition(
                r.Code, r.Section, Camel(r.Kind.ToString()), r.Text, r.Report == ObligationKind.Slutredovisning ? null : r.Report.ToString(), r.Unit, r.Baseline,
                r.Target, r.Direction is { } d ? Camel(d.ToString()) : null, r.Counted, r.DataSource, r.SplitBySex, r.FirstYear, r.LastYear)).ToList());
    }

    private static NationalKeyDefinition? Key(NationalKey? key) => key is null ? null : new NationalKeyDefinition(
        key.NationalAmount,
        Camel(key.Rule.ToString()),
        key.BaseAmount == 0 ? null : key.BaseAmount,
        key.Regions == 0 ? null : key.Regions,
        key.Share * 100m,
        key.Region,
        key.Rule == NationalRule.Table && key.Rows.Count > 0 ? key.Rows.Select(r => new RegionAmountDefinition(r.Region, r.Amount)).ToList() : null,
        Source: null);

    private static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];

    /// <summary>A decimal as its shortest exact number: the database gives 41247254.00 back for 41247254.</summary>
    private sealed class PlainDecimalConverter : JsonConverter<decimal>
    {
        public override decimal Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetDecimal();

        public override void Write(Utf8JsonWriter writer, decimal value, JsonSerializerOptions options) =>
            writer.WriteNumberValue(value / 1.0000000000000000000000000000m);
    }
}
