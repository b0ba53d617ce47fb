using GrantTracker.Application.Imports.Csv;

namespace GrantTracker.Application.Imports;

/// <summary>A small text file as uploaded (a distribution table saved from Excel or a web page): UTF-8 or Windows-1252, detected.</summary>
public static class TextFile
{
    public static string Decode(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes, writable: false);
        var text = CsvLedgerReader.DetectUtf8(stream, CancellationToken.None)
            ? CsvLedgerReader.Utf8.GetString(bytes)
            : CsvLedgerReader.Windows1252.GetString(bytes);
        return text.TrimStart('\uFEFF');
    }
}
