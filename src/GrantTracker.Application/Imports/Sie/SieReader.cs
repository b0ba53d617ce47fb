using System.Globalization;
using System.Text;
using GrantTracker.Domain.Common;

namespace GrantTracker.Application.Imports.Sie;

/// <summary>
/// Reads the vouchers of a SIE 4 file (4E or 4I) as ledger rows, streaming: one line at a time, with
/// the encoding decided from the first 64 KB. Labels the import does not need are ignored, as the
/// standard requires of a reading program.
/// </summary>
public sealed class SieReader : ILedgerReader
{
    public LedgerFileInfo Read(Stream input, LedgerReadOptions options, Action<LedgerRow> onRow, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(onRow);
        return new Session(options, onRow, cancellationToken).Run(input);
    }

    private sealed class Session(LedgerReadOptions options, Action<LedgerRow> onRow, CancellationToken cancellationToken)
    {
        private const int DefaultObjectDimension = 6;
        private const int CostCentreDimension = 1;
        private const int ProjectDimension = 6;
        private const int MaxPooledStrings = 50_000;

        private readonly int _maxErrors = Math.Max(1, options.MaxErrors);
        private readonly List<ImportError> _errors = [];
        private bool _moreErrors;

        private readonly SieTokenizer _record = new();
        private readonly SieTokenizer _objects = new();
        private readonly Dictionary<string, string> _pool = new(StringComparer.Ordinal);
        private Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _poolLookup;

        private Encoding _encoding = SieEncoding.Cp437;
        private int _line;
        private long _rowsRead;
        private bool _isSie;
        private DateOnly? _yearStart;
        private DateOnly? _yearEnd;
        private int? _namedObjectDimension;

        private SieChecksum? _checksum;
        private int _checksumLine;
        private bool _checksumClosed;

        // The voucher being read: opened by #VER, its rows between { and }.
        private bool _awaitingBrace;
        private bool _inVoucher;
        private bool _voucherValid;
        private int _voucherLine;
        private string _series = "";
        private string _number = "";
        private DateOnly _voucherDate;
        private string? _voucherText;
        private long _voucherSumOre;
        private bool _voucherRowError;

        // #PSALDO of year 0, with the object list's dimension (null for an empty list) resolved when the file is read.
        private readonly List<(int Line, YearMonth Month, string Account, int? Dimension, string? Code, long Ore)> _periodBalances = [];

        // Every voucher read, with the line of its #VER.
        private readonly VoucherLines _vouchers = new();

        private int ObjectDimension => options.ObjectDimension ?? _namedObjectDimension ?? DefaultObjectDimension;

        public LedgerFileInfo Run(Stream input)
        {
            _poolLookup = _pool.GetAlternateLookup<ReadOnlySpan<char>>();
            var prefix = new byte[SieEncoding.SniffLength];
            var prefixLength = ReadPrefix(input, prefix);
            var (encoding, encodingName, preamble) = SieEncoding.Detect(prefix.AsSpan(0, prefixLength), prefixLength < prefix.Length);
            _encoding = encoding;

            var reader = new SieLineReader(input, encoding, prefix, prefixLength, preamble);
            var sawRecord = false;
            while (reader.TryReadLine(out var raw))
            {
                _line = reader.LineNumber;
                if ((_line & 0xFFF) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }
                var line = Trim(raw);
                if (line.IsEmpty)
                {
                    continue;
                }
                if (!sawRecord)
                {
                    sawRecord = true;
                    if (line[0] != '#')
                    {
                        // Not worth reading a million lines of something else to say so.
                        return NotSie(encodingName);
                    }
                }
                ReadRecord(line);
            }

            _line = reader.LineNumber;
            if (_inVoucher || _awaitingBrace)
            {
                Error(_voucherLine, "Verifikation", $"Verifikation {VoucherName} avslutas aldrig med }}: filen är avkortad.");
            }
            if (_checksum is not null && !_checksumClosed)
            {
                Error(_checksumLine, "Kontrollsumma", "Filen börjar med #KSUMMA men saknar den avslutande #KSUMMA med kontrollsumman: filen är avkortad.");
            }
            if (!_isSie)
            {
                return NotSie(encodingName);
            }
            return Info(encodingName);
        }

