using GrantTracker.Domain.Agreements;
using GrantTracker.Domain.Common;

namespace GrantTracker.Domain.Tests.Agreements;

/// <summary>A published distribution table as an officer pastes or uploads it, and the key's checks, every problem at once.</summary>
public sealed class NationalKeyTableTests
{
    private static IReadOnlyList<RegionAmount> Read(string text)
    {
        var parsed = NationalKey.ParseTable(text);
        Assert.True(parsed.Succeeded, string.Join(" ", parsed.Errors.Select(e => e.Message)));
        return parsed.Value;
    }

    private static string[] Refusals(string text)
    {
        var parsed = NationalKey.ParseTable(text);
        Assert.False(parsed.Succeeded);
        Assert.All(parsed.Errors, e => Assert.Equal("Table", e.Field));
        return parsed.Errors.Select(e => e.Message).ToArray();
    }

    [Fact]
    public void A_table_copied_from_a_spreadsheet_with_a_header_tabs_spaces_and_a_decimal_comma_is_read()
    {
        var rows = Read("Region\tBelopp 2024 (kr)\r\nRegion Stockholm\t5 000 000\r\nJämtland Härjedalen\t1\u00A0249\u00A0692,50\r\n\r\nSkåne ; 3 000 000 kr\r\n");

        Assert.Equal(
            [new RegionAmount("Region Stockholm", 5_000_000m), new RegionAmount("Jämtland Härjedalen", 1_249_692.50m), new RegionAmount("Skåne", 3_000_000m)],
            rows);
    }

    [Fact]
    public void A_file_saved_as_CSV_with_a_byte_order_mark_and_quoted_cells_is_read()
    {
        var rows = Read("\uFEFF\"Region\";\"Belopp\"\n\"Jämtland Härjedalen\";\"1 249 692\"\n\"Västra Götaland\";\"16 100 000\"");

        Assert.Equal([new RegionAmount("Jämtland Härjedalen", 1_249_692m), new RegionAmount("Västra Götaland", 16_100_000m)], rows);
    }

    [Fact]
    public void Every_bad_line_is_refused_at_once_with_its_line_number()
    {
        var errors = Refusals("Region;Belopp\nStockholm;5 000 000\nUppsala\nGotland;fem miljoner\n;100\nVärmland;-5\nDalarna;\nHalland;1 000,125\nBlekinge;1;2");

        Assert.Equal(
        [
            "Rad 3 i tabellen: skriv region och belopp åtskilda av semikolon, till exempel ”Jämtland Härjedalen;1 249 692”.",
            "Rad 4 i tabellen: ”fem miljoner” är inget belopp i kronor.",
            "Rad 5 i tabellen: ange regionens namn (högst 100 tecken).",
            "Rad 6 i tabellen: beloppet kan inte vara negativt.",
            "Rad 7 i tabellen: beloppet saknas för Dalarna.",
            "Rad 8 i tabellen: ”1 000,125” är inget belopp i kronor.",
            "Rad 9 i tabellen: skriv region och belopp åtskilda av semikolon, till exempel ”Jämtland Härjedalen;1 249 692”.",
        ], errors);
    }

    [Fact]
    public void A_region_twice_is_refused_on_its_second_line_whatever_its_case_and_spacing()
    {
        var errors = Refusals("Stockholm;1 000\nUppsala;2 000\n stockholm ;3 000");

        Assert.Equal(["Rad 3 i tabellen: stockholm finns redan på en tidigare rad."], errors);
    }

