using GrantTracker.Application.Imports;

namespace GrantTracker.Application.Tests.Imports;

public sealed class VoucherMapTests
{
    [Fact]
    public void A_voucher_is_the_same_only_in_the_same_series_number_and_year()
    {
        var lines = new VoucherLines();

        Assert.Equal(1, lines.FirstOrAdd("A", "7", 2023, 1));
        Assert.Equal(1, lines.FirstOrAdd("A", "7", 2023, 9));
        Assert.Equal(2, lines.FirstOrAdd("B", "7", 2023, 2));
        Assert.Equal(3, lines.FirstOrAdd("A", "7", 2024, 3));
        // A leading zero makes another number to the ledger, kept as text.
        Assert.Equal(4, lines.FirstOrAdd("A", "007", 2023, 4));
        Assert.Equal(4, lines.FirstOrAdd("A", "007", 2023, 10));
    }

    [Theory]
    [InlineData("12345678901")]
    [InlineData("99999999999999999999")]
    [InlineData("K-12")]
    [InlineData("0")]
    [InlineData("9999999999")]
    public void Any_number_is_one_voucher_whether_it_packs_or_is_kept_as_text(string number)
    {
        var lines = new VoucherLines();

        Assert.Equal(5, lines.FirstOrAdd("", number, 0, 5));
        Assert.Equal(5, lines.FirstOrAdd("", number, 0, 6));
        Assert.Equal(7, lines.FirstOrAdd("", number + "1", 0, 7));
    }
}