        private LedgerFileInfo NotSie(string encodingName)
        {
            _errors.Clear();
            _moreErrors = false;
            Error(1, null, "Filen är inte en SIE-fil: den saknar #FLAGGA, #SIETYP och #VER.");
            return Info(encodingName);
        }

        private LedgerFileInfo Info(string encodingName) =>
            new(LedgerFormat.Sie, encodingName, _yearStart, _yearEnd, _rowsRead, _errors, _moreErrors,
                _periodBalances.Count == 0
                    ? null
                    : _periodBalances.Where(p => p.Dimension is null || p.Dimension == ObjectDimension)
                        .Select(p => new PeriodBalance(p.Line, p.Month, p.Account, p.Code, p.Ore)).ToList());

        private static int ReadPrefix(Stream input, byte[] prefix)
        {
            var length = 0;
            int read;
            while (length < prefix.Length && (read = input.Read(prefix, length, prefix.Length - length)) > 0)
            {
                length += read;
            }
            return length;
        }

        private static ReadOnlySpan<char> Trim(ReadOnlySpan<char> line)
        {
            var start = 0;
            while (start < line.Length && SieTokenizer.IsSpace(line[start]))
            {
                start++;
            }
            var end = line.Length;
            // Ctrl-Z is the end-of-file mark old DOS exporters leave after the last line.
            while (end > start && (SieTokenizer.IsSpace(line[end - 1]) || line[end - 1] == '\u001A'))
            {
                end--;
            }
            return line[start..end];
        }

        private string VoucherName => $"{_series} {_number}".Trim();

        private void ReadRecord(ReadOnlySpan<char> line)
        {
            if (line is "{")
            {
                if (_awaitingBrace)
                {
                    _awaitingBrace = false;
                    _inVoucher = true;
                }
                else
                {
                    Error(_line, null, "Raden har en { som inte hör till någon #VER.");
                }
                return;
            }
            if (line is "}")
            {
                if (_inVoucher)
                {
                    CloseVoucher();
                }
                else
                {
                    Error(_line, null, "Raden har en } som inte avslutar någon verifikation.");
                }
                return;
            }
            if (_awaitingBrace)
            {
                _awaitingBrace = false;
                Error(_voucherLine, "Verifikation", $"Verifikation {VoucherName} följs inte av {{ på egen rad.");
            }
            if (line[0] != '#')
            {
                Error(_line, null, $"Raden ”{Shorten(line)}” är inte en SIE-post: en post börjar med #.");
                return;
            }
            if (!_record.Tokenize(line))
            {
                Error(_line, null, $"Posten går inte att läsa: {_record.Problem}");
                if (line.StartsWith("#VER") && (line.Length == 4 || SieTokenizer.IsSpace(line[4])))
                {
                    // Still a voucher: take its block so that its rows are not reported as strays.
                    OpenVoucher();
                }
                if (!_checksumClosed)
                {
                    // The checksum cannot be computed over a record that cannot be split; one error is enough.
                    _checksum = null;
                }
                return;
            }

            var label = _record.Text(0);
            if (label.Equals("#TRANS", StringComparison.OrdinalIgnoreCase))
            {
                AddToChecksum();
                if (RequireVoucher("#TRANS"))
                {
                    ReadTransaction();
                }
                return;
            }
            if (label.Equals("#KSUMMA", StringComparison.OrdinalIgnoreCase))
            {
                ReadChecksum();
                return;
            }
            AddToChecksum();
            if (label.Equals("#RTRANS", StringComparison.OrdinalIgnoreCase) || label.Equals("#BTRANS", StringComparison.OrdinalIgnoreCase))
            {
                // #RTRANS is always repeated as the #TRANS that follows it, and #BTRANS is a removed row:
                // counting either would book the row twice or book what was struck out.
                RequireVoucher(label.ToString());
            }
            else if (label.Equals("#VER", StringComparison.OrdinalIgnoreCase))
            {
                ReadVoucher();
            }
            else if (label.Equals("#FLAGGA", StringComparison.OrdinalIgnoreCase) || label.Equals("#SIETYP", StringComparison.OrdinalIgnoreCase))
            {
                _isSie = true;
            }
            else if (label.Equals("#RAR", StringComparison.OrdinalIgnoreCase))
            {
                ReadFiscalYear();
            }
            else if (label.Equals("#PSALDO", StringComparison.OrdinalIgnoreCase))
            {
                ReadPeriodBalance();
            }
            else if (label.Equals("#DIM", StringComparison.OrdinalIgnoreCase))
            {
                ReadDimension();
            }
            else if (label.Equals("#OBJEKT", StringComparison.OrdinalIgnoreCase))
            {
                RequireFields(4, "#OBJEKT ska ha dimension, objektkod och namn.");
            }
            else if (label.Equals("#KONTO", StringComparison.OrdinalIgnoreCase))
            {
                RequireFields(3, "#KONTO ska ha kontonummer och namn.");
            }
        }

