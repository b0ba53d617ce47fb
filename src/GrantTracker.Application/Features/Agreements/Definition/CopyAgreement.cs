using System.Globalization;
using System.Text.RegularExpressions;
using GrantTracker.Application.Auditing;
using GrantTracker.Application.Data;
using GrantTracker.Domain.Common;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Features.Agreements.Definition;

/// <summary>
/// Next year's agreement from this year's: a draft (Utkast) for <paramref name="Year"/>, made the one way a definition gets in, as the
/// source's export moved by the difference in years and imported (<see cref="NextYear.Shift"/>). What moves and what does not is
/// stated in <see cref="NextYear"/>. Refused with nothing written when the code exists or a moved cost-object period overlaps
/// another agreement's.
/// </summary>
/// <param name="NewCode">The draft's code; without it the source's code with its first year replaced (gnv2023 → gnv2024), else {code}-{year}.</param>
/// <param name="WithActivities">Copy the activities too, as drafts with their budgets and dates moved.</param>
public sealed record CopyAgreementCommand(string SourceCode, int Year, string? NewCode = null, bool WithActivities = false) : ICommand<Result<DefinitionImported>>;

public sealed class CopyAgreementHandler(AppDbContext db, IAuditActor actor, TimeProvider clock) : ICommandHandler<CopyAgreementCommand, Result<DefinitionImported>>
{
    public async ValueTask<Result<DefinitionImported>> Handle(CopyAgreementCommand command, CancellationToken ct)
    {
        var source = await DefinitionSource.ReadAsync(db, null, command.SourceCode ?? "", ct);
        if (source is null)
        {
            return Result.Fail<DefinitionImported>(AgreementLoader.UnknownCode.Errors);
        }
        if (command.Year is < 2000 or > 2200)
        {
            return Result.Fail<DefinitionImported>("Year", "Ange året kopian ska gälla med fyra siffror, till exempel 2024.");
        }
        var first = source.StartDate.Year;
        if (command.Year == first)
        {
            return Result.Fail<DefinitionImported>("Year", $"Överenskommelsen börjar redan {first}. Ange året kopian ska gälla, till exempel {first + 1}.");
        }
        var code = string.IsNullOrWhiteSpace(command.NewCode) ? NextYear.DefaultCode(source.Code, first, command.Year) : command.NewCode.Trim().ToLowerInvariant();
        if (await db.Agreements.AnyAsync(a => a.Code == code, ct))
        {
            return Result.Fail<DefinitionImported>("NewCode",
                $"Det finns redan en överenskommelse med koden {code}. Ange en annan kod för kopian, till exempel {code}b, eller öppna den befintliga.");
        }
        var copy = NextYear.Shift(source, command.Year - first, code, command.WithActivities);
        var imported = await DefinitionImporter.ImportAsync(db, copy, [], replace: false, actor.UserName, clock.GetUtcNow().UtcDateTime, DefinitionOrigin.Copy, ct);
        if (!imported.Succeeded)
        {
            return imported;
        }
        var result = imported.Value;
        return Result.Ok(result with
        {
            Message = $"Utkastet {result.Name} ({result.Code}) är skapat från {source.Name}. Gå igenom listan ”Kontrollera innan överenskommelsen görs aktiv” och gör den sedan aktiv.",
        });
    }
}

/// <summary>
/// How a definition is moved to another year: every date, month and year by the same number of years (the period, the lines' years,
/// the cost objects' months, the obligations' due dates, the requirements' years, the activities' budgets and dates), and a year of
/// the source's own period written in what names the period (the name, a line's code such as PM.1-2018 and name, an object's name, a
/// report's title and note, a requirement's text) with them; descriptions, conditions and activities' texts quote the document and stay. Amounts, names, ring-fencing, earmarks, conditions and project codes stay as they are, for the officer to check; the national
/// keys keep their rules with the amounts left to fill in (<see cref="Domain.Agreements.NationalKey.Pending"/>); the obligations start
/// afresh (Ej påbörjad) without last year's owner, who may not own next year's report; the copy is a draft.
/// </summary>
internal static partial class NextYear
{
    /// <summary>The source's code with its first year replaced (gnv2023 → gnv2024), or {code}-{year} when it has none.</summary>
    public static string DefaultCode(string code, int first, int year)
    {
        var from = first.ToString(CultureInfo.InvariantCulture);
        var to = year.ToString(CultureInfo.InvariantCulture);
        return code.Contains(from, StringComparison.Ordinal) ? code.Replace(from, to, StringComparison.Ordinal) : $"{code}-{to}";
    }

    public static AgreementDefinition Shift(AgreementDefinition d, int years, string code, bool withActivities)
    {
        var first = d.StartDate.Year;
        var last = d.EndDate.Year;
        string? Text(string? text) => text is null ? null : Year().Replace(text, m =>
        {
            var y = int.Parse(m.Value, CultureInfo.InvariantCulture);
            return y >= first && y <= last ? (y + years).ToString(CultureInfo.InvariantCulture) : m.Value;
        });
        string Month(string month) => YearMonth.Parse(month).AddMonths(12 * years).ToString();
        NationalKeyDefinition? Key(NationalKeyDefinition? key) => key is null ? null : key with { Amount = 0, Table = null, Source = null };
        LineDefinition Line(LineDefinition l) => l with
        {
            Code = Text(l.Code)!, Year = l.Year + years, Name = Text(l.Name), National = Key(l.National),
        };
        AreaDefinition Area(AreaDefinition a) => a with
        {
            SubAreas = a.SubAreas.Select(Area).ToList(), Lines = a.Lines.Select(Line).ToList(), National = Key(a.National),
        };
        return d with
        {
            Code = code,
            Name = Text(d.Name)!,
            Source = null,
            Status = nameof(Domain.Agreements.AgreementStatus.Utkast),
            StartDate = d.StartDate.AddYears(years),
            EndDate = d.EndDate.AddYears(years),
            Areas = d.Areas.Select(Area).ToList(),
            CostObjects = d.CostObjects.Select(o => o with { Name = Text(o.Name)!, From = Month(o.From), To = Month(o.To) }).ToList(),
            Obligations = d.Obligations.Select(o => o with { Title = Text(o.Title)!, Note = Text(o.Note), DueDate = o.DueDate.AddYears(years), Owner = null }).ToList(),
            Requirements = d.Requirements.Select(r => r with { Text = Text(r.Text)!, FirstYear = r.FirstYear + years, LastYear = r.LastYear + years }).ToList(),
            Activities = withActivities
                ? d.Activities.Select(a => a with
                {
                    LineCode = Text(a.LineCode),
                    Budget = null,
                    Budgets = (a.Budgets ?? (a.Budget is { } b ? [new BudgetDefinition(first, b)] : [])).Select(x => x with { Year = x.Year + years }).ToList(),
                    StartDate = a.StartDate?.AddYears(years),
                    EndDate = a.EndDate?.AddYears(years),
                }).ToList()
                : [],
        };
    }

    /// <summary>A year as a word of its own: not part of a longer number, nor a statute's number such as (2022:913).</summary>
    [GeneratedRegex(@"(?<!\d)(19|20|21)\d{2}(?![\d:])")]
    private static partial Regex Year();
}
