using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using GrantTracker.Application.Features.Distribution;
using GrantTracker.Application.Imports;
using GrantTracker.Domain.Common;
using GrantTracker.Domain.Distribution;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace GrantTracker.Cli.Commands;

/// <summary>
/// <c>granttracker units import FILE [--as-of YYYY-MM-DD] [--confirm] [--json]</c>: a Hälsoval listing of the primary-care
/// units; <c>granttracker distribute --agreement CODE --line CODE --amount KR --key listade|alder|glesbygd|halsoval
/// [--model YEAR] [--as-of YYYY-MM-DD] [--json]</c>: what each unit of the listing would get. Exit 0 done, 1 refused, 2 wrong usage.
/// </summary>
internal static class DistributionCommands
{
    public static Command Units(TargetOptions target, TextWriter output, TextWriter error)
    {
        var file = new Argument<FileInfo>("FILE") { Description = "Listningen: CSV (semikolon) eller Excel (.xlsx) med rubrikraden " + UnitListingReader.HeaderLine };
        var asOf = new Option<string?>("--as-of") { Description = "Listningens datum. Utan det: i dag.", HelpName = "ÅÅÅÅ-MM-DD" };
        var confirm = new Option<bool>("--confirm") { Description = "Ta in listningen även om vårdenheter byter organisationsnummer eller driftform, eller antalet listade ändras mer än Import:ListingChangeTolerance." };
        var json = new Option<bool>("--json") { Description = "Skriv resultatet som ett JSON-objekt." };
        var import = new Command("import", "Importerar en listning av vårdenheterna. Allt eller inget.");
        import.Arguments.Add(file);
        import.Options.Add(asOf);
        import.Options.Add(confirm);
        import.Options.Add(json);
        import.SetAction((parsed, ct) => CliApp.ExecuteAsync(parsed, target, error, async t =>
        {
            var path = parsed.GetValue(file)!;
            if (!TryAsOf(parsed.GetValue(asOf), out var given))
            {
                await error.WriteLineAsync($"--as-of ”{parsed.GetValue(asOf)}” ska vara ett datum, ÅÅÅÅ-MM-DD.");
                return CliApp.WrongUsage;
            }
            var date = given ?? SwedishFormat.Today(TimeProvider.System);
            if (!path.Exists)
            {
                await error.WriteLineAsync($"Filen {path.FullName} finns inte. Inget är importerat.");
                return CliApp.Failed;
            }
            await using var services = await CliApp.OpenInitializedAsync(t, error, ct);
            if (services is null)
            {
                return CliApp.Failed;
            }
            await using var scope = services.CreateAsyncScope();
            var result = await scope.ServiceProvider.GetRequiredService<IMediator>()
                .Send(new ImportUnitListingCommand(path.FullName, path.Name, date, parsed.GetValue(confirm)), ct);
            if (parsed.GetValue(json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(new
                {
                    succeeded = result.Succeeded, listingId = result.ListingId, asOf = SwedishFormat.Date(date), units = result.Units, listed = result.Listed,
                    needsConfirmation = result.NeedsConfirmation,
                    changes = result.Changes.Select(c => new
                    {
                        unit = c.Code, name = c.Name, organisationBefore = c.OrganisationBefore, organisationAfter = c.OrganisationAfter,
                        ownershipBefore = c.OwnershipBefore?.ToString(), ownershipAfter = c.OwnershipAfter.ToString(),
                    }),
                    listedChanges = result.ListedChanges.Select(c => new
                    {
                        unit = c.Code, name = c.Name, previousAsOf = SwedishFormat.Date(c.PreviousAsOf), before = c.Before, after = c.After,
                    }),
                    errors = result.Errors.Select(e => new { line = e.Line, field = e.Field, message = e.Message }),
                    message = result.Message,
                }, CliApp.Json));
            }
            else
            {
                await (result.Succeeded ? output : error).WriteLineAsync(result.Message);
                foreach (var c in result.Changes)
                {
                    await output.WriteLineAsync($"  {c.Code} {c.Name}: {c.OrganisationBefore} {c.OwnershipBefore} → {c.OrganisationAfter} {c.OwnershipAfter}");
                }
                foreach (var c in result.ListedChanges)
                {
                    await output.WriteLineAsync($"  {c.Code} {c.Name}: {c.Before} listade → {(c.After is { } after ? $"{after} listade" : "saknas i filen")}");
                }
                foreach (var e in result.Errors)
                {
                    await error.WriteLineAsync("  " + e);
                }
                if (result.NeedsConfirmation)
                {
                    await error.WriteLineAsync("Kör med --confirm om ändringarna är riktiga.");
                }
            }
            return result.Succeeded ? CliApp.Ok : CliApp.Failed;
        }));
        var units = new Command("units", "Vårdenheterna i Hälsoval och deras listningar.");
        units.Subcommands.Add(import);
        return units;
    }

