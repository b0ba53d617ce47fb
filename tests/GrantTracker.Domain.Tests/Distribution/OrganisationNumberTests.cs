using GrantTracker.Domain.Distribution;

namespace GrantTracker.Domain.Tests.Distribution;

public sealed class OrganisationNumberTests
{
    [Theory]
    [InlineData("232100-0222", "232100-0222")]
    [InlineData("2321000222", "232100-0222")]
    [InlineData("16232100-0222", "232100-0222")]
    [InlineData("556036-0793", "556036-0793")]
    public void A_valid_number_is_normalized(string text, string expected) => Assert.Equal(expected, OrganisationNumber.Normalize(text));

    [Theory]
    [InlineData("232100-0223")]
    [InlineData("232100-022")]
    [InlineData("23210O-0222")]
    [InlineData("")]
    [InlineData(null)]
    public void An_invalid_number_is_null(string? text) => Assert.Null(OrganisationNumber.Normalize(text));
}
