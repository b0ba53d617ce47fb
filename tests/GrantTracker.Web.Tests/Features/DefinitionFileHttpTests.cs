using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using GrantTracker.Web.Tests.Infrastructure;

namespace GrantTracker.Web.Tests.Features;

/// <summary>
/// The definition as a file and next year's copy over real HTTP: the upload (refused whole, every error with its path, nothing written,
/// every page still answering), the export, the copy with its draft's checklist, and the activation.
/// </summary>
public sealed partial class DefinitionFileHttpTests(GrantTrackerFactory factory) : IClassFixture<GrantTrackerFactory>
{
    private static string Example()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "docs", "agreement-definition.example.json");
            if (File.Exists(path))
            {
                return File.ReadAllText(path);
            }
        }
        throw new InvalidOperationException("docs/agreement-definition.example.json not found.");
    }

    private static byte[] Edited(Action<JsonObject> edit)
    {
        var root = JsonNode.Parse(Example())!.AsObject();
        edit(root);
        return Encoding.UTF8.GetBytes(root.ToJsonString());
    }

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, byte[]? file, string fileName = "definition.json", bool replace = false)
    {
        var page = await client.GetStringAsync("/overenskommelser/importera");
        using var content = new MultipartFormDataContent { { new StringContent(HttpClientFormExtensions.AntiforgeryToken(page)), "__RequestVerificationToken" } };
        if (replace)
        {
            content.Add(new StringContent("true"), "replace");
        }
        if (file is not null)
        {
            var bytes = new ByteArrayContent(file);
            bytes.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            content.Add(bytes, "file", fileName);
        }
        return await client.PostAsync("/overenskommelser/importera", content);
    }

    private static async Task<int> IdOfAsync(HttpClient client, string code)
    {
        var list = await client.GetStringAsync("/overenskommelser");
        var match = Regex.Match(list, $"<a href=\"/overenskommelser/(\\d+)\">[^<]*</a> <span class=\"text-secondary small\">{Regex.Escape(code)}</span>");
        Assert.True(match.Success, $"{code} is not in the list.");
        return int.Parse(match.Groups[1].Value);
    }

    private static async Task EveryPageAnswersAsync(HttpClient client, int agreementId)
    {
        Assert.Contains("God och nära vård 2023", await client.GetPageAsync("/overenskommelser"));
        Assert.Contains("Slutredovisning av God och nära vård 2023", await client.GetPageAsync("/deadlines"));
        Assert.Contains("God och nära vård 2023", await client.GetPageAsync("/avstamning?avtal=gnv2023&manad=2023-03"));
        Assert.Contains("data-testid=\"agreement-name\"", await client.GetPageAsync($"/overenskommelser/{agreementId}"));
    }

    [Fact]
    public async Task An_officer_imports_the_example_and_sees_its_line_names_conditions_and_final_report_deadline()
    {
        var client = await factory.SignedInAsync("handlaggare@demo.local");

        var response = await UploadAsync(client, Edited(root => root["code"] = "webb-exempel"), "naravard2024.json");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        Assert.Matches("^/overenskommelser/\\d+$", location);
        var page = await client.GetPageAsync(location);
        Assert.Contains("Överenskommelsen Nära vård i hela länet 2024 (webb-exempel) är importerad", page);
        Assert.Contains("data-testid=\"line-name-1.a\"> Befolkningsdel<", page);
        Assert.Contains("data-testid=\"line-name-1.b\"> Primärvård i landsbygd<", page);
        Assert.Contains("Privata utförare ska göras delaktiga på samma villkor som regionens egna.", page);
        Assert.Contains("data-testid=\"agreement-status\">Aktiv<", page);
        Assert.DoesNotContain("data-testid=\"draft-checklist\"", page);
        var deadlines = await client.GetPageAsync("/deadlines");
        Assert.Contains("Slutredovisning av Nära vård i hela länet 2024", deadlines);
    }

    [Fact]
    public async Task A_broken_file_is_refused_on_the_page_with_every_error_and_its_path_and_every_page_still_answers()
    {
        var client = await factory.SignedInAsync("handlaggare@demo.local");
        var gnv = await IdOfAsync(client, "gnv2023");
        var file = Edited(root =>
        {
            root["code"] = "webb-trasig";
            root["areas"]![0]!["lines"]![1]!["amount"] = 30_000_000;
            root["activities"]![3]!["lineCode"] = "1.c";
            root["obligations"]![0]!.AsObject().Remove("dueDate");
        });

        var response = await UploadAsync(client, file, "trasig.json", replace: true);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("Filen trasig.json är inte importerad.", html);
        Assert.Contains("<code>areas[0].lines[1].amount</code>", html);
        Assert.Contains("<code>activities[3].lineCode</code></td><td>Överenskommelsen har ingen rad med koden 1.c. Ange en av radernas koder: 1.a, 1.b.</td>", html);
        Assert.Contains("<code>obligations[0].dueDate</code>", html);
        Assert.Contains("id=\"replace\" name=\"replace\" value=\"true\" checked", html);
        Assert.DoesNotContain("webb-trasig", await client.GetPageAsync("/overenskommelser"));
        await EveryPageAnswersAsync(client, gnv);
    }

    [Fact]
    public async Task An_upload_without_a_file_or_with_text_that_is_not_JSON_is_refused_in_Swedish()
    {
        var client = await factory.SignedInAsync("admin@demo.local");

        var empty = WebUtility.HtmlDecode(await (await UploadAsync(client, null)).Content.ReadAsStringAsync());
        var notJson = WebUtility.HtmlDecode(await (await UploadAsync(client, Encoding.UTF8.GetBytes("{ \"code\": \"x\" \"name\": 1 }"))).Content.ReadAsStringAsync());

        Assert.Contains("Välj definitionsfilen (JSON) att importera", empty);
        Assert.Contains("Filen är inte giltig JSON på rad 1, position 15.", notJson);
    }

    [Fact]
    public async Task The_export_is_a_JSON_file_named_by_the_code_that_imports_back_in_place()
    {
        var client = await factory.SignedInAsync("handlaggare@demo.local");
        var id = await IdOfAsync(client, "patientmiljarden");

        var response = await client.GetAsync($"/overenskommelser/{id}/export");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("patientmiljarden.json", response.Content.Headers.ContentDisposition!.FileNameStar ?? response.Content.Headers.ContentDisposition.FileName);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.StartsWith("{\n  \"code\": \"patientmiljarden\",", Encoding.UTF8.GetString(bytes));
        var replaced = await UploadAsync(client, bytes, "patientmiljarden.json", replace: true);
        Assert.Equal($"/overenskommelser/{id}", replaced.Headers.Location!.OriginalString);
        Assert.Equal(bytes, await client.GetByteArrayAsync($"/overenskommelser/{id}/export"));
    }

    [Fact]
    public async Task The_copy_button_creates_a_draft_that_lists_what_to_check_and_Gor_aktiv_makes_it_active()
    {
        var client = await factory.SignedInAsync("handlaggare@demo.local");
        var gnv = await IdOfAsync(client, "gnv2023");
        var source = await client.GetPageAsync($"/overenskommelser/{gnv}");
        Assert.Contains("Kopiera till nästa år", source);

        var response = await client.PostFormAsync($"/overenskommelser/{gnv}", $"/overenskommelser/{gnv}/kopiera", new Dictionary<string, string>
        {
            ["Form.Year"] = "2024",
            ["Form.Code"] = "webb-gnv2024",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        var draft = await client.GetPageAsync(location);
        Assert.Contains("Utkastet God och nära vård 2024 (webb-gnv2024) är skapat från God och nära vård 2023.", draft);
        Assert.Contains("data-testid=\"agreement-status\">Utkast<", draft);
        Assert.Contains("Kontrollera innan överenskommelsen görs aktiv", draft);
        Assert.Contains("Område 2.2.a Vårdens medarbetare: befolkningsandel – fyll i det nationella beloppet.", draft);
        Assert.Contains("2025-03-31: Slutredovisning – Slutredovisning av God och nära vård 2024 till Socialstyrelsen.", draft);
        Assert.Contains("Objekt 9917 God och nära vård – vårdens medarbetare: 2024-01–2024-12.", draft);

        var version = Regex.Match(draft, "name=\"version\" value=\"(\\d+)\"").Groups[1].Value;
        var activated = await client.PostFormAsync(location, $"{location}/aktivera", new Dictionary<string, string> { ["version"] = version });

        Assert.Equal(location, activated.Headers.Location!.OriginalString);
        var active = await client.GetPageAsync(location);
        Assert.Contains("Överenskommelsen är aktiv.", active);
        Assert.Contains("data-testid=\"agreement-status\">Aktiv<", active);
        Assert.DoesNotContain("data-testid=\"draft-checklist\"", active);
    }

    [Fact]
    public async Task A_refused_copy_keeps_what_was_typed_with_the_error_by_its_field_writes_nothing_and_every_page_still_answers()
    {
        var client = await factory.SignedInAsync("handlaggare@demo.local");
        var gnv = await IdOfAsync(client, "gnv2023");

        var response = await client.PostFormAsync($"/overenskommelser/{gnv}/kopiera", $"/overenskommelser/{gnv}/kopiera", new Dictionary<string, string>
        {
            ["Form.Year"] = "2024",
            ["Form.Code"] = "patientmiljarden",
            ["Form.WithActivities"] = "true",
        });
        var overlap = await client.PostFormAsync($"/overenskommelser/{gnv}/kopiera", $"/overenskommelser/{gnv}/kopiera", new Dictionary<string, string>
        {
            ["Form.Year"] = "2019",
            ["Form.Code"] = "webb-krock",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("Det finns redan en överenskommelse med koden patientmiljarden. Ange en annan kod för kopian", html);
        Assert.Contains("value=\"patientmiljarden\"", html);
        Assert.Matches("type=\"checkbox\"[^>]*checked", html);
        var overlapHtml = WebUtility.HtmlDecode(await overlap.Content.ReadAsStringAsync());
        Assert.Contains("Kostnadsobjekt 9916 hör redan till överenskommelsen Patientmiljarden 2018–2020 (patientmiljarden)", overlapHtml);
        Assert.DoesNotContain("webb-krock", await client.GetPageAsync("/overenskommelser"));
        await EveryPageAnswersAsync(client, gnv);
    }

    [Fact]
    public async Task A_reader_sees_the_status_and_no_buttons_and_a_provider_cannot_export_the_regions_money()
    {
        var revisor = await factory.SignedInAsync("revisor@demo.local");
        var provider = await factory.SignedInAsync("utforare@demo.local");
        var gnv = await IdOfAsync(revisor, "gnv2023");

        var page = await revisor.GetPageAsync($"/overenskommelser/{gnv}");
        var export = await provider.GetAsync($"/overenskommelser/{gnv}/export");

        Assert.Contains("data-testid=\"agreement-status\">Aktiv<", page);
        Assert.Contains("Exportera definition", page);
        Assert.DoesNotContain("Kopiera till nästa år", page);
        Assert.Equal(HttpStatusCode.Redirect, export.StatusCode);
        Assert.StartsWith("/konto/nekad", export.Headers.Location!.PathAndQuery);
    }
}
