using GrantTracker.Application.Data;
using GrantTracker.Domain.Activities;
using GrantTracker.Domain.Agreements;
using GrantTracker.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Features.Agreements.Definition;

/// <param name="Replaced">True when an existing agreement with the code was replaced (it keeps its id).</param>
public sealed record DefinitionImported(int Id, string Code, string Name, bool Replaced, string Message);

/// <summary>Where a definition comes from, for refusals that say what to do: a file can be edited, a copy's year chosen again.</summary>
internal enum DefinitionOrigin
{
    File,
    Copy,
}

/// <summary>
/// The one way a definition gets into the database: the upload, <c>granttracker agreements import</c>, the copy for next year and the
/// seed agreements all come here. The whole definition is checked first, in memory and against the database (an existing code, a
/// cost object another agreement holds in the same months, what a replacement would destroy); any error refuses it with every error
/// and nothing is written. Otherwise the agreement, its requirements and its activities are written in one transaction.
/// </summary>
internal static class DefinitionImporter
{
    /// <param name="reported">The reader's errors for this definition, reported first and not again.</param>
    /// <param name="replace">An existing agreement with the code is replaced, if nothing has happened under it yet.</param>
    /// <param name="userName">Who the activities' "Registrerad" step names.</param>
    public static async Task<Result<DefinitionImported>> ImportAsync(AppDbContext db, AgreementDefinition definition, IReadOnlyList<Error> reported, bool replace,
        string userName, DateTime atUtc, DefinitionOrigin origin, CancellationToken ct)
    {
        var (built, buildErrors) = DefinitionBuilder.Build(definition, reported);
        var errors = reported.Concat(buildErrors).ToList();
        var code = (definition.Code ?? "").Trim().ToLowerInvariant();
        var existing = code.Length == 0
            ? null
            : await db.Agreements.AsNoTracking().Where(a => a.Code == code).Select(a => new { a.Id, a.Status }).SingleOrDefaultAsync(ct);
        if (existing is not null && !replace)
        {
            errors.Add(new Error("code",
                $"Det finns redan en överenskommelse med koden {code}. Ändra koden i filen för att importera den som en ny överenskommelse, " +
                "eller välj att ersätta den befintliga (Ersätt, --replace) om inget ännu har hänt i den."));
        }
        if (existing is not null && replace)
        {
            var reasons = await ReplaceGuard.ReasonsAsync(db, existing.Id, ct);
            if (reasons.Count > 0)
            {
                errors.Add(new Error("code",
                    $"Överenskommelsen {code} kan inte ersättas: {string.Join("; ", reasons)}. Det som hänt i den ska finnas kvar. " +
                    "Importera filen under en ny kod i stället, eller ändra överenskommelsen i appen."));
            }
            if (existing.Status != AgreementStatus.Utkast && DefinitionBuilder.Status(definition) == AgreementStatus.Utkast)
            {
                errors.Add(new Error("status",
                    $"Överenskommelsen {code} är aktiv och kan inte bli ett utkast igen. Ange \"status\": \"Aktiv\" eller importera filen under en ny kod."));
            }
        }
        errors.AddRange(await OverlapsAsync(db, built, existing?.Id, origin, ct));
        if (errors.Count > 0)
        {
            return Result.Fail<DefinitionImported>(errors);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        Agreement agreement;
        BuiltDefinition saved;
        if (existing is null)
        {
            agreement = built.Agreement;
            db.Agreements.Add(agreement);
            await db.SaveChangesAsync(ct);
            saved = built;
        }
        else
        {
            (agreement, saved) = await RefillAsync(db, existing.Id, definition, ct);
        }
        foreach (var requirement in saved.Requirements)
        {
            requirement.AgreementId = agreement.Id;
            db.ReportingRequirements.Add(requirement);
        }
        foreach (var planned in saved.Activities)
        {
            var line = new ActivityLine(planned.Line.Id, planned.Line.AreaId, planned.Line.CostObjectCode);
            var activity = Check(Activity.Register(agreement.Id, planned.Number, line, planned.Details, atUtc, userName));
            Check(activity.SetProjectCode(planned.ProjectCode));
            Check(activity.SetEarmark(planned.Earmark, planned.Line.Earmarks.Select(e => e.Name).ToList()));
            db.Activities.Add(activity);
        }
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);

        var verb = existing is null ? "importerad" : "ersatt";
        var draft = agreement.Status == AgreementStatus.Utkast ? " som utkast" : "";
        return Result.Ok(new DefinitionImported(agreement.Id, agreement.Code, agreement.Name, existing is not null,
            $"Överenskommelsen {agreement.Name} ({agreement.Code}) är {verb}{draft}: {agreement.Areas.Count} områden, {agreement.Lines.Count} rader, " +
            $"{agreement.CostObjects.Count} kostnadsobjekt, {agreement.Obligations.Count} rapporteringstillfällen, {saved.Requirements.Count} återrapporteringskrav och " +
            $"{saved.Activities.Count} insatser."));
    }

