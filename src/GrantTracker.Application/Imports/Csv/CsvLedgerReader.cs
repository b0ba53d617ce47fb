using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;

namespace GrantTracker.Application.Imports.Csv;

/// <summary>
/// Reads a semicolon-separated ledger export with a header row, record by record. Finance systems write either
/// UTF-8 (with or without BOM) or Windows-1252, and Excel's "Unicode text" is UTF-16; the encoding is detected, never asked for.
/// </summary>
public sealed class CsvLedgerReader : ILedgerReader
{
    internal static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);
    internal static readonly Encoding Windows1252;

    static CsvLedgerReader()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        Windows1252 = Encoding.GetEncoding(1252);
    }

    public LedgerFileInfo Read(Stream input, LedgerReadOptions options, Action<LedgerRow> onRow, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(onRow);

        var errors = new LedgerErrorList(options.MaxErrors);
        using var seekable = SeekableInput.From(input, cancellationToken);
        var stream = seekable.Stream;
        var (encoding, encodingName) = DetectEncoding(stream, cancellationToken);

        var rowsRead = 0L;
        var badData = false;
        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            Delimiter = ";",
            DetectDelimiter = false,
            IgnoreBlankLines = true,
            // A stray quote is the user's data, not a crash: it becomes an error on its line.
            BadDataFound = _ => badData = true,
        };

        using var text = new StreamReader(stream, encoding, detectEncodingFromByteOrderMarks: encoding != Windows1252, leaveOpen: true);
        using var parser = new CsvParser(text, configuration, leaveOpen: true);

        if (!parser.Read())
        {
            errors.Add(1, null, "Filen är tom. Den ska börja med en rubrikrad, till exempel Verifikation;Datum;Konto;Ansvar;Objekt;Belopp;Text.");
            return Info(encodingName, rowsRead, errors);
        }

        var header = TabularLedger.ResolveHeader(parser.Record ?? [], options.Columns, StartLine(parser), errors);
        if (header is null)
        {
            return Info(encodingName, rowsRead, errors);
        }

        var repeated = new RepeatedVouchers();
        var previousEnd = parser.RawRow;
        while (parser.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var line = StartLine(parser);
            var record = parser.Record ?? [];
            var end = previousEnd;
            previousEnd = parser.RawRow;

            if (badData)
            {
                badData = false;
                rowsRead++;
                // A quote left open runs on over the following lines; the trouble starts right after the last good record.
                errors.Add(end + 1, null, "Raden har ett citattecken (\") på fel ställe. Ett fält med citattecken ska börja och sluta med det.");
                continue;
            }

            var cells = header.Pick(record, static (r, i) => i < r.Length ? r[i] : null);
            if (cells.IsEmpty)
            {
                continue;
            }

            rowsRead++;
            var row = TabularLedger.ParseRow(line, cells, options.Columns, errors);
            if (row is not null)
            {
                repeated.Add(row, errors);
                onRow(row);
            }
        }

        repeated.Complete(errors);
        return Info(encodingName, rowsRead, errors);
    }

    private static LedgerFileInfo Info(string encoding, long rowsRead, LedgerErrorList errors) =>
        new(LedgerFormat.Csv, encoding, FiscalYearStart: null, FiscalYearEnd: null, rowsRead, errors.Errors, errors.More);

    /// <summary>The file line a record starts on: a quoted field may span lines, and the parser counts to the record's end.</summary>
    private static int StartLine(IParser parser)
    {
        var raw = parser.RawRecord.AsSpan().TrimEnd("\r\n");
        return parser.RawRow - raw.Count('\n');
    }

    internal static readonly Encoding Utf16LittleEndian = new UnicodeEncoding(bigEndian: false, byteOrderMark: false, throwOnInvalidBytes: false);
    internal static readonly Encoding Utf16BigEndian = new UnicodeEncoding(bigEndian: true, byteOrderMark: false, throwOnInvalidBytes: false);

    /// <summary>
    /// The text file's encoding and its name for the import's summary: UTF-16 (by its BOM, or without one by the zero
    /// byte every Latin letter has in every other position), else UTF-8 or Windows-1252 as <see cref="DetectUtf8"/> says.
    /// The stream is left where it was.
    /// </summary>
    internal static (Encoding Encoding, string Name) DetectEncoding(Stream stream, CancellationToken cancellationToken)
    {
        var start = stream.Position;
        var head = new byte[4096];
        var read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        stream.Position = start;
        if (Utf16(head.AsSpan(0, read)) is { } bigEndian)
        {
            return bigEndian ? (Utf16BigEndian, "UTF-16 BE") : (Utf16LittleEndian, "UTF-16");
        }
        var utf8 = DetectUtf8(stream, cancellationToken);
        stream.Position = start;
        return utf8 ? (Utf8, "UTF-8") : (Windows1252, "Windows-1252");
    }

    /// <summary>True for big-endian UTF-16, false for little-endian, null when the bytes are not UTF-16.</summary>
    private static bool? Utf16(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return false;
        }
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return true;
        }
        // A header row alone is some 40 characters; fewer than 8 say too little to tell a stray zero from UTF-16.
        var pairs = head.Length / 2;
        if (pairs < 8)
        {
            return null;
        }
        int zeroEven = 0, zeroOdd = 0;
        for (var i = 0; i + 1 < head.Length; i += 2)
        {
            zeroEven += head[i] == 0 ? 1 : 0;
            zeroOdd += head[i + 1] == 0 ? 1 : 0;
        }
        return zeroOdd >= pairs * 0.8 && zeroEven <= pairs * 0.05 ? false
            : zeroEven >= pairs * 0.8 && zeroOdd <= pairs * 0.05 ? true
            : null;
    }

    /// <summary>
    /// A BOM, or bytes that are valid UTF-8 and not plain ASCII, mean UTF-8; anything else is read as Windows-1252,
    /// where every byte is a character. Plain ASCII reads the same either way and is reported as UTF-8.
    /// The whole file is checked, a buffer at a time: an å on the last line decides as much as one on the first.
    /// </summary>
    internal static bool DetectUtf8(Stream stream, CancellationToken cancellationToken)
    {
        var decoder = new UTF8Encoding(false, throwOnInvalidBytes: true).GetDecoder();
        var buffer = new byte[81920];
        var first = true;
        int read;
        try
        {
            while ((read = stream.ReadAtLeast(buffer, Math.Min(3, buffer.Length), throwOnEndOfStream: false)) > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var bytes = buffer.AsSpan(0, read);
                if (first)
                {
                    first = false;
                    if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
                    {
                        return true;
                    }
                }

                decoder.GetCharCount(bytes, flush: false);
            }

            decoder.GetCharCount([], flush: true);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}
