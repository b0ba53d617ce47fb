using GrantTracker.Domain.Common;

namespace GrantTracker.Domain.Tests.Common;

public sealed class VersionsTests
{
    private sealed class Row(long version) : IVersioned
    {
        public long Version { get; set; } = version;
    }

    [Fact]
    public void A_form_opened_before_its_row_existed_is_stale_once_someone_created_it()
    {
        Assert.False(Versions.IsStale(Versions.None, null));
        Assert.True(Versions.IsStale(Versions.None, new Row(0)));
    }

    [Fact]
    public void A_form_is_stale_when_its_row_changed_or_was_removed_and_no_version_checks_nothing()
    {
        Assert.False(Versions.IsStale(3, new Row(3)));
        Assert.True(Versions.IsStale(3, new Row(4)));
        Assert.True(Versions.IsStale(3, null));
        Assert.False(Versions.IsStale(null, new Row(7)));
        Assert.False(Versions.IsStale(null, null));
    }

    [Fact]
    public void The_hidden_field_is_written_with_an_ascii_minus_whatever_the_culture()
    {
        var culture = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("sv-SE");
            Assert.Equal("-1", Versions.Field(null));
            Assert.Equal("12", Versions.Field(12));
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = culture;
        }
    }
}
