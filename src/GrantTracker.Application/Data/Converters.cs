using GrantTracker.Domain.Common;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace GrantTracker.Application.Data;

public sealed class OreConverter() : ValueConverter<decimal, long>(kronor => Money.ToOre(kronor), ore => Money.FromOre(ore));

public sealed class YearMonthConverter() : ValueConverter<YearMonth, int>(m => m.ToNumber(), n => YearMonth.FromNumber(n));
