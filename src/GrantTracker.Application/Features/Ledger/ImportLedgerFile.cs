using System.Data.Common;
using System.Security.Cryptography;
using GrantTracker.Application.Auditing;
using GrantTracker.Application.Data;
using GrantTracker.Application.Imports;
using GrantTracker.Domain.Common;
using GrantTracker.Domain.Ledger;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace GrantTracker.Application.Features.Ledger;

/// <summary>Imports a ledger export already on disk (an upload is saved to a temporary file first).</summary>
/// <param name="Source">Rows from the same source replace each other month by month; "huvudbok" by default.</param>
/// <param name="SheetName">Excel: the sheet to read; the first sheet when null. Ignored for SIE and CSV.</param>
/// <param name="ColumnMapping">CSV and Excel: the name of a saved column mapping; the Swedish default headers when null.</param>
/// <param name="AllowShrink">The user has seen what the import replaces and confirms it although a month would shrink.</param>
/// <param name="AllowDuplicates">The user has seen the file's identical rows (same voucher, account, object, amount, dates and text) and confirms them.</param>
/// <param name="ControlFile">The ledger's balance report (<c>Objekt;Månad;Belopp</c>) to check the file's totals against (ADR 21); a difference refuses the file.</param>
public sealed record ImportLedgerFileCommand(
    string FilePath,
    string FileName,
    LedgerFormat? Format = null,
    int? ObjectDimension = null,
    bool DryRun = false,
    string Source = ImportLedgerFileCommand.DefaultSource,
    IProgress<double>? Progress = null,
    string? SheetName = null,
    string? ColumnMapping = null,
    bool AllowShrink = false,
    bool AllowDuplicates = false,
    string? ControlFile = null) : ICommand<LedgerImportResult>
{
    public const string DefaultSource = "huvudbok";
}

public sealed record LedgerImportResult(
    ImportStatus Status,
    int? ImportId,
    string FileName,
    string? Format,
    string? Encoding,
    long RowsRead,
    long RowsStored,
    long RowsReplaced,
    long SkippedOtherObject,
    long SkippedNoObject,
    IReadOnlyList<string> Months,
    IReadOnlyList<ImportError> Errors,
    bool MoreErrors,
    string Message,
    IReadOnlyList<ImportMonthChange>? Changes = null,
    bool NeedsConfirmation = false,
    IReadOnlyList<DuplicateRow>? DuplicateRows = null,
    string? TieOut = null,
    IReadOnlyList<string>? KeptClosed = null,
    string? Refusal = null)
{
    /// <summary>A refusal in a few words for the counters ("nothing saved: …"); null when the import was not refused.</summary>
    public string? RefusalReason => Status == ImportStatus.Avvisad ? Refusal ?? "importen avvisades" : null;

    /// <summary>Closed months the file covered with exactly what they hold: left as they were, not replaced.</summary>
    public IReadOnlyList<string> ClosedMonthsKept => KeptClosed ?? [];

    public bool Succeeded => Status is ImportStatus.Importerad or ImportStatus.Oforandrad or ImportStatus.Provkord;

    /// <summary>Per month of the file: rows and kronor stored before from the source, and what the file brings.</summary>
    public IReadOnlyList<ImportMonthChange> MonthChanges => Changes ?? [];

    /// <summary>Identical rows of the file on tracked objects: shown for confirmation, since two identical purchases can be real.</summary>
    public IReadOnlyList<DuplicateRow> Duplicates => DuplicateRows ?? [];
}

/// <summary>A row of the file identical to an earlier one (same voucher, account, object, amount, dates and text).</summary>
public sealed record DuplicateRow(int Line, int FirstLine, string Voucher, string Account, string CostObject, decimal Amount);

