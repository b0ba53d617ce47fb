using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;

namespace GrantTracker.Application.Imports.Csv;

/// <summary>
/// Reads a semicolon-separated ledger export with a header row, record by record. Finance systems write either
/// UTF-8 (with or without BOM) or Windows-1252; the encoding is detected, never asked for.
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
        var start = stream.Position;
        var isUtf8 = DetectUtf8(stream, cancellationToken);
        stream.Position = start;
        var encoding = isUtf8 ? Utf8 : Windows1252;
        var encodingName = isUtf8 ? "UTF-8" : "Windows-1252";

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

        using var text = new StreamReader(stream, encoding, detectEncodingFromByteOrderMarks: isUtf8, leaveOpen: true);
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
