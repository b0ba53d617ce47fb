using GrantTracker.Application.Imports.Csv;

namespace GrantTracker.Application.Imports;

/// <summary>A small text file as uploaded (a distribution table saved from Excel or a web page): UTF-8, UTF-16 or Windows-1252, detected.</summary>
public static class TextFile
{
    public static string Decode(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes, writable: false);
        var text = CsvLedgerReader.DetectEncoding(stream, CancellationToken.None).Encoding.GetString(bytes);
        return text.TrimStart('\uFEFF');
    }
}
