namespace GrantTracker.Application.Imports.Sie;

internal enum SieTokenKind
{
    Plain,
    Quoted,
    ObjectList,
}

/// <summary>
/// Splits one SIE record into fields: runs of spaces or tabs separate them, <c>"…"</c> quotes a field
/// (<c>\"</c> is a quote inside it, <c>""</c> an empty field), and <c>{…}</c> is an object list whose inner
/// text is kept whole for <see cref="SieTokenizer"/> to split again. Field text is copied into a reused
/// buffer, so a record costs no allocation.
/// </summary>
internal sealed class SieTokenizer
{
    private char[] _text = new char[512];
    private int _textLength;
    private SieToken[] _tokens = new SieToken[16];

    public int Count { get; private set; }

    /// <summary>Why the last record could not be split, in Swedish.</summary>
    public string? Problem { get; private set; }

    public SieTokenKind Kind(int index) => _tokens[index].Kind;

    public ReadOnlySpan<char> Text(int index) => _text.AsSpan(_tokens[index].Start, _tokens[index].Length);

    public static bool IsSpace(char c) => c == ' ' || c == '\t';

    public bool Tokenize(ReadOnlySpan<char> record)
    {
        Count = 0;
        _textLength = 0;
        Problem = null;
        if (_text.Length < record.Length)
        {
            _text = new char[Math.Max(record.Length, _text.Length * 2)];
        }
        var i = 0;
        while (true)
        {
            while (i < record.Length && IsSpace(record[i]))
            {
                i++;
            }
            if (i >= record.Length)
            {
                return true;
            }
            var start = _textLength;
            switch (record[i])
            {
                case '"':
                    i++;
                    var closed = false;
                    while (i < record.Length)
                    {
                        var c = record[i];
                        if (c == '\\' && i + 1 < record.Length && record[i + 1] == '"')
                        {
                            _text[_textLength++] = '"';
                            i += 2;
                        }
                        else if (c == '"')
                        {
                            i++;
                            closed = true;
                            break;
                        }
                        else
                        {
                            _text[_textLength++] = c;
                            i++;
                        }
                    }
                    if (!closed)
                    {
                        Problem = "Ett citattecken avslutas aldrig.";
                        return false;
                    }
                    Add(SieTokenKind.Quoted, start);
                    break;
                case '{':
                    i++;
                    var inQuote = false;
                    var ended = false;
                    while (i < record.Length)
                    {
                        var c = record[i];
                        if (inQuote && c == '\\' && i + 1 < record.Length && record[i + 1] == '"')
                        {
                            _text[_textLength++] = c;
                            _text[_textLength++] = '"';
                            i += 2;
                            continue;
                        }
                        if (c == '"')
                        {
                            inQuote = !inQuote;
                        }
                        else if (c == '}' && !inQuote)
                        {
                            i++;
                            ended = true;
                            break;
                        }
                        _text[_textLength++] = c;
                        i++;
                    }
                    if (!ended)
                    {
                        Problem = "En objektlista avslutas aldrig med }.";
                        return false;
                    }
                    Add(SieTokenKind.ObjectList, start);
                    break;
                default:
                    while (i < record.Length && !IsSpace(record[i]))
                    {
                        _text[_textLength++] = record[i++];
                    }
                    Add(SieTokenKind.Plain, start);
                    break;
            }
        }
    }

    private void Add(SieTokenKind kind, int start)
    {
        if (Count == _tokens.Length)
        {
            Array.Resize(ref _tokens, _tokens.Length * 2);
        }
        _tokens[Count++] = new SieToken(kind, start, _textLength - start);
    }

    private readonly record struct SieToken(SieTokenKind Kind, int Start, int Length);
}
