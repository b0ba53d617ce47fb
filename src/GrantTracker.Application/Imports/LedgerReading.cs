namespace GrantTracker.Application.Imports;

/// <summary>
/// One booked ledger row as a reader found it. Amounts are kronor (debit positive, credit negative).
/// <see cref="CostObject"/> is the value of the dimension that carries the grant's cost object (objekt), or null.
/// </summary>
public sealed record LedgerRow(
    int Line,
    string VoucherSeries,
    string VoucherNumber,
    DateOnly VoucherDate,
    DateOnly RowDate,
    string Account,
    decimal Amount,
    string? CostObject,
    string? CostCentre,
    string? Project,
    string? Text);

/// <summary>A problem with the file, in Swedish, with the line (or sheet row) and the field it concerns.</summary>
public sealed record ImportError(int Line, string? Field, string Message)
{
    public override string ToString() => (Line, Field) switch
    {
        (0, null) => Message,
        (0, _) => $"{Field}: {Message}",
        (_, null) => $"Rad {Line}: {Message}",
        _ => $"Rad {Line}, {Field}: {Message}",
    };
}

public enum LedgerFormat
{
    Sie,
    Csv,
    Xlsx,
}

/// <summary>How to read a file. Unset values take the format's defaults.</summary>
public sealed record LedgerReadOptions
{
    /// <summary>SIE: the dimension number that carries the cost object. Default: the #DIM named "Objekt" (any case), else 6.</summary>
    public int? ObjectDimension { get; init; }

    /// <summary>Reading stops collecting errors after this many (the file is refused either way).</summary>
    public int MaxErrors { get; init; } = 100;

    /// <summary>CSV/XLSX: the column names, when the export does not use the Swedish defaults.</summary>
    public LedgerColumnMap Columns { get; init; } = LedgerColumnMap.Default;

    /// <summary>XLSX: the sheet to read; the first sheet when null.</summary>
    public string? SheetName { get; init; }

    /// <summary>
    /// SIE: called for each #PSALDO of year 0 as it is read. The standard puts the balances before the vouchers, so the importer starts
    /// summing rows for them only when a file has them: a file without costs nothing (ADR 21).
    /// </summary>
    public Action? PeriodBalanceRead { get; init; }
}

/// <summary>Column names of a CSV or Excel ledger export; the default is <c>Verifikation;Datum;Konto;Ansvar;Objekt;Belopp;Text</c>.</summary>
public sealed record LedgerColumnMap(string Voucher, string Date, string Account, string CostCentre, string CostObject, string Amount, string Text, string? Project = null)
{
    public static readonly LedgerColumnMap Default = new("Verifikation", "Datum", "Konto", "Ansvar", "Objekt", "Belopp", "Text");
}

/// <summary>What a reader learnt about the file besides its rows.</summary>
/// <param name="PeriodBalances">SIE: the file's #PSALDO of the fiscal year (year 0), on the account's total or on one cost object.</param>
public sealed record LedgerFileInfo(
    LedgerFormat Format,
    string? Encoding,
    DateOnly? FiscalYearStart,
    DateOnly? FiscalYearEnd,
    long RowsRead,
    IReadOnlyList<ImportError> Errors,
    bool MoreErrors,
    IReadOnlyList<PeriodBalance>? PeriodBalances = null)
{
    public bool Succeeded => Errors.Count == 0;
}

/// <summary>
/// A SIE <c>#PSALDO årsnr period konto {objektlista} saldo</c> of year 0: the account's balance for the period, that is its change
/// in the month (debit positive), on the account as a whole (<see cref="CostObject"/> null, an empty object list) or on one object of
/// the cost-object dimension. Period balances on other dimensions or on combinations of objects are not kept: the import cannot sum to them.
/// </summary>
public sealed record PeriodBalance(int Line, Domain.Common.YearMonth Month, string Account, string? CostObject, long Ore);

/// <summary>
/// A pure, streaming reader: it never holds the whole file in memory. It hands each row to
/// <paramref name="onRow"/> as it reads it (rows without a cost object too, so the importer can count
/// them) and returns every error found, up to <see cref="LedgerReadOptions.MaxErrors"/>. A file with
/// errors is refused by the importer as a whole, so rows handed over before an error are discarded.
/// </summary>
public interface ILedgerReader
{
    LedgerFileInfo Read(Stream input, LedgerReadOptions options, Action<LedgerRow> onRow, CancellationToken cancellationToken = default);
}

/// <summary>The dates a ledger row may carry, and the fiscal year a file may state (bokföringslagen 3 kap.).</summary>
public static class LedgerDates
{
    /// <summary>The first date a month (<c>YearMonth</c>) can hold; an earlier year in an export is a broken date.</summary>
    public static readonly DateOnly First = new(1900, 1, 1);

    /// <summary>A fiscal year is at most 18 months (an extended first or changed year), usually 12.</summary>
    public const int MaxFiscalYearMonths = 18;

    public static bool IsBookable(DateOnly date) => date >= First;

    public static string TooEarly(string text) =>
        $"Datumet ”{text}” ligger före år 1900 och kan inte vara en bokföringsdag. Kontrollera datumet i exporten.";

    /// <summary>The months from the start's month through the end's, both included.</summary>
    public static int MonthsSpanned(DateOnly start, DateOnly end) => (end.Year - start.Year) * 12 + end.Month - start.Month + 1;
}
