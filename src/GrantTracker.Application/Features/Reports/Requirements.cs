using System.Globalization;
using GrantTracker.Application.Auditing;
using GrantTracker.Application.Data;
using GrantTracker.Application.Features.Agreements;
using GrantTracker.Domain.Agreements;
using GrantTracker.Domain.Common;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Features.Reports;

/// <summary>An agreement's reporting requirements with the answers of a year, in the document's order. Null for an unknown agreement.</summary>
public sealed record GetRequirementsQuery(string AgreementCode, int Year) : IQuery<RequirementsView?>;

public sealed record RequirementsView(string AgreementCode, string AgreementName, int Year, IReadOnlyList<RequirementView> Requirements)
{
    public IReadOnlyList<RequirementView> For(ObligationKind report) => Requirements.Where(r => r.Report == report).ToList();
}

/// <param name="Answer">The year's answer, null when none is written.</param>
/// <param name="SplitBySex">Indicator: the value is also reported for women and for men.</param>
public sealed record RequirementView(int Id, string Code, string Section, RequirementKind Kind, string Text, ObligationKind Report, string? Unit, decimal? Baseline,
    decimal? Target, TargetDirection? Direction, string? TargetText, IReadOnlyList<string> Counted, string? DataSource, AnswerView? Answer,
    IReadOnlyList<EvidenceView>? Evidence = null, bool SplitBySex = false)
{
    public IReadOnlyList<EvidenceView> Files => Evidence ?? [];

    public bool Answered => Answer?.Complete == true;

    /// <summary>Indicator: whether the measured value meets the target (null without a target, a value or a baseline for a rise).</summary>
    public bool? Meets => Answer is { } a ? Requirements.Meets(this, a) : null;

    public string KindText => Kind switch
    {
        RequirementKind.Indicator => "Indikator",
        RequirementKind.Count => "Antal",
        RequirementKind.SexBreakdown => "Kvinnor och män",
        _ => "Fråga",
    };
}

public sealed record EvidenceView(int Id, string FileName, long Size, string UploadedBy, DateTime UploadedAtUtc);

/// <summary>Attaches files that support a requirement's answer for a year (by <see cref="Common.Uploads.UploadRule"/>: at most 20 MB each, five at a time, within <see cref="Common.Uploads.UploadLimits"/>).</summary>
public sealed record AddRequirementEvidenceCommand(string AgreementCode, int Year, int RequirementId, IReadOnlyList<Deadlines.SentFile> Files) : ICommand<Result>;

/// <summary>Removes an attached file.</summary>
public sealed record RemoveRequirementEvidenceCommand(string AgreementCode, int FileId) : ICommand<Result>;

/// <summary>An attached file, for download; null when it is not the agreement's.</summary>
public sealed record GetRequirementEvidenceQuery(string AgreementCode, int FileId) : IQuery<RequirementEvidence?>;

public sealed record AnswerView(string? Text, decimal? Value, DateOnly? MeasuredOn, string? DataSource, decimal? Baseline, IReadOnlyList<decimal> Done,
    IReadOnlyList<decimal> Expected, int? Women, int? Men, bool Complete, string WrittenBy, DateTime WrittenAtUtc, long Version,
    decimal? ValueWomen = null, decimal? ValueMen = null);

/// <summary>
/// Saves the answer of a year to a requirement; every field is checked for the requirement's kind and a refused answer changes
/// nothing. Amounts in the lists are per counted item, in the requirement's order. An indicator split by sex also takes the value for
/// women and for men. A requirement is answered only for the years it applies to.
/// </summary>
public sealed record SaveRequirementAnswerCommand(string AgreementCode, int Year, int RequirementId, string? Text, decimal? Value, DateOnly? MeasuredOn,
    string? DataSource, decimal? Baseline, IReadOnlyList<decimal?> Done, IReadOnlyList<decimal?> Expected, int? Women, int? Men, long? Version = null,
    decimal? ValueWomen = null, decimal? ValueMen = null) : ICommand<Result>;

public static class Requirements
{
    /// <summary>The sentence readiness uses for unanswered requirements, or null when all are answered.</summary>
    public static string? Unanswered(IReadOnlyList<RequirementView> requirements, int year)
    {
        var open = requirements.Where(r => !r.Answered).ToList();
        return open.Count == 0 ? null
            : $"{(open.Count == 1 ? "1 återrapporteringskrav saknar" : $"{open.Count} återrapporteringskrav saknar")} svar för {year}: "
              + string.Join("; ", open.Select(r => $"{r.Section} {Short(r.Text)}")) + ".";
    }

