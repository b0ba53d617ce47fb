using System.Runtime.InteropServices;

namespace GrantTracker.Application.Imports;

/// <summary>
/// A value per voucher (series, number, year) for the readers' duplicate checks, kept small: a file of a million rows
/// has a quarter of a million vouchers. A plain number (no leading zero, at most ten digits) in one of the first
/// 65 536 series packs with its series and year into one <c>long</c>, so no voucher number string is kept; any other
/// number is kept as text. "007" and "7" stay different vouchers, as they are to a ledger.
/// </summary>
internal sealed class VoucherMap<TValue>
{
    private readonly Dictionary<string, int> _series = new(StringComparer.Ordinal);
    private readonly Dictionary<long, TValue> _packed = [];
    private Dictionary<(string Series, string Number, int Year), TValue>? _other;

    /// <summary>The value stored for the voucher, added as default when it is new (<paramref name="exists"/> false).</summary>
    public ref TValue? GetOrAdd(string series, string number, int year, out bool exists)
    {
        if (TryPack(series, number, year, out var key))
        {
            return ref CollectionsMarshal.GetValueRefOrAddDefault(_packed, key, out exists);
        }
        _other ??= [];
        return ref CollectionsMarshal.GetValueRefOrAddDefault(_other, (series, number, year), out exists);
    }

    private bool TryPack(string series, string number, int year, out long key)
    {
        key = 0;
        if (number.Length is 0 or > 10 || (number[0] == '0' && number.Length > 1) || year is < 0 or > 0x3FFF)
        {
            return false;
        }
        long n = 0;
        foreach (var c in number)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
            n = n * 10 + (c - '0');
        }
        if (!_series.TryGetValue(series, out var id))
        {
            if (_series.Count > ushort.MaxValue)
            {
                return false;
            }
            id = _series.Count;
            _series.Add(series, id);
        }
        // 16 bits of series, 14 of year, 34 of number (ten digits are below 2^34).
        key = ((long)id << 48) | ((long)year << 34) | n;
        return true;
    }
}

/// <summary>The line each voucher was first seen on.</summary>
internal sealed class VoucherLines
{
    private readonly VoucherMap<int> _lines = new();

    /// <summary>The line the voucher was first seen on: <paramref name="line"/> itself when it is new.</summary>
    public int FirstOrAdd(string series, string number, int year, int line)
    {
        ref var first = ref _lines.GetOrAdd(series, number, year, out var exists);
        if (!exists)
        {
            first = line;
        }
        return first;
    }
}