        private bool RequireVoucher(string label)
        {
            if (_inVoucher)
            {
                return true;
            }
            Error(_line, null, $"{label} står utanför en verifikation: raden måste ligga mellan {{ och }} efter en #VER.");
            return false;
        }

        private void RequireFields(int count, string message)
        {
            if (_record.Count < count)
            {
                Error(_line, null, message);
            }
        }

        private void ReadVoucher()
        {
            _isSie = true;
            if (_inVoucher)
            {
                Error(_voucherLine, "Verifikation", $"Verifikation {VoucherName} avslutas inte med }} före nästa #VER.");
                _inVoucher = false;
            }
            OpenVoucher();
            _series = _record.Count > 1 ? Pooled(_record.Text(1)) : "";
            _number = _record.Count > 2 ? _record.Text(2).ToString() : "";
            _voucherText = _record.Count > 4 && !_record.Text(4).IsEmpty ? _record.Text(4).ToString() : null;
            if (_record.Count < 4)
            {
                Error(_line, null, "#VER ska ha serie, verifikationsnummer och datum.");
                return;
            }
            if (!TryReadDate(_record.Text(3), "Datum", out _voucherDate))
            {
                return;
            }
            if (_yearStart is { } start && _yearEnd is { } end && (_voucherDate < start || _voucherDate > end))
            {
                Error(_line, "Datum",
                    $"Verifikation {VoucherName} är daterad {SwedishFormat.Date(_voucherDate)}, utanför räkenskapsåret {SwedishFormat.Date(start)}–{SwedishFormat.Date(end)}.");
            }
            CheckUnique();
            _voucherValid = true;
        }

        /// <summary>
        /// A voucher (series and number) occurs once in a fiscal year: the same one twice is a file put together from
        /// two exports, and importing it would count its rows twice. The year is the file's #RAR, else the calendar year.
        /// </summary>
        private void CheckUnique()
        {
            if (_number.Length == 0)
            {
                return;
            }
            var firstLine = _vouchers.FirstOrAdd(_series, _number, _yearStart is null ? _voucherDate.Year : 0, _line);
            if (firstLine != _line)
            {
                Error(_line, "Verifikation",
                    $"Verifikation {VoucherName} finns två gånger i filen: på rad {firstLine} och rad {_line}. Samma verifikation får bara förekomma en gång; " +
                    "filen är troligen sammanfogad av två exporter. Exportera om och importera en fil.");
            }
        }

        private void OpenVoucher()
        {
            _awaitingBrace = true;
            _voucherLine = _line;
            _voucherSumOre = 0;
            _voucherValid = false;
            _voucherRowError = false;
            _series = "";
            _number = "";
        }

        private void CloseVoucher()
        {
            _inVoucher = false;
            // A row that could not be read has no amount, so the sum would only repeat that error.
            if (_voucherSumOre != 0 && !_voucherRowError)
            {
                var sum = Money.FromOre(_voucherSumOre).ToString("#,0.00", SwedishFormat.Numbers);
                Error(_voucherLine, "Belopp", $"Verifikation {VoucherName} balanserar inte: raderna summerar till {sum}{SwedishFormat.Space}kr.");
            }
        }