    internal static bool? Meets(RequirementView r, AnswerView a)
    {
        var requirement = new ReportingRequirement { Kind = r.Kind, Target = r.Target, Direction = r.Direction, Baseline = r.Baseline };
        return requirement.Meets(a.Value, a.Baseline);
    }

    /// <summary>An answer in one line, as the report prints it.</summary>
    public static string AnswerText(RequirementView r)
    {
        if (r.Answer is not { } a)
        {
            return "Ej besvarat";
        }
        var parts = new List<string>();
        switch (r.Kind)
        {
            case RequirementKind.Indicator when a.Value is { } value:
                parts.Add($"{ReportingRequirement.Number(value)} {r.Unit}".TrimEnd()
                          + (r.SplitBySex && a.ValueWomen is { } forWomen && a.ValueMen is { } forMen
                              ? $" (kvinnor {$"{ReportingRequirement.Number(forWomen)} {r.Unit}".TrimEnd()}, män {$"{ReportingRequirement.Number(forMen)} {r.Unit}".TrimEnd()})"
                              : "")
                          + (a.MeasuredOn is { } on ? $", mätt {SwedishFormat.Date(on)}" : "")
                          + ((a.DataSource ?? r.DataSource) is { } source ? $", källa {source}" : "")
                          + (a.Baseline is { } b && r.Baseline is null ? $", utgångsvärde {ReportingRequirement.Number(b)}" : ""));
                break;
            case RequirementKind.Count when a.Done.Count == r.Counted.Count:
                parts.Add("Genomfört: " + string.Join(", ", r.Counted.Select((c, i) => $"{ReportingRequirement.Number(a.Done[i])} {c.ToLower(CultureInfo.GetCultureInfo("sv-SE"))}")));
                if (a.Expected.Count == r.Counted.Count)
                {
                    parts.Add("uppskattat: " + string.Join(", ", r.Counted.Select((c, i) => $"{ReportingRequirement.Number(a.Expected[i])} {c.ToLower(CultureInfo.GetCultureInfo("sv-SE"))}")));
                }
                break;
            case RequirementKind.SexBreakdown when a.Women is { } women && a.Men is { } men:
                parts.Add($"{women.ToString("#,0", SwedishFormat.Numbers)} kvinnor och {men.ToString("#,0", SwedishFormat.Numbers)} män");
                break;
        }
        if (!string.IsNullOrWhiteSpace(a.Text))
        {
            parts.Add(a.Text.Trim());
        }
        return string.Join("; ", parts);
    }

    public static string MeetsText(RequirementView r) => r.Meets switch
    {
        true => "Ja",
        false => "Nej",
        _ => r.Kind == RequirementKind.Indicator && r.Target is not null ? "Kan inte bedömas" : "–",
    };

    private static string Short(string text) => text.Length <= 70 ? text.TrimEnd('.', '?') : text[..67].TrimEnd() + "…";

    /// <summary>
    /// The requirements asked for in a year, with that year's answers and files: the one place that leaves out a requirement limited to
    /// other years (<see cref="ReportingRequirement.AppliesTo"/>), for Återrapportering, the reports and readiness alike.
    /// </summary>
    internal static async Task<IReadOnlyList<RequirementView>> LoadAsync(AppDbContext db, int agreementId, int year, CancellationToken ct)
    {
        var requirements = (await db.ReportingRequirements.AsNoTracking().Where(r => r.AgreementId == agreementId).OrderBy(r => r.SortOrder).ThenBy(r => r.Id).ToListAsync(ct))
            .Where(r => r.AppliesTo(year))
            .ToList();
        var ids = requirements.Select(r => r.Id).ToList();
        var answers = (await db.RequirementAnswers.AsNoTracking().Where(a => ids.Contains(a.RequirementId) && a.Year == year).ToListAsync(ct))
            .ToDictionary(a => a.RequirementId);
        var evidence = (await db.RequirementEvidence.AsNoTracking().Where(e => ids.Contains(e.RequirementId) && e.Year == year)
                .Select(e => new { e.RequirementId, View = new EvidenceView(e.Id, e.FileName, e.Content.Length, e.UploadedBy, e.UploadedAtUtc) })
                .ToListAsync(ct))
            .ToLookup(e => e.RequirementId, e => e.View);
        return requirements
            .Select(r => new RequirementView(r.Id, r.Code, r.Section, r.Kind, r.Text, r.Report, r.Unit, r.Baseline, r.Target, r.Direction, r.TargetText,
                r.CountedItems, r.DataSource,
                answers.TryGetValue(r.Id, out var a)
                    ? new AnswerView(a.Text, a.Value, a.MeasuredOn, a.DataSource, a.Baseline, RequirementAnswer.Figures(a.Done), RequirementAnswer.Figures(a.Expected),
                        a.Women, a.Men, a.Answers(r), a.WrittenBy, a.WrittenAtUtc, a.Version, a.ValueWomen, a.ValueMen)
                    : null,
                evidence[r.Id].OrderBy(e => e.Id).ToList(), r.SplitBySex))
            .ToList();
    }
}

public sealed class RequirementsHandler(AppDbContext db, IAuditActor actor, TimeProvider clock, Common.Uploads.UploadLimits limits, FiguresCache figures)
    : IQueryHandler<GetRequirementsQuery, RequirementsView?>, ICommandHandler<SaveRequirementAnswerCommand, Result>,
      ICommandHandler<AddRequirementEvidenceCommand, Result>, ICommandHandler<RemoveRequirementEvidenceCommand, Result>,
      IQueryHandler<GetRequirementEvidenceQuery, RequirementEvidence?>
{
    public async ValueTask<Result> Handle(AddRequirementEvidenceCommand command, CancellationToken ct)
    {
        var (agreementId, refusal) = await AgreementForYearAsync(command.AgreementCode, command.Year, ct);
        if (refusal is not null)
        {
            return refusal;
        }
        var requirement = await db.ReportingRequirements.AsNoTracking().SingleOrDefaultAsync(r => r.Id == command.RequirementId && r.AgreementId == agreementId, ct);
        if (requirement is null)
        {
            return Result.Fail("", "Kravet finns inte i överenskommelsen. Ladda om sidan.");
        }
        if (NotAsked(requirement, command.Year) is { } notAsked)
        {
            return notAsked;
        }
        if (command.Files.Count == 0)
        {
            return Result.Fail("Files", "Välj en eller flera filer att bifoga.");
        }
        // The same rules as every attachment in GrantTracker (types, size, number).
        if (Distribution.UnitReportFiles.Check(command.Files) is { } refused)
        {
            return Result.Fail("Files", refused);
        }
        var kept = await db.RequirementEvidence.AsNoTracking().Where(e => e.RequirementId == command.RequirementId && e.Year == command.Year)
            .Select(e => (long)e.Content.Length).ToListAsync(ct);
        if (Common.Uploads.UploadLimits.Refusal(kept.Count, kept.Sum(), command.Files.Count, command.Files.Sum(f => (long)f.Content.Length),
                limits.MaxFilesPerRequirement, limits.MaxMegabytesPerRequirement, $"Kravet {requirement.Section} för {command.Year}",
                "Ta bort underlag som inte behövs, eller samla dem i en pdf.") is { } full)
        {
            return Result.Fail("Files", full);
        }
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var file in command.Files)
        {
            db.RequirementEvidence.Add(new RequirementEvidence
            {
                RequirementId = command.RequirementId, Year = command.Year, FileName = Common.Uploads.UploadRule.CleanName(file.FileName, "underlag"),
                ContentType = Common.Uploads.UploadRule.ContentType(file.FileName), Content = file.Content, UploadedAtUtc = now, UploadedBy = actor.UserName,
            });
        }
        await db.SaveChangesAsync(ct);
        return Result.Ok();
    }

