using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using GrantTracker.Web.Tests.Infrastructure;

namespace GrantTracker.Web.Tests.Features;

/// <summary>Kostnader → Kolumnmappningar over real HTTP, and an upload that uses a saved mapping.</summary>
public sealed class ColumnMappingHttpTests(GrantTrackerFactory factory) : IClassFixture<GrantTrackerFactory>
{
    private static Dictionary<string, string> Raindance(string name) => new()
    {
        ["Form.Name"] = name,
        ["Form.Voucher"] = "Ver.nr",
        ["Form.Date"] = "Bokf.datum",
        ["Form.Account"] = "Konto",
        ["Form.CostCentre"] = "Kst",
        ["Form.CostObject"] = "Projekt/objekt",
        ["Form.Amount"] = "Belopp SEK",
        ["Form.Text"] = "Beskrivning",
        ["Form.Project"] = "",
    };

    [Fact]
    public async Task An_Ekonom_saves_a_mapping_and_imports_an_export_with_those_headers()
    {
        var ekonom = await factory.SignedInAsync("ekonom@demo.local");

        var saved = await ekonom.PostFormAsync("/kostnader/kolumner/ny", "/kostnader/kolumner/ny", Raindance("Raindance HTTP"));
        var list = await ekonom.GetPageAsync("/kostnader/kolumner");
        var form = await ekonom.GetPageAsync("/kostnader/importera");

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Contains("<td>Raindance HTTP</td><td>Ver.nr</td><td>Bokf.datum</td>", list);
        Assert.Contains("<option value=\"Raindance HTTP\">Raindance HTTP</option>", form);

        var csv = "Ver.nr;Bokf.datum;Konto;Kst;Projekt/objekt;Belopp SEK;Beskrivning\r\nR 1;2023-10-02;5011;410;9943;7 500,00;Lön\r\n";
        using var content = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        content.Add(file, "file", "raindance-okt.csv");
        content.Add(new StringContent("Raindance HTTP"), "mapping");
        content.Add(new StringContent(HttpClientFormExtensions.AntiforgeryToken(await ekonom.GetStringAsync("/kostnader/importera"))), "__RequestVerificationToken");
        var upload = await ekonom.PostAsync("/kostnader/importera", content);
        var job = upload.Headers.Location!.OriginalString;
        for (var i = 0; i < 200 && !await DoneAsync(ekonom, job); i++)
        {
            await Task.Delay(50);
        }

        Assert.Contains("Importen är klar: 1 rader lästa, 1 sparade", await ekonom.GetPageAsync(job));
    }

    [Fact]
    public async Task A_mapping_without_the_required_columns_shows_every_error_on_its_field()
    {
        var ekonom = await factory.SignedInAsync("ekonom@demo.local");
        var fields = Raindance("Ofullständig");
        fields["Form.Date"] = "";
        fields["Form.Text"] = "konto";

        var response = await ekonom.PostFormAsync("/kostnader/kolumner/ny", "/kostnader/kolumner/ny", fields);
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Ange kolumnen med datum.", page);
        Assert.Contains("Kolumnen ”Konto” är vald för flera fält.", page);
        Assert.DoesNotContain("Ofullständig</td>", await ekonom.GetPageAsync("/kostnader/kolumner"));
    }

    [Fact]
    public async Task A_Handlaggare_reads_the_mappings_but_cannot_create_one()
    {
        var officer = await factory.SignedInAsync("handlaggare@demo.local");

        var list = await officer.GetAsync("/kostnader/kolumner");
        var form = await officer.GetAsync("/kostnader/kolumner/ny");

        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.DoesNotContain("/kostnader/kolumner/ny", await list.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, form.StatusCode);
        Assert.StartsWith("/konto/nekad", form.Headers.Location!.PathAndQuery);
    }

    private static async Task<bool> DoneAsync(HttpClient client, string job)
    {
        using var status = JsonDocument.Parse(await client.GetStringAsync(job + "/status"));
        return status.RootElement.GetProperty("done").GetBoolean();
    }
}
