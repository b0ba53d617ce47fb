using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using GrantTracker.Application.Imports;
using GrantTracker.Application.Seeding;
using GrantTracker.Web.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace GrantTracker.Web.Tests.Features;

/// <summary>
/// Issue 23 over real HTTP: a cut-off listing is refused through the page and a unit far from the last listing waits for
/// confirmation (point 1); an amount beyond the öre range in a query string, a form or a ledger file is answered in
/// Swedish, never 500, and a UTF-16 ledger is read (point 4).
/// </summary>
public sealed class ListingAndAmountHttpTests : IDisposable
{
    private const string TooLarge = "är för stort. Ett belopp får vara högst 999\u00A0999\u00A0999\u00A0999\u00A0999,99 kr.";
    private readonly GrantTrackerFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    private static async Task<HttpResponseMessage> UploadListingAsync(HttpClient client, string fileName, byte[] bytes, string asOf, bool confirm = false)
    {
        var page = await client.GetStringAsync("/vardenheter");
        using var content = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        content.Add(file, "file", fileName);
        content.Add(new StringContent(asOf), "asOf");
        if (confirm)
        {
            content.Add(new StringContent("true"), "confirm");
        }
        content.Add(new StringContent(HttpClientFormExtensions.AntiforgeryToken(page)), "__RequestVerificationToken");
        return await client.PostAsync("/vardenheter/importera", content);
    }