    /// <summary>
    /// Empties the existing agreement through the domain (lines, areas, objects, conditions, obligations; its activities and
    /// requirements) and fills it again from the definition: the agreement keeps its id, its files and its payments; everything below it
    /// gets new ids. Only reached when <see cref="ReplaceGuard"/> found nothing that would be lost.
    /// </summary>
    private static async Task<(Agreement, BuiltDefinition)> RefillAsync(AppDbContext db, int id, AgreementDefinition definition, CancellationToken ct)
    {
        var agreement = await AgreementLoader.LoadAsync(db, id, ct) ?? throw new InvalidOperationException($"Agreement {id} disappeared during its replacement.");
        db.Activities.RemoveRange(await db.Activities.Where(a => a.AgreementId == id).ToListAsync(ct));
        db.ReportingRequirements.RemoveRange(await db.ReportingRequirements.Where(r => r.AgreementId == id).ToListAsync(ct));
        foreach (var line in agreement.Lines.ToList())
        {
            Check(agreement.RemoveLine(line));
        }
        // In steps, each saved: lines before their areas, sub-areas before their parents, as the forms remove them.
        Check(await AgreementLoader.SaveAsync(db, ct));
        foreach (var level in agreement.Areas.GroupBy(a => a.SelfAndAncestors().Count()).OrderByDescending(g => g.Key).ToList())
        {
            foreach (var area in level)
            {
                Check(agreement.RemoveArea(area));
            }
            Check(await AgreementLoader.SaveAsync(db, ct));
        }
        foreach (var period in agreement.CostObjects.ToList())
        {
            Check(agreement.RemoveCostObject(period));
        }
        foreach (var condition in agreement.Conditions.ToList())
        {
            Check(agreement.RemoveCondition(condition));
        }
        foreach (var obligation in agreement.Obligations.ToList())
        {
            Check(agreement.RemoveObligation(obligation));
        }
        Check(agreement.SetPopulationShare(null));
        // Saved before the new parts are added: the codes of areas and lines are unique per agreement.
        Check(await AgreementLoader.SaveAsync(db, ct));
        var (built, errors) = DefinitionBuilder.Refill(agreement, definition);
        if (errors.Count > 0)
        {
            // Checked whole before the transaction began; a difference here is a bug, and the transaction rolls back.
            throw new InvalidOperationException("The definition checked before the replacement was refused while refilling: " + string.Join(" ", errors.Select(e => $"{e.Field}: {e.Message}")));
        }
        Check(await AgreementLoader.SaveAsync(db, ct));
        return (agreement, built);
    }

