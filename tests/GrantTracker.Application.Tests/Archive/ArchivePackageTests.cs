using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using GrantTracker.Application.Data;
using GrantTracker.Application.Features.Agreements.Definition;
using GrantTracker.Application.Features.Archive;
using GrantTracker.Application.Features.Reconciliation;
using GrantTracker.Application.Seeding;
using GrantTracker.Application.Tests.Infrastructure;
using GrantTracker.Domain.Agreements;
using GrantTracker.Domain.Common;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GrantTracker.Application.Tests.Archive;

/// <summary>
/// Issue 26, the archive package: one zip per agreement with every file in its manifest (SHA-256, size, media type), the same bytes
/// from the same database, and a definition that imports again as the same agreement. One database for the class: the package only reads.
/// </summary>
public sealed class ArchivePackageTests(ArchivePackageTests.Data data) : IClassFixture<ArchivePackageTests.Data>
{
    private static readonly XNamespace Mets = "http://www.loc.gov/METS/";
    private static readonly XNamespace XLink = "http://www.w3.org/1999/xlink";

    /// <summary>God och nära vård 2023 with the demo ledger, January–March closed (March's exceptions noted), a kept decision and a sent report's file.</summary>
    public sealed class Data : IAsyncLifetime
    {
        public TestDatabase Db { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Db = await TestDatabase.CreateAsync();
            await Db.InScopeAsync(sp => DemoLedger.EnsureAsync(sp.GetRequiredService<AppDbContext>(), sp.GetRequiredService<IMediator>()));
            var march = await Db.SendAsync(new ReconcileQuery("gnv2023", new YearMonth(2023, 3)));
            foreach (var e in march!.Open)
            {
                Assert.True((await Db.SendAsync(new NoteExceptionCommand("gnv2023", e.Kind, e.CostObject, e.Key, "Förklarad i mars, se underlaget.", false, Through: march.Through))).Succeeded);
            }
            for (var month = 1; month <= 3; month++)
            {
                Assert.True((await Db.SendAsync(new ConfirmMonthTotalsCommand("gnv2023", new YearMonth(2023, month)))).Succeeded);
                var closed = await Db.SendAsync(new CloseMonthCommand("gnv2023", new YearMonth(2023, month)));
                Assert.True(closed.Succeeded, string.Join(" ", closed.Errors.Select(x => x.Message)));
            }
            await Db.WithContextAsync(async db =>
            {
                var agreement = await db.Agreements.SingleAsync(a => a.Code == "gnv2023");
                db.AgreementFiles.Add(new AgreementFile
                {
                    AgreementId = agreement.Id, Kind = AgreementFileKind.Decision, Reference = "RS/2023/112 § 18", FileName = "beslut, regionstyrelsen.pdf",
                    ContentType = "application/pdf", Content = Encoding.ASCII.GetBytes("%PDF-1.4 beslut"), UploadedAtUtc = new DateTime(2023, 2, 22, 9, 0, 0), UploadedBy = "handlaggare@demo.local",
                });
                var obligation = await db.ReportingObligations.Where(o => o.AgreementId == agreement.Id).OrderBy(o => o.Id).FirstAsync();
                db.ObligationFiles.Add(new ObligationFile
                {
                    ObligationId = obligation.Id, FileName = "redovisning.pdf", ContentType = "application/pdf", Content = Encoding.ASCII.GetBytes("%PDF-1.4 redovisning"),
                    UploadedAtUtc = new DateTime(2023, 4, 1, 8, 0, 0), UploadedBy = "handlaggare@demo.local",
                });
                await db.SaveChangesAsync();
            });
        }

        public async Task DisposeAsync() => await Db.DisposeAsync();

