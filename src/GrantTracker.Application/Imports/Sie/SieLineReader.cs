using System.Text;

namespace GrantTracker.Application.Imports.Sie;

/// <summary>
/// Reads a stream line by line into a reused character buffer, so that a line costs no allocation.
/// The bytes sniffed for the encoding are replayed before the rest of the stream.
/// </summary>
internal sealed class SieLineReader
{
    private const int MaxLineLength = 1024 * 1024;

    private readonly Stream _stream;
    private readonly Encoding _encoding;
    private readonly Decoder _decoder;
    private readonly byte[] _prefix;
    private readonly int _prefixLength;
    private int _prefixPosition;
    private readonly byte[] _bytes = new byte[64 * 1024];
    private char[] _chars = new char[128 * 1024];
    private int _start;
    private int _end;
    private bool _endOfStream;

    public SieLineReader(Stream stream, Encoding encoding, byte[] prefix, int prefixLength, int skip)
    {
        _stream = stream;
        _encoding = encoding;
        _decoder = encoding.GetDecoder();
        _prefix = prefix;
        _prefixLength = prefixLength;
        _prefixPosition = skip;
    }

    /// <summary>The 1-based number of the line last returned.</summary>
    public int LineNumber { get; private set; }

    public bool TryReadLine(out ReadOnlySpan<char> line)
    {
        while (true)
        {
            var newline = _chars.AsSpan(_start, _end - _start).IndexOf('\n');
            if (newline >= 0)
            {
                line = TrimCarriageReturn(_chars.AsSpan(_start, newline));
                _start += newline + 1;
                LineNumber++;
                return true;
            }
            if (_end - _start >= MaxLineLength)
            {
                // No SIE record is this long: hand it over as a line rather than hold a binary file in memory.
                line = _chars.AsSpan(_start, _end - _start);
                _start = _end;
                LineNumber++;
                return true;
            }
            if (_endOfStream)
            {
                if (_start < _end)
                {
                    line = TrimCarriageReturn(_chars.AsSpan(_start, _end - _start));
                    _start = _end;
                    LineNumber++;
                    return true;
                }
                line = default;
                return false;
            }
            Fill();
        }
    }

    private static ReadOnlySpan<char> TrimCarriageReturn(ReadOnlySpan<char> line) =>
        line.Length > 0 && line[^1] == '\r' ? line[..^1] : line;

    private void Fill()
    {
        if (_start > 0)
        {
            Array.Copy(_chars, _start, _chars, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        int count;
        if (_prefixPosition < _prefixLength)
        {
            count = Math.Min(_bytes.Length, _prefixLength - _prefixPosition);
            Array.Copy(_prefix, _prefixPosition, _bytes, 0, count);
            _prefixPosition += count;
        }
        else
        {
            count = _stream.Read(_bytes, 0, _bytes.Length);
        }
        var flush = count == 0;
        var needed = _end + _encoding.GetMaxCharCount(count);
        if (needed > _chars.Length)
        {
            // Only a line longer than the buffer grows it, so memory follows the longest line, not the file.
            Array.Resize(ref _chars, Math.Max(needed, _chars.Length * 2));
        }
        _end += _decoder.GetChars(_bytes, 0, count, _chars, _end, flush);
        _endOfStream = flush;
    }
}
