using System.CommandLine;
using GrantTracker.Application.Features.Ledger;
using GrantTracker.Domain.Common;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace GrantTracker.Cli.Commands;

/// <summary>
/// <c>granttracker verify</c>: recomputes the ledger's month totals from its rows and compares them with the stored
/// totals the pages read. Exit code 0 when they are equal to the öre, 1 when they differ (each difference listed).
/// </summary>
internal static class VerifyCommand
{
    /// <summary>At most this many differences are listed; the count is always given.</summary>
    private const int MaxListed = 50;

    public static Command Create(TargetOptions target, TextWriter output, TextWriter error)
    {
        var command = new Command("verify", "Kontrollerar att månadssummorna som sidorna läser är lika med de lagrade huvudboksraderna, på öret.");
        command.SetAction((parsed, ct) => CliApp.ExecuteAsync(parsed, target, error, t => RunAsync(t, output, error, ct)));
        return command;
    }

    private static async Task<int> RunAsync(DatabaseTarget target, TextWriter output, TextWriter error, CancellationToken ct)
    {
        await using var services = await CliApp.OpenInitializedAsync(target, error, ct);
        if (services is null)
        {
            return CliApp.Failed;
        }
        await using var scope = services.CreateAsyncScope();
        var differences = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new VerifyLedgerTotalsQuery(), ct);
        if (differences.Count == 0)
        {
            await output.WriteLineAsync("Månadssummorna stämmer med huvudboksraderna på öret.");
            return CliApp.Ok;
        }
        await output.WriteLineAsync($"Månadssummorna skiljer sig från huvudboksraderna i {differences.Count} grupper. Importera de berörda månaderna igen eller kontakta systemförvaltaren.");
        await output.WriteLineAsync("källa  månad  objekt  konto  projekt  rader (huvudbok / summor)  belopp (huvudbok / summor)");
        foreach (var d in differences.Take(MaxListed))
        {
            await output.WriteLineAsync(
                $"{d.Source}  {d.Month}  {d.CostObject}  {d.AccountNumber}  {(d.Project.Length == 0 ? "–" : d.Project)}  " +
                $"{d.LedgerRows} / {d.TotalRows}  {Money.Format(Money.FromOre(d.LedgerOre))} / {Money.Format(Money.FromOre(d.TotalOre))}");
        }
        if (differences.Count > MaxListed)
        {
            await output.WriteLineAsync($"… och {differences.Count - MaxListed} grupper till.");
        }
        return CliApp.Failed;
    }
}
