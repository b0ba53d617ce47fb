using GrantTracker.Domain.Common;

namespace GrantTracker.Domain.Tests.Common;

public sealed class MoneyTests
{
    [Theory]
    [InlineData("41247254", 4_124_725_400L)]
    [InlineData("1234.50", 123_450L)]
    [InlineData("0.01", 1L)]
    [InlineData("-5", -500L)]
    [InlineData("92233720368547758.07", long.MaxValue)]
    public void Kronor_convert_to_whole_ore_and_back_exactly(string kronorText, long ore)
    {
        var kronor = decimal.Parse(kronorText, System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(ore, Money.ToOre(kronor));
        Assert.Equal(kronor, Money.FromOre(ore));
    }

    [Fact]
    public void An_amount_with_three_decimals_is_refused()
    {
        Assert.Throws<ArgumentException>(() => Money.ToOre(1.005m));
        Assert.False(Money.IsWholeOre(1.005m));
    }

    [Fact]
    public void Whole_kronor_are_shown_with_non_breaking_group_spaces_and_no_decimals()
    {
        Assert.Equal("41\u00A0247\u00A0254\u00A0kr", Money.Format(41_247_254m));
    }

    [Fact]
    public void Ore_are_shown_with_a_decimal_comma()
    {
        Assert.Equal("1\u00A0234,50\u00A0kr", Money.Format(1234.5m));
    }

    [Fact]
    public void A_missing_amount_is_shown_as_a_dash()
    {
        Assert.Equal("–", Money.Format((decimal?)null));
    }

    [Theory]
    [InlineData("41 247 254", "41247254")]
    [InlineData("41\u00A0247\u00A0254\u00A0kr", "41247254")]
    [InlineData("1 234,50 kr", "1234.50")]
    [InlineData("1234.5", "1234.5")]
    [InlineData("-5", "-5")]
    [InlineData("\u22125", "-5")]
    public void Amounts_typed_the_Swedish_way_are_parsed(string text, string expected)
    {
        Assert.True(Money.TryParse(text, out var kronor));
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), kronor);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("1,234")]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("12 kr 50")]
    public void Text_that_is_not_an_amount_in_whole_ore_is_rejected(string? text)
    {
        Assert.False(Money.TryParse(text, out _));
    }

    [Fact]
    public void What_Format_writes_parses_back_to_the_same_amount()
    {
        foreach (var amount in new[] { 0m, 1m, 999.99m, 41_247_254m, -1_234.5m })
        {
            Assert.True(Money.TryParse(Money.Format(amount), out var back), Money.Format(amount));
            Assert.Equal(amount, back);
        }
    }
}