        public async Task<(ArchivePackage? Package, byte[] Bytes)> ArchiveAsync(string code)
        {
            using var output = new MemoryStream();
            var package = await Db.SendAsync(new ArchiveAgreementQuery(code, output));
            return (package, output.ToArray());
        }
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
    public async Task Every_file_in_the_package_is_in_its_manifest_with_its_size_SHA_256_and_media_type()
    {
        var (package, bytes) = await data.ArchiveAsync("gnv2023");
        Assert.NotNull(package);
        var entries = Unpack(bytes);
        Assert.All(entries.Keys, name => Assert.StartsWith("gnv2023/", name));
        var mets = XDocument.Parse(Encoding.UTF8.GetString(entries["gnv2023/METS.xml"]));
        var files = mets.Descendants(Mets + "file").ToList();
        var listed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var path = file.Element(Mets + "FLocat")!.Attribute(XLink + "href")!.Value;
            Assert.True(listed.Add(path), $"{path} is listed twice");
            Assert.True(entries.TryGetValue("gnv2023/" + path, out var content), $"{path} is listed but not in the zip");
            Assert.Equal(content.Length.ToString(), file.Attribute("SIZE")!.Value);
            Assert.Equal("SHA-256", file.Attribute("CHECKSUMTYPE")!.Value);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(content)), file.Attribute("CHECKSUM")!.Value);
            Assert.False(string.IsNullOrWhiteSpace(file.Attribute("MIMETYPE")!.Value), $"{path} has no media type");
        }
        // Every file but the manifest itself is listed, and the structural map points at every file.
        Assert.Equal(entries.Keys.Where(k => k != "gnv2023/METS.xml").Select(k => k["gnv2023/".Length..]).Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));
        Assert.Equal(files.Select(f => f.Attribute("ID")!.Value).Order(), mets.Descendants(Mets + "fptr").Select(f => f.Attribute("FILEID")!.Value).Order());
        Assert.Equal(package.Files.Count, files.Count);
        Assert.Contains("content/huvudbok/rader.csv", listed);
        Assert.Contains("README.txt", listed);
        Assert.Contains("metadata/overenskommelse.xml", listed);
        Assert.Equal("text/csv", files.Single(f => f.Element(Mets + "FLocat")!.Attribute(XLink + "href")!.Value == "content/huvudbok/rader.csv").Attribute("MIMETYPE")!.Value);
    }

    [Fact]
    public async Task The_same_database_gives_the_same_bytes_whatever_the_clock_says()
    {
        var (_, first) = await data.ArchiveAsync("gnv2023");
        var before = data.Db.Clock.GetUtcNow();
        data.Db.Clock.Set(before.AddDays(400).AddHours(5));
        try
        {
            var (_, second) = await data.ArchiveAsync("gnv2023");
            Assert.Equal(SHA256.HashData(first), SHA256.HashData(second));
            Assert.Equal(first.Length, second.Length);
        }
        finally
        {
            data.Db.Clock.Set(before);
        }
        // No entry carries the time of the run: each is dated by the agreement's last recorded change.
        var lastChange = await data.Db.WithContextAsync(db => db.AuditEntries.MaxAsync(e => e.AtUtc));
        using var archive = new ZipArchive(new MemoryStream(first), ZipArchiveMode.Read);
        Assert.All(archive.Entries, e => Assert.Equal(lastChange.Date, e.LastWriteTime.Date));
    }

    [Fact]
    public async Task The_definition_in_the_package_imports_into_an_empty_database_as_the_same_agreement()
    {
        var (_, bytes) = await data.ArchiveAsync("gnv2023");
        var definition = Unpack(bytes)["gnv2023/content/definition/gnv2023.json"];
        var exported = await data.Db.SendAsync(new ExportAgreementDefinitionQuery(Code: "gnv2023"));
        Assert.Equal(exported!.Content, definition);

        await using var empty = await TestDatabase.CreateAsync(seedAgreements: false);
        var imported = await empty.SendAsync(new ImportAgreementDefinitionCommand(definition));
        Assert.True(imported.Succeeded, string.Join(" ", imported.Errors.Select(e => $"{e.Field}: {e.Message}")));
        var again = await empty.SendAsync(new ExportAgreementDefinitionQuery(Code: "gnv2023"));
        Assert.Equal(Encoding.UTF8.GetString(definition), Encoding.UTF8.GetString(again!.Content));
    }

    [Fact]
    public async Task The_package_holds_every_ledger_row_of_the_agreements_objects_and_the_reconciliation_of_each_closed_month()
    {
        var (package, bytes) = await data.ArchiveAsync("gnv2023");
        var entries = Unpack(bytes);
        var stored = await data.Db.WithContextAsync(async db =>
        {
            var periods = await db.CostObjectPeriods.Where(p => p.Agreement.Code == "gnv2023").Select(p => new { p.CostObjectCode, p.From, p.To }).ToListAsync();
            long count = 0;
            foreach (var p in periods)
            {
                count += await db.LedgerEntries.LongCountAsync(e => e.CostObject == p.CostObjectCode && e.Month >= p.From && e.Month <= p.To);
            }
            return count;
        });
        Assert.True(stored > 0);
        Assert.Equal(stored, package!.LedgerRows);
        var rows = Encoding.UTF8.GetString(entries["gnv2023/content/huvudbok/rader.csv"]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(stored + 1, rows.Length);
        Assert.StartsWith("kostnadsobjekt,manad,kalla,", rows[0]);

        foreach (var month in new[] { "2023-01", "2023-02", "2023-03" })
        {
            using var json = JsonDocument.Parse(entries[$"gnv2023/content/avstamning/{month}.json"]);
            Assert.Equal(month, json.RootElement.GetProperty("through").GetString());
            Assert.True(json.RootElement.GetProperty("close").GetProperty("closed").GetBoolean());
            var live = await data.Db.SendAsync(new ReconcileQuery("gnv2023", YearMonth.Parse(month)));
            Assert.Equal(live!.Totals.Booked, json.RootElement.GetProperty("totals").GetProperty("booked").GetDecimal());
        }
        Assert.False(entries.ContainsKey("gnv2023/content/avstamning/2023-04.json"));

        using var notes = JsonDocument.Parse(entries["gnv2023/content/avstamning/kommentarer.json"]);
        Assert.Contains(notes.RootElement.EnumerateArray(), n => n.GetProperty("text").GetString() == "Förklarad i mars, se underlaget.");
        Assert.Contains(entries.Keys, k => k.StartsWith("gnv2023/content/overenskommelse/dokument/", StringComparison.Ordinal) && k.EndsWith("beslut, regionstyrelsen.pdf", StringComparison.Ordinal));
        Assert.Contains(entries.Keys, k => k.StartsWith("gnv2023/content/rapporter/inskickade/", StringComparison.Ordinal) && k.EndsWith("redovisning.pdf", StringComparison.Ordinal));

        var audit = Encoding.UTF8.GetString(entries["gnv2023/content/granskningslogg/granskningslogg.csv"]);
        Assert.Contains(",ClosedMonth,", audit);
        Assert.Contains(",ExceptionNote,", audit);
        Assert.Contains(",LedgerMonthTieOut,", audit);
        Assert.Contains(",AgreementFile,", audit);
        // The other seed agreement's own records are not in this agreement's trail.
        var otherId = await data.Db.WithContextAsync(db => db.Agreements.Where(a => a.Code == "patientmiljarden").Select(a => a.Id).SingleAsync());
        Assert.DoesNotContain($",Agreement,{otherId},", audit);

        var readme = Encoding.UTF8.GetString(entries["gnv2023/README.txt"]);
        Assert.Contains("Arkivpaket för överenskommelsen", readme);
        Assert.Contains("METS.xml", readme);
    }

    [Fact]
    public async Task An_unknown_code_gives_no_package_and_writes_nothing()
    {
        var (package, bytes) = await data.ArchiveAsync("finns-inte");
        Assert.Null(package);
        Assert.Empty(bytes);
    }
}
