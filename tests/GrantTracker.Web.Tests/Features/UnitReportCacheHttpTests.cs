using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using GrantTracker.Application.Features;
using GrantTracker.Application.Features.Distribution;
using GrantTracker.Domain.Common;
using GrantTracker.Web.Tests.Infrastructure;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace GrantTracker.Web.Tests.Features;

/// <summary>
/// The distribution page answers from <see cref="FiguresCache"/> (issue 24): an answer kept for one scope is never shown to another,
/// whoever asks first, and a report back, an officer's edit or a ledger import is on the page at the next request.
/// </summary>
public sealed partial class UnitReportHttpTests
{
    private FiguresCache Cache => _factory.Services.GetRequiredService<FiguresCache>();

    [Fact]
    public async Task The_distribution_page_kept_for_a_provider_never_reaches_the_officer_and_the_officers_never_reaches_the_provider()
    {
        var url = await DecidedAsync();
        // Every sign-in is an audit entry, which moves the cache's stamp: both first, then only reading.
        var provider = await _factory.SignedInAsync("utforare@demo.local");
        var officer = await _factory.SignedInAsync("handlaggare@demo.local");

        for (var round = 1; round <= 2; round++)
        {
            var computed = Cache.Computed;
            var shared = Cache.Shared;

            var providerFirst = await provider.GetPageAsync(url); // the provider asks first in this round
            var officerPage = await officer.GetPageAsync(url);
            var providerAgain = await provider.GetPageAsync(url);

            foreach (var page in new[] { providerFirst, providerAgain })
            {
                Assert.Contains(OwnName, page);
                foreach (var hidden in new[] { OtherName, OtherUnit, OtherPrivateName, Money.Format(24_000_000m) })
                {
                    Assert.DoesNotContain(hidden, page);
                }
            }
            Assert.Contains(OwnName, officerPage);
            Assert.Contains(OtherName, officerPage);
            Assert.Contains(Money.Format(24_000_000m), officerPage);
            if (round == 2)
            {
                Assert.Equal(computed, Cache.Computed); // nothing changed: every page of the round came from the cache
                Assert.True(Cache.Shared >= shared + 3, $"the three pages were shared ({Cache.Shared - shared})");
            }
        }
    }

    [Fact]
    public async Task A_report_back_a_project_code_and_a_ledger_import_are_on_the_distribution_page_at_the_next_request()
    {
        var url = await DecidedAsync();
        var provider = await _factory.SignedInAsync("utforare@demo.local");
        var officer = await _factory.SignedInAsync("handlaggare@demo.local");
        var ekonom = await _factory.SignedInAsync("ekonom@demo.local");
        Assert.DoesNotContain("Hembesök på landsbygden", await officer.GetPageAsync(url)); // kept from here on

        Assert.Equal(HttpStatusCode.Redirect, (await ReportAsync(provider, url, OwnUnit, "Hembesök på landsbygden", "100 000", "Fler hembesök")).StatusCode);
        Assert.Contains("Hembesök på landsbygden", await officer.GetPageAsync(url));

        var page = await officer.GetPageAsync(url);
        var id = int.Parse(url[(url.LastIndexOf('/') + 1)..]);
        var saved = await officer.PostFormAsync(url, url + "/projektkod", new Dictionary<string, string>
        {
            ["unit"] = OwnUnit, ["projectCode"] = "HV-EGEN", ["version"] = VersionField().Match(page).Groups[1].Value,
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Contains("HV-EGEN", await officer.GetPageAsync(url));

        // The unit's costs on its project code: the booked column follows the import at once.
        var booked = UnitBooked(await officer.GetPageAsync(url), OwnUnit);
        var sie = "#FLAGGA 0\n#FORMAT PC8\n#SIETYP 4\n#PROGRAM \"Test\" 1\n#RAR 0 20230101 20231231\n#DIM 20 \"Objekt\"\n#DIM 6 \"Projekt\"\n"
                  + "#VER \"A\" \"1\" 20230510 \"Vårdenhetens kostnad\"\n{\n#TRANS 4589 {20 \"9916\" 6 \"HV-EGEN\"} 12345.00\n#TRANS 2440 {} -12345.00\n}\n";
        var upload = await UploadAsync(ekonom, "huvudbok.se", Encoding.Latin1.GetBytes(sie));
        Assert.Equal(HttpStatusCode.Redirect, upload.StatusCode);
        await WaitForJobAsync(ekonom, upload.Headers.Location!.OriginalString);
        var after = await officer.GetPageAsync(url);
        Assert.NotEqual(booked, UnitBooked(after, OwnUnit));
        Assert.Equal(Money.Format(12_345m), UnitBooked(after, OwnUnit));
        Assert.Contains(Money.Format(12_345m), await provider.GetPageAsync(url));

        await using var scope = _factory.Services.CreateAsyncScope();
        var view = (await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new GetDistributionQuery(id)))!;
        Assert.Equal(12_345m, view.Units.Single(u => u.UnitCode == OwnUnit).Booked);
    }

    /// <summary>The unit's booked amount as its row shows it (the cell marked for tests), or null when the row has none.</summary>
    private static string? UnitBooked(string page, string unit)
    {
        var start = page.IndexOf($"data-unit=\"{unit}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"{unit} is on the page");
        var row = page[start..page.IndexOf("</tr>", start, StringComparison.Ordinal)];
        var cell = row.IndexOf("data-testid=\"booked\"", StringComparison.Ordinal);
        return cell < 0 ? null : AmountPattern().Match(row[cell..]).Value;
    }

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, string fileName, byte[] bytes)
    {
        var page = await client.GetStringAsync("/kostnader/importera");
        using var content = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        content.Add(file, "file", fileName);
        content.Add(new StringContent(HttpClientFormExtensions.AntiforgeryToken(page)), "__RequestVerificationToken");
        return await client.PostAsync("/kostnader/importera", content);
    }

    private static async Task WaitForJobAsync(HttpClient client, string job)
    {
        for (var attempt = 0; attempt < 400; attempt++)
        {
            using var status = JsonDocument.Parse(await client.GetStringAsync(job + "/status"));
            if (status.RootElement.GetProperty("done").GetBoolean())
            {
                Assert.Contains("alert-success\" data-testid=\"import-result\"", await client.GetPageAsync(job));
                return;
            }
            await Task.Delay(50);
        }
        throw new TimeoutException("The import job did not finish within 20 seconds.");
    }
}