    /// <summary>
    /// A ledger row belongs to the agreement that holds its object in its month, so two agreements may hold one object only in months
    /// that do not overlap (<see cref="CostObjectOverlap"/> checks the same for a form's line).
    /// </summary>
    private static async Task<IReadOnlyList<Error>> OverlapsAsync(AppDbContext db, BuiltDefinition built, int? except, DefinitionOrigin origin, CancellationToken ct)
    {
        var codes = built.Periods.Select(p => p.Period.CostObjectCode).Distinct().ToList();
        var others = await db.CostObjectPeriods.AsNoTracking()
            .Where(p => codes.Contains(p.CostObjectCode) && p.AgreementId != (except ?? 0))
            .Select(p => new { p.CostObjectCode, p.From, p.To, p.Agreement.Name, p.Agreement.Code })
            .ToListAsync(ct);
        var errors = new List<Error>();
        foreach (var (period, path) in built.Periods)
        {
            var clash = others.FirstOrDefault(o => o.CostObjectCode == period.CostObjectCode && period.Overlaps(o.From, o.To));
            if (clash is not null)
            {
                var taken = $"Kostnadsobjekt {period.CostObjectCode} hör redan till överenskommelsen {clash.Name} ({clash.Code}) under {clash.From}–{clash.To}";
                errors.Add(new Error(path, origin == DefinitionOrigin.Copy
                    ? $"{taken}, och kopian skulle använda det under {period.From}–{period.To}. En kostnad måste kunna hänföras till en enda överenskommelse: " +
                      "kopiera till ett år då objektet är ledigt, eller exportera överenskommelsen, byt objekt eller månader i filen och importera den."
                    : $"{taken}, och filen ger det {period.From}–{period.To}. En kostnad måste kunna hänföras till en enda överenskommelse: ändra objektets månader " +
                      "(from, to) så att de inte överlappar, eller välj ett annat kostnadsobjekt (be ekonomienheten om ett nytt objekt vid behov)."));
            }
        }
        return errors;
    }

    private static void Check(Result result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("A step checked before the transaction was refused: " + string.Join(" ", result.Errors.Select(e => e.Message)));
        }
    }

    private static T Check<T>(Result<T> result)
    {
        Check((Result)result);
        return result.Value;
    }
}

/// <summary>
/// What a replacement of an agreement would destroy: booked costs on its objects in its months, decided or rejected activities, a
/// decision on unused money, sent reports, distributions, closed months, written answers and statements, rows moved between lines.
/// An agreement with any of them is changed in the app, where each change keeps its history.
/// </summary>
internal static class ReplaceGuard
{
    public static async Task<IReadOnlyList<string>> ReasonsAsync(AppDbContext db, int id, CancellationToken ct)
    {
        var reasons = new List<string>();
        var periods = await db.CostObjectPeriods.AsNoTracking().Where(p => p.AgreementId == id).Select(p => new { p.CostObjectCode, p.From, p.To }).ToListAsync(ct);
        foreach (var p in periods)
        {
            if (await db.LedgerMonthTotals.AnyAsync(t => t.CostObject == p.CostObjectCode && t.Month >= p.From && t.Month <= p.To, ct))
            {
                reasons.Add($"det finns bokförda kostnader på objekt {p.CostObjectCode} under {p.From}–{p.To}");
            }
        }
        if (await db.Activities.AnyAsync(a => a.AgreementId == id && a.DecisionDate != null, ct))
        {
            reasons.Add("insatser är beslutade eller avslagna");
        }
        if (await db.UnusedFundsDecisions.AnyAsync(d => d.AgreementId == id, ct))
        {
            reasons.Add("det finns beslut om outnyttjade medel");
        }
        if (await db.ReportingObligations.AnyAsync(o => o.AgreementId == id && (o.Status == ObligationStatus.Inskickad || o.SentOn != null), ct))
        {
            reasons.Add("rapporter är inskickade");
        }
        if (await db.Distributions.AnyAsync(d => d.AgreementId == id, ct))
        {
            reasons.Add("det finns fördelningar till vårdenheter");
        }
        if (await db.ClosedMonths.AnyAsync(c => c.AgreementId == id && c.ReopenedAtUtc == null, ct))
        {
            reasons.Add("månader är stängda");
        }
        var requirementIds = db.ReportingRequirements.Where(r => r.AgreementId == id).Select(r => r.Id);
        if (await db.RequirementAnswers.AnyAsync(a => requirementIds.Contains(a.RequirementId), ct)
            || await db.ConditionStatements.AnyAsync(s => s.AgreementId == id, ct))
        {
            reasons.Add("svar på återrapporteringskrav eller villkor är skrivna");
        }
        if (await db.RowAssignments.AnyAsync(r => r.AgreementId == id, ct))
        {
            reasons.Add("bokförda rader är flyttade mellan raderna");
        }
        return reasons;
    }
}