    [Fact]
    public void Only_the_first_line_can_be_a_header_and_a_first_row_with_an_amount_is_never_one()
    {
        Assert.Equal(["Rad 2 i tabellen: ”Belopp” är inget belopp i kronor."], Refusals("Stockholm;1 000\nRegion;Belopp"));
        Assert.Equal(["Rad 1 i tabellen: ”1 000 SEK” är inget belopp i kronor."], Refusals("Stockholm;1 000 SEK\nUppsala;2 000"));
        // An empty first amount is a missing amount, not a header to skip silently.
        Assert.Equal(["Rad 1 i tabellen: beloppet saknas för Stockholm."], Refusals("Stockholm;\nUppsala;2 000"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("  \n\n ")]
    [InlineData("Region;Belopp")]
    public void A_table_without_rows_is_refused_with_what_to_paste(string text)
    {
        Assert.Equal(["Klistra in fördelningstabellen: en rad per region med region och belopp, till exempel ”Jämtland Härjedalen;1 249 692”."], Refusals(text));
    }

    [Fact]
    public void The_canonical_text_reads_back_as_the_same_rows()
    {
        var rows = Read("Region;Belopp\nJämtland Härjedalen;1 249 692,5\nStockholm;5 000 000");

        Assert.Equal("Jämtland Härjedalen;1249692.5\nStockholm;5000000", NationalKey.FormatTable(rows));
        Assert.Equal(rows, Read(NationalKey.FormatTable(rows)));
    }

    private static NationalKey Table(decimal national, string table, string? region = "Jämtland Härjedalen") =>
        new(national, NationalRule.Table, Region: region, Table: table);

    [Fact]
    public void A_table_key_gives_the_regions_row_and_its_sum_and_a_difference_is_no_refusal()
    {
        // The table sums to 10 kr less than the national amount and the region's row is not the agreement's amount: both are
        // figures to show, and the key is valid.
        var key = Table(70_000_010m, "Region;Belopp\nJämtland Härjedalen;1 249 692\nÖvriga regioner;68 750 308");

        Assert.True(key.Validate().Succeeded);
        Assert.Equal(1_249_692m, key.AmountAt(0.5m));
        Assert.Equal(70_000_000m, key.TableTotal);
        Assert.Equal(new RegionAmount("Jämtland Härjedalen", 1_249_692m), key.RegionRow);
        Assert.Null(key.ImpliedShare(1_249_692m));
    }

    [Fact]
    public void A_table_key_names_every_problem_on_its_own_field_at_once()
    {
        var result = Table(0.001m, "Stockholm;5 000 000\nGotland;x", region: null).Validate();

        Assert.Equal(
        [
            ("NationalAmount", "Belopp anges i kronor med högst två decimaler."),
            ("Table", "Rad 2 i tabellen: ”x” är inget belopp i kronor."),
            ("Region", "Ange vilken rad i tabellen som är regionens, till exempel Jämtland Härjedalen."),
        ], result.Errors.Select(e => (e.Field, e.Message)));
    }

    [Fact]
    public void A_region_the_table_has_no_row_for_is_refused()
    {
        var result = Table(6_000_000m, "Stockholm;5 000 000\nUppsala;1 000 000").Validate();

        var error = Assert.Single(result.Errors);
        Assert.Equal(("Region", "Tabellen har ingen rad för Jämtland Härjedalen. Skriv regionens namn som det står i tabellen."), (error.Field, error.Message));
    }

    [Fact]
    public void A_key_without_an_amount_or_with_a_share_outside_0_and_100_percent_is_refused()
    {
        var zeroWithRows = Table(0m, "Jämtland Härjedalen;1 000").Validate();
        var share = new NationalKey(1_000_000m, NationalRule.PopulationShare, Share: 1.5m).Validate();
        var negativeShare = new NationalKey(1_000_000m, NationalRule.BasePlusShare, 10_000m, 21, Share: -0.01m).Validate();
        var rule = new NationalKey(1_000_000m, (NationalRule)7).Validate();

        Assert.Equal(("NationalAmount", "Det nationella beloppet ska vara större än noll."), (zeroWithRows.Errors.Single().Field, zeroWithRows.Errors.Single().Message));
        Assert.Equal("Share", Assert.Single(share.Errors).Field);
        Assert.Equal("Share", Assert.Single(negativeShare.Errors).Field);
        Assert.Equal("Rule", Assert.Single(rule.Errors).Field);
    }

    [Fact]
    public void A_keys_own_share_is_used_before_the_agreements()
    {
        var key = new NationalKey(100_000_000m, NationalRule.PopulationShare, Share: 0.02m);

        Assert.True(key.Validate().Succeeded);
        Assert.Equal(2_000_000m, key.AmountAt(0.01259986m));
        Assert.Equal(1_259_986m, new NationalKey(100_000_000m, NationalRule.PopulationShare).AmountAt(0.01259986m));
        Assert.Null(new NationalKey(100_000_000m, NationalRule.PopulationShare).AmountAt(null));
    }

    [Fact]
    public void A_pending_key_keeps_its_rule_and_gives_nothing_until_its_amounts_are_filled_in()
    {
        var table = Table(70_000_000m, "Jämtland Härjedalen;1 249 692").Pending();
        var basePlus = new NationalKey(70_000_000m, NationalRule.BasePlusShare, 500_000m, 21).Pending();

        Assert.True(table.IsPending);
        Assert.Equal((NationalRule.Table, "Jämtland Härjedalen", (string?)null), (table.Rule, table.Region, table.Table));
        Assert.True(table.Validate().Succeeded);
        Assert.Null(table.AmountAt(0.0126m));
        Assert.Empty(table.Rows);
        Assert.True(basePlus.IsPending);
        Assert.Equal((500_000m, 21), (basePlus.BaseAmount, basePlus.Regions));
        Assert.Null(basePlus.AmountAt(0.0126m));
        Assert.Null(basePlus.ImpliedShare(1_000_000m));
        Assert.False(Table(0m, "Jämtland Härjedalen;1 000").IsPending);
    }

    private static Agreement NewAgreement() =>
        Agreement.Create("nyckel2024", new AgreementDetails("Nycklar 2024", "Staten och SKR", null, null, new DateOnly(2024, 1, 1), new DateOnly(2024, 12, 31),
            null, 10_000_000m, null, null, null, null)).Value;

    [Fact]
    public void An_area_and_a_line_take_a_key_a_refused_key_leaves_the_old_one_and_none_removes_it()
    {
        var agreement = NewAgreement();
        var area = agreement.AddArea("2.1", "Nära vård", 2_000_000m, null).Value;
        var line = agreement.AddLine(area, new LineDetails("2.1.b", 2024, 500_000m, "9916", false, [], "Primärvård i landsbygd")).Value;
        var kept = new NationalKey(2_389_000_000m, NationalRule.PopulationShare);
        var table = Table(300_000_000m, "Jämtland Härjedalen;500 000\nÖvriga;299 500 000");

        Assert.True(agreement.SetNationalKey(area, kept).Succeeded);
        Assert.True(agreement.SetNationalKey(line, table).Succeeded);
        var refused = agreement.SetNationalKey(area, new NationalKey(-1m, NationalRule.PopulationShare));

        Assert.Equal("NationalAmount", Assert.Single(refused.Errors).Field);
        Assert.Same(kept, area.National);
        Assert.Same(table, line.National);
        Assert.True(agreement.SetNationalKey(line, null).Succeeded);
        Assert.Null(line.National);
    }

    [Fact]
    public void A_key_for_another_agreements_area_or_line_is_refused()
    {
        var other = NewAgreement();
        var area = other.AddArea("1", "Annat", null, null).Value;
        var line = other.AddLine(area, new LineDetails("1", 2024, 100m, "9916", false, [])).Value;
        var agreement = NewAgreement();
        var key = new NationalKey(1_000_000m, NationalRule.PopulationShare);

        Assert.False(agreement.SetNationalKey(area, key).Succeeded);
        Assert.False(agreement.SetNationalKey(line, key).Succeeded);
        Assert.Null(area.National);
        Assert.Null(line.National);
    }

    [Fact]
    public void The_population_share_is_a_fraction_between_0_and_1_or_unknown()
    {
        var agreement = NewAgreement();

        Assert.True(agreement.SetPopulationShare(0.01259986m).Succeeded);
        Assert.Equal("PopulationShare", Assert.Single(agreement.SetPopulationShare(1m).Errors).Field);
        Assert.Equal(0.01259986m, agreement.PopulationShare);
        Assert.True(agreement.SetPopulationShare(null).Succeeded);
        Assert.Null(agreement.PopulationShare);
    }

    [Fact]
    public void A_decision_file_needs_its_reference_and_every_problem_is_named_at_once()
    {
        var at = new DateTime(2024, 2, 1, 9, 0, 0, DateTimeKind.Utc);

        var refused = AgreementFile.Create(1, AgreementFileKind.Decision, "  ", "beslut.pdf", "application/pdf", [], at, "handlaggare@demo.local");
        var tooLong = AgreementFile.Create(1, AgreementFileKind.Other, new string('x', 201), "x.pdf", "application/pdf", [1], at, "h");
        var kept = AgreementFile.Create(1, AgreementFileKind.Decision, " RS 2023/456 § 12 ", "beslut.pdf", "application/pdf", [1, 2, 3], at, "h");
        var document = AgreementFile.Create(1, AgreementFileKind.AgreementDocument, null, "overenskommelse.pdf", "application/pdf", [1], at, "h");

        Assert.Equal(
            [("Reference", "Ange beslutets referens, till exempel RS 2023/456 § 12."), ("File", "Välj filen att bifoga.")],
            refused.Errors.Select(e => (e.Field, e.Message)));
        Assert.Equal("Reference", Assert.Single(tooLong.Errors).Field);
        Assert.Equal("RS 2023/456 § 12", kept.Value.Reference);
        Assert.Null(document.Value.Reference);
        Assert.False(AgreementFile.Create(1, (AgreementFileKind)9, null, "x.pdf", "application/pdf", [1], at, "h").Succeeded);
    }
}
