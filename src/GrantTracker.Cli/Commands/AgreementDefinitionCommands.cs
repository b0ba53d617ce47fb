using System.CommandLine;
using System.Text;
using System.Text.Json;
using GrantTracker.Application.Features.Agreements.Definition;
using GrantTracker.Domain.Common;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace GrantTracker.Cli.Commands;

/// <summary>
/// An agreement's definition as a file (<c>docs/agreement-definition.md</c>), from the command line:
/// <c>agreements import FILE [--json] [--replace]</c>, <c>agreements export CODE [--out FILE]</c> and
/// <c>agreements copy CODE --year YYYY [--code NEW] [--with-activities] [--json]</c>. Exit 0 done, 1 refused (nothing written; the errors
/// on stderr, or in the JSON), 2 wrong usage.
/// </summary>
internal static class AgreementDefinitionCommands
{
    public static Command Import(TargetOptions target, TextWriter output, TextWriter error)
    {
        var file = new Argument<FileInfo>("FILE") { Description = "Definitionsfilen (JSON), till exempel en exporterad överenskommelse." };
        var replace = new Option<bool>("--replace")
        {
            Description = "Ersätt en befintlig överenskommelse med samma kod. Bara om inget har hänt i den: inga bokförda kostnader, beslut, inskickade rapporter, fördelningar eller stängda månader.",
        };
        var json = new Option<bool>("--json") { Description = "Skriv resultatet som ett JSON-objekt, med varje fel och dess sökväg." };
        var command = new Command("import", "Importerar en överenskommelses definition från en fil. Hela filen kontrolleras först: vid fel sparas ingenting.");
        command.Arguments.Add(file);
        command.Options.Add(replace);
        command.Options.Add(json);
        command.SetAction((parsed, ct) => CliApp.ExecuteAsync(parsed, target, error,
            t => ImportAsync(t, parsed.GetValue(file)!, parsed.GetValue(replace), parsed.GetValue(json), output, error, ct)));
        return command;
    }

    public static Command Export(TargetOptions target, TextWriter output, TextWriter error)
    {
        var code = new Argument<string>("CODE") { Description = "Överenskommelsens kod, till exempel gnv2023." };
        var outFile = new Option<FileInfo?>("--out") { Description = "Skriv till filen i stället för till standard ut.", HelpName = "FILE" };
        var command = new Command("export", "Skriver en överenskommelses definition som den fil import läser (JSON).");
        command.Arguments.Add(code);
        command.Options.Add(outFile);
        command.SetAction((parsed, ct) => CliApp.ExecuteAsync(parsed, target, error,
            t => ExportAsync(t, parsed.GetValue(code)!, parsed.GetValue(outFile), output, error, ct)));
        return command;
    }

    public static Command Copy(TargetOptions target, TextWriter output, TextWriter error)
    {
        var code = new Argument<string>("CODE") { Description = "Överenskommelsen att kopiera, till exempel gnv2023." };
        var year = new Option<int>("--year") { Description = "Året kopian ska gälla, till exempel 2024.", Required = true, HelpName = "ÅÅÅÅ" };
        var newCode = new Option<string?>("--code")
        {
            Description = "Kopians kod. Utan det: källans kod med året utbytt (gnv2023 → gnv2024), annars kod-år.", HelpName = "NY",
        };
        var withActivities = new Option<bool>("--with-activities") { Description = "Kopiera även insatserna, som utkast med budgeten flyttad till det nya året." };
        var json = new Option<bool>("--json") { Description = "Skriv resultatet som ett JSON-objekt." };
        var command = new Command("copy", "Skapar nästa års överenskommelse som ett utkast: områden, rader, objekt, villkor och rapporteringskrav flyttade till året.");
        command.Arguments.Add(code);
        command.Options.Add(year);
        command.Options.Add(newCode);
        command.Options.Add(withActivities);
        command.Options.Add(json);
        command.SetAction((parsed, ct) => CliApp.ExecuteAsync(parsed, target, error, t => CopyAsync(t,
            new CopyAgreementCommand(parsed.GetValue(code)!, parsed.GetValue(year), parsed.GetValue(newCode), parsed.GetValue(withActivities)),
            parsed.GetValue(json), output, error, ct)));
        return command;
    }

