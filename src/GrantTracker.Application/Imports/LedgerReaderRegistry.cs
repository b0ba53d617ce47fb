namespace GrantTracker.Application.Imports;

/// <summary>The readers this version knows.</summary>
public sealed class LedgerReaderRegistry : ILedgerReaders
{
    public ILedgerReader For(LedgerFormat format) => format switch
    {
        LedgerFormat.Sie => new Sie.SieReader(),
        LedgerFormat.Csv => new Csv.CsvLedgerReader(),
        LedgerFormat.Xlsx => new Xlsx.XlsxLedgerReader(),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown ledger format."),
    };
}
