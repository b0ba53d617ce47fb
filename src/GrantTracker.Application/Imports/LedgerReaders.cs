namespace GrantTracker.Application.Imports;

/// <summary>Picks the reader for a format, and the format for a file name.</summary>
public interface ILedgerReaders
{
    ILedgerReader For(LedgerFormat format);
}

public static class LedgerFormats
{
    public static LedgerFormat? FromFileName(string fileName) => Path.GetExtension(fileName).ToLowerInvariant() switch
    {
        ".se" or ".si" or ".sie" or ".sie4" => LedgerFormat.Sie,
        ".csv" or ".txt" => LedgerFormat.Csv,
        ".xlsx" => LedgerFormat.Xlsx,
        _ => null,
    };

    public static bool TryParse(string? text, out LedgerFormat format)
    {
        format = default;
        return text is not null && Enum.TryParse(text, ignoreCase: true, out format) && Enum.IsDefined(format);
    }
}