/// <summary>
/// Streams the file through its reader and stores the rows on tracked cost objects in one transaction:
/// the months the file covers are replaced for its source, so cumulative exports never double count; a
/// file seen before adds nothing; any error, a closed month or a dry run leaves the database unchanged.
/// </summary>
public sealed class ImportLedgerFileHandler(AppDbContext db, ILedgerReaders readers, IAuditActor actor, TimeProvider clock, ImportSettings settings)
    : ICommandHandler<ImportLedgerFileCommand, LedgerImportResult>
{
    public async ValueTask<LedgerImportResult> Handle(ImportLedgerFileCommand command, CancellationToken ct)
    {
        var format = command.Format ?? LedgerFormats.FromFileName(command.FileName);
        if (format is null)
        {
            return Refused(command, null, "Okänt filformat. Välj SIE 4 (.se/.si), CSV (.csv) eller Excel (.xlsx).", [new ImportError(0, null, "Filformatet kunde inte avgöras av filnamnet.")]);
        }
        var columns = LedgerColumnMap.Default;
        if (!string.IsNullOrWhiteSpace(command.ColumnMapping) && format is LedgerFormat.Csv or LedgerFormat.Xlsx)
        {
            var wanted = command.ColumnMapping.Trim();
            var mappings = await db.ColumnMappings.AsNoTracking().ToListAsync(ct);
            var mapping = mappings.FirstOrDefault(m => string.Equals(m.Name, wanted, StringComparison.CurrentCultureIgnoreCase));
            if (mapping is null)
            {
                return Refused(command, format.ToString(), $"Kolumnmappningen ”{wanted}” finns inte. Inget är importerat.",
                    [new ImportError(0, null, $"Skapa mappningen under Kostnader → Kolumnmappningar, eller importera med standardrubrikerna.")]);
            }
            columns = new LedgerColumnMap(mapping.Voucher, mapping.Date, mapping.Account, mapping.CostCentre ?? "", mapping.CostObject,
                mapping.Amount, mapping.Text ?? "", mapping.Project);
        }
        BalanceReport? control = null;
        if (command.ControlFile is { } controlPath)
        {
            if (!File.Exists(controlPath))
            {
                return Refused(command, format.ToString(), $"Saldolistan {Path.GetFileName(controlPath)} finns inte. Inget är importerat.", [new ImportError(0, "Saldolista", "Filen finns inte.")]);
            }
            control = BalanceReport.Parse(await File.ReadAllBytesAsync(controlPath, ct));
            if (!control.Succeeded)
            {
                return Refused(command, format.ToString(),
                    $"Saldolistan {Path.GetFileName(controlPath)} innehåller fel, så filen är inte importerad. Inget är ändrat. Rätta saldolistan (Objekt;Månad;Belopp) och försök igen.",
                    [.. control.Errors.Select(e => e with { Field = e.Field is null ? "Saldolista" : $"Saldolista, {e.Field}" })]);
            }
        }
        // The file's hash is checked after reading: a file imported before is then rolled back and reported
        // as unchanged. SIE and CSV are read from the start (CSV twice: its encoding first): the stream hashes the
        // bytes as the reader reads them. An Excel file is a zip the reader seeks in: it is hashed on another core meanwhile.
        var inline = format is not LedgerFormat.Xlsx;
        var hashing = inline ? null : Task.Run(() => HashAsync(command.FilePath, ct), ct);

        var periods = (await db.CostObjectPeriods.AsNoTracking().Select(p => new { p.CostObjectCode, p.From, p.To }).ToListAsync(ct))
            .Select(p => (p.CostObjectCode, p.From, p.To)).ToList();
        var trackedSet = periods.Select(p => p.CostObjectCode).ToHashSet(StringComparer.Ordinal);
        // SIE: every row summed per month and account for the file's #PSALDO (ADR 21), from the first period balance on: the standard
        // puts them before the vouchers. Balances that come after rows cannot be checked, and then tie out nothing.
        FileControls? controls = null;
        var rowsBeforeBalances = false;
        long rowsSeen = 0;
        // Identical stored rows, found by a 64-bit hash of what makes them the same: a warning to confirm, not a refusal. Identical rows
        // share their voucher. A SIE voucher is one block that never comes back (the reader refuses the same voucher twice), so there the
        // set holds one voucher's rows; a CSV or Excel voucher's rows may be spread over the file, so there it holds every stored row.
        var perVoucher = format is LedgerFormat.Sie;
        var seenRows = new Dictionary<long, int>();
        string? lastSeries = null, lastNumber = null;
        var lastDate = default(DateOnly);
        var duplicates = new List<DuplicateRow>();
        var duplicateCount = 0;

        // The sums of the stored rows, for the month totals (ADR 12): added up as the rows are handed to the writer.
        var totals = new LedgerTotals.Accumulator();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // Rows stored before this import have smaller ids: the replacement below checks the id that every
        // index entry carries instead of reading each of the new rows back from the table.
        var lastIdBefore = await db.LedgerEntries.MaxAsync(e => (long?)e.Id, ct) ?? 0;
        var import = new LedgerImport
        {
            FileName = command.FileName, Sha256 = "", Format = format.Value.ToString(), Source = command.Source,
            ImportedAtUtc = clock.GetUtcNow().UtcDateTime, UserName = actor.UserName, Status = ImportStatus.Importerad,
        };
        db.LedgerImports.Add(import);
        await db.SaveChangesAsync(ct);

        long stored = 0, otherObject = 0, noObject = 0;
        DateOnly? first = null, last = null;
        LedgerFileInfo info;
        var connection = db.Database.GetDbConnection();
        string? inlineHash = null;
        DbException? storing = null;
        Exception? unreadable = null;
        try
        {
            using (var writer = LedgerEntryWriter.Create(connection, transaction.GetDbTransaction()))
            using (var pipeline = new PipelinedLedgerWriter(writer, import.Id, command.Source, totals))
            await using (var file = new ProgressStream(File.OpenRead(command.FilePath), command.Progress, hashing: inline))
            {
                info = readers.For(format.Value).Read(file, new LedgerReadOptions
                {
                    ObjectDimension = command.ObjectDimension,
                    Columns = columns,
                    SheetName = string.IsNullOrWhiteSpace(command.SheetName) ? null : command.SheetName.Trim(),
                    PeriodBalanceRead = () =>
                    {
                        if (controls is null && !rowsBeforeBalances)
                        {
                            rowsBeforeBalances = rowsSeen > 0;
                            controls = rowsBeforeBalances ? null : new FileControls();
                        }
                    },
                }, row =>
                {
                    rowsSeen++;
                    if (first is null || row.VoucherDate < first)
                    {
                        first = row.VoucherDate;
                    }
                    if (last is null || row.VoucherDate > last)
                    {
                        last = row.VoucherDate;
                    }
                    controls?.Add(row);
                    if (string.IsNullOrEmpty(row.CostObject))
                    {
                        noObject++;
                    }
                    else if (!trackedSet.Contains(row.CostObject))
                    {
                        otherObject++;
                    }
                    else
                    {
                        if (perVoucher && (!string.Equals(row.VoucherNumber, lastNumber, StringComparison.Ordinal)
                                || !string.Equals(row.VoucherSeries, lastSeries, StringComparison.Ordinal) || row.VoucherDate != lastDate))
                        {
                            seenRows.Clear();
                            (lastSeries, lastNumber, lastDate) = (row.VoucherSeries, row.VoucherNumber, row.VoucherDate);
                        }
                        if (!seenRows.TryAdd(RowHash(row), row.Line) && duplicateCount++ < MaxDuplicatesShown)
                        {
                            duplicates.Add(new DuplicateRow(row.Line, seenRows[RowHash(row)], $"{row.VoucherSeries} {row.VoucherNumber}".Trim(), row.Account,
                                row.CostObject!, row.Amount));
                        }
                        pipeline.Write(row);
                        stored++;
                    }
                }, ct);
                pipeline.Complete();
                inlineHash = inline ? file.FinishHash() : null;
            }
        }
        catch (DbException e)
        {
            // The database refused a row (on SQL Server, for example, a value longer than its column): the user
            // sees why, and the refusal is in the history like any other.
            storing = e;
            info = new LedgerFileInfo(format.Value, null, null, null, 0, [], false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A reader that meets a file it was not written for must not take the import down: whatever the
            // file is, the user gets a refusal in the history and a reason, and the ledger is unchanged.
            unreadable = e;
            info = new LedgerFileInfo(format.Value, null, null, null, 0, [], false);
        }
        if (unreadable is not null)
        {
            await transaction.RollbackAsync(ct);
            return await RefuseAndRecordAsync(command, "", format.Value, info,
                "Filen gick inte att läsa, så inget är importerat och inget är ändrat. Kontrollera att filen är en hel export i det valda formatet och exportera den på nytt.",
                [new ImportError(0, null, $"Filen kunde inte tolkas ({unreadable.GetType().Name}: {unreadable.Message}).")], false, ct, why: "filen gick inte att läsa");
        }
        if (storing is not null)
        {
            await transaction.RollbackAsync(ct);
            return await RefuseAndRecordAsync(command, "", format.Value, info,
                "Raderna kunde inte sparas i databasen, så inget är importerat och inget är ändrat. Kontakta systemförvaltaren med felet nedan.",
                [new ImportError(0, null, storing.Message)], false, ct, why: "databasen tog inte emot raderna");
        }

        var hash = inlineHash ?? await hashing!;
        // An export covers its fiscal year when it says so (#RAR), otherwise the months of its vouchers.
        var fromMonth = info.FiscalYearStart is { } fs ? YearMonth.Of(fs) : first is { } f ? YearMonth.Of(f) : (YearMonth?)null;
        var toMonth = info.FiscalYearEnd is { } fe ? YearMonth.Of(fe) : last is { } l ? YearMonth.Of(l) : (YearMonth?)null;
        if (info.Succeeded && await AlreadyImportedAsync(command, hash, format.Value, fromMonth, toMonth, totals, ct) is { } unchanged)
        {
            await transaction.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            if (!command.DryRun)
            {
                await RecordAsync(command, hash, format.Value, unchanged, ct);
            }
            return unchanged;
        }
        import.Sha256 = hash;

        if (!info.Succeeded)
        {
            await transaction.RollbackAsync(ct);
            return await RefuseAndRecordAsync(command, hash, format.Value, info,
                $"Filen innehåller fel och har inte importerats. Inget är ändrat. Rätta felen i exporten och importera igen.", info.Errors, info.MoreErrors, ct, why: "filen innehåller fel");
        }

        var months = Months(fromMonth, toMonth);

        // The file's own control (ADR 21): its #PSALDO, and the balance report given with it. A difference refuses the whole file.
        Func<YearMonth, string, bool>? psaldoCovers = null, reportCovers = null;
        if (controls is not null && !rowsBeforeBalances && info.PeriodBalances is { Count: > 0 } balances)
        {
            var (differences, covers) = controls.CheckPeriodBalances(balances);
            if (differences.Count > 0)
            {
                await transaction.RollbackAsync(ct);
                return await RefuseAndRecordAsync(command, hash, format.Value, info,
                    $"Filens rader stämmer inte med dess periodsaldon (#PSALDO) för {Plural(differences.Count, "konto och månad", "konton och månader")}: filen har ändrats " +
                    "efter exporten eller är ofullständig. Inget är importerat och inget är ändrat. Exportera filen på nytt ur huvudboken.",
                    [.. differences.Take(100)], differences.Count > 100, ct, why: "filens rader stämmer inte med dess periodsaldon (#PSALDO)");
            }
            psaldoCovers = covers;
        }
        if (control is not null && fromMonth is { } controlFrom && toMonth is { } controlTo)
        {
            var (differences, covers) = FileControls.CheckBalanceReport(control, totals, controlFrom, controlTo,
                (month, costObject) => periods.Any(p => p.Item1 == costObject && p.From <= month && month <= p.To));
            if (differences.Count > 0)
            {
                await transaction.RollbackAsync(ct);
                return await RefuseAndRecordAsync(command, hash, format.Value, info,
                    $"Filens summor stämmer inte med saldolistan {Path.GetFileName(command.ControlFile)}: {Plural(differences.Count, "skillnad", "skillnader")}. " +
                    "Inget är importerat och inget är ändrat. Kontrollera att filen och saldolistan är uttagna samtidigt ur huvudboken.",
                    [.. differences.Take(100)], differences.Count > 100, ct, why: "filens summor stämmer inte med saldolistan");
            }
            reportCovers = covers;
        }

        // An import never changes a closed month (issue 25). A file that covers one (a year-to-date export, #RAR for the whole year) is taken when
        // it holds exactly what the month holds now, group by group as the month totals count them: the closed month is then left as it is
        // and only the open months are replaced. A closed month the file would change refuses the whole file, with what each holds.
        var keep = new List<YearMonth>();
        if (fromMonth is { } from && toMonth is { } to)
        {
            var closed = await ClosedMonthsAsync(from, to, ct);
            if (closed.Count > 0)
            {
                var differing = await LedgerTotals.MonthsDifferingAsync(db, command.Source, closed, totals, ct);
                if (differing.Count > 0)
                {
                    await transaction.RollbackAsync(ct);
                    var compared = await ImportComparison.CompareAsync(db, command.Source, from, to, totals, settings.ShrinkTolerance, ct);
                    return await RefuseAndRecordAsync(command, hash, format.Value, info,
                        ClosedMonthRefusal(differing, closed, from, to, totals, info.FiscalYearStart is not null, format.Value),
                        [.. differing.Select(m => compared.Single(c => c.Month == m.ToString())).Select(c => new ImportError(0, c.Month,
                            $"Stängd. Bokfört nu: {Rows(c.RowsBefore)}, {Money.Format(c.AmountBefore)}. I filen: {Rows(c.RowsAfter)}, {Money.Format(c.AmountAfter)}."))],
                        false, ct, compared, why: Plural(differing.Count, "stängd månad", "stängda månader") + " skulle ändras");
                }
                keep = [.. closed];
            }
        }

        var changes = fromMonth is { } firstMonth && toMonth is { } lastMonth
            ? await ImportComparison.CompareAsync(db, command.Source, firstMonth, lastMonth, totals, settings.ShrinkTolerance, ct)
            : [];
        var rowsBefore = changes.Sum(c => c.RowsBefore);
        if (stored == 0 && rowsBefore > 0)
        {
            // A file without one tracked row would wipe the months it covers: far more often a wrong object
            // dimension or column mapping than a ledger that really lost every row on the grant's objects.
            await transaction.RollbackAsync(ct);
            return await RefuseAndRecordAsync(command, hash, format.Value, info,
                $"Filen har inga rader på bevakade kostnadsobjekt men skulle ersätta {rowsBefore} tidigare importerade rader för {string.Join(", ", months)}. " +
                "Inget är ändrat. Kontrollera objektdimensionen (SIE) eller kolumnmappningen (CSV, Excel) och importera igen.",
                [new ImportError(0, null, $"0 rader på bevakade objekt; {otherObject} på andra objekt och {noObject} utan objekt.")], false, ct, changes, why: "filen har inga rader på bevakade objekt");
        }
        var shrinking = changes.Where(c => c.Shrinks).ToList();
        if (duplicateCount > 0 && !command.AllowDuplicates && (shrinking.Count == 0 || command.AllowShrink))
        {
            await transaction.RollbackAsync(ct);
            return await RefuseAndRecordAsync(command, hash, format.Value, info,
                $"Filen har {Plural(duplicateCount, "rad som är likadan", "rader som är likadana")} som en tidigare rad i filen (samma verifikation, konto, objekt, belopp, datum och text). " +
                "Två likadana köp kan vara riktiga, men en dubblerad rad i en redigerad fil räknar kostnaden två gånger. Inget är ändrat. " +
                "Kontrollera raderna nedan mot huvudboken; stämmer de, bekräfta med ”Importera ändå”.",
                [.. duplicates.Select(d => new ImportError(d.Line, "Dubblett",
                    $"Verifikation {d.Voucher}, konto {d.Account}, objekt {d.CostObject}, {Money.Format(d.Amount)}: likadan som rad {d.FirstLine}."))],
                duplicateCount > duplicates.Count, ct, changes, needsConfirmation: true, duplicates: duplicates, why: "likadana rader i filen behöver bekräftas");
        }
        if (shrinking.Count > 0 && !command.AllowShrink)
        {
            await transaction.RollbackAsync(ct);
            var named = string.Join("; ", shrinking.Select(c =>
                $"{c.Month}: {c.RowsBefore} → {c.RowsAfter} rader, {Money.Format(c.AmountBefore)} → {Money.Format(c.AmountAfter)}"));
            return await RefuseAndRecordAsync(command, hash, format.Value, info,
                $"Filen skulle ta bort bokförda rader i {shrinking.Count} {(shrinking.Count == 1 ? "månad" : "månader")} som redan har rader: {named}. " +
                "Är filen avkortad, eller täcker den fler månader än den har verifikationer för? Inget är ändrat. " +
                "Kontrollera exporten; om minskningen är riktig, bekräfta med ”Ersätt ändå”.",
                [.. shrinking.Select(c => new ImportError(0, c.Month,
                    $"{Rows(c.RowsBefore)} ({Money.Format(c.AmountBefore)}) skulle ersättas av {Rows(c.RowsAfter)} ({Money.Format(c.AmountAfter)}); minskar på objekt " +
                    string.Join(", ", c.Objects.Where(o => o.Shrinks).Select(o => o.CostObject)) + "."))],
                false, ct, changes, needsConfirmation: true, duplicates: command.AllowDuplicates ? null : duplicates, why: "månader som skulle minska behöver bekräftas");
        }

        var replaced = 0L;
        var open = fromMonth is { } a && toMonth is { } b ? OpenRuns(a, b, keep) : [];
        foreach (var (runFrom, runTo) in open)
        {
            replaced += await db.LedgerEntries
                .Where(e => e.Source == command.Source && e.Id <= lastIdBefore)
                .Where(e => e.Month >= runFrom && e.Month <= runTo)
                .ExecuteDeleteAsync(ct);
        }
        // The closed months hold what the file holds: their stored rows stay, and the file's copies of them go.
        foreach (var month in keep)
        {
            stored -= await db.LedgerEntries.Where(e => e.Id > lastIdBefore && e.Month == month).ExecuteDeleteAsync(ct);
        }

        import.Encoding = info.Encoding;
        import.FirstMonth = fromMonth;
        import.LastMonth = toMonth;
        import.RowsRead = info.RowsRead;
        import.RowsStored = stored;
        import.RowsReplaced = replaced;
        import.SkippedOtherObject = otherObject;
        import.SkippedNoObject = noObject;
        import.Status = command.DryRun ? ImportStatus.Provkord : ImportStatus.Importerad;
        await db.SaveChangesAsync(ct);

        var summary = $"{info.RowsRead} rader lästa, {stored} sparade på bevakade kostnadsobjekt, {replaced} tidigare rader ersatta, "
                      + $"{otherObject} på andra objekt och {noObject} utan objekt hoppades över."
                      + (keep.Count == 0 ? ""
                          : (keep.Count == 1 ? $" Den stängda månaden {Span(keep)} är oförändrad i filen och lämnades som den är; bara "
                              : $" De stängda månaderna {Span(keep)} är oförändrade i filen och lämnades som de är; bara ")
                          + (open.Count == 0 ? "inga öppna månader ändrades." : $"{Span(open)} importerades."));
        if (command.DryRun)
        {
            await transaction.RollbackAsync(ct);
            // The rolled-back history row must not linger in the context for the next use of it.
            db.ChangeTracker.Clear();
            return Result(ImportStatus.Provkord, null, "Provkörning: " + summary + " Inget är sparat.");
        }
        // The month totals (ADR 12): the covered months' totals of this source become the sums of the rows just written.
        // Only the open months: a closed month keeps its totals and its tie-out (ADR 21) as they were when it was closed.
        foreach (var (totalsFrom, totalsTo) in open)
        {
            var run = totals.Within(totalsFrom, totalsTo);
            await LedgerTotals.ReplaceMonthsAsync(db, command.Source, totalsFrom, totalsTo, run, ct);
            await MonthTieOuts.ReplaceForImportAsync(db, command.Source, totalsFrom, totalsTo, import.Id, periods, run, (month, costObject) =>
                    psaldoCovers?.Invoke(month, costObject) == true ? (TieOutMethod.Psaldo, command.FileName)
                    : reportCovers?.Invoke(month, costObject) == true ? (TieOutMethod.Saldolista, Path.GetFileName(command.ControlFile!))
                    : null,
                actor.UserName, import.ImportedAtUtc, ct);
        }
        await transaction.CommitAsync(ct);
        var tieOut = TieOutSummary([.. open.Select(r => r.From.ToString())], psaldoCovers is not null ? "#PSALDO" : reportCovers is not null ? "saldolistan" : null);
        return Result(ImportStatus.Importerad, import.Id, "Importen är klar: " + summary + " " + tieOut, tieOut);

        LedgerImportResult Result(ImportStatus status, int? id, string message, string? tieOutText = null) => new(status, id, command.FileName, format.ToString(), info.Encoding,
            info.RowsRead, stored, replaced, otherObject, noObject, keep.Count == 0 ? months : [.. months.Where(m => !keep.Any(k => k.ToString() == m))], [], false, message,
            changes, DuplicateRows: duplicates.Count == 0 ? null : duplicates, TieOut: tieOutText, KeptClosed: keep.Count == 0 ? null : [.. keep.Select(k => k.ToString())]);
    }

    private const int MaxDuplicatesShown = 50;

    /// <summary>The same row: voucher, account, object, project, amount, dates and text, hashed to 64 bits (two independent 32-bit hashes).</summary>
    private static long RowHash(LedgerRow row)
    {
        var a = HashCode.Combine(row.VoucherSeries, row.VoucherNumber, row.Account, row.CostObject, row.Project, row.CostCentre);
        var b = HashCode.Combine(row.Amount, row.VoucherDate, row.RowDate, row.Text, row.VoucherNumber.Length, row.Account.Length);
        return ((long)a << 32) | (uint)b;
    }

    private static string Plural(long count, string one, string many) => count == 1 ? $"1 {one}" : $"{count} {many}";

    /// <summary>What the import's control did for the months' tie-out (ADR 21), for the message.</summary>
    private static string TieOutSummary(IReadOnlyList<string> months, string? control) => months.Count == 0 ? ""
        : control is null
            ? "Månaderna är inte avstämda mot huvudbokens saldo: stäm av dem under Avstämning innan de stängs."
            : $"Månaderna som {control} omfattar är avstämda mot huvudbokens saldo.";

    /// <summary>
    /// The answer for a file this source has imported before whose months hold what it holds now: the stored totals of the months it covers
    /// equal its own, group by group (month, object, account, project: rows, net and gross). A file whose months were since replaced by other
    /// files is not unchanged: it is imported again, and restores its state.
    /// </summary>
    private async Task<LedgerImportResult?> AlreadyImportedAsync(ImportLedgerFileCommand command, string hash, LedgerFormat format,
        YearMonth? from, YearMonth? to, LedgerTotals.Accumulator file, CancellationToken ct)
    {
        var previous = await db.LedgerImports.AsNoTracking()
            .Where(i => i.Sha256 == hash && i.Source == command.Source && i.Status == ImportStatus.Importerad)
            .OrderByDescending(i => i.Id)
            .Select(i => new { i.Id, i.ImportedAtUtc, i.UserName, i.FirstMonth, i.LastMonth })
            .FirstOrDefaultAsync(ct);
        if (previous is null || from is not { } f || to is not { } t || !await LedgerTotals.EqualsStoredAsync(db, command.Source, f, t, file, ct))
        {
            return null;
        }
        var message = $"Filen är redan importerad ({SwedishFormat.DateTime(previous.ImportedAtUtc)} av {previous.UserName}). Inget nytt har lagts till.";
        return new LedgerImportResult(ImportStatus.Oforandrad, previous.Id, command.FileName, format.ToString(), null, 0, 0, 0, 0, 0,
            Months(previous.FirstMonth, previous.LastMonth), [], false, message);
    }

    /// <summary>
    /// Closed months within the range, whichever agreement closed them: replacing a month deletes the
    /// source's rows of that month on every object, so any closed month would be changed.
    /// </summary>
    private async Task<IReadOnlyList<YearMonth>> ClosedMonthsAsync(YearMonth from, YearMonth to, CancellationToken ct)
    {
        var closed = await db.ClosedMonths.AsNoTracking()
            .Where(c => c.Month >= from && c.Month <= to && c.ReopenedAtUtc == null)
            .Select(c => c.Month)
            .Distinct()
            .ToListAsync(ct);
        return closed.Order().ToList();
    }

    /// <summary>The months from <paramref name="from"/> through <paramref name="to"/> that are not kept, as runs of consecutive months.</summary>
    private static List<(YearMonth From, YearMonth To)> OpenRuns(YearMonth from, YearMonth to, IReadOnlyCollection<YearMonth> keep)
    {
        var open = new List<YearMonth>();
        for (var month = from; month <= to; month = month.AddMonths(1))
        {
            if (!keep.Contains(month))
            {
                open.Add(month);
            }
        }
        return Runs(open);
    }

    /// <summary>Months as runs of consecutive months.</summary>
    private static List<(YearMonth From, YearMonth To)> Runs(IEnumerable<YearMonth> months)
    {
        var runs = new List<(YearMonth From, YearMonth To)>();
        foreach (var month in months.Distinct().Order())
        {
            if (runs.Count > 0 && runs[^1].To.AddMonths(1) == month)
            {
                runs[^1] = (runs[^1].From, month);
            }
            else
            {
                runs.Add((month, month));
            }
        }
        return runs;
    }

    /// <summary>Runs of months in words: "2023-01–2023-10", "2023-03", "2023-01–2023-02, 2023-04–2023-10".</summary>
    private static string Span(IReadOnlyList<(YearMonth From, YearMonth To)> runs) =>
        string.Join(", ", runs.Select(r => r.From == r.To ? r.From.ToString() : $"{r.From}–{r.To}"));

    private static string Span(IEnumerable<YearMonth> months) => Span(Runs(months));

    /// <summary>
    /// Why a file that would change closed months is refused, and the two ways forward: the year so far exported again (the closed months
    /// then hold what they hold now), or the month reopened with a reason. A file whose vouchers cover only some of the months it states
    /// (#RAR for the year, vouchers for December) would empty the others: it says so, since that is the usual cause.
    /// </summary>
    private static string ClosedMonthRefusal(IReadOnlyList<YearMonth> differing, IReadOnlyList<YearMonth> closed, YearMonth from, YearMonth to,
        LedgerTotals.Accumulator file, bool fiscalYear, LedgerFormat format)
    {
        var withRows = file.Months.Select(YearMonth.FromNumber).Order().ToList();
        var text = $"Filen skulle ändra {Plural(differing.Count, "stängd månad", "stängda månader")}: {Span(differing)}. En import ändrar aldrig en stängd månad, "
                   + "så inget är importerat och inget är sparat. Per månad nedan: vad som är bokfört nu och vad filen har. ";
        var empty = differing.Where(m => !withRows.Contains(m)).ToList();
        if (empty.Count > 0)
        {
            text += (withRows.Count == 0
                    ? $"Filen har inga verifikationer på bevakade objekt"
                    : $"Filen har verifikationer på bevakade objekt bara för {Span(withRows)}")
                + (fiscalYear && format == LedgerFormat.Sie ? $", men dess räkenskapsår (#RAR) omfattar {from}–{to}" : $", men omfattar {from}–{to}")
                + $": för {Span(empty)} skulle importen tömma det som är bokfört. ";
        }
        var unchanged = closed.Except(differing).ToList();
        if (unchanged.Count > 0)
        {
            text += $"{Span(unchanged)} {(unchanged.Count == 1 ? "är stängd men oförändrad" : "är stängda men oförändrade")} i filen och hindrar inte importen. ";
        }
        return text + "Två vägar framåt: exportera året hittills ur huvudboken och importera den filen (de stängda månaderna är då som när de stängdes, "
               + "och bara de öppna månaderna ändras), eller, om en stängd månad verkligen ska ändras, be en ekonom öppna den igen med en motivering under Avstämning och importera sedan.";
    }

    private async Task<LedgerImportResult> RefuseAndRecordAsync(ImportLedgerFileCommand command, string hash, LedgerFormat format, LedgerFileInfo info,
        string message, IReadOnlyList<ImportError> errors, bool more, CancellationToken ct,
        IReadOnlyList<ImportMonthChange>? changes = null, bool needsConfirmation = false, IReadOnlyList<DuplicateRow>? duplicates = null, string? why = null)
    {
        db.ChangeTracker.Clear();
        var result = new LedgerImportResult(ImportStatus.Avvisad, null, command.FileName, format.ToString(), info.Encoding, info.RowsRead, 0, 0, 0, 0,
            changes is null ? [] : [.. changes.Select(c => c.Month)], errors, more, message, changes, needsConfirmation,
            duplicates is { Count: > 0 } ? duplicates : null, Refusal: why);
        if (!command.DryRun)
        {
            await RecordAsync(command, hash, format, result, ct);
        }
        return result;
    }

    private LedgerImportResult Refused(ImportLedgerFileCommand command, string? format, string message, IReadOnlyList<ImportError> errors) =>
        new(ImportStatus.Avvisad, null, command.FileName, format, null, 0, 0, 0, 0, 0, [], errors, false, message);

    /// <summary>A refused or unchanged import is history too: who tried what, when, and why it did not change anything.</summary>
    private async Task RecordAsync(ImportLedgerFileCommand command, string hash, LedgerFormat format, LedgerImportResult result, CancellationToken ct)
    {
        db.LedgerImports.Add(new LedgerImport
        {
            FileName = command.FileName, Sha256 = hash, Format = format.ToString(), Encoding = result.Encoding, Source = command.Source,
            ImportedAtUtc = clock.GetUtcNow().UtcDateTime, UserName = actor.UserName, Status = result.Status, RowsRead = result.RowsRead,
            ErrorCount = result.Errors.Count,
            Errors = result.Errors.Count == 0 ? null : string.Join("\n", result.Errors.Take(50).Select(e => e.ToString())),
        });
        await db.SaveChangesAsync(ct);
    }

    private static string Rows(long count) => count == 1 ? "1 rad" : $"{count} rader";

    private static IReadOnlyList<string> Months(YearMonth? from, YearMonth? to)
    {
        if (from is not { } f || to is not { } t || t < f)
        {
            return [];
        }
        var months = new List<string>();
        for (var m = f; m <= t; m = m.AddMonths(1))
        {
            months.Add(m.ToString());
        }
        return months;
    }

    private static async Task<string> HashAsync(string path, CancellationToken ct)
    {
        await using var file = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(file, ct));
    }
}
