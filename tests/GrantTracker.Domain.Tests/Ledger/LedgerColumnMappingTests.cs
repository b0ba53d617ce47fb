using GrantTracker.Domain.Ledger;

namespace GrantTracker.Domain.Tests.Ledger;

public sealed class LedgerColumnMappingTests
{
    private static readonly ColumnMappingDetails Raindance =
        new(" Raindance ", "Ver.nr", "Bokf.datum", "Konto", "Kst", "Projekt/objekt", "Belopp SEK", "Beskrivning", null);

    [Fact]
    public void A_mapping_keeps_the_headers_trimmed_and_empty_optional_ones_as_none()
    {
        var mapping = LedgerColumnMapping.Create(Raindance with { Text = "  " }).Value;

        Assert.Equal("Raindance", mapping.Name);
        Assert.Equal("Projekt/objekt", mapping.CostObject);
        Assert.Null(mapping.Text);
        Assert.Null(mapping.Project);
    }

    [Fact]
    public void Every_required_column_missing_is_named_in_Swedish_at_once()
    {
        var result = LedgerColumnMapping.Create(new ColumnMappingDetails("", "", "", "", null, "", "", null, null));

        Assert.Equal(["Name", "Voucher", "Date", "Account", "CostObject", "Amount"], result.Errors.Select(e => e.Field));
        Assert.Contains(result.Errors, e => e.Message == "Ange kolumnen med kostnadsobjekt.");
    }

    [Fact]
    public void One_column_for_two_fields_is_refused_whatever_the_case()
    {
        var result = LedgerColumnMapping.Create(Raindance with { Text = "konto" });

        var error = Assert.Single(result.Errors);
        Assert.Equal("Text", error.Field);
        Assert.Equal("Kolumnen ”Konto” är vald för flera fält. Varje fält behöver en egen kolumn.", error.Message);
    }

    [Fact]
    public void A_refused_update_leaves_the_mapping_as_it_was()
    {
        var mapping = LedgerColumnMapping.Create(Raindance).Value;

        var result = mapping.Update(Raindance with { Amount = "" });

        Assert.False(result.Succeeded);
        Assert.Equal("Belopp SEK", mapping.Amount);
    }
}
