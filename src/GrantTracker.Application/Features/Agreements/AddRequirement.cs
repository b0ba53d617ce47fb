using GrantTracker.Application.Data;
using GrantTracker.Domain.Agreements;
using GrantTracker.Domain.Common;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Features.Agreements;

/// <summary>A reporting requirement's fields as the officer types them; the fields of another kind than its own are not kept.</summary>
/// <param name="Report">The report that carries it: Slutredovisning, or Redovisning (the VFU report).</param>
/// <param name="Counted">Count: what is counted, separated by ";" ("VFU-veckor;Platser").</param>
/// <param name="FirstYear">The first reporting year it is asked for; null: from the agreement's first year.</param>
/// <param name="LastYear">The last reporting year it is asked for; null: through the agreement's last year.</param>
public sealed record RequirementDetails(string Code, string Section, RequirementKind Kind, string Text, ObligationKind Report, string? Unit, decimal? Baseline,
    decimal? Target, TargetDirection? Direction, string? Counted, string? DataSource, bool SplitBySex, int? FirstYear, int? LastYear);

/// <summary>
/// Adds something the agreement asks the region to report. It is asked for on Återrapportering, in its report and by readiness in the
/// years it applies to. Saved with the agreement's version, so it is audited and versioned like the rest of the definition.
/// </summary>
/// <param name="CheckOnly">Check everything and save nothing: the form asks for the use case's refusals beside its own (a field it could not read).</param>
public sealed record AddRequirementCommand(int AgreementId, long Version, RequirementDetails Details, bool CheckOnly = false) : ICommand<Result<int>>;

public sealed class AddRequirementHandler(AppDbContext db) : ICommandHandler<AddRequirementCommand, Result<int>>
{
    public async ValueTask<Result<int>> Handle(AddRequirementCommand command, CancellationToken ct)
    {
        var agreement = await db.Agreements.SingleOrDefaultAsync(a => a.Id == command.AgreementId, ct);
        if (agreement is null)
        {
            return Result.Fail<int>(AgreementLoader.NotFound.Errors);
        }
        if (agreement.Version != command.Version)
        {
            return Result.Fail<int>(AgreementLoader.Stale.Errors);
        }
        var others = await db.ReportingRequirements.AsNoTracking().Where(r => r.AgreementId == agreement.Id).Select(r => new { r.Code, r.SortOrder }).ToListAsync(ct);
        var requirement = new ReportingRequirement { AgreementId = agreement.Id, SortOrder = others.Count == 0 ? 0 : others.Max(o => o.SortOrder) + 1 };
        RequirementRules.Apply(requirement, command.Details);
        var errors = RequirementRules.Check(requirement, agreement, others.Select(o => o.Code));
        if (errors.Count > 0)
        {
            return Result.Fail<int>(errors);
        }
        if (command.CheckOnly)
        {
            return Result.Ok(0);
        }
        db.ReportingRequirements.Add(requirement);
        var saved = await AgreementLoader.SaveAsync(db, ct);
        return saved.Succeeded ? Result.Ok(requirement.Id) : Result.Fail<int>(saved.Errors);
    }
}

/// <summary>What adding and changing a requirement share: the fields kept for its kind, and every check at once.</summary>
internal static class RequirementRules
{
    public static void Apply(ReportingRequirement r, RequirementDetails d)
    {
        var indicator = d.Kind == RequirementKind.Indicator;
        r.Code = (d.Code ?? "").Trim();
        r.Section = (d.Section ?? "").Trim();
        r.Kind = d.Kind;
        r.Text = (d.Text ?? "").Trim();
        r.Report = d.Report;
        r.Unit = indicator ? Blank(d.Unit) : null;
        r.Baseline = indicator ? d.Baseline : null;
        r.Target = indicator ? d.Target : null;
        r.Direction = indicator ? d.Direction : null;
        r.SplitBySex = indicator && d.SplitBySex;
        r.Counted = d.Kind == RequirementKind.Count ? Blank(string.Join(";", (d.Counted ?? "").Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))) : null;
        r.DataSource = Blank(d.DataSource);
        r.FirstYear = d.FirstYear;
        r.LastYear = d.LastYear;
    }

    /// <param name="otherCodes">The codes of the agreement's other requirements.</param>
    public static List<Error> Check(ReportingRequirement r, Agreement agreement, IEnumerable<string> otherCodes)
    {
        var errors = r.Check(agreement.FirstYear, agreement.LastYear).ToList();
        if (ReportingRequirement.CodeTaken(r.Code, otherCodes) is { } taken)
        {
            errors.Insert(0, taken);
        }
        return errors;
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
