using System.CommandLine;
using System.Text.Json;
using GrantTracker.Application.Features.Agreements;
using GrantTracker.Domain.Common;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace GrantTracker.Cli.Commands;

/// <summary>
/// <c>granttracker agreements [--json]</c>: the agreements with their period and the region's allocation; its subcommands import, export
/// and copy a definition (<see cref="AgreementDefinitionCommands"/>).
/// </summary>
internal static class AgreementsCommand
{
    public static Command Create(TargetOptions target, TextWriter output, TextWriter error)
    {
        var json = new Option<bool>("--json") { Description = "Skriv listan som JSON (belopp i kronor som tal)." };
        var command = new Command("agreements", "Listar överenskommelserna: kod, namn, period och regionens tilldelning.");
        command.Options.Add(json);
        command.Subcommands.Add(AgreementDefinitionCommands.Import(target, output, error));
        command.Subcommands.Add(AgreementDefinitionCommands.Export(target, output, error));
        command.Subcommands.Add(AgreementDefinitionCommands.Copy(target, output, error));
        command.SetAction((parsed, ct) =>
            CliApp.ExecuteAsync(parsed, target, error, t => RunAsync(t, parsed.GetValue(json), output, error, ct)));
        return command;
    }

    private static async Task<int> RunAsync(DatabaseTarget target, bool asJson, TextWriter output, TextWriter error, CancellationToken ct)
    {
        await using var services = await CliApp.OpenInitializedAsync(target, error, ct);
        if (services is null)
        {
            return CliApp.Failed;
        }
        await using var scope = services.CreateAsyncScope();

        var agreements = (await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new ListAgreementsQuery(), ct)).Rows;
        if (asJson)
        {
            var rows = agreements.Select(a => new AgreementRow(a.Code, a.Name, a.StartDate, a.EndDate, a.RegionAllocation));
            await output.WriteLineAsync(JsonSerializer.Serialize(rows, CliApp.Json));
            return CliApp.Ok;
        }
        if (agreements.Count == 0)
        {
            await output.WriteLineAsync("Det finns inga överenskommelser. Kör granttracker init för att ladda dem.");
            return CliApp.Ok;
        }
        string[] header = ["Kod", "Namn", "Period", "Tilldelning"];
        var table = agreements
            .Select(a => new[] { a.Code, a.Name, $"{SwedishFormat.Date(a.StartDate)}–{SwedishFormat.Date(a.EndDate)}", Money.Format(a.RegionAllocation) })
            .ToList();
        var widths = Enumerable.Range(0, header.Length).Select(i => table.Append(header).Max(r => r[i].Length)).ToArray();
        foreach (var row in table.Prepend(header))
        {
            // Text columns left, the amount right, so the digits line up.
            await output.WriteLineAsync(string.Join("  ",
                row[0].PadRight(widths[0]), row[1].PadRight(widths[1]), row[2].PadRight(widths[2]), row[3].PadLeft(widths[3])));
        }
        return CliApp.Ok;
    }

    private sealed record AgreementRow(string Code, string Name, DateOnly StartDate, DateOnly EndDate, decimal? RegionAllocation);
}
