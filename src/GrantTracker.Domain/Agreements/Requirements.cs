using GrantTracker.Domain.Common;

namespace GrantTracker.Domain.Agreements;

/// <summary>The kinds of reporting requirement an agreement states.</summary>
public enum RequirementKind
{
    /// <summary>A question answered in words ("how the region worked for an appropriate resourcing of primary care").</summary>
    Narrative = 0,

    /// <summary>A measured value against a target: share with a named regular doctor, at least 55 %.</summary>
    Indicator = 1,

    /// <summary>Counts done and expected: VFU weeks and places.</summary>
    Count = 2,

    /// <summary>How many women and men an area's efforts reached.</summary>
    SexBreakdown = 3,
}

/// <summary>Which way an indicator's target points.</summary>
public enum TargetDirection
{
    /// <summary>The value must be at least the target (55 %).</summary>
    AtLeast = 0,

    /// <summary>The value must be at most the target (1 100 inhabitants per specialist).</summary>
    AtMost = 1,

    /// <summary>The value must rise from the baseline by at least the target, in per cent (a 20 % rise of the continuity index).</summary>
    RiseByPercent = 2,
}

/// <summary>
/// Something an agreement asks the region to report, as data: the section of the document it comes from, its kind, the
/// question, and for an indicator its unit, baseline, target and direction; for a count, what is counted. Answered per
/// reporting year (<see cref="RequirementAnswer"/>). <see cref="Report"/> says which report carries it: the final report
/// (Slutredovisning) or another obligation, such as the VFU report (Redovisning).
/// </summary>
public sealed class ReportingRequirement
{
    public const int MaxTextLength = 1000;

    public int Id { get; set; }
    public int AgreementId { get; set; }
    public string Code { get; set; } = "";

    /// <summary>The section of the agreement's document ("2.1.3").</summary>
    public string Section { get; set; } = "";
    public RequirementKind Kind { get; set; }
    public string Text { get; set; } = "";
    public ObligationKind Report { get; set; } = ObligationKind.Slutredovisning;
    public int SortOrder { get; set; }

    /// <summary>Indicator: the unit ("%", "index", "invånare per läkare").</summary>
    public string? Unit { get; set; }
    public decimal? Baseline { get; set; }
    public decimal? Target { get; set; }
    public TargetDirection? Direction { get; set; }

    /// <summary>Count: what is counted, separated by ";" ("VFU-veckor;Platser").</summary>
    public string? Counted { get; set; }

    /// <summary>Where the measurement comes from (Primärvårdskvalitet, the region's own statistics).</summary>
    public string? DataSource { get; set; }

    /// <summary>Indicator: the value is reported for women and men apart.</summary>
    public bool SplitBySex { get; set; }

    /// <summary>The first reporting year the requirement applies to; null: from the agreement's first year.</summary>
    public int? FirstYear { get; set; }

    /// <summary>The last reporting year the requirement applies to; null: through the agreement's last year.</summary>
    public int? LastYear { get; set; }

    public const int CodeMaxLength = 40;
    public const int SectionMaxLength = 40;
    public const int UnitMaxLength = 40;
    public const int CountedMaxLength = 200;
    public const int DataSourceMaxLength = 200;

    /// <summary>The years it is asked for, in words: "alla år", "2025", "2024–2025", "från 2025", "till och med 2024".</summary>
    public string YearsText => YearsPhrase(FirstYear, LastYear);

    public static string YearsPhrase(int? firstYear, int? lastYear) => (firstYear, lastYear) switch
    {
        ({ } f, { } l) when f == l => $"{f}",
        ({ } f, { } l) => $"{f}–{l}",
        ({ } f, null) => $"från {f}",
        (null, { } l) => $"till och med {l}",
        _ => "alla år",
    };

    /// <summary>Whether the requirement is asked for in a reporting year.</summary>
    public bool AppliesTo(int year) => (FirstYear is null || FirstYear <= year) && (LastYear is null || year <= LastYear);

