using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using GrantTracker.Web.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace GrantTracker.Web.Tests.Features;

/// <summary>Kostnader → Importera over real HTTP: the upload, the background job, its page and the history.</summary>
public sealed class LedgerImportHttpTests : IDisposable
{
    private const string Header = "Verifikation;Datum;Konto;Ansvar;Objekt;Belopp;Text";
    private readonly GrantTrackerFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    private static byte[] Csv(params string[] lines) =>
        Encoding.UTF8.GetBytes(string.Join("\r\n", new[] { Header }.Concat(lines)) + "\r\n");

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, string fileName, byte[] bytes, bool dryRun = false, string? sheet = null)
    {
        var page = await client.GetStringAsync("/kostnader/importera");
        using var content = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        content.Add(file, "file", fileName);
        content.Add(new StringContent(HttpClientFormExtensions.AntiforgeryToken(page)), "__RequestVerificationToken");
        if (dryRun)
        {
            content.Add(new StringContent("true"), "dryRun");
        }
        if (sheet is not null)
        {
            content.Add(new StringContent(sheet), "sheet");
        }
        return await client.PostAsync("/kostnader/importera", content);
    }

    /// <summary>Follows the redirect to the job page and polls its status, as the page's script does, until the job is done.</summary>
    private static async Task<string> FinishedJobPageAsync(HttpClient client, HttpResponseMessage upload)
    {
        Assert.Equal(HttpStatusCode.Redirect, upload.StatusCode);
        var job = upload.Headers.Location!.OriginalString;
        Assert.Matches("^/kostnader/importera/[0-9a-f-]{36}$", job);
        for (var attempt = 0; attempt < 200; attempt++)
        {
            using var status = JsonDocument.Parse(await client.GetStringAsync(job + "/status"));
            if (status.RootElement.GetProperty("done").GetBoolean())
            {
                Assert.Equal(100, status.RootElement.GetProperty("percent").GetInt32());
                return await client.GetPageAsync(job);
            }
            await Task.Delay(50);
        }
        throw new TimeoutException("The import job did not finish within 10 seconds.");
    }

    private long StoredRows()
    {
        using var connection = new SqliteConnection($"Data Source={_factory.DatabasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM LedgerEntries";
        return (long)command.ExecuteScalar()!;
    }

    [Fact]
    public async Task An_Ekonom_uploads_a_CSV_export_and_sees_the_summary_the_costs_and_the_history()
    {
        var ekonom = await _factory.SignedInAsync("ekonom@demo.local");

        var page = await FinishedJobPageAsync(ekonom, await UploadAsync(ekonom, "huvudbok-jan.csv", Csv(
            "A 1;2023-01-15;5010;410;9916;12 000,00;Lön projektledare",
            "A 1;2023-01-15;1930;;;-12 000,00;Bank",
            "A 2;2023-01-20;6110;410;8123;999,00;Annat objekt")));

        Assert.Contains("Importen är klar", page);
        Assert.Contains("Rader lästa</dt><dd class=\"col-5\">3<", page);
        Assert.Contains("Sparade på bevakade objekt</dt><dd class=\"col-5\">1<", page);
        Assert.Equal(1, StoredRows());
        var costs = await ekonom.GetPageAsync("/kostnader");
        Assert.Contains("12\u00A0000\u00A0kr", costs);
        var history = await ekonom.GetPageAsync("/kostnader/importer");
        Assert.Contains("huvudbok-jan.csv", history);
        Assert.Contains("ekonom@demo.local", history);
    }

    [Fact]
    public async Task The_same_file_again_adds_nothing_and_the_page_says_so()
    {
        var ekonom = await _factory.SignedInAsync("ekonom@demo.local");
        var bytes = Csv("A 1;2023-01-15;5010;410;9916;100,00;Jan");
        await FinishedJobPageAsync(ekonom, await UploadAsync(ekonom, "jan.csv", bytes));

        var again = await FinishedJobPageAsync(ekonom, await UploadAsync(ekonom, "jan-igen.csv", bytes));

        Assert.Contains("Filen är redan importerad", again);
        Assert.Equal(1, StoredRows());
    }

    [Fact]
    public async Task A_bad_file_shows_every_error_with_its_line_and_stores_nothing()
    {
        var ekonom = await _factory.SignedInAsync("ekonom@demo.local");

        var page = await FinishedJobPageAsync(ekonom, await UploadAsync(ekonom, "fel.csv", Csv(
            "A 1;2023-01-15;5010;410;9916;100,00;Rätt",
            "A 2;2023-13-01;5010;410;9916;100,00;Fel datum",
            "A 3;2023-02-01;5010;410;9916;12,345;Fel belopp")));

        Assert.Contains("Filen innehåller fel och har inte importerats", page);
        Assert.Contains("<tr><td>3</td>", page);
        Assert.Contains("<tr><td>4</td>", page);
        Assert.Equal(0, StoredRows());
    }

    [Fact]
    public async Task An_Excel_export_is_read_from_the_sheet_the_Ekonom_names()
    {
        var ekonom = await _factory.SignedInAsync("ekonom@demo.local");
        using var stream = new MemoryStream();
        using (var workbook = new ClosedXML.Excel.XLWorkbook())
        {
            workbook.Worksheets.Add("Försättsblad").Cell(1, 1).Value = "Huvudbok 2023";
            var sheet = workbook.Worksheets.Add("Transaktioner");
            string[] header = ["Verifikation", "Datum", "Konto", "Ansvar", "Objekt", "Belopp", "Text"];
            for (var c = 0; c < header.Length; c++)
            {
                sheet.Cell(1, c + 1).Value = header[c];
            }
            sheet.Cell(2, 1).Value = "A 1";
            sheet.Cell(2, 2).Value = new DateTime(2023, 6, 1);
            sheet.Cell(2, 3).Value = 5010;
            sheet.Cell(2, 5).Value = 9943;
            sheet.Cell(2, 6).Value = 1000;
            workbook.SaveAs(stream);
        }

        var page = await FinishedJobPageAsync(ekonom, await UploadAsync(ekonom, "huvudbok.xlsx", stream.ToArray(), sheet: "Transaktioner"));

        Assert.Contains("Importen är klar", page);
        Assert.Equal(1, StoredRows());
    }

    [Fact]
    public async Task An_upload_without_a_file_is_refused_in_Swedish()
    {
        var ekonom = await _factory.SignedInAsync("ekonom@demo.local");
        var page = await ekonom.GetStringAsync("/kostnader/importera");
        using var content = new MultipartFormDataContent
        {
            { new StringContent(HttpClientFormExtensions.AntiforgeryToken(page)), "__RequestVerificationToken" },
        };

        var response = await ekonom.PostAsync("/kostnader/importera", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Välj en fil att importera", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task An_object_dimension_below_1_is_refused_in_Swedish_and_nothing_is_queued()
    {
        var ekonom = await _factory.SignedInAsync("ekonom@demo.local");
        var page = await ekonom.GetStringAsync("/kostnader/importera");
        using var content = new MultipartFormDataContent
        {
            { new ByteArrayContent(Csv("A 1;2023-01-15;5010;410;9916;100,00;Jan")), "file", "jan.csv" },
            { new StringContent("0"), "objectDimension" },
            { new StringContent(HttpClientFormExtensions.AntiforgeryToken(page)), "__RequestVerificationToken" },
        };

        var response = await ekonom.PostAsync("/kostnader/importera", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Objektdimensionen anges som ett positivt heltal", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
        Assert.Equal(0, StoredRows());
    }

    [Theory]
    [InlineData("handlaggare@demo.local")]
    [InlineData("revisor@demo.local")]
    [InlineData("beslutsfattare@demo.local")]
    public async Task Other_roles_cannot_import_but_can_read_the_history(string email)
    {
        var client = await _factory.SignedInAsync(email);

        var form = await client.GetAsync("/kostnader/importera");
        var ekonom = await _factory.SignedInAsync("ekonom@demo.local");
        var ekonomPage = await ekonom.GetStringAsync("/kostnader/importera");
        using var content = new MultipartFormDataContent
        {
            { new ByteArrayContent(Csv("A 1;2023-01-15;5010;410;9916;100,00;Jan")), "file", "jan.csv" },
            { new StringContent(HttpClientFormExtensions.AntiforgeryToken(ekonomPage)), "__RequestVerificationToken" },
        };
        var post = await client.PostAsync("/kostnader/importera", content);

        Assert.Equal(HttpStatusCode.Redirect, form.StatusCode);
        Assert.StartsWith("/konto/nekad", form.Headers.Location!.PathAndQuery);
        Assert.NotEqual(HttpStatusCode.OK, post.StatusCode);
        Assert.False(post.StatusCode == HttpStatusCode.Redirect && post.Headers.Location!.OriginalString.StartsWith("/kostnader/importera/"));
        Assert.Equal(0, StoredRows());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/kostnader/importer")).StatusCode);
        Assert.DoesNotContain("href=\"/kostnader/importera\"", await client.GetStringAsync("/kostnader"));
    }

    [Fact]
    public async Task In_demo_mode_Kostnader_opens_on_a_year_of_booked_costs()
    {
        using var demo = new GrantTrackerFactory { DemoLedger = true };
        var revisor = await demo.SignedInAsync("revisor@demo.local");

        var costs = await revisor.GetPageAsync("/kostnader");
        var history = await revisor.GetPageAsync("/kostnader/importer");

        Assert.Contains("data-testid=\"cost-summary\"", costs);
        foreach (var costObject in new[] { "9916", "9917", "9942", "9943" })
        {
            Assert.Contains($"<th class=\"amount\">{costObject}</th>", costs);
        }
        Assert.Contains("<td>2023-12</td>", costs);
        Assert.Contains("Kostnad 2023", costs);
        Assert.Contains("demo-huvudbok-2023.se", history);
    }

    private static byte[] Sie(string rar, params string[] vouchers) => Encoding.UTF8.GetBytes(
        $"#FLAGGA 0\n#SIETYP 4\n{rar}\n#DIM 6 \"Objekt\"\n" + string.Join("\n", vouchers.Select(v => v)) + "\n");

    private static string Ver(int number, string date, string amount) =>
        $"#VER A {number} {date} \"Test\"\n{{\n#TRANS 5010 {{6 \"9916\"}} {amount}\n#TRANS 2440 {{}} -{amount}\n}}";

    /// <summary>One file for each way an import is refused; none of them may leave a page broken.</summary>
    public static TheoryData<string> Refusals => ["rows", "duplicates", "fiscal-year", "old-date", "workbook", "shrink", "no-tracked-rows"];

    private static (string Name, byte[] Bytes) Refused(string kind)
    {
        var once = Encoding.UTF8.GetString(Sie("#RAR 0 20230101 20231231", Ver(1, "20230110", "100.00")));
        return kind switch
        {
            "rows" => ("fel.csv", Csv("A 1;2023-13-01;5010;410;9916;100,00;Fel datum")),
            "duplicates" => ("dubbel.se", Encoding.UTF8.GetBytes(once + once)),
            "fiscal-year" => ("absurd.se", Sie("#RAR 0 20000101 20301231", Ver(1, "20230110", "100.00"))),
            "old-date" => ("gammal.se", Sie("", Ver(1, "00010101", "100.00"))),
            "workbook" => ("trasig.xlsx", [0x50, 0x4B, 0x05, 0x06, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
            "shrink" => ("avkortad.csv", Csv("A 1;2023-01-15;5010;410;9916;100,00;Jan")),
            _ => ("annat-objekt.csv", Csv("A 1;2023-01-15;5010;410;8123;100,00;Jan", "A 9;2023-02-15;5010;410;8123;100,00;Feb")),
        };
    }

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task After_any_refused_import_every_cost_page_and_the_start_page_work_for_every_reader(string kind)
    {
        var ekonom = await _factory.SignedInAsync("ekonom@demo.local");
        // A ledger to refuse changes to: January and February on 9916.
        await FinishedJobPageAsync(ekonom, await UploadAsync(ekonom, "bas.csv", Csv(
            "A 1;2023-01-15;5010;410;9916;100,00;Jan", "A 2;2023-01-16;5010;410;9916;50,00;Jan", "A 9;2023-02-15;5010;410;9916;100,00;Feb")));
        var (name, bytes) = Refused(kind);

        var job = await FinishedJobPageAsync(ekonom, await UploadAsync(ekonom, name, bytes));

        Assert.Contains("alert-danger", job);
        Assert.Equal(3, StoredRows());
        foreach (var email in new[] { "ekonom@demo.local", "revisor@demo.local", "admin@demo.local" })
        {
            var reader = email == "ekonom@demo.local" ? ekonom : await _factory.SignedInAsync(email);
            foreach (var url in new[] { "/", "/kostnader", "/kostnader/importer" })
            {
                using var response = await reader.GetAsync(url);
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{email} {url} after '{kind}': {(int)response.StatusCode}");
            }
            var history = await reader.GetPageAsync("/kostnader/importer");
            Assert.Contains(name, history);
            Assert.Contains("Avvisad", history);
        }
    }

    [Fact]
    public async Task A_cut_off_file_shows_what_it_replaces_and_only_an_Ekonom_can_replace_anyway()
    {
        var ekonom = await _factory.SignedInAsync("ekonom@demo.local");
        await FinishedJobPageAsync(ekonom, await UploadAsync(ekonom, "helar.csv", Csv(
            "A 1;2023-01-15;5010;410;9916;100,00;Jan", "A 2;2023-01-16;5010;410;9916;50,00;Jan", "A 3;2023-02-15;5010;410;9917;70,00;Feb")));

        var upload = await UploadAsync(ekonom, "avkortad.csv", Csv("A 1;2023-01-15;5010;410;9916;100,00;Jan", "A 3;2023-02-15;5010;410;9917;70,00;Feb"));
        var jobUrl = upload.Headers.Location!.OriginalString;
        var preview = await FinishedJobPageAsync(ekonom, upload);

        Assert.Contains("Detta ersätts", preview);
        Assert.Contains("data-testid=\"import-changes\"", preview);
        Assert.Matches(@"<th scope=""row"">2023-01</th>\s*<td class=""amount"">2</td>\s*<td class=""amount"">1</td>\s*<td class=""amount"">150\u00A0kr</td>\s*<td class=""amount"">100\u00A0kr</td>", preview);
        Assert.Contains("9916 (2 → 1 rader)", preview);
        Assert.Contains("Ersätt ändå", preview);
        Assert.Equal(3, StoredRows());

        // Others may read the history but not take the file: a Revisor's or Handläggare's confirmation is denied.
        foreach (var email in new[] { "revisor@demo.local", "handlaggare@demo.local" })
        {
            var other = await _factory.SignedInAsync(email);
            var denied = await other.PostFormAsync("/kostnader/importer", jobUrl + "/ersatt", new Dictionary<string, string>());
            Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
            Assert.StartsWith("/konto/nekad", denied.Headers.Location!.PathAndQuery);
        }
        Assert.Equal(3, StoredRows());

        var confirm = await ekonom.PostFormAsync(jobUrl, jobUrl + "/ersatt", new Dictionary<string, string>());
        var done = await FinishedJobPageAsync(ekonom, confirm);
        Assert.Contains("Importen är klar", done);
        Assert.Equal(2, StoredRows());
        var confirmedJob = confirm.Headers.Location!.OriginalString;
        Assert.NotEqual(jobUrl, confirmedJob);

        // A second click (another tab) leads to the same import, never a second one; the refused job links to it.
        var again = await ekonom.PostFormAsync(jobUrl, jobUrl + "/ersatt", new Dictionary<string, string>());
        Assert.Equal(confirmedJob, again.Headers.Location!.OriginalString);
        Assert.Contains("Importen är bekräftad", await ekonom.GetPageAsync(jobUrl));
        Assert.Equal(2, StoredRows());
    }

    [Fact]
    public async Task A_job_that_needs_no_confirmation_cannot_be_confirmed()
    {
        var ekonom = await _factory.SignedInAsync("ekonom@demo.local");
        var upload = await UploadAsync(ekonom, "jan.csv", Csv("A 1;2023-01-15;5010;410;9916;100,00;Jan"));
        var jobUrl = upload.Headers.Location!.OriginalString;
        await FinishedJobPageAsync(ekonom, upload);

        var confirm = await ekonom.PostFormAsync(jobUrl, jobUrl + "/ersatt", new Dictionary<string, string>());

        Assert.Equal(jobUrl, confirm.Headers.Location!.OriginalString);
        Assert.Contains("kan inte bekräftas", await ekonom.GetPageAsync(jobUrl));
        Assert.Equal(1, StoredRows());
    }
}
