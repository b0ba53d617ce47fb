using System.Text;

namespace GrantTracker.Application.Imports.Sie;

/// <summary>
/// The #KSUMMA checksum of SIE 4: a reflected CRC-32 (polynomial 0xEDB88320, start 0xFFFFFFFF, final
/// inversion) over every record between the opening and the closing #KSUMMA. Only the label and the
/// field contents count, in the file's own bytes: the spaces and tabs between fields, the quotes around
/// fields, the braces of object lists and the line ends are left out.
/// </summary>
public sealed class SieChecksum
{
    private static readonly uint[] Table = BuildTable();

    private readonly Encoding _encoding;
    private readonly byte[] _bytes = new byte[16];
    private uint _crc = 0xFFFFFFFF;

    public SieChecksum(Encoding encoding) => _encoding = encoding;

    public uint Value => ~_crc;

    public void Add(ReadOnlySpan<char> text)
    {
        var crc = _crc;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c < 0x80)
            {
                crc = (crc >> 8) ^ Table[(crc ^ c) & 0xFF];
                continue;
            }
            // Outside ASCII the file's bytes count, so the character goes back to the encoding it was read in.
            var count = char.IsHighSurrogate(c) && i + 1 < text.Length
                ? _encoding.GetBytes(text.Slice(i++, 2), _bytes)
                : _encoding.GetBytes(text.Slice(i, 1), _bytes);
            for (var b = 0; b < count; b++)
            {
                crc = (crc >> 8) ^ Table[(crc ^ _bytes[b]) & 0xFF];
            }
        }
        _crc = crc;
    }

    /// <summary>The CRC-32 of raw bytes, as the SIE standard's routine computes it.</summary>
    public static uint Compute(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xFFFFFFFF;
        foreach (var b in bytes)
        {
            crc = (crc >> 8) ^ Table[(crc ^ b) & 0xFF];
        }
        return ~crc;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            var crc = i;
            for (var j = 0; j < 8; j++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
            }
            table[i] = crc;
        }
        return table;
    }
}