    private static async Task<int> ImportAsync(DatabaseTarget target, FileInfo file, bool replace, bool asJson, TextWriter output, TextWriter error, CancellationToken ct)
    {
        if (!file.Exists)
        {
            await error.WriteLineAsync($"Filen {file.FullName} finns inte. Inget är importerat.");
            return CliApp.Failed;
        }
        await using var services = await CliApp.OpenInitializedAsync(target, error, ct);
        if (services is null)
        {
            return CliApp.Failed;
        }
        await using var scope = services.CreateAsyncScope();
        var content = await File.ReadAllBytesAsync(file.FullName, ct);
        var result = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new ImportAgreementDefinitionCommand(content, replace), ct);
        if (asJson)
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(new
            {
                succeeded = result.Succeeded,
                file = file.Name,
                id = result.Succeeded ? result.Value.Id : (int?)null,
                code = result.Succeeded ? result.Value.Code : null,
                replaced = result.Succeeded && result.Value.Replaced,
                message = result.Succeeded ? result.Value.Message : Refused(file.Name),
                errors = Errors(result),
            }, CliApp.Json));
            return result.Succeeded ? CliApp.Ok : CliApp.Failed;
        }
        if (result.Succeeded)
        {
            await output.WriteLineAsync(result.Value.Message);
            return CliApp.Ok;
        }
        await WriteErrorsAsync(error, Refused(file.Name), result);
        return CliApp.Failed;
    }

    private static async Task<int> ExportAsync(DatabaseTarget target, string code, FileInfo? outFile, TextWriter output, TextWriter error, CancellationToken ct)
    {
        await using var services = await CliApp.OpenInitializedAsync(target, error, ct);
        if (services is null)
        {
            return CliApp.Failed;
        }
        await using var scope = services.CreateAsyncScope();
        var file = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new ExportAgreementDefinitionQuery(Code: code), ct);
        if (file is null)
        {
            await error.WriteLineAsync($"Överenskommelsen {code} finns inte. Se koderna med granttracker agreements.");
            return CliApp.Failed;
        }
        if (outFile is null)
        {
            await output.WriteAsync(Encoding.UTF8.GetString(file.Content));
            return CliApp.Ok;
        }
        await File.WriteAllBytesAsync(outFile.FullName, file.Content, ct);
        await output.WriteLineAsync($"Definitionen av {file.Code} är skriven till {outFile.FullName}.");
        return CliApp.Ok;
    }

    private static async Task<int> CopyAsync(DatabaseTarget target, CopyAgreementCommand command, bool asJson, TextWriter output, TextWriter error, CancellationToken ct)
    {
        await using var services = await CliApp.OpenInitializedAsync(target, error, ct);
        if (services is null)
        {
            return CliApp.Failed;
        }
        await using var scope = services.CreateAsyncScope();
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
        var result = await mediator.Send(command, ct);
        var checklist = result.Succeeded ? await mediator.Send(new GetAgreementChecklistQuery(result.Value.Id), ct) : null;
        var refused = $"Ingen kopia av {command.SourceCode} är skapad. Inget är ändrat.";
        if (asJson)
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(new
            {
                succeeded = result.Succeeded,
                id = result.Succeeded ? result.Value.Id : (int?)null,
                code = result.Succeeded ? result.Value.Code : null,
                status = checklist?.Status.ToString(),
                message = result.Succeeded ? result.Value.Message : refused,
                checklist = checklist?.Sections.Select(s => new { heading = s.Heading, items = s.Items }),
                errors = Errors(result),
            }, CliApp.Json));
            return result.Succeeded ? CliApp.Ok : CliApp.Failed;
        }
        if (!result.Succeeded)
        {
            await WriteErrorsAsync(error, refused, result);
            return CliApp.Failed;
        }
        await output.WriteLineAsync(result.Value.Message);
        foreach (var section in checklist?.Sections ?? [])
        {
            await output.WriteLineAsync();
            await output.WriteLineAsync(section.Heading + ":");
            foreach (var item in section.Items)
            {
                await output.WriteLineAsync("  " + item);
            }
        }
        return CliApp.Ok;
    }

    private static string Refused(string fileName) => $"Filen {fileName} är inte importerad. Inget är ändrat. Rätta felen nedan och importera filen igen.";

    private static IEnumerable<object> Errors(Result result) => result.Errors.Select(e => new { path = e.Field, message = e.Message });

    private static async Task WriteErrorsAsync(TextWriter error, string heading, Result result)
    {
        await error.WriteLineAsync(heading);
        foreach (var e in result.Errors)
        {
            await error.WriteLineAsync(e.Field.Length == 0 ? $"  {e.Message}" : $"  {e.Field}: {e.Message}");
        }
    }
}
