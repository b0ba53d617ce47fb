using System.CommandLine;
using System.Text.Json;
using GrantTracker.Application.Features.Reconciliation;
using GrantTracker.Domain.Common;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace GrantTracker.Cli.Commands;

/// <summary>
/// <c>granttracker reconcile --agreement CODE [--through YYYY-MM] [--json]</c>: the reconciliation of an agreement
/// through a month (the application's <see cref="ReconcileQuery"/>), for scheduled finance jobs. Exit 0 when
/// reconciled (exceptions are part of the result, not a failure); 1 when the agreement does not exist; 2 on
/// wrong usage.
/// </summary>
internal static class ReconcileCommand
{
    /// <summary>Area names are long; the table cuts them, the JSON keeps them whole.</summary>
    private const int NameWidth = 32;

    public static Command Create(TargetOptions target, TextWriter output, TextWriter error)
    {
        var agreement = new Option<string>("--agreement")
        {
            Description = "Överenskommelsens kod, till exempel gnv2023. Koderna listas av granttracker agreements.",
            HelpName = "KOD",
            Required = true,
        };
        var through = new Option<string?>("--through")
        {
            Description = "Avstämning till och med månaden. Utan det: den senaste månaden med bokförda rader.",
            HelpName = "ÅÅÅÅ-MM",
        };
        var json = new Option<bool>("--json") { Description = "Skriv avstämningen som ett JSON-objekt (belopp i kronor som tal)." };
        var command = new Command("reconcile", "Stämmer av en överenskommelse: tilldelat, bokfört och kvar per rad, summor och avvikelser.");
        command.Options.Add(agreement);
        command.Options.Add(through);
        command.Options.Add(json);
        command.SetAction((parsed, ct) => CliApp.ExecuteAsync(parsed, target, error, t => RunAsync(t, new Request(
            parsed.GetValue(agreement)!, parsed.GetValue(through), parsed.GetValue(json)), output, error, ct)));
        return command;
    }

    private sealed record Request(string Agreement, string? Through, bool Json);