        private void ReadTransaction()
        {
            // #TRANS kontonr {objektlista} belopp [transdat] [transtext] [kvantitet] [sign]
            if (_record.Count < 3 || _record.Text(1).IsEmpty)
            {
                RowError(null, "#TRANS ska ha konto, objektlista och belopp.");
                return;
            }
            string? costObject = null, costCentre = null, project = null;
            var index = 2;
            if (_record.Kind(2) == SieTokenKind.ObjectList)
            {
                if (!ReadObjects(_record.Text(2), ref costObject, ref costCentre, ref project))
                {
                    return;
                }
                index = 3;
            }
            if (index >= _record.Count)
            {
                RowError("Belopp", "#TRANS saknar belopp.");
                return;
            }
            var amountText = _record.Text(index);
            if (!TryParseOre(amountText, out var ore, out var tooManyDecimals))
            {
                RowError("Belopp", tooManyDecimals
                    ? $"Beloppet ”{amountText}” har fler än två decimaler."
                    : GrantTracker.Domain.Common.Money.IsTooLarge(amountText.ToString())
                        ? GrantTracker.Domain.Common.Money.TooLargeMessage(amountText.ToString())
                        : $"Beloppet ”{amountText}” är inte ett belopp med decimalpunkt.");
                return;
            }
            _voucherSumOre += ore;

            var rowDate = _voucherDate;
            if (index + 1 < _record.Count && !_record.Text(index + 1).IsEmpty && !TryReadDate(_record.Text(index + 1), "Transdatum", out rowDate))
            {
                return;
            }
            var text = _voucherText;
            if (index + 2 < _record.Count && !_record.Text(index + 2).IsEmpty)
            {
                var rowText = _record.Text(index + 2);
                text = _voucherText is not null && rowText.SequenceEqual(_voucherText) ? _voucherText : rowText.ToString();
            }
            if (!_voucherValid)
            {
                return;
            }
            _rowsRead++;
            onRow(new LedgerRow(_line, _series, _number, _voucherDate, rowDate, Pooled(_record.Text(1)),
                ToKronor(ore), costObject, costCentre, project, text));
        }

        private bool ReadObjects(ReadOnlySpan<char> list, ref string? costObject, ref string? costCentre, ref string? project)
        {
            if (!_objects.Tokenize(list) || _objects.Count % 2 != 0)
            {
                RowError("Objektlista", $"Objektlistan {{{Shorten(list)}}} ska bestå av par av dimensionsnummer och objektkod.");
                return false;
            }
            var objectDimension = ObjectDimension;
            for (var i = 0; i < _objects.Count; i += 2)
            {
                if (!int.TryParse(_objects.Text(i), out var dimension))
                {
                    RowError("Objektlista", $"Dimensionen ”{_objects.Text(i)}” i objektlistan är inte ett nummer.");
                    return false;
                }
                var value = _objects.Text(i + 1);
                if (value.IsEmpty)
                {
                    continue;
                }
                if (dimension == objectDimension)
                {
                    costObject = Pooled(value);
                }
                if (dimension == CostCentreDimension)
                {
                    costCentre = Pooled(value);
                }
                if (dimension == ProjectDimension)
                {
                    project = Pooled(value);
                }
            }
            return true;
        }

        private void ReadFiscalYear()
        {
            // #RAR årsnr start slut; year 0 is the year the file is about.
            if (_record.Count < 4)
            {
                Error(_line, null, "#RAR ska ha årsnummer, startdatum och slutdatum.");
                return;
            }
            if (!_record.Text(1).SequenceEqual("0"))
            {
                return;
            }
            if (!TryReadDate(_record.Text(2), "Startdatum", out var start) || !TryReadDate(_record.Text(3), "Slutdatum", out var end))
            {
                return;
            }
            if (end < start)
            {
                Error(_line, "Slutdatum", $"Räkenskapsåret i #RAR slutar {SwedishFormat.Date(end)}, före sin början {SwedishFormat.Date(start)}. Kontrollera #RAR i exporten.");
                return;
            }
            var length = LedgerDates.MonthsSpanned(start, end);
            if (length > LedgerDates.MaxFiscalYearMonths)
            {
                // The import replaces every month of the fiscal year: a year of 30 years would delete them all.
                Error(_line, "Slutdatum",
                    $"Räkenskapsåret i #RAR, {SwedishFormat.Date(start)}–{SwedishFormat.Date(end)}, är {length} månader långt. Ett räkenskapsår är högst " +
                    $"{LedgerDates.MaxFiscalYearMonths} månader (bokföringslagen). Kontrollera #RAR i exporten.");
                return;
            }
            _yearStart = start;
            _yearEnd = end;
        }