    private long Count(string table)
    {
        using var connection = new SqliteConnection($"Data Source={_factory.DatabasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {table}";
        return (long)command.ExecuteScalar()!;
    }

    [Fact]
    public async Task A_valid_24_unit_listing_with_the_last_60_bytes_dropped_is_refused_through_the_page_and_nothing_is_written()
    {
        var officer = await _factory.SignedInAsync("handlaggare@demo.local");
        var listings = Count("UnitListings");
        var valid = Encoding.UTF8.GetBytes(DemoListing.Csv());

        var response = await UploadListingAsync(officer, "avklippt.csv", valid[..^60], "2023-12-31");
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Listningen innehåller fel och har inte importerats. Inget är ändrat.", page);
        Assert.Matches(@"<tr><td>25</td><td>[^<]+</td><td>Raden har \d+ kolumner men rubrikraden har 27: \d+ kolumner saknas från och med ”[^”]+”\. Filen kan vara avklippt\.", page);
        Assert.Equal(listings, Count("UnitListings"));
        Assert.DoesNotContain("Listningen per 2023-12-31", await officer.GetPageAsync("/vardenheter"));
    }

    [Fact]
    public async Task An_empty_band_is_refused_with_its_line_and_column_through_the_page()
    {
        var officer = await _factory.SignedInAsync("handlaggare@demo.local");
        var lines = DemoListing.Csv().Split("\r\n");
        var cells = lines[3].Split(';');
        cells[10] = "";
        lines[3] = string.Join(';', cells);

        var page = WebUtility.HtmlDecode(await (await UploadListingAsync(officer, "tom.csv", Encoding.UTF8.GetBytes(string.Join("\r\n", lines)), "2023-12-31")).Content.ReadAsStringAsync());

        Assert.Contains("<tr><td>4</td><td>20-24</td><td>Antalet listade i åldersklassen 20-24 saknas. Skriv 0 om vårdenheten inte har några listade i den åldern.</td></tr>", page);
    }

    [Fact]
    public async Task A_unit_whose_listed_total_falls_by_half_is_shown_and_taken_when_confirmed()
    {
        var officer = await _factory.SignedInAsync("handlaggare@demo.local");
        var lines = DemoListing.Csv().Split("\r\n");
        var cells = lines[1].Split(';');
        for (var band = 6; band < cells.Length; band++)
        {
            cells[band] = (int.Parse(cells[band], System.Globalization.CultureInfo.InvariantCulture) / 2).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        lines[1] = string.Join(';', cells);
        var bytes = Encoding.UTF8.GetBytes(string.Join("\r\n", lines));

        var shown = WebUtility.HtmlDecode(await (await UploadListingAsync(officer, "halverad.csv", bytes, "2023-12-31")).Content.ReadAsStringAsync());

        Assert.Contains("data-testid=\"listing-listed-changes\"", shown);
        Assert.Contains($"{cells[0]} {cells[1]}", shown);
        Assert.Contains("jämfört med listningen per 2022-12-31", shown);
        Assert.DoesNotContain("data-testid=\"listing-changes\"", shown);
        Assert.Contains("Inget är ändrat ännu", shown);

        var taken = await UploadListingAsync(officer, "halverad.csv", bytes, "2023-12-31", confirm: true);
        Assert.Equal(HttpStatusCode.Redirect, taken.StatusCode);
        Assert.Contains("Listningen per 2023-12-31 är importerad", await officer.GetPageAsync("/vardenheter"));
    }

    [Theory]
    [InlineData("99999999999999999999999")]
    [InlineData("1e20")]
    [InlineData("-99999999999999999999999999999999999")]
    public async Task An_amount_beyond_the_ore_range_in_the_units_query_is_answered_in_Swedish_not_500(string amount)
    {
        var ekonom = await _factory.SignedInAsync("ekonom@demo.local");

        var response = await ekonom.GetAsync("/vardenheter?belopp=" + Uri.EscapeDataString(amount));
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"Beloppet ”{amount}” {TooLarge}", page);
        Assert.Contains("Listningen per 2022-12-31", page);
    }

    /// <summary>Every page that reads a number or an amount from its query string, with numbers no one types on purpose.</summary>
    [Theory]
    [InlineData("/vardenheter?belopp={n}&modell={n}")]
    [InlineData("/overenskommelser?ar={n}")]
    [InlineData("/kostnader/excel?ar={n}")]
    [InlineData("/avstamning?avtal=gnv2023&manad=2023-03&sida={n}")]
    [InlineData("/avstamning/rader?avtal=gnv2023&manad=2023-03&rad={n}&sida={n}")]
    [InlineData("/rapporter/slutredovisning?avtal=gnv2023&ar={n}")]
    [InlineData("/rapporter/aterrapportering?avtal=gnv2023&ar={n}")]
    [InlineData("/rapporter/vfu?avtal=gnv2023&ar={n}")]
    [InlineData("/rapporter/avstamning?avtal=gnv2023&typ=tertial&ar={n}")]
    [InlineData("/fordelningar/{n}")]
    [InlineData("/overenskommelser/{n}")]
    public async Task A_number_out_of_range_in_a_query_string_is_never_answered_500(string template)
    {
        var ekonom = await _factory.SignedInAsync("ekonom@demo.local");
        foreach (var n in new[] { "99999999999999999999999", "2147483647", "-2147483648", "9999", "10000", "0", "-1", "1e20" })
        {
            var response = await ekonom.GetAsync(template.Replace("{n}", Uri.EscapeDataString(n)));
            var body = await response.Content.ReadAsStringAsync();

            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound or HttpStatusCode.BadRequest or HttpStatusCode.Redirect,
                $"{template} with {n}: {(int)response.StatusCode}");
            Assert.DoesNotContain("Exception", body);
        }
    }

    [Fact]
    public async Task A_too_large_payment_amount_is_refused_in_Swedish()
    {
        var ekonom = await _factory.SignedInAsync("ekonom@demo.local");

        var response = await ekonom.PostFormAsync("/avstamning/periodisering?avtal=gnv2023&manad=2023-03", "/avstamning/betalning?avtal=gnv2023&manad=2023-03",
            new Dictionary<string, string> { ["date"] = "2023-03-15", ["amount"] = "99999999999999999999999", ["reference"] = "x" });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var page = await ekonom.GetPageAsync(response.Headers.Location!.OriginalString);
        Assert.Contains($"Beloppet ”99999999999999999999999” {TooLarge}", page);
    }

