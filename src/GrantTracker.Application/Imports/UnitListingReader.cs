using System.Globalization;
using System.Text.RegularExpressions;
using CsvHelper;
using CsvHelper.Configuration;
using GrantTracker.Application.Imports.Csv;
using GrantTracker.Domain.Distribution;
using MiniExcelLibs;

namespace GrantTracker.Application.Imports;

/// <summary>What a listing file holds: its units, or every error with its line.</summary>
/// <param name="Unterminated">
/// The last unit when a CSV file ends inside its row, without a line break: the file may be cut off inside that unit's last
/// cell, where a row with every column still reads (1 326 listed cut to 13). Exports end every row with a line break.
/// </param>
public sealed record UnitListingFile(IReadOnlyList<ListedUnit> Units, IReadOnlyList<ImportError> Errors, string? Encoding, ListedUnit? Unterminated = null)
{
    public bool Succeeded => Errors.Count == 0;
}

/// <summary>
/// Reads a Hälsoval listing: one row per primary-care unit with the header
/// <c>Vårdenhet;Namn;Organisationsnummer;Driftform;Avstånd km;CNI;0-4;5-9;…;95-99;100+</c> (an en dash in a band too),
/// as CSV (semicolon, UTF-8, UTF-16 or Windows-1252, decimal comma) or as the first sheet of an Excel workbook. A pure
/// reader: every problem is an error with its line and column, and the use case takes the file all or nothing. A row has
/// every column and every band a number: an empty cell is never read as nobody listed (issue 23).
/// </summary>
public static partial class UnitListingReader
{
    public static readonly IReadOnlyList<string> Columns = ["Vårdenhet", "Namn", "Organisationsnummer", "Driftform", "Avstånd km", "CNI", .. AgeBands.Names];

    public static string HeaderLine => string.Join(';', Columns);

    public static UnitListingFile Read(Stream input, bool excel, CancellationToken ct = default)
    {
        var errors = new LedgerErrorList(100);
        string? encoding = null;
        var unterminated = false;
        IEnumerable<(int Line, string?[] Cells)> records;
        using var seekable = SeekableInput.From(input, ct);
        var stream = seekable.Stream;
        try
        {
            if (excel)
            {
                records = Excel(stream);
            }
            else
            {
                var (detected, name) = CsvLedgerReader.DetectEncoding(stream, ct);
                encoding = name;
                unterminated = !EndsWithLineBreak(stream, detected);
                records = Csv(stream, detected);
            }
            var units = Parse(records, errors, ct);
            return errors.Seen == 0
                ? new UnitListingFile(units, [], encoding, unterminated && units.Count > 0 ? units[^1] : null)
                : new UnitListingFile([], errors.Errors, encoding);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            errors.Add(0, null, excel
                ? "Filen går inte att läsa som en Excel-arbetsbok (.xlsx). Spara den som Excel-arbetsbok och försök igen."
                : "Filen går inte att läsa som CSV. Spara den som CSV med semikolon (UTF-8) och försök igen.");
            return new UnitListingFile([], errors.Errors, encoding);
        }
    }

    /// <summary>Whether the text's last character is a line break (or the file is empty); the stream is left where it was.</summary>
    private static bool EndsWithLineBreak(Stream stream, System.Text.Encoding encoding)
    {
        var start = stream.Position;
        var width = encoding is System.Text.UnicodeEncoding ? 2 : 1;
        if (stream.Length - start < width)
        {
            return true;
        }
        var last = new byte[width];
        stream.Position = stream.Length - width;
        stream.ReadExactly(last);
        stream.Position = start;
        return encoding.GetString(last) is "\n" or "\r";
    }