        /// <summary>
        /// <c>#PSALDO årsnr period konto {objektlista} saldo [kvantitet]</c>: kept for year 0 when the object list is empty (the account's
        /// total) or names one object; a list of several objects is a combination the rows cannot be summed to, and is skipped.
        /// </summary>
        private void ReadPeriodBalance()
        {
            if (_record.Count < 5 || _record.Kind(4) == SieTokenKind.ObjectList && _record.Count < 6)
            {
                Error(_line, null, "#PSALDO ska ha årsnummer, period, konto, objektlista och saldo.");
                return;
            }
            if (!_record.Text(1).SequenceEqual("0"))
            {
                return;
            }
            var period = _record.Text(2);
            if (period.Length != 6 || !int.TryParse(period, NumberStyles.None, CultureInfo.InvariantCulture, out var yyyymm)
                || yyyymm / 100 < 1900 || yyyymm % 100 is < 1 or > 12)
            {
                Error(_line, "Period", $"Perioden ”{period}” i #PSALDO ska skrivas ÅÅÅÅMM.");
                return;
            }
            var account = Pooled(_record.Text(3));
            int? dimension = null;
            string? code = null;
            var index = 4;
            if (_record.Kind(4) == SieTokenKind.ObjectList)
            {
                var list = _record.Text(4);
                if (!_objects.Tokenize(list) || _objects.Count % 2 != 0)
                {
                    Error(_line, "Objektlista", $"Objektlistan {{{Shorten(list)}}} i #PSALDO ska bestå av par av dimensionsnummer och objektkod.");
                    return;
                }
                if (_objects.Count > 2)
                {
                    return;
                }
                if (_objects.Count == 2)
                {
                    if (!int.TryParse(_objects.Text(0), out var d))
                    {
                        Error(_line, "Objektlista", $"Dimensionen ”{_objects.Text(0)}” i objektlistan är inte ett nummer.");
                        return;
                    }
                    dimension = d;
                    code = Pooled(_objects.Text(1));
                }
                index = 5;
            }
            var amount = _record.Text(index);
            if (!TryParseOre(amount, out var ore, out _))
            {
                Error(_line, "Saldo", $"Saldot ”{amount}” i #PSALDO är inte ett belopp med decimalpunkt och högst två decimaler.");
                return;
            }
            _periodBalances.Add((_line, YearMonth.FromNumber(yyyymm), account, dimension, code, ore));
            options.PeriodBalanceRead?.Invoke();
        }

        private void ReadDimension()
        {
            if (_record.Count < 3 || !int.TryParse(_record.Text(1), out var dimension))
            {
                Error(_line, null, "#DIM ska ha dimensionsnummer och namn.");
                return;
            }
            if (_namedObjectDimension is null && _record.Text(2).Trim().Equals("Objekt", StringComparison.OrdinalIgnoreCase))
            {
                _namedObjectDimension = dimension;
            }
        }

        private void ReadChecksum()
        {
            if (_record.Count < 2)
            {
                if (_checksum is null)
                {
                    _checksum = new SieChecksum(_encoding);
                    _checksumLine = _line;
                }
                return;
            }
            if (_checksum is null || _checksumClosed)
            {
                return;
            }
            _checksumClosed = true;
            var text = _record.Text(1);
            if (!long.TryParse(text, out var stated))
            {
                Error(_line, "Kontrollsumma", $"Kontrollsumman ”{text}” är inte ett tal.");
                return;
            }
            // Exporters write the CRC as unsigned or as a signed 32-bit number; both are the same bits.
            if ((uint)stated != _checksum.Value)
            {
                Error(_line, "Kontrollsumma",
                    $"Kontrollsumman stämmer inte (filen anger {text}, innehållet ger {_checksum.Value}): filen har ändrats eller skadats efter exporten. Exportera filen på nytt.");
            }
        }

