using System.Text;
using ClosedXML.Excel;
using GrantTracker.Application.Features.Distribution;
using GrantTracker.Application.Imports;
using GrantTracker.Application.Seeding;
using GrantTracker.Application.Tests.Infrastructure;
using GrantTracker.Domain.Distribution;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Tests.Distribution;

public sealed class UnitListingTests : IAsyncLifetime
{
    private static readonly string Header = UnitListingReader.HeaderLine;
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "granttracker-listing-tests", Guid.NewGuid().ToString("N"));
    private TestDatabase _db = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        _db = await TestDatabase.CreateAsync();
    }

    public async Task DisposeAsync()
    {
        await _db.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>A unit's row: 100 listed in each of the 21 bands unless given.</summary>
    private static string Row(string code, string name = "Hälsocentralen Test", string org = "232100-0222", string ownership = "Offentlig",
        string km = "12", string cni = "1,05", string? bands = null) =>
        $"{code};{name};{org};{ownership};{km};{cni};{bands ?? string.Join(';', Enumerable.Repeat("100", 21))}";

    private string Csv(string name, string header, params string[] rows) => Csv(name, header, new UTF8Encoding(false), rows);

    private string Csv(string name, string header, Encoding encoding, params string[] rows)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, string.Join("\r\n", new[] { header }.Concat(rows)) + "\r\n", encoding);
        return path;
    }

    private Task<UnitListingImportResult> ImportAsync(string path, string asOf = "2022-12-31", bool confirm = false) =>
        _db.SendAsync(new ImportUnitListingCommand(path, Path.GetFileName(path), DateOnly.Parse(asOf), confirm));

    [Fact]
    public async Task A_listing_is_imported_and_its_units_registered()
    {
        var result = await ImportAsync(Csv("listning.csv", Header, Row("HC1", "Hälsocentralen Åre", km: "98"), Row("HC2", ownership: "Privat", org: "556036-0793", cni: "0,9123")));

        Assert.True(result.Succeeded, result.Message + string.Join(" | ", result.Errors));
        Assert.Equal((2, 4_200L), (result.Units, result.Listed));
        var view = (await _db.SendAsync(new GetUnitListingQuery()))!;
        Assert.Equal(new DateOnly(2022, 12, 31), view.AsOf);
        Assert.Equal(["HC1", "HC2"], view.Units.Select(u => u.Code));
        var private2 = view.Units[1];
        Assert.Equal((Ownership.Privat, "556036-0793", 0.9123m, 12m), (private2.Ownership, private2.OrganisationNumber, private2.Cni, private2.DistanceKm));
        Assert.Equal("Hälsocentralen Åre", view.Units[0].Name);
        Assert.Equal(98m, view.Units[0].DistanceKm);
        Assert.Equal(2, await _db.WithContextAsync(db => db.CareUnits.CountAsync()));
    }

    [Fact]
    public async Task Every_error_is_named_with_its_line_and_nothing_is_stored()
    {
        var result = await ImportAsync(Csv("fel.csv", Header,
            Row("HC1"),
            Row("HC2", org: "232100-0223"),
            Row("HC3", ownership: "Kommunal"),
            Row("HC1"),
            Row("HC5", cni: "0"),
            Row("HC6", bands: string.Join(';', Enumerable.Repeat("10", 20)) + ";-3")));

        Assert.False(result.Succeeded);
        Assert.Equal([(3, "Organisationsnummer"), (4, "Driftform"), (5, "Vårdenhet"), (6, "CNI"), (7, "100+")], result.Errors.Select(e => (e.Line, e.Field!)));
        Assert.Contains("finns redan på rad 2", result.Errors[2].Message);
        Assert.Equal(0, await _db.WithContextAsync(db => db.UnitListings.CountAsync()));
        Assert.Equal(0, await _db.WithContextAsync(db => db.CareUnits.CountAsync()));
    }

    [Fact]
    public async Task A_header_with_en_dashes_is_read_and_a_missing_column_is_named()
    {
        var dashed = Header.Replace("0-4", "0–4").Replace("95-99", "95–99");
        Assert.True((await ImportAsync(Csv("streck.csv", dashed, Row("HC1")))).Succeeded);

        var missing = await ImportAsync(Csv("saknas.csv", Header.Replace(";CNI", ""), Row("HC1")), asOf: "2023-12-31");
        var error = Assert.Single(missing.Errors);
        Assert.Equal(("CNI", 1), (error.Field, error.Line));
    }

    [Fact]
    public async Task A_Windows_1252_file_and_an_Excel_workbook_are_read_alike()
    {
        var ansi = await ImportAsync(Csv("ansi.csv", Header, CodePages(1252), Row("HC1", "Hälsocentralen Funäsdalen")));
        Assert.True(ansi.Succeeded, string.Join(" | ", ansi.Errors));

        var path = Path.Combine(_dir, "listning.xlsx");
        using (var workbook = new XLWorkbook())
        {
            var sheet = workbook.Worksheets.Add("Listning");
            var columns = UnitListingReader.Columns;
            for (var c = 0; c < columns.Count; c++)
            {
                sheet.Cell(1, c + 1).Value = columns[c];
            }
            sheet.Cell(2, 1).Value = "HC1";
            sheet.Cell(2, 2).Value = "Hälsocentralen Funäsdalen";
            sheet.Cell(2, 3).Value = "232100-0222";
            sheet.Cell(2, 4).Value = "Offentlig";
            sheet.Cell(2, 5).Value = 210;
            sheet.Cell(2, 6).Value = 1.05;
            for (var band = 0; band < 21; band++)
            {
                sheet.Cell(2, 7 + band).Value = 100;
            }
            workbook.SaveAs(path);
        }
        var excel = await ImportAsync(path, asOf: "2023-12-31");

        Assert.True(excel.Succeeded, string.Join(" | ", excel.Errors));
        var units = (await _db.SendAsync(new GetUnitListingQuery(new DateOnly(2023, 12, 31))))!.Units;
        Assert.Equal(("Hälsocentralen Funäsdalen", 210m, 1.05m, 2_100), (units[0].Name, units[0].DistanceKm, units[0].Cni, units[0].TotalListed));
        Assert.Equal("Hälsocentralen Funäsdalen", (await _db.SendAsync(new GetUnitListingQuery(new DateOnly(2022, 12, 31))))!.Units[0].Name);
    }

    private static Encoding CodePages(int codePage)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(codePage);
    }

    [Fact]
    public async Task A_listing_date_is_taken_once_and_a_new_date_adds_a_listing()
    {
        Assert.True((await ImportAsync(Csv("a.csv", Header, Row("HC1")))).Succeeded);

        var again = await ImportAsync(Csv("b.csv", Header, Row("HC1", bands: string.Join(';', Enumerable.Repeat("200", 21)))));
        // Twice as many listed: more than the 20 % a unit moves unconfirmed, so the officer confirms it.
        var next = await ImportAsync(Csv("c.csv", Header, Row("HC1", bands: string.Join(';', Enumerable.Repeat("200", 21)))), asOf: "2023-06-30", confirm: true);

        Assert.False(again.Succeeded);
        Assert.Contains("finns redan en listning per 2022-12-31", again.Message);
        Assert.True(next.Succeeded);
        var newest = (await _db.SendAsync(new GetUnitListingQuery()))!;
        Assert.Equal((new DateOnly(2023, 6, 30), 4_200L), (newest.AsOf, newest.Listed));
        Assert.Equal([new DateOnly(2022, 12, 31)], newest.OtherListings);
    }

    [Fact]
    public async Task A_changed_organisation_or_ownership_is_shown_and_taken_only_when_confirmed()
    {
        Assert.True((await ImportAsync(Csv("a.csv", Header, Row("HC1"), Row("HC2")))).Succeeded);
        var changed = Csv("b.csv", Header, Row("HC1", org: "556036-0793", ownership: "Privat"), Row("HC2"));

        var shown = await ImportAsync(changed, asOf: "2023-06-30");

        Assert.False(shown.Succeeded);
        Assert.True(shown.NeedsConfirmation);
        var change = Assert.Single(shown.Changes);
        Assert.Equal(("HC1", "232100-0222", "556036-0793", Ownership.Offentlig, Ownership.Privat),
            (change.Code, change.OrganisationBefore, change.OrganisationAfter, change.OwnershipBefore, change.OwnershipAfter));
        Assert.Equal(1, await _db.WithContextAsync(db => db.UnitListings.CountAsync()));
        Assert.Equal("232100-0222", await _db.WithContextAsync(db => db.CareUnits.Where(u => u.Code == "HC1").Select(u => u.OrganisationNumber).SingleAsync()));

        var taken = await ImportAsync(changed, asOf: "2023-06-30", confirm: true);

        Assert.True(taken.Succeeded);
        Assert.Equal("556036-0793", await _db.WithContextAsync(db => db.CareUnits.Where(u => u.Code == "HC1").Select(u => u.OrganisationNumber).SingleAsync()));
    }

    [Fact]
    public async Task The_demo_listing_is_the_countys_units_and_the_24_mkr_split_to_the_krona()
    {
        Assert.Equal(DemoListing.Csv(), DemoListing.Csv());
        var path = Csv("demo.csv", "", []);
        await File.WriteAllTextAsync(path, DemoListing.Csv());
        var imported = await ImportAsync(path);
        Assert.True(imported.Succeeded, string.Join(" | ", imported.Errors));
        Assert.InRange(imported.Listed, 120_000, 140_000);

        foreach (var key in Enum.GetValues<DistributionKey>())
        {
            var preview = await _db.SendAsync(new PreviewDistributionQuery(24_000_000, key, 2026));
            Assert.True(preview.Succeeded, string.Join(" ", preview.Errors.Select(e => e.Message)));
            Assert.Equal(24_000_000, preview.Value.Result.Units.Sum(u => u.Amount));
            Assert.True(preview.Value.Result.Private > 0);
        }
        var sparse = (await _db.SendAsync(new PreviewDistributionQuery(24_000_000, DistributionKey.Glesbygd, 2026))).Value.Result;
        Assert.Equal(0, sparse.Units.Single(u => u.Name == "Hälsocentralen Lit").Amount);
    }

    [Fact]
    public async Task A_preview_without_a_listing_or_with_an_unknown_model_says_what_to_do()
    {
        var none = await _db.SendAsync(new PreviewDistributionQuery(1_000, DistributionKey.Listade));
        Assert.Contains("Importera en listning först", none.Errors.Single().Message);

        await ImportAsync(Csv("a.csv", Header, Row("HC1")));
        var model = await _db.SendAsync(new PreviewDistributionQuery(1_000, DistributionKey.Listade, 1999));
        Assert.Contains("Modeller finns för 2025, 2026", model.Errors.Single().Message);
    }
    private static string Bands(int each, int last) => string.Join(';', Enumerable.Repeat(each.ToString(System.Globalization.CultureInfo.InvariantCulture), 20)) + ";" + last;

    private async Task AssertNothingStoredAsync(int listings = 0, int units = 0)
    {
        Assert.Equal(listings, await _db.WithContextAsync(db => db.UnitListings.CountAsync()));
        Assert.Equal(units, await _db.WithContextAsync(db => db.CareUnits.CountAsync()));
    }

    [Fact]
    public async Task A_valid_24_unit_listing_with_the_last_60_bytes_dropped_is_refused()
    {
        var valid = Encoding.UTF8.GetBytes(DemoListing.Csv());
        var path = Path.Combine(_dir, "avklippt.csv");
        await File.WriteAllBytesAsync(path, valid[..^60]);

        var result = await ImportAsync(path);

        Assert.False(result.Succeeded);
        Assert.False(result.NeedsConfirmation);
        var error = Assert.Single(result.Errors);
        Assert.Equal(25, error.Line);
        Assert.Matches("^Raden har \\d+ kolumner men rubrikraden har 27: \\d+ kolumner saknas från och med ”[^”]+”. Filen kan vara avklippt.", error.Message);
        Assert.Contains("Listningen innehåller fel och har inte importerats. Inget är ändrat.", result.Message);
        await AssertNothingStoredAsync();

        // The whole file is taken: the guard is the cut, not the listing.
        await File.WriteAllBytesAsync(path, valid);
        Assert.True((await ImportAsync(path)).Succeeded);
    }

    [Fact]
    public async Task An_empty_or_missing_band_cell_is_refused_with_its_line_and_column()
    {
        var result = await ImportAsync(Csv("tomma.csv", Header,
            Row("HC1"),
            Row("HC2", bands: string.Join(';', Enumerable.Repeat("100", 5)) + ";;" + string.Join(';', Enumerable.Repeat("100", 15))),
            Row("HC3", bands: string.Join(';', Enumerable.Repeat("100", 20)) + "; "),
            Row("HC4", bands: string.Join(';', Enumerable.Repeat("100", 18)))));

        Assert.False(result.Succeeded);
        Assert.Equal([(3, "25-29"), (4, "100+"), (5, "90-94")], result.Errors.Select(e => (e.Line, e.Field!)));
        Assert.Equal("Antalet listade i åldersklassen 25-29 saknas. Skriv 0 om vårdenheten inte har några listade i den åldern.", result.Errors[0].Message);
        Assert.StartsWith("Raden har 24 kolumner men rubrikraden har 27: 3 kolumner saknas från och med ”90-94”.", result.Errors[2].Message);
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task A_file_that_ends_inside_its_last_row_waits_for_confirmation()
    {
        // Every column is there, but the last cell may be cut: 1 326 becomes 13 and the row still reads.
        var path = Path.Combine(_dir, "utan-radslut.csv");
        await File.WriteAllTextAsync(path, Header + "\r\n" + Row("HC1") + "\r\n" + Row("HC2", "Hälsocentralen Sist", bands: Bands(60, 13)), new UTF8Encoding(false));

        var shown = await ImportAsync(path);

        Assert.False(shown.Succeeded);
        Assert.True(shown.NeedsConfirmation);
        Assert.Contains("Filen slutar mitt i sista raden, utan radbrytning: den kan vara avklippt inne i vårdenheten HC2 Hälsocentralen Sist (1\u00A0213 listade).", shown.Message);
        await AssertNothingStoredAsync();
        Assert.True((await ImportAsync(path, confirm: true)).Succeeded);
    }

    [Fact]
    public async Task A_unit_whose_listed_total_moves_more_than_a_fifth_or_is_gone_is_shown_and_taken_only_when_confirmed()
    {
        Assert.True((await ImportAsync(Csv("a.csv", Header, Row("HC1"), Row("HC2"), Row("HC3"), Row("HC4")))).Succeeded);
        // HC1 −20 % exactly and HC2 +20 % exactly: taken. HC3 falls 1 300 (62 %), HC4 is gone, HC5 is new.
        var next = Csv("b.csv", Header, Row("HC1", bands: Bands(80, 80)), Row("HC2", bands: Bands(120, 120)), Row("HC3", bands: Bands(40, 0)), Row("HC5"));

        var shown = await ImportAsync(next, asOf: "2023-12-31");

        Assert.False(shown.Succeeded);
        Assert.True(shown.NeedsConfirmation);
        Assert.Empty(shown.Changes);
        Assert.Equal([("HC3", 2_100, (int?)800), ("HC4", 2_100, null)], shown.ListedChanges.Select(c => (c.Code, c.Before, c.After)));
        Assert.All(shown.ListedChanges, c => Assert.Equal(new DateOnly(2022, 12, 31), c.PreviousAsOf));
        Assert.Equal(-1m, shown.ListedChanges[1].Share);
        Assert.Contains("2 vårdenheter har ett antal listade som ändras mer än 20,0\u00A0% jämfört med listningen per 2022-12-31", shown.Message);
        await AssertNothingStoredAsync(listings: 1, units: 4);

        var taken = await ImportAsync(next, asOf: "2023-12-31", confirm: true);

        Assert.True(taken.Succeeded, taken.Message);
        Assert.Equal(2, (await _db.WithContextAsync(db => db.UnitListings.CountAsync())));
        Assert.Equal(800, (await _db.SendAsync(new GetUnitListingQuery()))!.Units.Single(u => u.Code == "HC3").TotalListed);
    }

    [Fact]
    public async Task The_share_a_unit_may_move_unconfirmed_is_a_setting()
    {
        await using var tolerant = await TestDatabase.CreateAsync(settings: new Dictionary<string, string?> { ["Import:ListingChangeTolerance"] = "0.7" });
        Task<UnitListingImportResult> Import(string path, string asOf) =>
            tolerant.SendAsync(new ImportUnitListingCommand(path, Path.GetFileName(path), DateOnly.Parse(asOf)));
        Assert.True((await Import(Csv("a.csv", Header, Row("HC1")), "2022-12-31")).Succeeded);

        Assert.True((await Import(Csv("b.csv", Header, Row("HC1", bands: Bands(40, 0))), "2023-12-31")).Succeeded);
        var halved = await Import(Csv("c.csv", Header, Row("HC1", bands: Bands(10, 0))), "2024-12-31");
        Assert.True(halved.NeedsConfirmation);
        Assert.Contains("mer än 70,0\u00A0%", halved.Message);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_UTF_16_listing_is_read_with_or_without_its_byte_order_mark(bool bom)
    {
        var path = Csv("unicode.csv", Header, new UnicodeEncoding(bigEndian: false, byteOrderMark: bom), Row("HC1", "Hälsocentralen Funäsdalen"), Row("HC2", "Hälsocentralen Åre"));

        var result = await ImportAsync(path);

        Assert.True(result.Succeeded, result.Message + string.Join(" | ", result.Errors));
        var units = (await _db.SendAsync(new GetUnitListingQuery()))!.Units;
        Assert.Equal(["Hälsocentralen Funäsdalen", "Hälsocentralen Åre"], units.Select(u => u.Name));
        Assert.Equal(2_100, units[1].TotalListed);
    }

    [Fact]
    public async Task A_band_count_beyond_any_unit_is_refused_in_Swedish_not_an_overflow()
    {
        var result = await ImportAsync(Csv("stora.csv", Header,
            Row("HC1", bands: Bands(2_000_000_000, 2_000_000_000)),
            Row("HC2", bands: "99999999999999999999;" + string.Join(';', Enumerable.Repeat("100", 20)))));

        Assert.False(result.Succeeded);
        Assert.Equal(21 + 1, result.Errors.Count);
        Assert.All(result.Errors, e => Assert.Contains("är för stort. Högst 1\u00A0000\u00A0000 per åldersklass.", e.Message));
        Assert.Equal((3, "0-4"), (result.Errors[^1].Line, result.Errors[^1].Field));
        await AssertNothingStoredAsync();
    }
}