    public async ValueTask<Result> Handle(RemoveRequirementEvidenceCommand command, CancellationToken ct)
    {
        var file = await FileAsync(command.AgreementCode, command.FileId, tracked: true, ct);
        if (file is null)
        {
            return Result.Fail("", "Filen finns inte längre.");
        }
        db.RequirementEvidence.Remove(file);
        await db.SaveChangesAsync(ct);
        return Result.Ok();
    }

    public async ValueTask<RequirementEvidence?> Handle(GetRequirementEvidenceQuery query, CancellationToken ct) =>
        await FileAsync(query.AgreementCode, query.FileId, tracked: false, ct);

    private async Task<RequirementEvidence?> FileAsync(string agreementCode, int fileId, bool tracked, CancellationToken ct)
    {
        var code = agreementCode.Trim();
        var files = tracked ? db.RequirementEvidence : db.RequirementEvidence.AsNoTracking();
        return await files.Where(f => f.Id == fileId
                && db.ReportingRequirements.Any(r => r.Id == f.RequirementId && db.Agreements.Any(a => a.Id == r.AgreementId && a.Code == code)))
            .SingleOrDefaultAsync(ct);
    }

    /// <summary>Once per change of the data (<see cref="FiguresCache"/>, issue 24).</summary>
    public async ValueTask<RequirementsView?> Handle(GetRequirementsQuery query, CancellationToken ct) =>
        await figures.GetAsync(db, query, token => ComputeAsync(query, token), ct);

