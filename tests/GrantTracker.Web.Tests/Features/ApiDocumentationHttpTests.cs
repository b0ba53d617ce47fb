using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using GrantTracker.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace GrantTracker.Web.Tests.Features;

/// <summary>
/// Issue 27, part 3: the feed's OpenAPI description at /openapi/v1.json and the Scalar page at /api-dokumentation/ that reads it,
/// for signed-in users only; the document describes the OData feed and nothing else. The feed here is the test-only one
/// (<see cref="TestFeed"/>), registered in a factory of its own.
/// </summary>
public sealed partial class ApiDocumentationHttpTests(TestFeedApp feed) : IClassFixture<TestFeedApp>
{
    private const string Document = "/openapi/v1.json";
    private const string Page = "/api-dokumentation/";
    private const string WidgetsPath = "/" + TestFeed.Prefix + "/" + TestFeed.EntitySet;

    private readonly WebApplicationFactory<Program> _app = feed.App;

    [Fact]
    public async Task An_anonymous_request_gets_neither_the_document_nor_the_page_but_the_sign_in_page()
    {
        var client = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        foreach (var url in new[] { Document, Page, "/api-dokumentation", "/api-dokumentation/v1", "/api-dokumentation/scalar.js" })
        {
            var response = await client.GetAsync(url);
            var body = await response.Content.ReadAsStringAsync();

            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/konto/logga-in", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
            Assert.DoesNotContain("openapi", body, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(TestFeed.EntitySet, body, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("utforare@demo.local")]
    [InlineData("revisor@demo.local")]
    [InlineData("handlaggare@demo.local")]
    [InlineData("admin@demo.local")]
    public async Task A_signed_in_user_of_any_role_gets_an_OpenAPI_3_document_of_the_feed(string user)
    {
        var client = await GrantTrackerFactory.SignInAsync(_app, user);

        var response = await client.GetAsync(Document);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;
        Assert.StartsWith("3.", root.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        Assert.Equal("GrantTracker – läs-API (OData v4)", root.GetProperty("info").GetProperty("title").GetString());
        Assert.Contains("/konto/token", root.GetProperty("info").GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Contains(WidgetsPath, Paths(root));
    }

    [Theory]
    [InlineData("utforare@demo.local")]
    [InlineData("revisor@demo.local")]
    public async Task Every_page_links_a_signed_in_user_to_the_API_documentation_and_the_sign_in_page_does_not(string user)
    {
        var client = await feed.Base.SignedInAsync(user);

        var start = await client.GetPageAsync("/");
        var signIn = await feed.Base.CreateBrowserlessClient().GetPageAsync("/konto/logga-in");

        Assert.Contains("<a href=\"/api-dokumentation/\" data-testid=\"api-documentation-link\">API-dokumentation: läs-API för Power BI och Excel</a>", start, StringComparison.Ordinal);
        Assert.DoesNotContain("/api-dokumentation/", signIn, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_document_holds_the_feed_and_none_of_the_apps_pages()
    {
        var root = await DocumentAsync(_app);

        var paths = Paths(root);

        // Only OData's paths: the test feed's, and after the merge the real feed's under /odata.
        Assert.All(paths, p => Assert.Matches("^/odata(-test)?(/|$)", p));
        Assert.Equal(
            [
                "/odata-test", // the service document
                "/odata-test/$metadata",
                WidgetsPath,
                WidgetsPath + "({key})",
                WidgetsPath + "/$count",
            ],
            paths.Where(p => p.StartsWith("/odata-test", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(paths, p => p.StartsWith("/overenskommelser", StringComparison.Ordinal));
        Assert.DoesNotContain(paths, p => p.StartsWith("/konto", StringComparison.Ordinal) || p.StartsWith("/healthz", StringComparison.Ordinal));
        Assert.DoesNotContain(paths, p => p.StartsWith("/openapi", StringComparison.Ordinal) || p.StartsWith("/api-dokumentation", StringComparison.Ordinal));
        // Key as segment (Widgets/{key}) is the same operation as Widgets({key}): described once.
        Assert.DoesNotContain(WidgetsPath + "/{key}", paths);
    }

    /// <summary>The app as it runs: every path in its document is the feed's (none before the feed exists), never a page's.</summary>
    [Fact]
    public async Task In_the_app_itself_the_document_describes_the_feed_only_the_apps_pages_are_not_an_API()
    {
        var client = await feed.Base.SignedInAsync("revisor@demo.local");

        using var json = JsonDocument.Parse(await client.GetStringAsync(Document));

        Assert.All(Paths(json.RootElement), p => Assert.Matches("^/odata(/|$)", p));
        Assert.Equal("GrantTracker – läs-API (OData v4)", json.RootElement.GetProperty("info").GetProperty("title").GetString());
    }

    [Fact]
    public async Task The_entity_sets_GET_documents_the_OData_query_options_and_the_paged_answer()
    {
        var root = await DocumentAsync(_app);

        var get = root.GetProperty("paths").GetProperty(WidgetsPath).GetProperty("get");
        var parameters = get.GetProperty("parameters").EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!);

        Assert.Equal(["$filter", "$select", "$expand", "$orderby", "$top", "$skip", "$count"], parameters.Keys);
        Assert.All(parameters.Values, p => Assert.Equal("query", p.GetProperty("in").GetString()));
        Assert.Equal("string", parameters["$filter"].GetProperty("schema").GetProperty("type").GetString());
        Assert.Equal("integer", parameters["$top"].GetProperty("schema").GetProperty("type").GetString());
        Assert.Equal(100, parameters["$top"].GetProperty("schema").GetProperty("maximum").GetInt32()); // the action's MaxTop
        Assert.Equal("boolean", parameters["$count"].GetProperty("schema").GetProperty("type").GetString());
        Assert.Contains("50 entiteter", get.GetProperty("description").GetString(), StringComparison.Ordinal); // the page size

        var answer = get.GetProperty("responses").GetProperty("200").GetProperty("content");
        Assert.Equal(["application/json"], answer.EnumerateObject().Select(c => c.Name));
        var properties = answer.GetProperty("application/json").GetProperty("schema").GetProperty("properties");
        Assert.Equal("#/components/schemas/Widget", properties.GetProperty("value").GetProperty("items").GetProperty("$ref").GetString());
        Assert.True(properties.TryGetProperty("@odata.nextLink", out _));
        Assert.True(properties.TryGetProperty("@odata.count", out _));
    }

    [Fact]
    public async Task One_entity_takes_select_and_expand_and_the_count_takes_filter()
    {
        var root = await DocumentAsync(_app);
        var paths = root.GetProperty("paths");

        Assert.Equal(["key", "$select", "$expand"], ParameterNames(paths.GetProperty(WidgetsPath + "({key})").GetProperty("get")));
        Assert.Equal(["$filter"], ParameterNames(paths.GetProperty(WidgetsPath + "/$count").GetProperty("get")));
        Assert.Equal(["application/xml"], paths.GetProperty("/odata-test/$metadata").GetProperty("get").GetProperty("responses").GetProperty("200")
            .GetProperty("content").EnumerateObject().Select(c => c.Name));
    }

    [Fact]
    public async Task The_entitys_schema_is_named_and_typed_as_OData_writes_it()
    {
        var root = await DocumentAsync(_app);

        var schemas = root.GetProperty("components").GetProperty("schemas");
        var widget = schemas.GetProperty("Widget").GetProperty("properties");

        // EDM names (PascalCase, as the feed writes them), numbers as numbers, kronor as decimal.
        Assert.Equal(["Id", "Name", "Amount"], widget.EnumerateObject().Select(p => p.Name));
        Assert.Equal("integer", widget.GetProperty("Id").GetProperty("type").GetString());
        Assert.Equal("number", widget.GetProperty("Amount").GetProperty("type").GetString());
        Assert.Equal("decimal", widget.GetProperty("Amount").GetProperty("format").GetString());
        // What the C# actions return (SingleResult<T>, IEdmModel for $metadata) is not a schema of the feed.
        // The app's own feed is in the document too (its model is registered in every app); its schemas carry the model's names.
        var names = schemas.EnumerateObject().Select(s => s.Name).ToList();
        Assert.Contains("Widget", names);
        Assert.Contains("MonthFigure", names);
        Assert.Contains("Agreement", names);
        Assert.DoesNotContain(names, n => n.StartsWith("Feed", StringComparison.Ordinal) || n.Contains("SingleResult", StringComparison.Ordinal) || n.Contains("EdmModel", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_document_declares_Basic_and_Bearer_either_of_which_authenticates_and_a_relative_server()
    {
        var root = await DocumentAsync(_app);

        var schemes = root.GetProperty("components").GetProperty("securitySchemes");
        Assert.Equal("http", schemes.GetProperty("basic").GetProperty("type").GetString());
        Assert.Equal("basic", schemes.GetProperty("basic").GetProperty("scheme").GetString());
        Assert.Equal("http", schemes.GetProperty("bearer").GetProperty("type").GetString());
        Assert.Equal("bearer", schemes.GetProperty("bearer").GetProperty("scheme").GetString());
        // Two requirement objects: either scheme alone (OpenAPI's "or").
        Assert.Equal(["basic", "bearer"], root.GetProperty("security").EnumerateArray().Select(r => r.EnumerateObject().Single().Name));
        Assert.Equal("/", root.GetProperty("servers").EnumerateArray().Single().GetProperty("url").GetString());
    }

    [Fact]
    public async Task The_documented_query_options_work_on_the_feed_they_describe()
    {
        // Every OData controller takes the feed's policy: a personal access token, as the document's security schemes say.
        var client = await FeedClients.ForAsync(_app, "revisor@demo.local");

        using var json = JsonDocument.Parse(await client.GetStringAsync(WidgetsPath + "?$filter=Amount gt 1000&$select=Name&$count=true&$top=1"));

        Assert.Equal(1, json.RootElement.GetProperty("@odata.count").GetInt32());
        Assert.Equal("Andra", json.RootElement.GetProperty("value").EnumerateArray().Single().GetProperty("Name").GetString());
    }

    [Theory]
    [InlineData("utforare@demo.local")]
    [InlineData("revisor@demo.local")]
    public async Task A_signed_in_user_gets_the_Scalar_page_which_loads_its_script_from_the_app_and_reads_the_document(string user)
    {
        var client = await GrantTrackerFactory.SignInAsync(_app, user);

        var response = await client.GetAsync(Page);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<title>GrantTracker – läs-API (OData v4)</title>", html, StringComparison.Ordinal);
        Assert.Matches("<script src=\"scalar.js\" nonce=\"[^\"]+\"></script>", html);
        // The document, relative to the app's base path (Scalar's helper resolves it against the page's address).
        Assert.Contains("\"url\":\"openapi/v1.json\"", html, StringComparison.Ordinal);
        // No CDN: no script, style or font from another origin.
        Assert.DoesNotMatch("(src|href)=\"(https?:)?//", html);
        Assert.DoesNotContain("cdn.jsdelivr", html, StringComparison.Ordinal);

        var script = await client.GetAsync("/api-dokumentation/scalar.js");
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        Assert.True((await script.Content.ReadAsByteArrayAsync()).Length > 100_000, "scalar.js is the bundled API reference");
    }

    [Fact]
    public async Task The_Scalar_page_allows_its_own_nonce_and_nothing_else_inline()
    {
        var client = await GrantTrackerFactory.SignInAsync(_app, "revisor@demo.local");

        var response = await client.GetAsync(Page);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));

        var nonces = NonceAttribute().Matches(html).Select(m => m.Groups[1].Value).Distinct().ToList();
        var nonce = Assert.Single(nonces);
        Assert.Equal(3, NonceAttribute().Count(html)); // scalar.js, the helper module and the inline module that starts it
        var directives = csp.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .ToDictionary(d => d.Split(' ')[0], d => d);
        Assert.Equal($"script-src 'self' 'nonce-{nonce}'", directives["script-src"]);
        // Styles: the request's style nonce, which Scalar's main style sheet takes from the csp-nonce meta element, and the
        // hashes of its two fixed style elements; style attributes (Vue's) inline.
        var styleNonce = CspNonceMeta().Match(html).Groups[1].Value;
        Assert.Equal($"style-src 'self' 'nonce-{styleNonce}'{GrantTracker.Web.Infrastructure.ApiDocumentation.PageStyleHashes}", directives["style-src"]);
        Assert.Equal("style-src-attr 'unsafe-inline'", directives["style-src-attr"]);
        Assert.DoesNotContain("unsafe-inline", directives["script-src"] + directives["style-src"], StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        Assert.Equal("connect-src 'self'", directives["connect-src"]);
        Assert.Equal("frame-ancestors 'none'", directives["frame-ancestors"]);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        // Scalar's developer toolbar (share through Scalar's cloud, deploy) is hidden.
        Assert.Contains("\"showDeveloperTools\":\"never\"", html, StringComparison.Ordinal);

        // A fresh nonce for every response.
        var again = WebUtility.HtmlDecode(await client.GetStringAsync(Page));
        Assert.NotEqual(nonce, NonceAttribute().Match(again).Groups[1].Value);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/overenskommelser")]
    [InlineData(Document)]
    [InlineData("/api-dokumentation/scalar.js")]
    public async Task Every_other_response_keeps_the_strict_CSP_without_a_nonce_for_scripts(string url)
    {
        var client = await GrantTrackerFactory.SignInAsync(_app, "revisor@demo.local");

        var response = await client.GetAsync(url);
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("default-src 'self'; script-src 'self'; style-src 'self' 'nonce-", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("style-src-attr", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("sha256", csp, StringComparison.Ordinal);
    }

    private static async Task<JsonElement> DocumentAsync(WebApplicationFactory<Program> app)
    {
        var client = await GrantTrackerFactory.SignInAsync(app, "revisor@demo.local");
        using var json = JsonDocument.Parse(await client.GetStringAsync(Document));
        return json.RootElement.Clone();
    }

    private static List<string> Paths(JsonElement root) => root.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();

    private static List<string> ParameterNames(JsonElement operation) =>
        operation.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()!).ToList();

    [GeneratedRegex("<meta property=\"csp-nonce\" content=\"([^\"]+)\" />")]
    private static partial Regex CspNonceMeta();

    [GeneratedRegex("nonce=\"([^\"]+)\"")]
    private static partial Regex NonceAttribute();
}
