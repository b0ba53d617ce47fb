using System.CommandLine;
using GrantTracker.Application.Features.Reconciliation;
using GrantTracker.Application.Features.Reports;
using GrantTracker.Application.Reports;
using GrantTracker.Domain.Common;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace GrantTracker.Cli.Commands;

/// <summary>
/// <c>granttracker report final|monthly|actionplan --agreement CODE … --out FILE.xlsx</c>: the web app's report
/// workbooks for scheduled jobs. Exit 0 when written; 1 when the agreement does not exist or the file cannot be
/// written; 2 on wrong usage.
/// </summary>
internal static class ReportCommand
{
    public static Command Create(TargetOptions target, TextWriter output, TextWriter error)
    {
        var command = new Command("report", "Skriver en rapport som Excel-arbetsbok: slutredovisning, månadsrapport eller handlingsplan.");
        command.Subcommands.Add(Final(target, output, error));
        command.Subcommands.Add(Monthly(target, output, error));
        command.Subcommands.Add(ActionPlan(target, output, error));
        return command;
    }

    private static Option<string> Agreement() => new("--agreement")
    {
        Description = "Överenskommelsens kod, till exempel gnv2023. Koderna listas av granttracker agreements.",
        HelpName = "KOD",
        Required = true,
    };

    private static Option<FileInfo> Out() => new("--out")
    {
        Description = "Arbetsbokens sökväg, till exempel slutredovisning.xlsx.",
        HelpName = "FIL.xlsx",
        Required = true,
    };

    private static Command Final(TargetOptions target, TextWriter output, TextWriter error)
    {
        var agreement = Agreement();
        var year = new Option<int>("--year") { Description = "Året som redovisas, till exempel 2023.", HelpName = "ÅÅÅÅ", Required = true };
        var file = Out();
        var command = new Command("final", "Slutredovisning till Socialstyrelsen för en överenskommelse och ett år.") { agreement, year, file };
        command.SetAction((parsed, ct) => CliApp.ExecuteAsync(parsed, target, error, t => WriteAsync(t, parsed.GetValue(agreement)!, parsed.GetValue(file)!, output, error,
            async (mediator, code, today) => await mediator.Send(new GetFinalReportQuery(code, parsed.GetValue(year)), ct) is { } data
                ? GrantReports.FinalReport(data, today, await mediator.Send(new GetFinalReportTieOutQuery(code, parsed.GetValue(year)), ct))
                : null, ct)));
        return command;
    }

    private static Command Monthly(TargetOptions target, TextWriter output, TextWriter error)
    {
        var agreement = Agreement();
        var through = new Option<string>("--through") { Description = "Månaden som rapporteras.", HelpName = "ÅÅÅÅ-MM", Required = true };
        var file = Out();
        var command = new Command("monthly", "Månadsrapport: avstämningen till och med månaden med avvikelser och kommentarer.") { agreement, through, file };
        command.SetAction(async (parsed, ct) =>
        {
            if (!YearMonth.TryParse(parsed.GetValue(through)?.Trim(), out var month))
            {
                await error.WriteLineAsync($"Ogiltig månad \"{parsed.GetValue(through)}\". Ange --through som ÅÅÅÅ-MM, till exempel 2023-06.");
                return CliApp.WrongUsage;
            }
            return await CliApp.ExecuteAsync(parsed, target, error, t => WriteAsync(t, parsed.GetValue(agreement)!, parsed.GetValue(file)!, output, error,
                async (mediator, code, today) => await mediator.Send(new ReconcileQuery(code, month), ct) is { } r
                    ? GrantReports.Reconciliation(r, "Månadsrapport", today, $"manad-{code}-{month}.xlsx")
                    : null, ct));
        });
        return command;
    }

    private static Command ActionPlan(TargetOptions target, TextWriter output, TextWriter error)
    {
        var agreement = Agreement();
        var file = Out();
        var command = new Command("actionplan", "Handlingsplan: insatserna per område med mål, ansvarig och budget.") { agreement, file };
        command.SetAction((parsed, ct) => CliApp.ExecuteAsync(parsed, target, error, t => WriteAsync(t, parsed.GetValue(agreement)!, parsed.GetValue(file)!, output, error,
            async (mediator, code, today) => await mediator.Send(new GetActionPlanQuery(code), ct) is { } plan
                ? GrantReports.ActionPlan(plan.AgreementCode, plan.AgreementName, plan.Rows, today)
                : null, ct)));
        return command;
    }

    private static async Task<int> WriteAsync(DatabaseTarget target, string agreement, FileInfo file, TextWriter output, TextWriter error,
        Func<IMediator, string, DateOnly, Task<ReportDocument?>> build, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(agreement))
        {
            await error.WriteLineAsync("Ange överenskommelsen med --agreement KOD. Koderna listas av granttracker agreements.");
            return CliApp.WrongUsage;
        }
        if (!string.Equals(file.Extension, ".xlsx", StringComparison.OrdinalIgnoreCase))
        {
            await error.WriteLineAsync($"Rapporten skrivs som Excel-arbetsbok: ange en fil som slutar på .xlsx (fick \"{file.Name}\").");
            return CliApp.WrongUsage;
        }
        await using var services = await CliApp.OpenInitializedAsync(target, error, ct);
        if (services is null)
        {
            return CliApp.Failed;
        }
        await using var scope = services.CreateAsyncScope();
        var code = agreement.Trim();
        var today = SwedishFormat.Today(scope.ServiceProvider.GetRequiredService<TimeProvider>());
        var document = await build(scope.ServiceProvider.GetRequiredService<IMediator>(), code, today);
        if (document is null)
        {
            await error.WriteLineAsync($"Överenskommelsen \"{code}\" finns inte. Se koderna med granttracker agreements.");
            return CliApp.Failed;
        }
        // Write beside the target and move into place: a failed run never leaves half a workbook.
        var temporary = file.FullName + ".tmp";
        try
        {
            file.Directory?.Create();
            await using (var stream = File.Create(temporary))
            {
                ExcelReportWriter.Write(document, stream);
            }
            File.Move(temporary, file.FullName, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            File.Delete(temporary);
            await error.WriteLineAsync($"Kunde inte skriva {file.FullName}: {e.Message}");
            return CliApp.Failed;
        }
        await output.WriteLineAsync($"{document.Title} ({document.Subtitle}) skriven till {file.FullName}: {document.Parts.Count} blad.");
        return CliApp.Ok;
    }
}