    /// <summary>
    /// Every problem with a requirement's fields at once, each on its field: what the form and the definition file refuse. Codes unique
    /// within the agreement need the other requirements and are checked by the use case.
    /// </summary>
    public IReadOnlyList<Error> Check(int agreementFirstYear, int agreementLastYear)
    {
        var errors = new List<Error>();
        void Add(string field, string message) => errors.Add(new Error(field, message));
        if (string.IsNullOrWhiteSpace(Code))
        {
            Add(nameof(Code), "Ange en kod för kravet, till exempel vfu-veckor.");
        }
        else if (Code.Trim().Length > CodeMaxLength)
        {
            Add(nameof(Code), $"Koden får vara högst {CodeMaxLength} tecken.");
        }
        if (string.IsNullOrWhiteSpace(Section))
        {
            Add(nameof(Section), "Ange avsnittet i överenskommelsen som kravet står i, till exempel 2.1.3.");
        }
        else if (Section.Trim().Length > SectionMaxLength)
        {
            Add(nameof(Section), $"Avsnittet får vara högst {SectionMaxLength} tecken.");
        }
        if (!Enum.IsDefined(Kind))
        {
            Add(nameof(Kind), "Välj slag av krav: berättande, indikator, antal eller uppdelat på kön.");
        }
        if (string.IsNullOrWhiteSpace(Text))
        {
            Add(nameof(Text), "Skriv vad som ska redovisas.");
        }
        else if (Text.Trim().Length > MaxTextLength)
        {
            Add(nameof(Text), $"Texten får vara högst {MaxTextLength} tecken.");
        }
        if (Direction is { } direction && !Enum.IsDefined(direction))
        {
            Add(nameof(Direction), "Välj åt vilket håll målet pekar: minst, högst eller ökning i procent.");
        }
        else if (Kind == RequirementKind.Indicator && Target is not null && Direction is null)
        {
            Add(nameof(Direction), "Ange åt vilket håll målet pekar: minst, högst eller ökning i procent.");
        }
        if (Kind == RequirementKind.Indicator && Direction is not null && Target is null)
        {
            Add(nameof(Target), "Ange målvärdet.");
        }
        if (Report is not (ObligationKind.Slutredovisning or ObligationKind.Redovisning))
        {
            // Återrapportering, the final report and readiness know these two; a requirement in another report would never be asked for.
            Add(nameof(Report), "Välj vilken rapport kravet redovisas i: slutredovisningen eller en annan redovisning, till exempel VFU-redovisningen.");
        }
        if (SplitBySex && Kind != RequirementKind.Indicator)
        {
            Add(nameof(SplitBySex), "Bara en indikator kan redovisas uppdelad på kvinnor och män. För hur många kvinnor och män som nåddes, välj slaget Kvinnor och män.");
        }
        if (Kind == RequirementKind.Count && CountedItems.Count == 0)
        {
            Add(nameof(Counted), "Ange vad som räknas, åtskilt med semikolon, till exempel VFU-veckor;Platser.");
        }
        if (Unit is { Length: > UnitMaxLength })
        {
            Add(nameof(Unit), $"Enheten får vara högst {UnitMaxLength} tecken.");
        }
        if (Counted is { Length: > CountedMaxLength })
        {
            Add(nameof(Counted), $"Det som räknas får vara högst {CountedMaxLength} tecken.");
        }
        if (DataSource is { Length: > DataSourceMaxLength })
        {
            Add(nameof(DataSource), $"Datakällan får vara högst {DataSourceMaxLength} tecken.");
        }
        if (FirstYear is { } first && (first < agreementFirstYear || first > agreementLastYear))
        {
            Add(nameof(FirstYear), $"Första året ska ligga inom överenskommelsens år, {agreementFirstYear}–{agreementLastYear}.");
        }
        if (LastYear is { } last && (last < agreementFirstYear || last > agreementLastYear))
        {
            Add(nameof(LastYear), $"Sista året ska ligga inom överenskommelsens år, {agreementFirstYear}–{agreementLastYear}.");
        }
        if (FirstYear is { } f && LastYear is { } l && l < f)
        {
            Add(nameof(LastYear), "Sista året kan inte ligga före första året.");
        }
        return errors;
    }

    /// <summary>
    /// The refusal of a code that another requirement of the agreement already has (trimmed, any case: "VFU" and "vfu" are one code
    /// to the reader), or null when it is free.
    /// </summary>
    public static Error? CodeTaken(string? code, IEnumerable<string> otherCodes)
    {
        var trimmed = (code ?? "").Trim();
        return trimmed.Length > 0 && otherCodes.Any(c => string.Equals(c.Trim(), trimmed, StringComparison.OrdinalIgnoreCase))
            ? new Error(nameof(Code), $"Koden {trimmed} används redan av ett annat återrapporteringskrav i överenskommelsen. Välj en annan kod.")
            : null;
    }

