using System.ComponentModel.DataAnnotations;
using System.Globalization;
using GrantTracker.Application.Features.Agreements;
using GrantTracker.Domain.Agreements;
using GrantTracker.Domain.Common;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace GrantTracker.Web.Features.Definition;

// The forms of an agreement's conditions, reporting obligations, reporting requirements and cost-object periods. Every field is read
// as text, so a value the form cannot read gets a Swedish message on its field; every other rule is the use case's, whose refusals
// are shown beside those (a dry run when a field could not be read), so the officer sees all that is wrong at once.

public sealed class ConditionForm
{
    [Display(Name = "Avsnitt")]
    public string? Code { get; set; }

    [Display(Name = "Villkor")]
    public string? Text { get; set; }

    [Display(Name = "Källa (valfritt)")]
    public string? Source { get; set; }

    public long Version { get; set; }

    public static ConditionForm From(DefinitionCondition c, long version) => new() { Code = c.Code, Text = c.Text, Source = c.Source, Version = version };
}

public sealed class ObligationForm
{
    [Display(Name = "Slag av rapport")]
    public string? Kind { get; set; }

    [Display(Name = "Rubrik")]
    public string? Title { get; set; }

    [Display(Name = "Mottagare")]
    public string? Recipient { get; set; }

    [Display(Name = "Senast")]
    public string? DueDate { get; set; }

    [Display(Name = "Datumet är antaget – överenskommelsen anger inget datum, regionens tidplan gäller")]
    public bool DueDateAssumed { get; set; }

    [Display(Name = "Anteckning (valfri)")]
    public string? Note { get; set; }

    [Display(Name = "Skäl till ändringen")]
    public string? ChangeReason { get; set; }

    public long Version { get; set; }

    public static ObligationForm From(DefinitionObligation o, long version) => new()
    {
        Kind = o.Kind.ToString(), Title = o.Title, Recipient = o.Recipient, DueDate = SwedishFormat.Date(o.DueDate), DueDateAssumed = o.DueDateAssumed,
        Note = o.Note, Version = version,
    };

    /// <summary>The use case's input; what could not be read is in ModelState and stands in as a value the use case refuses.</summary>
    public ObligationFields ToDetails(ModelStateDictionary modelState) =>
        new(modelState.ParseChoice<ObligationKind>(Kind, "Form.Kind", "Välj vilket slags rapport det är."), Title ?? "", Recipient ?? "",
            modelState.ParseDate(DueDate, "Form.DueDate") ?? DateOnly.MinValue, DueDateAssumed, Note);
}

public sealed class RequirementForm
{
    [Display(Name = "Kod")]
    public string? Code { get; set; }

    [Display(Name = "Avsnitt")]
    public string? Section { get; set; }

    [Display(Name = "Slag")]
    public string? Kind { get; set; } = nameof(RequirementKind.Narrative);

    [Display(Name = "Vad ska redovisas")]
    public string? Text { get; set; }

    [Display(Name = "Redovisas i")]
    public string? Report { get; set; } = nameof(ObligationKind.Slutredovisning);

    [Display(Name = "Enhet")]
    public string? Unit { get; set; }

    [Display(Name = "Utgångsvärde")]
    public string? Baseline { get; set; }

    [Display(Name = "Målvärde")]
    public string? Target { get; set; }

    [Display(Name = "Målets riktning")]
    public string? Direction { get; set; }

    [Display(Name = "Datakälla")]
    public string? DataSource { get; set; }

    [Display(Name = "Redovisas för kvinnor och män var för sig")]
    public bool SplitBySex { get; set; }

    [Display(Name = "Det som räknas, åtskilt med semikolon")]
    public string? Counted { get; set; }

    [Display(Name = "Första år")]
    public string? FirstYear { get; set; }

    [Display(Name = "Sista år")]
    public string? LastYear { get; set; }

    public long Version { get; set; }