    private async Task<RequirementsView?> ComputeAsync(GetRequirementsQuery query, CancellationToken ct)
    {
        var code = query.AgreementCode.Trim();
        var agreement = await db.Agreements.AsNoTracking().Where(a => a.Code == code)
            .Select(a => new { a.Id, a.Code, a.Name, a.StartDate, a.EndDate }).SingleOrDefaultAsync(ct);
        // A year the agreement does not cover has nothing to report: no page rather than an empty form to answer.
        return agreement is null || query.Year < agreement.StartDate.Year || query.Year > agreement.EndDate.Year
            ? null
            : new RequirementsView(agreement.Code, agreement.Name, query.Year, await Requirements.LoadAsync(db, agreement.Id, query.Year, ct));
    }

    /// <summary>The agreement's id when it exists and covers the year; otherwise the refusal to return.</summary>
    private async Task<(int? Id, Result? Refusal)> AgreementForYearAsync(string agreementCode, int year, CancellationToken ct)
    {
        var code = agreementCode.Trim();
        var agreement = await db.Agreements.AsNoTracking().Where(a => a.Code == code).Select(a => new { a.Id, a.StartDate, a.EndDate }).SingleOrDefaultAsync(ct);
        if (agreement is null)
        {
            return (null, AgreementLoader.UnknownCode);
        }
        return year < agreement.StartDate.Year || year > agreement.EndDate.Year
            ? (null, Result.Fail("Year", $"Överenskommelsen gäller {agreement.StartDate.Year}–{agreement.EndDate.Year}; {year} har inget att återrapportera. Välj ett av dess år under Rapporter."))
            : (agreement.Id, null);
    }