    public IReadOnlyList<string> CountedItems => string.IsNullOrWhiteSpace(Counted) ? [] : Counted.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The target in words: "minst 55 %", "högst 1 100 invånare per läkare", "ökning med minst 20 % från 0,31".</summary>
    public string? TargetText => Kind != RequirementKind.Indicator || Target is not { } target ? null : Direction switch
    {
        TargetDirection.AtMost => $"högst {Number(target)} {Unit}".TrimEnd(),
        TargetDirection.RiseByPercent => $"ökning med minst {Number(target)} %" + (Baseline is { } b ? $" från {Number(b)}" : ""),
        _ => $"minst {Number(target)} {Unit}".TrimEnd(),
    };

    /// <summary>Whether a measured value meets the target; null when there is no target or nothing to compare.</summary>
    /// <param name="baseline">The answer's baseline, used when the requirement states none.</param>
    public bool? Meets(decimal? value, decimal? baseline = null)
    {
        if (Kind != RequirementKind.Indicator || Target is not { } target || value is not { } v)
        {
            return null;
        }
        return Direction switch
        {
            TargetDirection.AtMost => v <= target,
            TargetDirection.RiseByPercent => (Baseline ?? baseline) is { } b && b != 0 ? (v - b) / b * 100 >= target : null,
            _ => v >= target,
        };
    }

    public static string Number(decimal value) => value.ToString("#,0.##", SwedishFormat.Numbers);
}

/// <summary>
/// An officer's answer to a requirement for a reporting year. What it holds depends on the kind: the text (every kind: the
/// narrative, or a comment), the measured value with its date and source (indicator), done and expected per counted item
/// (count), women and men reached (breakdown by sex). Saved through the audited context like every change.
/// </summary>
public sealed class RequirementAnswer : IVersioned
{
    public const int MaxTextLength = 4000;

    public int Id { get; set; }
    public int RequirementId { get; set; }
    public int Year { get; set; }
    public string? Text { get; set; }
    public decimal? Value { get; set; }

    /// <summary>Indicator split by sex (<see cref="ReportingRequirement.SplitBySex"/>): the value for women and for men.</summary>
    public decimal? ValueWomen { get; set; }
    public decimal? ValueMen { get; set; }
    public DateOnly? MeasuredOn { get; set; }
    public string? DataSource { get; set; }

    /// <summary>Count: the counted items' done figures, in the requirement's order, separated by ";".</summary>
    public string? Done { get; set; }

    /// <summary>Count: the counted items' expected figures, in the requirement's order, separated by ";".</summary>
    public string? Expected { get; set; }
    public int? Women { get; set; }
    public int? Men { get; set; }

    /// <summary>Indicator with a rise as its target: the baseline the rise is measured from, when the requirement itself has none.</summary>
    public decimal? Baseline { get; set; }
    public DateTime WrittenAtUtc { get; set; }
    public string WrittenBy { get; set; } = "";
    public long Version { get; set; }

    /// <summary>Whether the answer says what its requirement's kind asks for.</summary>
    public bool Answers(ReportingRequirement requirement) => requirement.Kind switch
    {
        RequirementKind.Indicator => Value is not null && MeasuredOn is not null && (!requirement.SplitBySex || (ValueWomen is not null && ValueMen is not null)),
        RequirementKind.Count => Figures(Done).Count == requirement.CountedItems.Count && Figures(Expected).Count == requirement.CountedItems.Count
                                 && requirement.CountedItems.Count > 0,
        RequirementKind.SexBreakdown => Women is not null && Men is not null,
        _ => !string.IsNullOrWhiteSpace(Text),
    };

    public static IReadOnlyList<decimal> Figures(string? list) =>
        string.IsNullOrWhiteSpace(list) ? [] : list.Split(';').Select(x => decimal.Parse(x, System.Globalization.CultureInfo.InvariantCulture)).ToList();

    public static string? List(IReadOnlyList<decimal?> figures) =>
        figures.Count == 0 || figures.Any(f => f is null) ? null : string.Join(";", figures.Select(f => f!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)));
}

/// <summary>A file that supports an answer (the measurement's source, the VFU list): kept with the requirement and year, audited.</summary>
public sealed class RequirementEvidence
{
    public int Id { get; set; }
    public int RequirementId { get; set; }
    public int Year { get; set; }
    public string FileName { get; set; } = "";
    public string ContentType { get; set; } = "";
    public byte[] Content { get; set; } = [];
    public DateTime UploadedAtUtc { get; set; }
    public string UploadedBy { get; set; } = "";
}