    public static RequirementForm From(DefinitionRequirement r, long version) => new()
    {
        Code = r.Code, Section = r.Section, Kind = r.Kind.ToString(), Text = r.Text, Report = r.Report.ToString(), Unit = r.Unit,
        Baseline = Number(r.Baseline), Target = Number(r.Target), Direction = r.Direction?.ToString(), DataSource = r.DataSource, SplitBySex = r.SplitBySex,
        Counted = r.Counted, FirstYear = r.FirstYear?.ToString(CultureInfo.InvariantCulture), LastYear = r.LastYear?.ToString(CultureInfo.InvariantCulture),
        Version = version,
    };

    private static string? Number(decimal? value) => value?.ToString("0.####", SwedishFormat.Numbers);

    /// <summary>The use case's input; what could not be read is in ModelState and stands in as a value the use case refuses or leaves out.</summary>
    public RequirementDetails ToDetails(ModelStateDictionary modelState) =>
        new(Code ?? "", Section ?? "", modelState.ParseChoice<RequirementKind>(Kind, "Form.Kind", "Välj slag av krav: fråga, indikator, antal eller kvinnor och män."),
            Text ?? "",
            modelState.ParseChoice<ObligationKind>(Report, "Form.Report", "Välj vilken rapport kravet redovisas i."),
            Unit,
            modelState.ParseNumber(Baseline, "Form.Baseline", "Utgångsvärdet"),
            modelState.ParseNumber(Target, "Form.Target", "Målvärdet"),
            string.IsNullOrWhiteSpace(Direction) ? null : modelState.ParseChoice<TargetDirection>(Direction, "Form.Direction", "Välj åt vilket håll målet pekar."),
            Counted, DataSource, SplitBySex,
            modelState.ParseYear(FirstYear, "Form.FirstYear", "Första året"),
            modelState.ParseYear(LastYear, "Form.LastYear", "Sista året"));
}

public sealed class CostObjectForm
{
    [Display(Name = "Kostnadsobjekt")]
    public string? CostObjectCode { get; set; }

    [Display(Name = "Benämning")]
    public string? Name { get; set; }

    [Display(Name = "Från och med månad")]
    public string? From { get; set; }

    [Display(Name = "Till och med månad")]
    public string? To { get; set; }

    public long Version { get; set; }

    public static CostObjectForm Of(DefinitionCostObject o, long version) => new()
    {
        CostObjectCode = o.Code, Name = o.Name, From = o.From.ToString(), To = o.To.ToString(), Version = version,
    };

    /// <summary>The months; one that could not be read is in ModelState and stands in as the other (or any) month.</summary>
    public (YearMonth From, YearMonth To) Months(ModelStateDictionary modelState)
    {
        var from = modelState.ParseMonth(From, "Form.From");
        var to = modelState.ParseMonth(To, "Form.To");
        var stand = from ?? to ?? new YearMonth(2000, 1);
        return (from ?? stand, to ?? stand);
    }
}

public sealed record ConditionsPage(AgreementDefinitionView Agreement);

public sealed record ConditionFormPage(AgreementDefinitionView Agreement, ConditionForm Form, int? ConditionId);

public sealed record ObligationsPage(AgreementDefinitionView Agreement);

/// <param name="Sent">The obligation being changed has a sent report: the reason is asked for.</param>
public sealed record ObligationFormPage(AgreementDefinitionView Agreement, ObligationForm Form, int? ObligationId, DefinitionObligation? Sent);

public sealed record RequirementsPage(AgreementDefinitionView Agreement);

public sealed record RequirementFormPage(AgreementDefinitionView Agreement, RequirementForm Form, int? RequirementId, IReadOnlyList<int> AnsweredYears);

public sealed record CostObjectsPage(AgreementDefinitionView Agreement);

/// <param name="Period">The period being changed; null for a new period of an object.</param>
public sealed record CostObjectFormPage(AgreementDefinitionView Agreement, CostObjectForm Form, DefinitionCostObject? Period);

public static class DefinitionText
{
    public static string Swedish(this RequirementKind kind) => kind switch
    {
        RequirementKind.Indicator => "Indikator",
        RequirementKind.Count => "Antal",
        RequirementKind.SexBreakdown => "Kvinnor och män",
        _ => "Fråga (berättande svar)",
    };

