using System.CommandLine;
using System.Text.Json;
using GrantTracker.Application.Features.Ledger;
using GrantTracker.Application.Imports;
using GrantTracker.Domain.Common;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace GrantTracker.Cli.Commands;

/// <summary>
/// <c>granttracker import FILE [--format sie|csv|xlsx] [--object-dimension N] [--sheet NAME] [--mapping NAME] [--control BALANCES]
/// [--allow-shrink] [--allow-duplicates] [--dry-run] [--json]</c>: the web app's ledger import for scheduled jobs. Exit 0 when imported, already
/// imported or dry-run; 1 when the file is refused (nothing stored); 2 on wrong usage. Without a control (#PSALDO in a SIE file, or
/// <c>--control</c> with the ledger's balance report) the import runs and leaves its months not tied out (ADR 21).
/// </summary>
internal static class ImportCommand
{
    public static Command Create(TargetOptions target, TextWriter output, TextWriter error, bool? interactive)
    {
        var file = new Argument<FileInfo>("FILE") { Description = "Exporten från huvudboken: SIE 4 (.se/.si/.sie), CSV (.csv) eller Excel (.xlsx)." };
        var format = new Option<string?>("--format") { Description = "Filformat: sie, csv eller xlsx. Utan det avgör filnamnet.", HelpName = "sie|csv|xlsx" };
        var dimension = new Option<int?>("--object-dimension")
        {
            Description = "SIE: dimensionen som bär kostnadsobjektet. Utan det: #DIM med namnet Objekt, annars 6.",
            HelpName = "N",
        };
        var sheet = new Option<string?>("--sheet") { Description = "Excel: bladet som ska läsas. Utan det: första bladet.", HelpName = "NAMN" };
        var mapping = new Option<string?>("--mapping")
        {
            Description = "CSV och Excel: namnet på en sparad kolumnmappning. Utan det: Verifikation;Datum;Konto;Ansvar;Objekt;Belopp;Text.",
            HelpName = "NAMN",
        };
        var dryRun = new Option<bool>("--dry-run") { Description = "Kontrollera filen och visa vad som skulle hända, månad för månad, utan att spara." };
        var allowShrink = new Option<bool>("--allow-shrink")
        {
            Description = "Ersätt även om en månad som redan har rader skulle få färre rader eller ett mindre belopp (en avkortad fil gör så). Kontrollera först med --dry-run.",
        };
        var allowDuplicates = new Option<bool>("--allow-duplicates")
        {
            Description = "Importera även om filen har likadana rader (samma verifikation, konto, objekt, belopp, datum och text). Utan det avvisas filen och raderna listas.",
        };
        var control = new Option<FileInfo?>("--control")
        {
            Description = "Huvudbokens saldolista (CSV: Objekt;Månad;Belopp) att stämma av filens summor mot, till öret. En skillnad avvisar filen; stämmer den är månaderna avstämda.",
            HelpName = "BALANCES",
        };
        var json = new Option<bool>("--json") { Description = "Skriv resultatet som ett JSON-objekt." };
        var command = new Command("import", "Importerar bokförda kostnader från en export ur huvudboken. Allt eller inget.");
        command.Arguments.Add(file);
        command.Options.Add(format);
        command.Options.Add(dimension);
        command.Options.Add(sheet);
        command.Options.Add(mapping);
        command.Options.Add(dryRun);
        command.Options.Add(allowShrink);
        command.Options.Add(allowDuplicates);
        command.Options.Add(control);
        command.Options.Add(json);
        command.SetAction((parsed, ct) => CliApp.ExecuteAsync(parsed, target, error, t => RunAsync(t, new Request(
            parsed.GetValue(file)!, parsed.GetValue(format), parsed.GetValue(dimension), parsed.GetValue(sheet), parsed.GetValue(mapping), parsed.GetValue(dryRun), parsed.GetValue(json),
            parsed.GetValue(allowShrink), parsed.GetValue(allowDuplicates), parsed.GetValue(control)),
            output, error, interactive ?? !Console.IsErrorRedirected, ct)));
        return command;
    }

