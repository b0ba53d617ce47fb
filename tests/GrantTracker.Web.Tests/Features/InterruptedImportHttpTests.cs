using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using GrantTracker.Web.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace GrantTracker.Web.Tests.Features;

/// <summary>
/// Issue 23, point 8: an interrupted web import leaves nothing behind. Uploads wait in the app's own data folder; at start
/// the app removes what a stopped process left there, and an import that was queued or running shows as Avbruten.
/// </summary>
public sealed class InterruptedImportHttpTests : IDisposable
{
    private readonly GrantTrackerFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    /// <summary>The factory's data folder is the SQLite database's: uploads wait in its <c>uploads</c>.</summary>
    private string Uploads => Path.Combine(Path.GetDirectoryName(_factory.DatabasePath)!, "uploads");

    private long Count(string table)
    {
        using var connection = new SqliteConnection($"Data Source={_factory.DatabasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {table}";
        return (long)command.ExecuteScalar()!;
    }

    [Fact]
    public async Task At_start_a_leftover_upload_is_removed_and_an_import_left_running_shows_as_interrupted_with_nothing_written()
    {
        // What kill -9 during an import leaves: the upload being read with its job's marker, and an upload whose marker was never written.
        Directory.CreateDirectory(Uploads);
        var running = Path.Combine(Uploads, "import-0123456789abcdef0123456789abcdef.se");
        await File.WriteAllTextAsync(running, "#FLAGGA 0\n#VER A 1 20230315 \"Hyra\"\n{\n#TRANS 5010 {} 1000\n}\n");
        await File.WriteAllTextAsync(running + ".job", JsonSerializer.Serialize(new
        {
            FileName = "huvudbok-mars.se", UserName = "ekonom@demo.local", Format = "Sie", QueuedAtUtc = new DateTime(2023, 6, 15, 8, 30, 0, DateTimeKind.Utc),
        }));
        var orphan = Path.Combine(Uploads, "import-fedcba9876543210fedcba9876543210.csv");
        await File.WriteAllBytesAsync(orphan, new byte[64 * 1024]);
        var listing = Path.Combine(Uploads, "listing-00000000000000000000000000000000.csv");
        await File.WriteAllTextAsync(listing, "Enhet;Namn");

        var ekonom = await _factory.SignedInAsync("ekonom@demo.local"); // starts the app

        Assert.Empty(Directory.EnumerateFileSystemEntries(Uploads));
        var history = await ekonom.GetPageAsync("/kostnader/importer");
        var row = history[history.IndexOf("huvudbok-mars.se", StringComparison.Ordinal)..];
        row = row[..row.IndexOf("</tr>", StringComparison.Ordinal)];
        Assert.Contains("Avbruten", row);
        Assert.Contains("ekonom@demo.local", row);
        Assert.Contains("Inget från filen är sparat. Ladda upp filen igen.", row);
        Assert.Contains("table-warning", history);
        Assert.Equal(0, Count("LedgerEntries"));
        Assert.Equal(1, Count("LedgerImports"));
        Assert.Equal(HttpStatusCode.OK, (await ekonom.GetAsync("/kostnader")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ekonom.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task A_finished_web_import_leaves_nothing_in_the_upload_folder_and_its_name_is_kept_cleaned()
    {
        var ekonom = await _factory.SignedInAsync("ekonom@demo.local");
        var page = await ekonom.GetStringAsync("/kostnader/importera");
        using var content = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes("Verifikation;Datum;Konto;Ansvar;Objekt;Belopp;Text\r\nA1;2023-03-15;5010;;;1000,00;Hyra\r\n"));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        content.Add(file, "file", "mars\u202Evsc.csv");
        content.Add(new StringContent(HttpClientFormExtensions.AntiforgeryToken(page)), "__RequestVerificationToken");

        var upload = await ekonom.PostAsync("/kostnader/importera", content);

        Assert.Equal(HttpStatusCode.Redirect, upload.StatusCode);
        var job = upload.Headers.Location!.OriginalString;
        var done = false;
        for (var attempt = 0; attempt < 600 && !done; attempt++)
        {
            using var status = JsonDocument.Parse(await ekonom.GetStringAsync(job + "/status"));
            done = status.RootElement.GetProperty("done").GetBoolean();
            if (!done)
            {
                await Task.Delay(50);
            }
        }
        Assert.True(done, "The import job did not finish within 30 seconds.");
        Assert.True(Directory.Exists(Uploads)); // the upload waited here, not in the machine's temp folder
        Assert.Empty(Directory.EnumerateFileSystemEntries(Uploads));
        var history = await ekonom.GetPageAsync("/kostnader/importer");
        Assert.Contains("marsvsc.csv", history);
        Assert.DoesNotContain("\u202E", history, StringComparison.Ordinal); // a culture-aware comparison would ignore the format character
    }
}