    public static string Swedish(this TargetDirection direction) => direction switch
    {
        TargetDirection.AtMost => "Högst målvärdet",
        TargetDirection.RiseByPercent => "Ökning med minst målvärdet i procent från utgångsvärdet",
        _ => "Minst målvärdet",
    };

    /// <summary>The report a requirement is carried by, as the Återrapportering page names it.</summary>
    public static string ReportName(ObligationKind report) => report == ObligationKind.Redovisning ? "Redovisning (till exempel VFU-redovisningen)" : "Slutredovisning";

    public static readonly ObligationKind[] RequirementReports = [ObligationKind.Slutredovisning, ObligationKind.Redovisning];
}

public static class DefinitionFormExtensions
{
    /// <summary>
    /// Copies a use case's refusals into ModelState beside the form's own: a field that already has the form's message (it could not be
    /// read) keeps only that one, since the use case only saw the stand-in value.
    /// </summary>
    public static void AddErrorsBeside(this ModelStateDictionary modelState, Result result, string prefix = "Form")
    {
        foreach (var error in result.Errors)
        {
            var key = string.IsNullOrEmpty(error.Field) ? "" : $"{prefix}.{error.Field}";
            if (key.Length > 0 && modelState.TryGetValue(key, out var entry) && entry.Errors.Count > 0)
            {
                continue;
            }
            modelState.AddModelError(key, error.Message);
        }
    }

    public static T ParseChoice<T>(this ModelStateDictionary modelState, string? text, string field, string message) where T : struct, Enum
    {
        if (Enum.TryParse<T>(text, ignoreCase: false, out var value) && Enum.IsDefined(value) && !int.TryParse(text, out _))
        {
            return value;
        }
        modelState.AddModelError(field, message);
        return (T)(object)(-1);
    }

    public static DateOnly? ParseDate(this ModelStateDictionary modelState, string? text, string field)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null; // the use case says what the date is for
        }
        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }
        modelState.AddModelError(field, $"Datumet ”{text.Trim()}” ska skrivas som ÅÅÅÅ-MM-DD, till exempel 2025-03-31.");
        return null;
    }

    public static YearMonth? ParseMonth(this ModelStateDictionary modelState, string? text, string field)
    {
        if (YearMonth.TryParse(text?.Trim(), out var month))
        {
            return month;
        }
        modelState.AddModelError(field, string.IsNullOrWhiteSpace(text)
            ? "Ange månaden som ÅÅÅÅ-MM, till exempel 2025-01."
            : $"Månaden ”{text.Trim()}” ska skrivas som ÅÅÅÅ-MM, till exempel 2025-01.");
        return null;
    }

    /// <summary>A number typed the Swedish way ("57,3", "1 100") or with a point; null when blank.</summary>
    public static decimal? ParseNumber(this ModelStateDictionary modelState, string? text, string field, string label)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        var cleaned = text.Trim().Replace(" ", "", StringComparison.Ordinal).Replace(SwedishFormat.Space.ToString(), "", StringComparison.Ordinal).Replace('.', ',');
        if (decimal.TryParse(cleaned, NumberStyles.Number, CultureInfo.GetCultureInfo("sv-SE"), out var value))
        {
            return value;
        }
        modelState.AddModelError(field, $"{label} ”{text.Trim()}” är inte ett tal. Skriv till exempel 55 eller 57,3.");
        return null;
    }

    /// <summary>A year with four digits; null when blank. One that cannot be read stands in as year 0, which the use case refuses.</summary>
    public static int? ParseYear(this ModelStateDictionary modelState, string? text, string field, string label)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        if (int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var year) && year is >= 1900 and <= 9999)
        {
            return year;
        }
        modelState.AddModelError(field, $"{label} ska anges med fyra siffror, till exempel 2025.");
        return 0;
    }
}

/// <param name="What">The thing to remove, as a Swedish phrase: "villkoret i avsnitt 3.3".</param>
/// <param name="Detail">Its text, quoted on the page so the officer sees which one it is.</param>
/// <param name="Back">The list the removal is made from.</param>
/// <param name="BackLabel">That list in words: "villkoren".</param>
public sealed record DefinitionRemovePage(AgreementDefinitionView Agreement, string What, string? Detail, string Action, string Back, string BackLabel, long Version);
