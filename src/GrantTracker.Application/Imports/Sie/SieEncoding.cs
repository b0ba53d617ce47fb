using System.Text;

namespace GrantTracker.Application.Imports.Sie;

/// <summary>
/// Decides how a SIE file's bytes are text. The standard says <c>#FORMAT PC8</c> (code page 437), but
/// real exporters write UTF-8 or Windows-1252 under that label, so the bytes decide, not the label.
/// </summary>
public static class SieEncoding
{
    /// <summary>How much of the file is looked at before deciding.</summary>
    public const int SniffLength = 64 * 1024;

    public const string Utf8Name = "UTF-8";
    public const string Cp437Name = "IBM437";
    public const string Windows1252Name = "Windows-1252";

    static SieEncoding()
    {
        // The code pages are not in .NET by default; registering twice is harmless.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        Cp437 = Encoding.GetEncoding(437);
        Windows1252 = Encoding.GetEncoding(1252);
    }

    public static Encoding Utf8 { get; } = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    public static Encoding Cp437 { get; }

    public static Encoding Windows1252 { get; }

    // The Swedish letters å ä ö Å Ä Ö in each code page: the high bytes a Swedish ledger is made of.
    private static ReadOnlySpan<byte> Cp437Letters => [0x86, 0x84, 0x94, 0x8F, 0x8E, 0x99];

    private static ReadOnlySpan<byte> Windows1252Letters => [0xE5, 0xE4, 0xF6, 0xC5, 0xC4, 0xD6];

    /// <summary>
    /// Detects the encoding from the start of a file. <paramref name="isWholeFile"/> tells whether the
    /// prefix is all there is, so that a multi-byte character cut off at its end is not taken for an error.
    /// </summary>
    public static (Encoding Encoding, string Name, int PreambleLength) Detect(ReadOnlySpan<byte> prefix, bool isWholeFile)
    {
        if (prefix.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return (Utf8, Utf8Name, 3);
        }
        if (!prefix.ContainsAnyExceptInRange((byte)0, (byte)0x7F))
        {
            return (Cp437, Cp437Name, 0);
        }
        if (IsStrictUtf8(prefix, isWholeFile))
        {
            return (Utf8, Utf8Name, 0);
        }
        int cp437 = 0, windows1252 = 0;
        foreach (var b in prefix)
        {
            if (b < 0x80)
            {
                continue;
            }
            if (Cp437Letters.Contains(b))
            {
                cp437++;
            }
            else if (Windows1252Letters.Contains(b))
            {
                windows1252++;
            }
        }
        return windows1252 > cp437 ? (Windows1252, Windows1252Name, 0) : (Cp437, Cp437Name, 0);
    }

    private static bool IsStrictUtf8(ReadOnlySpan<byte> bytes, bool isWholeFile)
    {
        if (!isWholeFile)
        {
            // Drop a character the prefix cut in two: at most three continuation bytes after its lead byte.
            var end = bytes.Length;
            for (var back = 1; back <= 3 && end - back >= 0; back++)
            {
                var b = bytes[end - back];
                if ((b & 0xC0) == 0x80)
                {
                    continue;
                }
                if (b >= 0xC0)
                {
                    var needed = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
                    if (needed > back)
                    {
                        bytes = bytes[..(end - back)];
                    }
                }
                break;
            }
        }
        return System.Text.Unicode.Utf8.IsValid(bytes);
    }
}