    public async ValueTask<Result> Handle(SaveRequirementAnswerCommand command, CancellationToken ct)
    {
        var (agreementId, refusal) = await AgreementForYearAsync(command.AgreementCode, command.Year, ct);
        if (refusal is not null)
        {
            return refusal;
        }
        var requirement = await db.ReportingRequirements.AsNoTracking().SingleOrDefaultAsync(r => r.Id == command.RequirementId && r.AgreementId == agreementId, ct);
        if (requirement is null)
        {
            return Result.Fail("", "Kravet finns inte i överenskommelsen. Ladda om sidan.");
        }
        if (NotAsked(requirement, command.Year) is { } notAsked)
        {
            return notAsked;
        }
        var errors = Validate(requirement, command);
        if (errors.Count > 0)
        {
            return Result.Fail(errors);
        }
        var answer = await db.RequirementAnswers.SingleOrDefaultAsync(a => a.RequirementId == requirement.Id && a.Year == command.Year, ct);
        if (Versions.IsStale(command.Version, answer))
        {
            return Result.Fail("", "Någon annan har ändrat svaret sedan du öppnade sidan. Ladda om sidan, läs svaret och skriv ditt igen.");
        }
        if (answer is null)
        {
            answer = new RequirementAnswer { RequirementId = requirement.Id, Year = command.Year };
            db.RequirementAnswers.Add(answer);
        }
        answer.Text = string.IsNullOrWhiteSpace(command.Text) ? null : command.Text.Trim();
        answer.Value = requirement.Kind == RequirementKind.Indicator ? command.Value : null;
        answer.MeasuredOn = requirement.Kind == RequirementKind.Indicator ? command.MeasuredOn : null;
        answer.ValueWomen = requirement.Kind == RequirementKind.Indicator && requirement.SplitBySex ? command.ValueWomen : null;
        answer.ValueMen = requirement.Kind == RequirementKind.Indicator && requirement.SplitBySex ? command.ValueMen : null;
        answer.DataSource = requirement.Kind == RequirementKind.Indicator && !string.IsNullOrWhiteSpace(command.DataSource) ? command.DataSource.Trim() : null;
        answer.Baseline = requirement.Kind == RequirementKind.Indicator && requirement.Direction == TargetDirection.RiseByPercent && requirement.Baseline is null
            ? command.Baseline : null;
        answer.Done = requirement.Kind == RequirementKind.Count ? RequirementAnswer.List(command.Done) : null;
        answer.Expected = requirement.Kind == RequirementKind.Count ? RequirementAnswer.List(command.Expected) : null;
        answer.Women = requirement.Kind == RequirementKind.SexBreakdown ? command.Women : null;
        answer.Men = requirement.Kind == RequirementKind.SexBreakdown ? command.Men : null;
        answer.WrittenAtUtc = clock.GetUtcNow().UtcDateTime;
        answer.WrittenBy = actor.UserName;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            return Result.Fail("", "Någon annan har ändrat svaret sedan du öppnade sidan. Ladda om sidan, läs svaret och skriv ditt igen.");
        }
        return Result.Ok();
    }

    /// <summary>The refusal for a year the requirement is not asked for (<see cref="ReportingRequirement.AppliesTo"/>), or null.</summary>
    private static Result? NotAsked(ReportingRequirement requirement, int year) => requirement.AppliesTo(year)
        ? null
        : Result.Fail("Year", $"Kravet {requirement.Section} efterfrågas inte för {year} (det gäller {requirement.YearsText}). Välj ett år som kravet gäller.");

    private static List<Error> Validate(ReportingRequirement requirement, SaveRequirementAnswerCommand c)
    {
        var errors = new List<Error>();
        if (c.Text is { Length: > RequirementAnswer.MaxTextLength })
        {
            errors.Add(new Error("Text", $"Svaret får vara högst {RequirementAnswer.MaxTextLength:#,0} tecken."));
        }
        switch (requirement.Kind)
        {
            case RequirementKind.Narrative when string.IsNullOrWhiteSpace(c.Text):
                errors.Add(new Error("Text", "Skriv svaret på frågan."));
                break;
            case RequirementKind.Indicator:
                if (c.Value is null)
                {
                    errors.Add(new Error("Value", $"Ange det uppmätta värdet{(requirement.Unit is null ? "" : $" i {requirement.Unit}")}, till exempel 57,3."));
                }
                else if (c.Value < 0 || decimal.Round(c.Value.Value, 4) != c.Value)
                {
                    errors.Add(new Error("Value", "Värdet ska vara 0 eller mer, med högst fyra decimaler."));
                }
                if (requirement.SplitBySex)
                {
                    foreach (var (field, value, who) in new[] { ("ValueWomen", c.ValueWomen, "kvinnor"), ("ValueMen", c.ValueMen, "män") })
                    {
                        if (value is null)
                        {
                            errors.Add(new Error(field, $"Ange värdet för {who}{(requirement.Unit is null ? "" : $" i {requirement.Unit}")}: indikatorn redovisas uppdelad på kvinnor och män."));
                        }
                        else if (value < 0 || decimal.Round(value.Value, 4) != value)
                        {
                            errors.Add(new Error(field, $"Värdet för {who} ska vara 0 eller mer, med högst fyra decimaler."));
                        }
                    }
                }
                if (c.MeasuredOn is null)
                {
                    errors.Add(new Error("MeasuredOn", "Ange vilket datum värdet avser, till exempel 2023-12-31."));
                }
                if (requirement.Direction == TargetDirection.RiseByPercent && requirement.Baseline is null && c.Baseline is not > 0)
                {
                    errors.Add(new Error("Baseline", "Ange utgångsvärdet som ökningen räknas från (större än 0), till exempel värdet för 2021."));
                }
                break;
            case RequirementKind.Count:
                var items = requirement.CountedItems;
                if (c.Done.Count != items.Count || c.Done.Any(v => v is not >= 0) || c.Expected.Count != items.Count || c.Expected.Any(v => v is not >= 0))
                {
                    errors.Add(new Error("Done", $"Ange genomfört och uppskattat antal för {string.Join(" och ", items.Select(i => i.ToLower(CultureInfo.GetCultureInfo("sv-SE"))))}, 0 eller mer."));
                }
                else if (c.Done.Concat(c.Expected).Any(v => v != decimal.Round(v!.Value, 0)))
                {
                    errors.Add(new Error("Done", "Antalen anges i hela tal."));
                }
                break;
            case RequirementKind.SexBreakdown:
                if (c.Women is not >= 0 || c.Men is not >= 0)
                {
                    errors.Add(new Error("Women", "Ange hur många kvinnor och hur många män insatserna nådde, 0 eller mer."));
                }
                break;
        }
        return errors;
    }
}