    private static IEnumerable<(int, string?[])> Csv(Stream stream, System.Text.Encoding encoding)
    {
        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture) { Delimiter = ";", DetectDelimiter = false, IgnoreBlankLines = true };
        using var text = new StreamReader(stream, encoding, detectEncodingFromByteOrderMarks: encoding != CsvLedgerReader.Windows1252, leaveOpen: true);
        using var parser = new CsvParser(text, configuration, leaveOpen: true);
        while (parser.Read())
        {
            yield return (parser.RawRow, parser.Record ?? []);
        }
    }

    private static IEnumerable<(int, string?[])> Excel(Stream stream)
    {
        var line = 0;
        foreach (IDictionary<string, object?> row in MiniExcel.Query(stream, useHeaderRow: false, excelType: ExcelType.XLSX))
        {
            line++;
            // Excel turns a typed header "5-9" or "10-14" into a date (9 May, 14 October): read it back as the band it was.
            yield return (line, [.. row.Values.Select(v => line == 1 && v is DateTime d ? $"{d.Month}-{d.Day}" : TabularLedger.Text(v))]);
        }
    }

    private static List<ListedUnit> Parse(IEnumerable<(int Line, string?[] Cells)> records, LedgerErrorList errors, CancellationToken ct)
    {
        var units = new List<ListedUnit>();
        int[]? index = null;
        var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var (line, cells) in records)
        {
            ct.ThrowIfCancellationRequested();
            if (index is null)
            {
                index = Header(cells, line, errors);
                if (index is null)
                {
                    return units;
                }
                continue;
            }
            if (cells.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }
            string? Cell(int column) => index[column] < cells.Length ? cells[index[column]]?.Trim() is { Length: > 0 } t ? t : null : null;

            var before = errors.Seen;
            // A row that ends early is a file cut off inside it (or a row typed short): its missing bands would count as
            // nobody listed. Named once, at the first column the row lacks.
            var missing = Enumerable.Range(0, Columns.Count).Where(c => index[c] >= cells.Length).OrderBy(c => index[c]).ToList();
            if (missing.Count > 0)
            {
                errors.Add(line, Columns[missing[0]],
                    $"Raden har {cells.Length} {(cells.Length == 1 ? "kolumn" : "kolumner")} men rubrikraden har {Columns.Count}: " +
                    $"{(missing.Count == 1 ? $"kolumnen ”{Columns[missing[0]]}” saknas" : $"{missing.Count} kolumner saknas från och med ”{Columns[missing[0]]}”")}. " +
                    "Filen kan vara avklippt. Exportera listningen igen, eller fyll i raden; en åldersklass utan listade skrivs 0.");
                continue;
            }
            var code = Cell(0);
            if (code is null)
            {
                errors.Add(line, "Vårdenhet", "Vårdenhetens kod saknas (HSA-id eller regionens egen kod).");
            }
            else if (seen.TryGetValue(code, out var earlier))
            {
                errors.Add(line, "Vårdenhet", $"Vårdenheten {code} finns redan på rad {earlier}. Varje vårdenhet ska stå en gång.");
            }
            else
            {
                seen.Add(code, line);
            }
            var name = Cell(1);
            if (name is null)
            {
                errors.Add(line, "Namn", "Vårdenhetens namn saknas.");
            }
            var organisation = OrganisationNumber.Normalize(Cell(2));
            if (organisation is null)
            {
                errors.Add(line, "Organisationsnummer", $"Organisationsnumret ”{Cell(2)}” är inte ett giltigt organisationsnummer (NNNNNN-NNNN, kontrollsiffran stämmer inte).");
            }
            Ownership? ownership = Cell(3)?.ToLowerInvariant() switch
            {
                "offentlig" or "offentligt" or "region" => Ownership.Offentlig,
                "privat" => Ownership.Privat,
                _ => null,
            };
            if (ownership is null)
            {
                errors.Add(line, "Driftform", $"Driftformen ”{Cell(3)}” ska vara Offentlig eller Privat.");
            }
            var distance = Decimal(Cell(4), line, "Avstånd km", errors, allowZero: true);
            var cni = Decimal(Cell(5), line, "CNI", errors, allowZero: false);
            var listed = new int[AgeBands.Count];
            for (var band = 0; band < listed.Length; band++)
            {
                var text = Cell(6 + band);
                if (text is null)
                {
                    errors.Add(line, AgeBands.Names[band], $"Antalet listade i åldersklassen {AgeBands.Names[band]} saknas. Skriv 0 om vårdenheten inte har några listade i den åldern.");
                    continue;
                }
                var digits = text.Replace(" ", "").Replace("\u00A0", "");
                if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out listed[band]))
                {
                    errors.Add(line, AgeBands.Names[band], digits.Length > 0 && digits.All(char.IsAsciiDigit)
                        ? TooMany(text, band)
                        : $"Antalet listade ”{text}” i åldersklassen {AgeBands.Names[band]} ska vara ett heltal, noll eller fler.");
                }
                else if (listed[band] > MaxListedPerBand)
                {
                    // Far beyond any unit, and 21 such bands would overflow the unit's total.
                    errors.Add(line, AgeBands.Names[band], TooMany(text, band));
                }
            }
            if (errors.Seen == before)
            {
                units.Add(new ListedUnit(code!, name!, organisation!, ownership!.Value, distance, cni, listed));
            }
        }
        if (index is null)
        {
            errors.Add(1, null, $"Filen är tom. Den ska börja med rubrikraden {HeaderLine}.");
        }
        else if (units.Count == 0 && errors.Seen == 0)
        {
            errors.Add(2, null, "Filen har inga vårdenheter under rubrikraden.");
        }
        return units;
    }

    /// <summary>The column of each expected header, or null after one error per missing or doubled header.</summary>
    private static int[]? Header(string?[] cells, int line, LedgerErrorList errors)
    {
        var names = cells.Select(c => Normalize(c)).ToList();
        var index = new int[Columns.Count];
        var ok = true;
        for (var i = 0; i < Columns.Count; i++)
        {
            var found = names.Select((n, at) => (n, at)).Where(p => p.n == Normalize(Columns[i])).Select(p => p.at).ToList();
            if (found.Count == 0)
            {
                errors.Add(line, Columns[i], $"Kolumnen ”{Columns[i]}” saknas i rubrikraden. Rubrikraden ska vara {HeaderLine}.");
                ok = false;
            }
            else if (found.Count > 1)
            {
                errors.Add(line, Columns[i], $"Kolumnen ”{Columns[i]}” finns {found.Count} gånger i rubrikraden.");
                ok = false;
            }
            else
            {
                index[i] = found[0];
            }
        }
        return ok ? index : null;
    }

    private static string Normalize(string? header) => Spaces().Replace((header ?? "").Trim().Replace('–', '-').ToLowerInvariant(), " ");

    private static decimal Decimal(string? text, int line, string field, LedgerErrorList errors, bool allowZero)
    {
        if (text is null)
        {
            errors.Add(line, field, $"{field} saknas.");
            return 0;
        }
        if (!decimal.TryParse(text.Replace(" ", "").Replace(',', '.'), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            || decimal.Round(value, 4) != value || (!allowZero && value == 0) || value > 100_000)
        {
            errors.Add(line, field, $"{field} ”{text}” ska vara ett tal {(allowZero ? "noll eller större" : "större än noll")} med högst fyra decimaler, till exempel 1,05.");
            return 0;
        }
        return value;
    }

    /// <summary>More listed in one band than any unit has: a typing or export error, and the bound that keeps a unit's total in range.</summary>
    public const int MaxListedPerBand = 1_000_000;

    private static string TooMany(string text, int band) =>
        $"Antalet listade ”{text}” i åldersklassen {AgeBands.Names[band]} är för stort. Högst {MaxListedPerBand.ToString("#,0", GrantTracker.Domain.Common.SwedishFormat.Numbers)} per åldersklass.";

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