    private static async Task<int> RunAsync(DatabaseTarget target, Request request, TextWriter output, TextWriter error, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.Agreement))
        {
            await error.WriteLineAsync("Ange överenskommelsen med --agreement KOD. Koderna listas av granttracker agreements.");
            return CliApp.WrongUsage;
        }
        YearMonth? through = null;
        if (request.Through is not null)
        {
            if (!YearMonth.TryParse(request.Through.Trim(), out var month))
            {
                await error.WriteLineAsync($"Ogiltig månad \"{request.Through}\". Ange --through som ÅÅÅÅ-MM, till exempel 2023-06.");
                return CliApp.WrongUsage;
            }
            through = month;
        }
        await using var services = await CliApp.OpenInitializedAsync(target, error, ct);
        if (services is null)
        {
            return CliApp.Failed;
        }
        await using var scope = services.CreateAsyncScope();

        var code = request.Agreement.Trim();
        var result = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new ReconcileQuery(code, through), ct);
        if (result is null)
        {
            await error.WriteLineAsync($"Överenskommelsen \"{code}\" finns inte. Se koderna med granttracker agreements.");
            return CliApp.Failed;
        }

        if (request.Json)
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(ToJson(result), CliApp.Json));
        }
        else
        {
            await WriteTextAsync(result, output);
        }
        return CliApp.Ok;
    }

    private static async Task WriteTextAsync(ReconciliationResult r, TextWriter output)
    {
        await output.WriteLineAsync($"{r.AgreementName} ({r.AgreementCode}), avstämning till och med {r.Through}{(r.Close.Closed ? " (månaden är stängd)" : "")}");
        await output.WriteLineAsync();

        string[] header = ["Objekt", "Område", "Delområde/Rad", "Tilldelat", "Bokfört", "Kvar"];
        var rows = r.Lines
            .Select(l => new[]
            {
                l.CostObject,
                Cut($"{l.AreaCode} {l.AreaName}"),
                SubAreaOrLine(l),
                Money.Format(l.Figures.Allocated),
                Money.Format(l.Figures.BookedToDate),
                Money.Format(l.Figures.Remaining),
            })
            .ToList();
        string[] totals = ["Summa", "", "", Money.Format(r.Totals.Allocated), Money.Format(r.Totals.Booked), Money.Format(r.Totals.Remaining)];
        var widths = Enumerable.Range(0, header.Length).Select(i => rows.Append(header).Append(totals).Max(row => row[i].Length)).ToArray();

        // Text columns left, amounts right, so the digits line up.
        string Format(string[] row) => string.Join("  ",
            row[0].PadRight(widths[0]), row[1].PadRight(widths[1]), row[2].PadRight(widths[2]),
            row[3].PadLeft(widths[3]), row[4].PadLeft(widths[4]), row[5].PadLeft(widths[5])).TrimEnd();

        await output.WriteLineAsync(Format(header));
        foreach (var row in rows)
        {
            await output.WriteLineAsync(Format(row));
        }
        await output.WriteLineAsync(new string('-', widths.Sum() + 2 * (widths.Length - 1)));
        await output.WriteLineAsync(Format(totals));
        await output.WriteLineAsync();

        if (r.Exceptions.Count == 0)
        {
            await output.WriteLineAsync("Inga avvikelser.");
            return;
        }
        await output.WriteLineAsync($"Avvikelser ({r.Exceptions.Count}):");
        foreach (var e in r.Exceptions)
        {
            var note = e.Note is null ? "" : e.Note.Resolved ? " [åtgärdad]" : " [kommenterad]";
            await output.WriteLineAsync(
                $"  {ReconciliationException.KindText(e.Kind)}, objekt {e.CostObject}: {Money.Format(e.Amount)}, {Rows(e.Rows)}{note}");
            await output.WriteLineAsync($"    {e.Description}");
        }
    }

    /// <summary>The sub-area when the line has one (with the line's own code when it differs), otherwise the line's code; with the line's name when it has one.</summary>
    private static string SubAreaOrLine(ReconciledLine l)
    {
        var line = Cut(l.Label);
        if (l.SubAreaCode is null)
        {
            return l.Code == l.AreaCode && l.Name is null ? "–" : line;
        }
        var sub = Cut($"{l.SubAreaCode} {l.SubAreaName}");
        return l.Code == l.SubAreaCode && l.Name is null ? sub : $"{sub} / {line}";
    }

    private static string Cut(string text) => text.Length <= NameWidth ? text : text[..(NameWidth - 1)].TrimEnd() + "…";

    private static string Rows(long rows) => rows == 1 ? "1 rad" : $"{rows} rader";

    private static decimal? Fraction(decimal? value) => value is { } v ? Math.Round(v, 4, MidpointRounding.AwayFromZero) : null;

    private static object ToJson(ReconciliationResult r) => new
    {
        agreement = r.AgreementCode,
        agreementName = r.AgreementName,
        through = r.Through.ToString(),
        year = r.Year,
        closed = r.Close.Closed,
        lines = r.Lines.Select(l => new
        {
            code = l.Code,
            name = l.Name,
            costObject = l.CostObject,
            areaCode = l.AreaCode,
            area = l.AreaName,
            subAreaCode = l.SubAreaCode,
            subArea = l.SubAreaName,
            year = l.Year,
            ringFenced = l.RingFenced,
            allocated = l.Figures.Allocated,
            bookedInMonth = l.Figures.BookedInMonth,
            booked = l.Figures.BookedToDate,
            remaining = l.Figures.Remaining,
            forecast = l.Figures.Forecast,
            utilisation = Fraction(l.Figures.Utilisation),
            status = l.Status.ToString(),
            rows = l.Rows,
            decided = l.Figures.DecidedBudgets,
            planned = l.Figures.PlannedBudgets,
        }),
        totals = new
        {
            allocated = r.Totals.Allocated,
            bookedInMonth = r.Totals.BookedInMonth,
            booked = r.Totals.Booked,
            remaining = r.Totals.Remaining,
            forecast = r.Totals.Forecast,
            utilisation = Fraction(r.Totals.Utilisation),
            decided = r.Totals.DecidedBudgets,
            planned = r.Totals.PlannedBudgets,
        },
        exceptions = r.Exceptions.Select(e => new
        {
            kind = ReconciliationException.KindName(e.Kind),
            costObject = e.CostObject,
            key = e.Key,
            description = e.Description,
            amount = e.Amount,
            rows = e.Rows,
            note = e.Note is null ? null : new { text = e.Note.Text, resolved = e.Note.Resolved, writtenBy = e.Note.WrittenBy, writtenAtUtc = e.Note.WrittenAtUtc },
        }),
        openExceptions = r.Open.Count,
    };
}
