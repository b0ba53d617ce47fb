using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using GrantTracker.Application.Data;
using GrantTracker.Application.Seeding;
using GrantTracker.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GrantTracker.Web.Tests.Features;

/// <summary>
/// Issue 26, part 3: the agreement page's "Ladda ned arkivpaket" for the Administratör, on the demo year (decided activities, a decided
/// distribution with units' reports, ten closed months, a year of ledger rows). One app for the class: the download only reads.
/// </summary>
public sealed class ArchiveHttpTests(ArchiveHttpTests.App app) : IClassFixture<ArchiveHttpTests.App>
{
    public sealed class App : IDisposable
    {
        public GrantTrackerFactory Factory { get; } = new() { DemoYear = true };

        public void Dispose() => Factory.Dispose();
    }

    private static readonly XNamespace Mets = "http://www.loc.gov/METS/";
    private static readonly XNamespace XLink = "http://www.w3.org/1999/xlink";

    private GrantTrackerFactory Factory => app.Factory;

    private async Task<int> AgreementIdAsync()
    {
        using var scope = Factory.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Agreements.Where(a => a.Code == DemoYear.AgreementCode).Select(a => a.Id).SingleAsync();
    }

    private static Dictionary<string, byte[]> Unpack(byte[] zip)
    {
        using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        return archive.Entries.ToDictionary(e => e.FullName, e =>
        {
            using var stream = e.Open();
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        });
    }

    [Fact]
    public async Task The_administrator_downloads_the_agreements_archive_package_as_a_zip_with_the_whole_year()
    {
        var id = await AgreementIdAsync();
        var client = await Factory.SignedInAsync("admin@demo.local");

        var page = await client.GetPageAsync($"/overenskommelser/{id}");
        Assert.Contains("data-testid=\"download-archive\"", page);
        Assert.Contains($"href=\"/overenskommelser/{id}/arkivpaket\"", page);

        var response = await client.GetAsync($"/overenskommelser/{id}/arkivpaket");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("arkivpaket-gnv2023.zip", response.Content.Headers.ContentDisposition!.FileNameStar ?? response.Content.Headers.ContentDisposition.FileName);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var entries = Unpack(bytes);

        // Every file in the manifest, with its hash and size; nothing unlisted.
        var mets = XDocument.Parse(Encoding.UTF8.GetString(entries["gnv2023/METS.xml"]));
        var files = mets.Descendants(Mets + "file").ToList();
        foreach (var file in files)
        {
            var content = entries["gnv2023/" + file.Element(Mets + "FLocat")!.Attribute(XLink + "href")!.Value];
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(content)), file.Attribute("CHECKSUM")!.Value);
            Assert.Equal(content.Length.ToString(), file.Attribute("SIZE")!.Value);
            Assert.NotEmpty(file.Attribute("MIMETYPE")!.Value);
        }
        Assert.Equal(entries.Count - 1, files.Count);

        // The year as it was lived: decided activities with their exit budgets, ten closed months reconciled, the units' reports and files, the rows.
        using var activities = JsonDocument.Parse(entries["gnv2023/content/insatser/insatser.json"]);
        var first = activities.RootElement.EnumerateArray().First(a => a.GetProperty("number").GetInt32() == 2);
        Assert.Equal(DemoYear.DecisionReference, first.GetProperty("decision").GetProperty("reference").GetString());
        Assert.Equal("OrdinarieVerksamhet", first.GetProperty("exitBudget").GetProperty("strategy").GetString());
        for (var month = 1; month <= 10; month++)
        {
            Assert.True(entries.ContainsKey($"gnv2023/content/avstamning/2023-{month:D2}.json"), $"2023-{month:D2} is closed and reconciled in the package");
        }
        Assert.False(entries.ContainsKey("gnv2023/content/avstamning/2023-11.json"));
        using var distributions = JsonDocument.Parse(entries["gnv2023/content/fordelningar/fordelningar.json"]);
        var distribution = Assert.Single(distributions.RootElement.EnumerateArray());
        Assert.Equal(DemoYear.DistributionReference, distribution.GetProperty("decisionReference").GetString());
        Assert.NotEmpty(distribution.GetProperty("unitReports").EnumerateArray());
        var rows = Encoding.UTF8.GetString(entries["gnv2023/content/huvudbok/rader.csv"]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.True(rows.Length > 1000, $"{rows.Length} rows");
        Assert.Contains("ClosedMonth", Encoding.UTF8.GetString(entries["gnv2023/content/granskningslogg/granskningslogg.csv"]));

        // The same bytes on a second download, and no copy left in the upload folder.
        Assert.Equal(bytes, await client.GetByteArrayAsync($"/overenskommelser/{id}/arkivpaket"));
        var uploads = Path.Combine(Path.GetDirectoryName(Factory.DatabasePath)!, "uploads");
        Assert.True(!Directory.Exists(uploads) || Directory.GetFiles(uploads, "archive-*").Length == 0);
    }

    [Theory]
    [InlineData("handlaggare@demo.local")]
    [InlineData("beslutsfattare@demo.local")]
    [InlineData("ekonom@demo.local")]
    [InlineData("utforare@demo.local")]
    [InlineData("revisor@demo.local")]
    public async Task Every_other_role_is_refused_the_package_and_sees_no_button(string user)
    {
        var id = await AgreementIdAsync();
        var client = await Factory.SignedInAsync(user);

        var response = await client.GetAsync($"/overenskommelser/{id}/arkivpaket");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/konto/nekad", response.Headers.Location!.AbsolutePath);
        var page = await client.GetPageAsync($"/overenskommelser/{id}");
        Assert.DoesNotContain("download-archive", page);
        Assert.DoesNotContain("Arkivpaket", page);
    }

    [Fact]
    public async Task An_agreement_that_does_not_exist_is_not_found_and_leaves_nothing_behind()
    {
        var client = await Factory.SignedInAsync("admin@demo.local");

        var response = await client.GetAsync("/overenskommelser/999999/arkivpaket");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var uploads = Path.Combine(Path.GetDirectoryName(Factory.DatabasePath)!, "uploads");
        Assert.True(!Directory.Exists(uploads) || Directory.GetFiles(uploads, "archive-*").Length == 0);
    }
}
