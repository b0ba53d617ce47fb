using GrantTracker.Application.Data;
using GrantTracker.Domain.Agreements;
using GrantTracker.Domain.Common;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Features.Agreements;

/// <summary>
/// Changes a reporting requirement. What its answers stand on is kept: a requirement answered (or with evidence) for a year keeps
/// that year among its years and keeps its kind, so no written answer drops out of a report or stops answering its question.
/// </summary>
/// <param name="CheckOnly">Check everything and save nothing: the form asks for the use case's refusals beside its own (a field it could not read).</param>
public sealed record UpdateRequirementCommand(int AgreementId, long Version, int RequirementId, RequirementDetails Details, bool CheckOnly = false) : ICommand<Result>;

public sealed class UpdateRequirementHandler(AppDbContext db) : ICommandHandler<UpdateRequirementCommand, Result>
{
    public async ValueTask<Result> Handle(UpdateRequirementCommand command, CancellationToken ct)
    {
        var agreement = await db.Agreements.SingleOrDefaultAsync(a => a.Id == command.AgreementId, ct);
        if (agreement is null)
        {
            return AgreementLoader.NotFound;
        }
        if (agreement.Version != command.Version)
        {
            return AgreementLoader.Stale;
        }
        var requirement = await db.ReportingRequirements.SingleOrDefaultAsync(r => r.Id == command.RequirementId && r.AgreementId == agreement.Id, ct);
        if (requirement is null)
        {
            return RequirementGone;
        }
        var answered = await AnsweredYearsAsync(db, requirement.Id, ct);
        var others = await db.ReportingRequirements.AsNoTracking().Where(r => r.AgreementId == agreement.Id && r.Id != requirement.Id).Select(r => r.Code).ToListAsync(ct);
        // Checked on a copy: a refused change never touches the tracked requirement.
        var changed = new ReportingRequirement();
        RequirementRules.Apply(changed, command.Details);
        var errors = RequirementRules.Check(changed, agreement, others);
        if (answered.Count > 0 && changed.Kind != requirement.Kind)
        {
            errors.Add(new Error(nameof(ReportingRequirement.Kind),
                $"Kravet har svar för {Years(answered)} och kan inte byta slag. Lägg till ett nytt krav med det nya slaget och ange ett sista år för det här i stället."));
        }
        var outside = answered.Where(y => !changed.AppliesTo(y)).ToList();
        if (outside.Count > 0)
        {
            errors.Add(new Error(changed.FirstYear is { } f && outside.Any(y => y < f) ? nameof(ReportingRequirement.FirstYear) : nameof(ReportingRequirement.LastYear),
                $"Kravet har svar eller underlag för {Years(outside)}. Välj år som omfattar {(outside.Count == 1 ? "det året" : "de åren")}, annars faller svaren bort ur redovisningen."));
        }
        if (errors.Count > 0)
        {
            return Result.Fail(errors);
        }
        if (command.CheckOnly)
        {
            return Result.Ok();
        }
        RequirementRules.Apply(requirement, command.Details);
        return await AgreementLoader.SaveAsync(db, ct);
    }

    /// <summary>The years a requirement has an answer or an evidence file for, oldest first.</summary>
    internal static async Task<List<int>> AnsweredYearsAsync(AppDbContext db, int requirementId, CancellationToken ct) =>
        (await db.RequirementAnswers.AsNoTracking().Where(a => a.RequirementId == requirementId).Select(a => a.Year)
            .Concat(db.RequirementEvidence.AsNoTracking().Where(e => e.RequirementId == requirementId).Select(e => e.Year))
            .ToListAsync(ct))
        .Distinct().Order().ToList();

    internal static string Years(IReadOnlyList<int> years) =>
        years.Count == 1 ? $"{years[0]}" : string.Join(", ", years.Take(years.Count - 1)) + $" och {years[^1]}";

    internal static readonly Result RequirementGone =
        Result.Fail("", "Återrapporteringskravet finns inte längre i överenskommelsen. Gå tillbaka till kraven och försök igen.");
}
