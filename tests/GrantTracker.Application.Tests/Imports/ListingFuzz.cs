using System.Text;
using GrantTracker.Application.Seeding;

namespace GrantTracker.Application.Tests.Imports;

/// <summary>
/// Mutated Hälsoval listings made from the demo listing (24 units), deterministically from a seed: the mistakes a listing
/// file has (cut off anywhere, the last bytes dropped, a line deleted, doubled or swapped, a cell emptied or removed, a
/// band's digits cut, bytes flipped, NUL bytes, amounts beyond any unit, another encoding).
/// </summary>
internal sealed class ListingFuzz(int seed)
{
    /// <param name="Cut">The file is the valid one cut short (its end lost), and must never be taken without a confirmation.</param>
    public sealed record Case(string Name, string FileName, byte[] Bytes, bool Cut);

    private readonly Random _random = new(seed);

    public static byte[] Valid() => Encoding.UTF8.GetBytes(DemoListing.Csv());

    public IEnumerable<Case> Cases(int count)
    {
        var valid = Valid();
        for (var i = 0; i < count; i++)
        {
            var (name, bytes, cut) = Mutate(valid);
            yield return new Case($"{i:000} {name}", $"listning-{i:000}.csv", bytes, cut);
        }
    }

    private (string, byte[], bool) Mutate(byte[] valid)
    {
        var text = Encoding.UTF8.GetString(valid);
        var lines = text.Split("\r\n").ToList();
        if (lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }
        string Join(IEnumerable<string> rows) => string.Join("\r\n", rows) + "\r\n";
        int Row() => _random.Next(1, lines.Count);
        switch (_random.Next(13))
        {
            case 0:
            {
                // Cut anywhere; a cut that loses only the final line break loses nothing.
                var at = _random.Next(1, valid.Length - 2);
                return ("cut off", valid[..at], true);
            }
            case 1:
            {
                var drop = _random.Next(3, 200);
                return ($"last {drop} bytes dropped", valid[..^drop], true);
            }
            case 2:
                lines.RemoveAt(Row());
                return ("line deleted", Encoding.UTF8.GetBytes(Join(lines)), false);
            case 3:
            {
                var at = Row();
                lines.Insert(at, lines[at]);
                return ("line duplicated", Encoding.UTF8.GetBytes(Join(lines)), false);
            }
            case 4:
            {
                int a = Row(), b = Row();
                (lines[a], lines[b]) = (lines[b], lines[a]);
                return ("lines swapped", Encoding.UTF8.GetBytes(Join(lines)), false);
            }
            case 5:
            {
                var at = Row();
                var cells = lines[at].Split(';');
                cells[_random.Next(cells.Length)] = _random.Next(2) == 0 ? "" : " ";
                lines[at] = string.Join(';', cells);
                return ("cell emptied", Encoding.UTF8.GetBytes(Join(lines)), false);
            }
            case 6:
            {
                var at = Row();
                var cells = lines[at].Split(';').ToList();
                cells.RemoveAt(_random.Next(cells.Count));
                lines[at] = string.Join(';', cells);
                return ("cell removed", Encoding.UTF8.GetBytes(Join(lines)), false);
            }
            case 7:
            {
                // A band's last digits lost (1 326 → 13): the row still reads.
                var at = Row();
                var cells = lines[at].Split(';');
                var band = _random.Next(6, cells.Length);
                cells[band] = cells[band][..Math.Max(1, cells[band].Length - _random.Next(1, 3))];
                lines[at] = string.Join(';', cells);
                return ("band digits cut", Encoding.UTF8.GetBytes(Join(lines)), false);
            }
            case 8:
            {
                var bytes = (byte[])valid.Clone();
                for (var n = _random.Next(1, 4); n > 0; n--)
                {
                    bytes[_random.Next(bytes.Length)] = (byte)_random.Next(256);
                }
                return ("bytes flipped", bytes, false);
            }
            case 9:
            {
                var bytes = valid.ToList();
                for (var n = _random.Next(1, 4); n > 0; n--)
                {
                    bytes.Insert(_random.Next(bytes.Count), 0);
                }
                return ("NUL bytes", [.. bytes], false);
            }
            case 10:
            {
                var at = Row();
                var cells = lines[at].Split(';');
                cells[_random.Next(4, cells.Length)] = _random.Next(4) switch
                {
                    0 => "99999999999999999999",
                    1 => "1e20",
                    2 => "-5",
                    _ => "2000000000",
                };
                lines[at] = string.Join(';', cells);
                return ("number out of range", Encoding.UTF8.GetBytes(Join(lines)), false);
            }
            case 11:
                return _random.Next(3) switch
                {
                    0 => ("UTF-16", [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(text)], false),
                    1 => ("UTF-16 without BOM", Encoding.Unicode.GetBytes(text), false),
                    _ => ("Windows-1252", CodePages.GetEncoding(1252)!.GetBytes(text), false),
                };
            default:
            {
                // A cut inside a row, then the rows after it: a copy and paste that lost the middle of a line.
                var at = Row();
                lines[at] = lines[at][..(_random.Next(1, lines[at].Length))];
                return ("row cut in the middle", Encoding.UTF8.GetBytes(Join(lines)), false);
            }
        }
    }

    private static class CodePages
    {
        static CodePages() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

        public static Encoding? GetEncoding(int codePage) => Encoding.GetEncoding(codePage);
    }
}