    [Fact]
    public async Task A_too_large_amount_in_the_agreement_form_is_shown_again_with_a_Swedish_error_and_nothing_is_saved()
    {
        var officer = await _factory.SignedInAsync("handlaggare@demo.local");

        var response = await officer.PostFormAsync("/overenskommelser/ny", "/overenskommelser/ny", new Dictionary<string, string>
        {
            ["Form.Code"] = "for-stort",
            ["Form.Name"] = "För stort belopp",
            ["Form.Counterparty"] = "Staten och SKR",
            ["Form.StartDate"] = "2025-01-01",
            ["Form.EndDate"] = "2025-12-31",
            ["Form.RegionAllocation"] = "99999999999999999999999",
        });
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.NotEqual(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.NotEqual(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains($"Beloppet ”99999999999999999999999” {TooLarge}", page);
        Assert.Contains("value=\"99999999999999999999999\"", page);
        Assert.DoesNotContain("För stort belopp", await officer.GetPageAsync("/overenskommelser"));
    }

    private static async Task<HttpResponseMessage> UploadLedgerAsync(HttpClient client, string fileName, byte[] bytes)
    {
        var page = await client.GetStringAsync("/kostnader/importera");
        using var content = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        content.Add(file, "file", fileName);
        content.Add(new StringContent(HttpClientFormExtensions.AntiforgeryToken(page)), "__RequestVerificationToken");
        return await client.PostAsync("/kostnader/importera", content);
    }

    private static async Task<string> FinishedJobPageAsync(HttpClient client, HttpResponseMessage upload)
    {
        Assert.Equal(HttpStatusCode.Redirect, upload.StatusCode);
        var job = upload.Headers.Location!.OriginalString;
        for (var attempt = 0; attempt < 200; attempt++)
        {
            using var status = JsonDocument.Parse(await client.GetStringAsync(job + "/status"));
            if (status.RootElement.GetProperty("done").GetBoolean())
            {
                return await client.GetPageAsync(job);
            }
            await Task.Delay(50);
        }
        throw new TimeoutException("The import job did not finish within 10 seconds.");
    }

    private const string LedgerHeader = "Verifikation;Datum;Konto;Ansvar;Objekt;Belopp;Text";

    [Theory]
    [InlineData("99999999999999999999,99")]
    [InlineData("1e20")]
    public async Task A_ledger_CSV_with_an_amount_beyond_the_ore_range_is_refused_naming_line_and_field_in_Swedish(string amount)
    {
        var ekonom = await _factory.SignedInAsync("ekonom@demo.local");
        var bytes = Encoding.UTF8.GetBytes($"{LedgerHeader}\r\nA 1;2023-01-15;5010;410;9916;100,00;Rätt\r\nA 2;2023-01-16;5010;410;9916;{amount};Stor\r\n");

        var page = await FinishedJobPageAsync(ekonom, await UploadLedgerAsync(ekonom, "stor.csv", bytes));

        Assert.Contains("Filen innehåller fel och har inte importerats", page);
        Assert.Contains($"<tr><td>3</td><td>Belopp</td><td>Beloppet ”{amount}” {TooLarge}", page);
        Assert.DoesNotContain("Overflow", page);
        Assert.DoesNotContain("Int64", page);
        Assert.Equal(0, Count("LedgerEntries"));
    }

    [Fact]
    public async Task A_UTF_16_ledger_CSV_is_read_with_its_Swedish_letters()
    {
        var ekonom = await _factory.SignedInAsync("ekonom@demo.local");
        var text = $"{LedgerHeader}\r\nA 1;2023-01-15;5010;410;9916;1 234,50;Läkemedel åäö\r\n";
        var bytes = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(text)).ToArray();

        var page = await FinishedJobPageAsync(ekonom, await UploadLedgerAsync(ekonom, "unicode.csv", bytes));

        Assert.DoesNotContain("har inte importerats", page);
        Assert.Contains("UTF-16", page);
        Assert.Equal(1, Count("LedgerEntries"));
        Assert.Equal("Läkemedel åäö", await RowTextAsync());
    }

    private async Task<string> RowTextAsync()
    {
        using var connection = new SqliteConnection($"Data Source={_factory.DatabasePath};Pooling=False");
        await connection.OpenAsync();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT Text FROM LedgerEntries";
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