        private void AddToChecksum()
        {
            if (_checksum is null || _checksumClosed)
            {
                return;
            }
            for (var i = 0; i < _record.Count; i++)
            {
                if (_record.Kind(i) != SieTokenKind.ObjectList)
                {
                    _checksum.Add(_record.Text(i));
                }
                else if (_objects.Tokenize(_record.Text(i)))
                {
                    for (var j = 0; j < _objects.Count; j++)
                    {
                        _checksum.Add(_objects.Text(j));
                    }
                }
            }
        }

        private string Pooled(ReadOnlySpan<char> value)
        {
            if (_poolLookup.TryGetValue(value, out var pooled))
            {
                return pooled;
            }
            var created = value.ToString();
            // Accounts, series and objects repeat; free texts would only fill the pool, so it stops growing.
            if (_pool.Count < MaxPooledStrings)
            {
                _pool.Add(created, created);
            }
            return created;
        }

        private void RowError(string? field, string message)
        {
            _voucherRowError = true;
            Error(_line, field, message);
        }

        private void DateError(ReadOnlySpan<char> text, string field) =>
            Error(_line, field, $"Datumet ”{text}” är inte ett datum på formen ÅÅÅÅMMDD.");

        private bool TryReadDate(ReadOnlySpan<char> text, string field, out DateOnly date)
        {
            if (!TryParseDate(text, out date))
            {
                DateError(text, field);
                return false;
            }
            if (!LedgerDates.IsBookable(date))
            {
                Error(_line, field, LedgerDates.TooEarly(text.ToString()));
                return false;
            }
            return true;
        }

        private void Error(int line, string? field, string message)
        {
            if (_errors.Count < _maxErrors)
            {
                _errors.Add(new ImportError(line, field, message));
            }
            else
            {
                _moreErrors = true;
            }
        }

        private static string Shorten(ReadOnlySpan<char> text) => text.Length <= 60 ? text.ToString() : string.Concat(text[..57], "…");
    }

    private static decimal ToKronor(long ore)
    {
        var magnitude = (ulong)Math.Abs(ore);
        return new decimal((int)(uint)magnitude, (int)(uint)(magnitude >> 32), 0, ore < 0, 2);
    }

    /// <summary>Parses a SIE amount: an optional minus, digits, and a decimal point with one or two decimals.</summary>
    internal static bool TryParseOre(ReadOnlySpan<char> text, out long ore, out bool tooManyDecimals)
    {
        ore = 0;
        tooManyDecimals = false;
        var i = 0;
        var negative = text.Length > 0 && text[0] == '-';
        if (negative)
        {
            i++;
        }
        var wholeDigits = 0;
        long whole = 0;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            if (++wholeDigits > 15)
            {
                return false;
            }
            whole = whole * 10 + (text[i++] - '0');
        }
        if (wholeDigits == 0)
        {
            return false;
        }
        long fraction = 0;
        if (i < text.Length)
        {
            if (text[i] != '.')
            {
                return false;
            }
            i++;
            var decimals = 0;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                decimals++;
                fraction = fraction * 10 + (text[i++] - '0');
            }
            if (i < text.Length || decimals == 0)
            {
                return false;
            }
            if (decimals > 2)
            {
                tooManyDecimals = true;
                return false;
            }
            if (decimals == 1)
            {
                fraction *= 10;
            }
        }
        ore = whole * 100 + fraction;
        if (negative)
        {
            ore = -ore;
        }
        return true;
    }

    /// <summary>Parses a SIE date, YYYYMMDD.</summary>
    internal static bool TryParseDate(ReadOnlySpan<char> text, out DateOnly date)
    {
        date = default;
        if (text.Length != 8)
        {
            return false;
        }
        var value = 0;
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
            value = value * 10 + (c - '0');
        }
        int year = value / 10000, month = value / 100 % 100, day = value % 100;
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }
        date = new DateOnly(year, month, day);
        return true;
    }
}