    public static Command Distribute(TargetOptions target, TextWriter output, TextWriter error)
    {
        var agreement = new Option<string>("--agreement") { Description = "Överenskommelsens kod, till exempel gnv2023.", Required = true };
        var line = new Option<string>("--line") { Description = "Raden pengarna kommer från, till exempel 2.1.", Required = true };
        var amount = new Option<long>("--amount") { Description = "Beloppet att fördela, hela kronor.", Required = true, HelpName = "KR" };
        var key = new Option<string>("--key") { Description = "Fördelningsnyckel: listade, alder, glesbygd eller halsoval.", Required = true, HelpName = "listade|alder|glesbygd|halsoval" };
        var model = new Option<int?>("--model") { Description = "Hälsovalsmodellens år. Utan det: listningens år eller närmast före.", HelpName = "ÅR" };
        var asOf = new Option<string?>("--as-of") { Description = "Listningens datum. Utan det: den senaste listningen.", HelpName = "ÅÅÅÅ-MM-DD" };
        var json = new Option<bool>("--json") { Description = "Skriv fördelningen som ett JSON-objekt." };
        var save = new Option<string?>("--save") { Description = "Spara fördelningen som ett utkast med det här namnet (en beslutsfattare beslutar den i webben).", HelpName = "NAMN" };
        var command = new Command("distribute", "Visar vad varje vårdenhet får av ett belopp enligt en fördelningsnyckel, exakt på kronan. Sparas bara med --save.");
        foreach (var option in new Option[] { agreement, line, amount, key, model, asOf, json, save })
        {
            command.Options.Add(option);
        }
        command.SetAction((parsed, ct) => CliApp.ExecuteAsync(parsed, target, error, async t =>
        {
            if (!Enum.TryParse<DistributionKey>(parsed.GetValue(key), ignoreCase: true, out var chosen) || !Enum.IsDefined(chosen))
            {
                await error.WriteLineAsync($"Okänd nyckel ”{parsed.GetValue(key)}”. Ange --key listade, alder, glesbygd eller halsoval.");
                return CliApp.WrongUsage;
            }
            if (!TryAsOf(parsed.GetValue(asOf), out var date))
            {
                await error.WriteLineAsync($"--as-of ”{parsed.GetValue(asOf)}” ska vara ett datum, ÅÅÅÅ-MM-DD.");
                return CliApp.WrongUsage;
            }
            await using var services = await CliApp.OpenInitializedAsync(t, error, ct);
            if (services is null)
            {
                return CliApp.Failed;
            }
            await using var scope = services.CreateAsyncScope();
            var result = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new PreviewDistributionQuery(
                parsed.GetValue(amount), chosen, parsed.GetValue(model), date, parsed.GetValue(agreement), parsed.GetValue(line)), ct);
            if (!result.Succeeded)
            {
                foreach (var e in result.Errors)
                {
                    await error.WriteLineAsync(e.Message);
                }
                return CliApp.Failed;
            }
            var r = result.Value.Result;
            int? savedId = null;
            if (parsed.GetValue(save) is { } name)
            {
                var saved = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new SaveDistributionCommand(
                    name, parsed.GetValue(agreement)!, parsed.GetValue(line)!, parsed.GetValue(amount), chosen, r.ModelYear, result.Value.ListingAsOf), ct);
                if (!saved.Succeeded)
                {
                    foreach (var e in saved.Errors)
                    {
                        await error.WriteLineAsync(e.Message);
                    }
                    return CliApp.Failed;
                }
                savedId = saved.Value;
            }
            if (parsed.GetValue(json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(new
                {
                    total = r.Total, key = r.Key.ToString().ToLowerInvariant(), model = r.ModelYear, listing = SwedishFormat.Date(result.Value.ListingAsOf), saved = savedId,
                    @public = r.Public, @private = r.Private,
                    units = r.Units.Select(u => new { unit = u.Code, name = u.Name, ownership = u.Ownership.ToString(), points = u.Points, amount = u.Amount }),
                }, CliApp.Json));
                return CliApp.Ok;
            }
            await output.WriteLineAsync($"{Money.Format(r.Total)} enligt nyckeln {r.Key.ToString().ToLowerInvariant()}, Hälsovalsmodellen {r.ModelYear}, listningen per {SwedishFormat.Date(result.Value.ListingAsOf)}:");
            var width = r.Units.Max(u => u.Name.Length);
            foreach (var u in r.Units)
            {
                await output.WriteLineAsync($"  {u.Code,-20} {u.Name.PadRight(width)}  {u.Ownership,-9} {u.Points.ToString("#,0.##", SwedishFormat.Numbers),14}  {Money.Format(u.Amount),16}");
            }
            await output.WriteLineAsync($"Offentliga {Money.Format(r.Public)}, privata {Money.Format(r.Private)}, summa {Money.Format(r.Units.Sum(u => u.Amount))}.");
            if (savedId is { } id)
            {
                await output.WriteLineAsync($"Sparad som utkast nr {id}. En beslutsfattare beslutar den under Fördelningar.");
            }
            return CliApp.Ok;
        }));
        return command;
    }

    /// <summary>An --as-of value: null when not given, false when it is not a date.</summary>
    private static bool TryAsOf(string? text, out DateOnly? date)
    {
        date = null;
        if (text is null)
        {
            return true;
        }
        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            return false;
        }
        date = parsed;
        return true;
    }
}
