using System.CommandLine;
using System.Globalization;
using GrantTracker.Application.Features.Archive;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace GrantTracker.Cli.Commands;

/// <summary>
/// <c>granttracker archive CODE --out DIR</c>: the agreement's archive package (<see cref="ArchiveAgreementQuery"/>) written as
/// <c>DIR/arkivpaket-CODE.zip</c>. The package is written beside its final name and renamed when whole, so a failure never leaves half a
/// package under the real name. Exit 0 written; 1 an unknown agreement, a folder that does not exist or cannot be written; 2 wrong usage.
/// </summary>
internal static class ArchiveCommand
{
    public static Command Create(TargetOptions target, TextWriter output, TextWriter error)
    {
        var code = new Argument<string>("CODE") { Description = "Överenskommelsens kod, till exempel gnv2023. Koderna listas av granttracker agreements." };
        var outDir = new Option<string>("--out")
        {
            Description = "Mappen arkivpaketet skrivs till (den måste finnas). Filen heter arkivpaket-KOD.zip.",
            HelpName = "MAPP",
            Required = true,
        };
        var command = new Command("archive",
            "Skriver överenskommelsens arkivpaket för e-arkivet: en zip-fil med definition, insatser, avstämningar, rapporter, fördelningar, huvudboksrader, granskningslogg och innehållsförteckning (METS.xml).");
        command.Arguments.Add(code);
        command.Options.Add(outDir);
        command.SetAction((parsed, ct) => CliApp.ExecuteAsync(parsed, target, error,
            t => RunAsync(t, parsed.GetValue(code)!, parsed.GetValue(outDir)!, output, error, ct)));
        return command;
    }

    private static async Task<int> RunAsync(DatabaseTarget target, string code, string outDir, TextWriter output, TextWriter error, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(outDir))
        {
            await error.WriteLineAsync("Ange mappen för arkivpaketet med --out MAPP. Inget arkivpaket är skrivet.");
            return CliApp.WrongUsage;
        }
        var folder = Path.GetFullPath(outDir);
        if (File.Exists(folder))
        {
            await error.WriteLineAsync($"{folder} är en fil, inte en mapp. Ange en mapp med --out. Inget arkivpaket är skrivet.");
            return CliApp.Failed;
        }
        if (!Directory.Exists(folder))
        {
            await error.WriteLineAsync($"Mappen {folder} finns inte. Skapa den först eller ange en befintlig mapp med --out. Inget arkivpaket är skrivet.");
            return CliApp.Failed;
        }
        await using var services = await CliApp.OpenInitializedAsync(target, error, ct);
        if (services is null)
        {
            return CliApp.Failed;
        }
        await using var scope = services.CreateAsyncScope();
        var trimmed = code.Trim().ToLowerInvariant();
        var final = Path.Combine(folder, ArchivePackage.FileNameFor(trimmed));
        var partial = final + ".part";
        ArchivePackage? package;
        try
        {
            await using (var file = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                package = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new ArchiveAgreementQuery(trimmed, file), ct);
            }
            if (package is null)
            {
                File.Delete(partial);
                await error.WriteLineAsync($"Överenskommelsen {code.Trim()} finns inte. Se koderna med granttracker agreements. Inget arkivpaket är skrivet.");
                return CliApp.Failed;
            }
            File.Move(partial, final, overwrite: true);
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            TryDelete(partial);
            await error.WriteLineAsync($"Arkivpaketet kunde inte skrivas till mappen {folder}: {ex.Message} Kontrollera att mappen går att skriva till och att det finns plats. Inget arkivpaket är skrivet.");
            return CliApp.Failed;
        }
        catch
        {
            TryDelete(partial);
            throw;
        }
        var size = new FileInfo(final).Length;
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Arkivpaketet för {package.Code} är skrivet till {final}: {package.Files.Count} filer i innehållsförteckningen, {package.LedgerRows} huvudboksrader, {size} byte."));
        return CliApp.Ok;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // The refusal already says nothing was written; a leftover .part file is named as what it is.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
