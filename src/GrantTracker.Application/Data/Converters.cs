using GrantTracker.Domain.Common;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace GrantTracker.Application.Data;

public sealed class OreConverter() : ValueConverter<decimal, long>(kronor => Money.ToOre(kronor), ore => Money.FromOre(ore));

public sealed class YearMonthConverter() : ValueConverter<YearMonth, int>(m => m.ToNumber(), n => YearMonth.FromNumber(n));

/// <summary>
/// A decimal that is not money, stored as a whole number of ten-thousandths: a CNI (1,2345) or a distance in km keeps
/// its decimals exactly, as money keeps its öre. A value with more decimals is refused by the reader before it gets here.
/// </summary>
public sealed class TenThousandthsConverter() : ValueConverter<decimal, long>(v => (long)(v * 10_000m), n => n / 10_000m);

/// <summary>A fraction (a population share, 0,01259986) stored as a whole number of ten-billionths.</summary>
public sealed class FractionConverter() : ValueConverter<decimal, long>(v => (long)(v * 10_000_000_000m), n => n / 10_000_000_000m);