    private sealed record Request(FileInfo File, string? Format, int? ObjectDimension, string? Sheet, string? Mapping, bool DryRun, bool Json, bool AllowShrink,
        bool AllowDuplicates, FileInfo? Control);

    private static async Task<int> RunAsync(DatabaseTarget target, Request request, TextWriter output, TextWriter error, bool interactive, CancellationToken ct)
    {
        LedgerFormat? format = null;
        if (request.Format is not null)
        {
            if (!LedgerFormats.TryParse(request.Format, out var parsed))
            {
                await error.WriteLineAsync($"Okänt format \"{request.Format}\". Ange --format sie, csv eller xlsx.");
                return CliApp.WrongUsage;
            }
            format = parsed;
        }
        else if (LedgerFormats.FromFileName(request.File.Name) is null)
        {
            await error.WriteLineAsync($"Formatet för {request.File.Name} kunde inte avgöras av filnamnet. Ange --format sie, csv eller xlsx.");
            return CliApp.WrongUsage;
        }
        if (request.ObjectDimension is < 1)
        {
            await error.WriteLineAsync("--object-dimension anges som ett positivt heltal, till exempel 6.");
            return CliApp.WrongUsage;
        }
        if (!request.File.Exists)
        {
            await error.WriteLineAsync($"Filen {request.File.FullName} finns inte. Inget är importerat.");
            return CliApp.Failed;
        }
        if (request.Control is { Exists: false } missing)
        {
            await error.WriteLineAsync($"Saldolistan {missing.FullName} finns inte. Inget är importerat.");
            return CliApp.Failed;
        }
        await using var services = await CliApp.OpenInitializedAsync(target, error, ct);
        if (services is null)
        {
            return CliApp.Failed;
        }
        await using var scope = services.CreateAsyncScope();

        using var bar = interactive && !request.Json ? new ProgressBar(error) : null;
        LedgerImportResult result;
        try
        {
            result = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new ImportLedgerFileCommand(
                request.File.FullName, request.File.Name, format, request.ObjectDimension, request.DryRun, Progress: bar, SheetName: request.Sheet,
                ColumnMapping: request.Mapping, AllowShrink: request.AllowShrink, AllowDuplicates: request.AllowDuplicates, ControlFile: request.Control?.FullName), ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A scheduled job reads the JSON: it gets the result object whatever went wrong. The import's transaction
            // rolled back, so nothing is stored.
            result = new LedgerImportResult(Domain.Ledger.ImportStatus.Avvisad, null, request.File.Name, format?.ToString(), null, 0, 0, 0, 0, 0, [],
                [new ImportError(0, null, e.GetBaseException().Message)], false,
                "Importen avbröts av ett oväntat fel. Inget är importerat och inget är ändrat. Kontakta systemförvaltaren med felet nedan.");
        }
        bar?.Complete();

        if (request.Json)
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(ToJson(result, request.DryRun), CliApp.Json));
        }
        else
        {
            await WriteTextAsync(result, output, error);
        }
        return result.Succeeded ? CliApp.Ok : CliApp.Failed;
    }

    private static async Task WriteTextAsync(LedgerImportResult r, TextWriter output, TextWriter error)
    {
        var target = r.Succeeded ? output : error;
        await target.WriteLineAsync(r.Message);
        if (r.RefusalReason is { } why)
        {
            await error.WriteLineAsync($"Sparade rader: 0. Inget sparades: {why}.");
        }
        if (r.Format is not null)
        {
            await output.WriteLineAsync($"Format: {r.Format}{(r.Encoding is null ? "" : $" ({r.Encoding})")}");
        }
        if (r.Months.Count > 0)
        {
            await output.WriteLineAsync($"Månader: {r.Months[0]} – {r.Months[^1]}");
        }
        if (r.MonthChanges.Count > 0 && (r.NeedsConfirmation || r.Status == Domain.Ledger.ImportStatus.Provkord))
        {
            await output.WriteLineAsync("Detta ersätts (rader och kronor före → efter):");
            foreach (var m in r.MonthChanges)
            {
                await output.WriteLineAsync($"  {m.Month}  {m.RowsBefore,8} → {m.RowsAfter,-8} {Money.Format(m.AmountBefore),18} → {Money.Format(m.AmountAfter),-18}{(m.Shrinks ? " minskar" : "")}");
            }
        }
        if (r.NeedsConfirmation && r.MonthChanges.Any(m => m.Shrinks))
        {
            await error.WriteLineAsync("Kör med --allow-shrink om minskningen är riktig.");
        }
        if (r.NeedsConfirmation && r.Duplicates.Count > 0)
        {
            await error.WriteLineAsync("Kör med --allow-duplicates om de likadana raderna är riktiga.");
        }
        else if (r.Succeeded && r.Duplicates.Count > 0)
        {
            await output.WriteLineAsync($"Varning: {r.Duplicates.Count} likadana rader importerades (--allow-duplicates).");
        }
        foreach (var e in r.Errors)
        {
            await error.WriteLineAsync("  " + e);
        }
        if (r.MoreErrors)
        {
            await error.WriteLineAsync("  … och fler fel. Rätta dessa och importera igen.");
        }
    }

    private static object ToJson(LedgerImportResult r, bool dryRun) => new
    {
        status = r.Status.ToString(),
        succeeded = r.Succeeded,
        dryRun,
        importId = r.ImportId,
        file = r.FileName,
        format = r.Format,
        encoding = r.Encoding,
        rowsRead = r.RowsRead,
        rowsStored = r.RowsStored,
        rowsReplaced = r.RowsReplaced,
        skipped = new { otherObject = r.SkippedOtherObject, noObject = r.SkippedNoObject, total = r.SkippedOtherObject + r.SkippedNoObject },
        months = r.MonthChanges.Count > 0
            ? r.MonthChanges.Select(m => (object)new
            {
                month = m.Month, rowsBefore = m.RowsBefore, rowsAfter = m.RowsAfter, amountBefore = m.AmountBefore, amountAfter = m.AmountAfter, shrinks = m.Shrinks,
                objects = m.Objects.Select(o => new
                {
                    costObject = o.CostObject, rowsBefore = o.RowsBefore, rowsAfter = o.RowsAfter, amountBefore = o.AmountBefore, amountAfter = o.AmountAfter,
                    shrinks = o.Shrinks,
                }),
            })
            : r.Months.Select(m => (object)new { month = m }),
        needsConfirmation = r.NeedsConfirmation,
        duplicates = r.Duplicates.Select(d => new { line = d.Line, firstLine = d.FirstLine, voucher = d.Voucher, account = d.Account, costObject = d.CostObject, amount = d.Amount }),
        tieOut = r.TieOut,
        errors = r.Errors.Select(e => new { line = e.Line, field = e.Field, message = e.Message }),
        moreErrors = r.MoreErrors,
        message = r.Message,
    };

    /// <summary>A text progress bar on the terminal's error stream, redrawn at most ten times a second.</summary>
    private sealed class ProgressBar(TextWriter error) : IProgress<double>, IDisposable
    {
        private const int Width = 30;
        private readonly object _gate = new();
        private long _lastDraw;
        private int _lastPercent = -1;
        private bool _drawn;

        public void Report(double value)
        {
            var percent = (int)Math.Clamp(Math.Round(value * 100), 0, 100);
            var now = Environment.TickCount64;
            lock (_gate)
            {
                if (percent == _lastPercent || (now - _lastDraw < 100 && percent < 100))
                {
                    return;
                }
                _lastDraw = now;
                _lastPercent = percent;
                Draw(percent);
            }
        }

        public void Complete()
        {
            lock (_gate)
            {
                if (_drawn)
                {
                    Draw(100);
                    error.WriteLine();
                    _drawn = false;
                }
            }
        }

        private void Draw(int percent)
        {
            var filled = percent * Width / 100;
            error.Write($"\r[{new string('#', filled)}{new string('.', Width - filled)}] {percent,3} %");
            error.Flush();
            _drawn = true;
        }

        public void Dispose() => Complete();
    }
}
