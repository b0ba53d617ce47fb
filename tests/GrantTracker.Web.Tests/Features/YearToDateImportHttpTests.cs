using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using GrantTracker.Application.Data;
using GrantTracker.Application.Imports.Sie;
using GrantTracker.Application.Seeding;
using GrantTracker.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GrantTracker.Web.Tests.Features;

/// <summary>
/// The monthly SIE import on the demo year (issue 25, part 4): January–October closed, November open. December's vouchers alone under a
/// #RAR for the whole year are refused on the page with what each closed month holds, the two ways forward and a note that the file covers
/// only December; the year so far (the demo's own ledger plus December) is taken and changes only November and December.
/// </summary>
public sealed class YearToDateImportHttpTests : IDisposable
{
    private readonly GrantTrackerFactory _factory = new() { DemoYear = true };

    public void Dispose() => _factory.Dispose();

    private static readonly string[] December =
    [
        Ver(90001, "20231204", "9916", "GNV-02", "5011", "182000.00"),
        Ver(90002, "20231206", "9917", "GNV-11", "6420", "96500.00"),
    ];

    private static string Ver(int number, string date, string costObject, string project, string account, string amount) =>
        $"#VER A {number} {date} \"December {number}\"\r\n{{\r\n   #TRANS {account} {{1 \"410\" 6 \"{project}\" 21 \"{costObject}\"}} {amount}\r\n   #TRANS 2440 {{}} -{amount}\r\n}}";

    private async Task<T> DbAsync<T>(Func<AppDbContext, Task<T>> read)
    {
        using var scope = _factory.Services.CreateScope();
        return await read(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    /// <summary>The demo year's own ledger file, written again as demo mode wrote it (the decided distribution's units, the agreement's objects).</summary>
    private async Task<string> DemoLedgerTextAsync()
    {
        var units = (await DbAsync(db => db.Distributions.AsNoTracking().SelectMany(d => d.Rows).ToListAsync()))
            .OrderBy(r => r.UnitCode, StringComparer.Ordinal).Select(r => (r.UnitCode, r.ProjectCode, r.Amount)).ToList();
        var objects = await DbAsync(db => db.AllocationLines.AsNoTracking().Where(l => l.Agreement.Code == DemoYear.AgreementCode)
            .Select(l => l.CostObjectCode).Distinct().ToListAsync());
        var path = Path.Combine(Path.GetTempPath(), $"granttracker-ytd-{Guid.NewGuid():N}.se");
        try
        {
            DemoYear.Write(path, units, objects.Order(StringComparer.Ordinal).ToList());
            return File.ReadAllText(path, SieEncoding.Cp437);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static async Task<string> UploadAsync(HttpClient client, string fileName, string text)
    {
        var form = await client.GetStringAsync("/kostnader/importera");
        using var content = new MultipartFormDataContent();
        var file = new ByteArrayContent(SieEncoding.Cp437.GetBytes(text));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Add(file, "file", fileName);
        content.Add(new StringContent(HttpClientFormExtensions.AntiforgeryToken(form)), "__RequestVerificationToken");
        var upload = await client.PostAsync("/kostnader/importera", content);
        Assert.Equal(HttpStatusCode.Redirect, upload.StatusCode);
        var job = upload.Headers.Location!.OriginalString;
        for (var attempt = 0; attempt < 600; attempt++)
        {
            using var status = JsonDocument.Parse(await client.GetStringAsync(job + "/status"));
            if (status.RootElement.GetProperty("done").GetBoolean())
            {
                return await client.GetPageAsync(job);
            }
            await Task.Delay(50);
        }
        throw new TimeoutException("The import job did not finish within 30 seconds.");
    }

    [Fact]
    public async Task Decembers_vouchers_under_a_whole_year_RAR_are_refused_with_each_closed_month_and_the_way_forward_and_the_year_so_far_is_taken()
    {
        var ekonom = await _factory.SignedInAsync("ekonom@demo.local");
        var rowsBefore = await DbAsync(db => db.LedgerEntries.CountAsync());
        var header = "#FLAGGA 0\r\n#FORMAT PC8\r\n#SIETYP 4\r\n#RAR 0 20230101 20231231\r\n#DIM 1 \"Ansvar\"\r\n#DIM 6 \"Projekt\"\r\n#DIM 21 \"Objekt\"\r\n";

        var refused = await UploadAsync(ekonom, "december.se", header + string.Join("\r\n", December) + "\r\n");

        Assert.Contains("alert-danger", refused);
        Assert.Contains("Filen skulle ändra 10 stängda månader: 2023-01–2023-10. En import ändrar aldrig en stängd månad, så inget är importerat och inget är sparat.", refused);
        Assert.Contains("Filen har verifikationer på bevakade objekt bara för 2023-12, men dess räkenskapsår (#RAR) omfattar 2023-01–2023-12: " +
                        "för 2023-01–2023-10 skulle importen tömma det som är bokfört.", refused);
        Assert.Contains("Två vägar framåt: exportera året hittills ur huvudboken och importera den filen", refused);
        Assert.Contains("be en ekonom öppna den igen med en motivering under Avstämning", refused);
        Assert.Contains("<td>2023-03</td><td>Stängd. Bokfört nu: ", refused);
        Assert.Contains("I filen: 0 rader, 0\u00a0kr.", refused);
        Assert.Contains("Inget sparades: 10 stängda månader skulle ändras.", refused);
        Assert.DoesNotContain("Sparade på bevakade objekt", refused);
        Assert.Equal(rowsBefore, await DbAsync(db => db.LedgerEntries.CountAsync()));
        Assert.Contains("Månad för månad: före och efter", refused);

        var yearSoFar = await UploadAsync(ekonom, "huvudbok-2023-01-12.se", (await DemoLedgerTextAsync()).TrimEnd() + "\r\n" + string.Join("\r\n", December) + "\r\n");

        Assert.Contains("alert-success", yearSoFar);
        Assert.Contains("De stängda månaderna 2023-01–2023-10 är oförändrade i filen och lämnades som de är; bara 2023-11–2023-12 importerades.", yearSoFar);
        Assert.Contains("Stängda månader, oförändrade</dt><dd class=\"col-5\" data-testid=\"import-closed-kept\">2023-01 – 2023-10", yearSoFar);
        Assert.Contains("Månader</dt><dd class=\"col-5\">2023-11 – 2023-12<", yearSoFar);
        Assert.Equal(rowsBefore + 2, await DbAsync(db => db.LedgerEntries.CountAsync()));
        // Every page still reads: October (closed) as it was, December with its costs.
        var october = await ekonom.GetPageAsync("/avstamning?avtal=gnv2023&manad=2023-10");
        Assert.Contains("2023-10", october);
        var decemberPage = await ekonom.GetPageAsync("/avstamning?avtal=gnv2023&manad=2023-12");
        Assert.Contains("2023-12", decemberPage);
        Assert.Contains("huvudbok-2023-01-12.se", await ekonom.GetPageAsync("/kostnader/importer"));
    }
}
