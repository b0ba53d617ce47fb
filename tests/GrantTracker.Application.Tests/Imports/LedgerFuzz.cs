using System.Globalization;
using System.IO.Compression;
using System.Text;
using MiniExcelLibs;

namespace GrantTracker.Application.Tests.Imports;

/// <summary>
/// Makes mutated ledger files from valid ones, deterministically from a seed: the mistakes real files have (cut off,
/// bytes flipped, lines deleted, doubled or swapped, NUL bytes, very long lines, the wrong encoding, bad dates,
/// unbalanced vouchers, the file twice) and broken workbooks (truncated, a part deleted, a zip bomb).
/// </summary>
internal sealed class LedgerFuzz
{
    public sealed record Case(string Name, string FileName, byte[] Bytes);

    /// <summary>One booked row of the valid ledger; the same rows make the SIE, CSV and Excel files.</summary>
    private sealed record Row(int Voucher, DateOnly Date, string Account, string? CostObject, string? Project, long Ore, string Text);

    private static readonly Encoding Cp437;
    private static readonly Encoding Windows1252;

    static LedgerFuzz()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        Cp437 = Encoding.GetEncoding(437);
        Windows1252 = Encoding.GetEncoding(1252);
    }

    private readonly Random _random;
    private readonly List<Row> _rows;

    public LedgerFuzz(int seed)
    {
        _random = new Random(seed);
        _rows = Ledger(new Random(seed ^ 0x5EED));
    }

    public byte[] ValidSie() => Cp437.GetBytes(SieText(_rows));

    public byte[] ValidCsv() => Utf8Bom(CsvText(_rows));

    public byte[] ValidXlsx() => Xlsx(_rows, null);

    /// <summary>
    /// 60 vouchers over 2023, each with one to three cost rows and one balancing row without an object; cost rows
    /// fall on the grant's objects 9916, 9917 and 9942 (some with a project code) and on other objects.
    /// </summary>
    private static List<Row> Ledger(Random random)
    {
        string[] objects = ["9916", "9917", "9942", "8123", "8200"];
        string[] texts = ["Lön projektledare", "Konsult", "Utbildning", "Material", "Resor"];
        var rows = new List<Row>();
        for (var voucher = 1; voucher <= 60; voucher++)
        {
            var date = new DateOnly(2023, 1, 1).AddDays(random.Next(365));
            var count = random.Next(1, 4);
            long total = 0;
            for (var i = 0; i < count; i++)
            {
                var ore = random.Next(1_000, 5_000_000);
                total += ore;
                var obj = objects[random.Next(objects.Length)];
                var project = obj == "9917" && random.Next(3) == 0 ? "VUB" : null;
                rows.Add(new Row(voucher, date, random.Next(2) == 0 ? "5010" : "6110", obj, project, ore, texts[random.Next(texts.Length)]));
            }
            rows.Add(new Row(voucher, date, "2440", null, null, -total, "Leverantörsskuld"));
        }
        return rows;
    }

    private static string Kronor(long ore, char point) =>
        (ore < 0 ? "-" : "") + (Math.Abs(ore) / 100).ToString(CultureInfo.InvariantCulture) + point + (Math.Abs(ore) % 100).ToString("00", CultureInfo.InvariantCulture);

    /// <param name="balances"><c>#PSALDO</c> lines, written before the vouchers as the standard has them.</param>
    private static string SieText(IEnumerable<Row> rows, IEnumerable<string>? balances = null)
    {
        var text = new StringBuilder();
        text.Append("#FLAGGA 0\n#PROGRAM \"Fuzz\" 1.0\n#FORMAT PC8\n#GEN 20240110\n#SIETYP 4\n#FNAMN \"Region Testland\"\n");
        text.Append("#RAR 0 20230101 20231231\n#DIM 1 \"Ansvar\"\n#DIM 6 \"Projekt\"\n#DIM 20 \"Objekt\"\n");
        foreach (var balance in balances ?? [])
        {
            text.Append(balance).Append('\n');
        }
        foreach (var voucher in rows.GroupBy(r => r.Voucher))
        {
            text.Append(CultureInfo.InvariantCulture, $"#VER A {voucher.Key} {voucher.First().Date:yyyyMMdd} \"{voucher.First().Text}\"\n{{\n");
            foreach (var r in voucher)
            {
                var dims = r.CostObject is null ? "" : $"20 \"{r.CostObject}\"" + (r.Project is null ? "" : $" 6 \"{r.Project}\"");
                text.Append(CultureInfo.InvariantCulture, $"#TRANS {r.Account} {{{dims}}} {Kronor(r.Ore, '.')} {r.Date:yyyyMMdd} \"{r.Text}\"\n");
            }
            text.Append("}\n");
        }
        return text.ToString();
    }

    private static string CsvText(IEnumerable<Row> rows, string header = "Verifikation;Datum;Konto;Ansvar;Objekt;Belopp;Text;Projekt") =>
        header + "\r\n" + string.Concat(rows.Select(r =>
            $"A {r.Voucher};{r.Date:yyyy-MM-dd};{r.Account};410;{r.CostObject};{Kronor(r.Ore, ',')};{r.Text};{r.Project}\r\n"));

    private static byte[] Utf8Bom(string text) => [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(text)];

    /// <param name="badDate">A row index whose date is written as this text instead.</param>
    private static byte[] Xlsx(IEnumerable<Row> rows, (int Index, string Text)? badDate)
    {
        using var stream = new MemoryStream();
        var sheet = rows.Select((r, i) => new Dictionary<string, object?>
        {
            ["Verifikation"] = $"A {r.Voucher}",
            ["Datum"] = badDate is { } bad && bad.Index == i ? bad.Text : r.Date.ToDateTime(TimeOnly.MinValue),
            ["Konto"] = r.Account,
            ["Ansvar"] = "410",
            ["Objekt"] = r.CostObject,
            ["Belopp"] = r.Ore / 100m,
            ["Text"] = r.Text,
            ["Projekt"] = r.Project,
        });
        stream.SaveAs(sheet, sheetName: "Huvudbok");
        return stream.ToArray();
    }

    /// <summary><paramref name="count"/> cases, a third of each format, in a fixed order for the seed.</summary>
    public IEnumerable<Case> Cases(int count)
    {
        var valid = new Dictionary<string, byte[]> { ["se"] = ValidSie(), ["csv"] = ValidCsv(), ["xlsx"] = ValidXlsx() };
        for (var i = 0; i < count; i++)
        {
            var format = (i % 3) switch { 0 => "se", 1 => "csv", _ => "xlsx" };
            var (name, bytes) = format == "xlsx" ? MutateWorkbook(valid["xlsx"]) : MutateText(format, valid[format]);
            yield return new Case($"{i:000} {format} {name}", $"fuzz-{i:000}.{format}", bytes);
        }
    }

    /// <summary>The objects of the test database's agreements that the ledger's rows fall on: the import keeps only their rows.</summary>
    private static readonly string[] Tracked = ["9916", "9917", "9942"];

    /// <summary>
    /// The controls' corpus (issue 23): the valid ledger with its own control, a SIE file carrying <c>#PSALDO</c> per month, account and
    /// object, a CSV or workbook with the ledger's balance report (<c>Objekt;Månad;Belopp</c>), mostly edited once on a row of a
    /// tracked object as the audit found files edited: a row duplicated, an amount raised by 1 kr, an amount rewritten (the voucher
    /// kept balanced). One case in five is left as it is, so that the corpus reaches both sides of the controls.
    /// </summary>
    public IEnumerable<(Case Case, bool Edited, byte[]? Control)> Edits(int count)
    {
        for (var i = 0; i < count; i++)
        {
            var format = (i % 3) switch { 0 => "se", 1 => "csv", _ => "xlsx" };
            var (name, rows) = i % 5 == 4 ? ("unedited", _rows) : Edit(format);
            var bytes = format switch
            {
                "se" => Cp437.GetBytes(SieText(rows, Balances(_rows))),
                "csv" => Utf8Bom(CsvText(rows)),
                _ => Xlsx(rows, null),
            };
            var control = format == "se" ? null : Utf8Bom(BalanceReport(_rows));
            yield return (new Case($"{i:000} {format} {name}", $"edit-{i:000}.{format}", bytes), name != "unedited", control);
        }
    }

    private (string, List<Row>) Edit(string format)
    {
        var rows = _rows.ToList();
        var candidates = rows.Select((r, i) => (r, i)).Where(x => x.r.CostObject is { } o && Tracked.Contains(o)).Select(x => x.i).ToList();
        var at = candidates[_random.Next(candidates.Count)];
        var row = rows[at];
        var balancing = rows.FindIndex(r => r.Voucher == row.Voucher && r.CostObject is null);
        switch (_random.Next(3))
        {
            case 0:
                // The same row twice in its voucher; its balancing row takes the amount too, so that the voucher still balances.
                rows.Insert(at + 1, row);
                rows[balancing + (balancing > at ? 1 : 0)] = rows[balancing + (balancing > at ? 1 : 0)] with { Ore = rows[balancing + (balancing > at ? 1 : 0)].Ore - row.Ore };
                return ("row duplicated", rows);
            case 1:
                rows[at] = row with { Ore = row.Ore + 100 };
                rows[balancing] = rows[balancing] with { Ore = rows[balancing].Ore - 100 };
                return ("amount raised by 1 kr", rows);
            default:
            {
                var ore = row.Ore;
                while (ore == row.Ore)
                {
                    ore = _random.Next(1_000, 5_000_000);
                }
                rows[at] = row with { Ore = ore };
                rows[balancing] = rows[balancing] with { Ore = rows[balancing].Ore - (ore - row.Ore) };
                return ("amount rewritten", rows);
            }
        }
    }

    /// <summary><c>#PSALDO</c> lines of the rows: per month and account, the account's total and each object's.</summary>
    private static IEnumerable<string> Balances(IEnumerable<Row> rows) =>
        rows.GroupBy(r => (Month: r.Date.ToString("yyyyMM", CultureInfo.InvariantCulture), r.Account)).OrderBy(g => g.Key)
            .SelectMany(g => g.Where(r => r.CostObject is not null).GroupBy(r => r.CostObject!).OrderBy(o => o.Key, StringComparer.Ordinal)
                .Select(o => $"#PSALDO 0 {g.Key.Month} {g.Key.Account} {{20 \"{o.Key}\"}} {Kronor(o.Sum(r => r.Ore), '.')}")
                .Prepend($"#PSALDO 0 {g.Key.Month} {g.Key.Account} {{}} {Kronor(g.Sum(r => r.Ore), '.')}"));

    /// <summary>Every object of the test database's agreements in 2023: 9943 has no rows in the ledger, so its months are 0 kr.</summary>
    private static readonly string[] AgreementObjects = [.. Tracked, "9943"];

    /// <summary>The ledger's balance report of the rows: every object of the agreements and month of 2023, net, 0 where nothing is booked.</summary>
    private static string BalanceReport(IEnumerable<Row> rows)
    {
        var sums = rows.Where(r => r.CostObject is not null).GroupBy(r => (r.CostObject!, r.Date.Month)).ToDictionary(g => g.Key, g => g.Sum(r => r.Ore));
        return "Objekt;Månad;Belopp\r\n" + string.Concat(AgreementObjects.SelectMany(o => Enumerable.Range(1, 12).Select(m =>
            $"{o};2023-{m:00};{Kronor(sums.GetValueOrDefault((o, m)), ',')}\r\n")));
    }

    private (string, byte[]) MutateText(string format, byte[] valid)
    {
        var lines = SplitLines(valid);
        var encoding = format == "se" ? Cp437 : Encoding.UTF8;
        switch (_random.Next(14))
        {
            case 0:
                return ("truncated", valid[.._random.Next(valid.Length)]);
            case 1:
                return ("bytes flipped", FlipBytes(valid));
            case 2:
                lines.RemoveAt(_random.Next(1, lines.Count));
                return ("line deleted", Join(lines));
            case 3:
            {
                var at = _random.Next(1, lines.Count);
                lines.Insert(at, lines[at]);
                return ("line duplicated", Join(lines));
            }
            case 4:
            {
                int a = _random.Next(1, lines.Count), b = _random.Next(1, lines.Count);
                (lines[a], lines[b]) = (lines[b], lines[a]);
                return ("lines swapped", Join(lines));
            }
            case 5:
            {
                var bytes = valid.ToList();
                for (var n = _random.Next(1, 4); n > 0; n--)
                {
                    bytes.Insert(_random.Next(bytes.Count), 0);
                }
                return ("NUL bytes", [.. bytes]);
            }
            case 6:
                lines.Insert(_random.Next(1, lines.Count), encoding.GetBytes(new string('x', 200_000)));
                return ("very long line", Join(lines));
            case 7:
            {
                // The same text in another encoding: UTF-16, or the other single-byte code page than the file's.
                var text = format == "se" ? SieText(_rows) : CsvText(_rows);
                return _random.Next(2) == 0
                    ? ("UTF-16", Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(text)).ToArray())
                    : ("other code page", format == "se" ? Windows1252.GetBytes(text) : Cp437.GetBytes(text));
            }
            case 8:
            {
                var rows = _rows.ToList();
                var at = _random.Next(rows.Count);
                var date = _random.Next(3) switch { 0 => new DateOnly(1, 6, 18), 1 => new DateOnly(1899, 12, 31), _ => new DateOnly(2023, 2, 28) };
                rows[at] = rows[at] with { Date = date };
                var text = format == "se" ? SieText(rows) : CsvText(rows);
                if (date.Year == 2023)
                {
                    // Not a date at all.
                    text = text.Replace("20230228", "20230230").Replace("2023-02-28", "2023-02-30");
                }
                return ("bad date", format == "se" ? Cp437.GetBytes(text) : Utf8Bom(text));
            }
            case 9:
            {
                var rows = _rows.ToList();
                var at = _random.Next(rows.Count);
                rows[at] = rows[at] with { Ore = rows[at].Ore + _random.Next(1, 100_000) };
                return ("unbalanced voucher", format == "se" ? Cp437.GetBytes(SieText(rows)) : Utf8Bom(CsvText(rows)));
            }
            case 10:
                // `cat huvudbok huvudbok`; a CSV's second header is a bad row, so its rows follow without one too.
                return ("file twice", format == "se" ? [.. valid, .. valid] : [.. valid, .. Encoding.UTF8.GetBytes(CsvText(_rows)[(CsvText(_rows).IndexOf('\n') + 1)..])]);
            case 11:
            {
                // The first rows only: an export cut off at a line, as `head` leaves it.
                var keep = _random.Next(2, lines.Count);
                return ("first lines only", Join(lines.Take(keep).ToList()));
            }
            case 12:
            {
                // A voucher's rows removed together: balanced, but the month shrinks.
                var voucher = _rows[_random.Next(_rows.Count)].Voucher;
                var rows = _rows.Where(r => r.Voucher != voucher).ToList();
                return ("voucher removed", format == "se" ? Cp437.GetBytes(SieText(rows)) : Utf8Bom(CsvText(rows)));
            }
            default:
                return ("unchanged", valid);
        }
    }

    private byte[] FlipBytes(byte[] valid)
    {
        var bytes = (byte[])valid.Clone();
        for (var n = _random.Next(1, 6); n > 0; n--)
        {
            bytes[_random.Next(bytes.Length)] ^= (byte)(1 << _random.Next(8));
        }
        return bytes;
    }

    private (string, byte[]) MutateWorkbook(byte[] valid)
    {
        switch (_random.Next(8))
        {
            case 0:
                return ("truncated", valid[.._random.Next(valid.Length)]);
            case 1:
                return ("bytes flipped", FlipBytes(valid));
            case 2:
            {
                using var stream = new MemoryStream();
                stream.Write(valid);
                using (var zip = new ZipArchive(stream, ZipArchiveMode.Update, leaveOpen: true))
                {
                    var entries = zip.Entries.ToList();
                    entries[_random.Next(entries.Count)].Delete();
                }
                return ("part deleted", stream.ToArray());
            }
            case 3:
                return ("rows twice", Xlsx(_rows.Concat(_rows), null));
            case 4:
            {
                var at = _random.Next(_rows.Count);
                return ("bad date", Xlsx(_rows, (at, _random.Next(2) == 0 ? "0001-06-18" : "2023-02-30")));
            }
            case 5:
            {
                var voucher = _rows[_random.Next(_rows.Count)].Voucher;
                return ("voucher removed", Xlsx(_rows.Where(r => r.Voucher != voucher), null));
            }
            case 6:
                return ("zip bomb", ZipBomb());
            default:
                return ("unchanged", valid);
        }
    }

    private static byte[]? _bomb;

    /// <summary>A workbook whose sheet unpacks from well under a megabyte to 300 MB: made once, it costs a second.</summary>
    private static byte[] ZipBomb()
    {
        if (_bomb is not null)
        {
            return _bomb;
        }
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Part(string name, string text)
            {
                using var writer = new StreamWriter(zip.CreateEntry(name).Open());
                writer.Write(text);
            }
            Part("[Content_Types].xml", "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>");
            Part("xl/workbook.xml", "<?xml version=\"1.0\"?><workbook/>");
            Part("xl/_rels/workbook.xml.rels", "<?xml version=\"1.0\"?><Relationships/>");
            using var sheet = zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.Fastest).Open();
            var block = Encoding.ASCII.GetBytes(new string(' ', 1 << 16));
            for (var i = 0; i < 300 * 16; i++)
            {
                sheet.Write(block);
            }
        }
        return _bomb = stream.ToArray();
    }

    private static List<byte[]> SplitLines(byte[] bytes)
    {
        var lines = new List<byte[]>();
        var start = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n')
            {
                lines.Add(bytes[start..(i + 1)]);
                start = i + 1;
            }
        }
        if (start < bytes.Length)
        {
            lines.Add(bytes[start..]);
        }
        return lines;
    }

    private static byte[] Join(List<byte[]> lines) => [.. lines.SelectMany(l => l.EndsWith((byte)'\n') ? l : [.. l, (byte)'\n'])];
}

internal static class ByteArrayExtensions
{
    public static bool EndsWith(this byte[] bytes, byte last) => bytes.Length > 0 && bytes[^1] == last;
}
