using System.CommandLine;
using System.Globalization;
using GrantTracker.Application.Features.Audit;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace GrantTracker.Cli.Commands;

/// <summary>
/// <c>granttracker audit [--object TYP] [--user DEL] [--from ÅÅÅÅ-MM-DD] [--to ÅÅÅÅ-MM-DD] [--limit N]</c>: the audit trail as Granskningslogg
/// shows it (the same <see cref="AuditPresenter"/>), newest first, one entry per block. Exit 0; 2 on wrong usage.
/// </summary>
internal static class AuditCommand
{
    public static Command Create(TargetOptions target, TextWriter output, TextWriter error)
    {
        var kind = new Option<string?>("--object") { Description = "Bara en typ av objekt, med sitt interna namn (Agreement, Activity, SignIn …).", HelpName = "TYP" };
        var user = new Option<string?>("--user") { Description = "Bara användare vars namn innehåller texten.", HelpName = "TEXT" };
        var from = new Option<string?>("--from") { Description = "Från och med dagen (svensk tid).", HelpName = "ÅÅÅÅ-MM-DD" };
        var to = new Option<string?>("--to") { Description = "Till och med dagen (svensk tid).", HelpName = "ÅÅÅÅ-MM-DD" };
        var limit = new Option<int>("--limit") { Description = "Högst så många händelser, de senaste (standard 100).", HelpName = "N", DefaultValueFactory = _ => 100 };
        var command = new Command("audit", "Visar granskningsloggen som sidan Granskningslogg: tid i svensk tid, användare, objekt, händelse och ändringar.");
        foreach (var option in new Option[] { kind, user, from, to, limit })
        {
            command.Options.Add(option);
        }
        command.SetAction((parsed, ct) => CliApp.ExecuteAsync(parsed, target, error, t => RunAsync(t,
            parsed.GetValue(kind), parsed.GetValue(user), parsed.GetValue(from), parsed.GetValue(to), parsed.GetValue(limit), output, error, ct)));
        return command;
    }

    private static async Task<int> RunAsync(DatabaseTarget target, string? kind, string? user, string? fromText, string? toText, int limit,
        TextWriter output, TextWriter error, CancellationToken ct)
    {
        DateOnly? Day(string? text) => text is null ? null
            : DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : DateOnly.MinValue;
        var (from, to) = (Day(fromText), Day(toText));
        if (from == DateOnly.MinValue || to == DateOnly.MinValue)
        {
            await error.WriteLineAsync("Datumet kunde inte läsas. Ange det som ÅÅÅÅ-MM-DD, till exempel 2024-03-31.");
            return CliApp.WrongUsage;
        }
        if (limit < 1)
        {
            await error.WriteLineAsync("Ange --limit som ett positivt heltal.");
            return CliApp.WrongUsage;
        }
        await using var services = await CliApp.OpenInitializedAsync(target, error, ct);
        if (services is null)
        {
            return CliApp.Failed;
        }
        await using var scope = services.CreateAsyncScope();
        var export = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(
            new ExportAuditEntriesQuery(new ListAuditEntriesQuery(kind, user, from, to), limit), ct);
        await output.WriteLineAsync(export.Truncated
            ? $"De {export.Rows.Count} senaste av {export.Total} händelser, nyast först. Tider i svensk tid."
            : $"{export.Total} händelser, nyast först. Tider i svensk tid.");
        foreach (var row in export.Rows)
        {
            var shown = row.Shown;
            await output.WriteLineAsync();
            await output.WriteLineAsync($"{shown.At}  {shown.User}  {shown.Action}  {shown.Kind}: {shown.Target}");
            foreach (var change in shown.FieldTexts)
            {
                await output.WriteLineAsync("    " + change.ReplaceLineEndings(" "));
            }
        }
        return CliApp.Ok;
    }
}
