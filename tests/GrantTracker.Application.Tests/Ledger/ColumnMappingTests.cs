using System.Text;
using GrantTracker.Application.Auditing;
using GrantTracker.Application.Features.Ledger;
using GrantTracker.Application.Tests.Infrastructure;
using GrantTracker.Domain.Common;
using GrantTracker.Domain.Ledger;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Tests.Ledger;

public sealed class ColumnMappingTests : IAsyncLifetime
{
    private static readonly ColumnMappingDetails Raindance =
        new("Raindance", "Ver.nr", "Bokf.datum", "Konto", "Kst", "Projekt/objekt", "Belopp SEK", "Beskrivning", null);

    private readonly string _dir = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "granttracker-mapping-tests", Guid.NewGuid().ToString("N"))).FullName;
    private TestDatabase _db = null!;

    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync();

    public async Task DisposeAsync()
    {
        await _db.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private string RaindanceCsv()
    {
        var path = Path.Combine(_dir, "raindance.csv");
        File.WriteAllText(path, """
            Ver.nr;Bokf.datum;Konto;Kst;Projekt/objekt;Belopp SEK;Beskrivning
            R 100;2023-09-04;5011;410;9916;45 000,00;Lön september
            R 100;2023-09-04;2920;;;-45 000,00;Upplupen lön

            """.Replace("\n", "\r\n"), new UTF8Encoding(false));
        return path;
    }

    private Task<long> StoredOreAsync() =>
        _db.WithContextAsync(async db => Money.ToOre((await db.LedgerEntries.Select(e => e.Amount).ToListAsync()).Sum()));

    [Fact]
    public async Task A_saved_mapping_reads_an_export_with_other_headers()
    {
        Assert.True((await _db.SendAsync(new SaveColumnMappingCommand(null, 0, Raindance))).Succeeded);

        var result = await _db.SendAsync(new ImportLedgerFileCommand(RaindanceCsv(), "raindance.csv", ColumnMapping: "raindance"));

        Assert.Equal(ImportStatus.Importerad, result.Status);
        Assert.Equal((2L, 1L), (result.RowsRead, result.RowsStored));
        Assert.Equal(4_500_000L, await StoredOreAsync());
        var text = await _db.WithContextAsync(db => db.LedgerEntries.Select(e => e.Text).SingleAsync());
        Assert.Equal("Lön september", text);
    }

    [Fact]
    public async Task Without_the_mapping_the_export_is_refused_naming_the_missing_columns_and_nothing_is_stored()
    {
        var result = await _db.SendAsync(new ImportLedgerFileCommand(RaindanceCsv(), "raindance.csv"));

        Assert.Equal(ImportStatus.Avvisad, result.Status);
        Assert.Contains(result.Errors, e => e.Message == "Kolumnen ”Verifikation” saknas i rubrikraden.");
        Assert.Equal(0L, await StoredOreAsync());
    }

    [Fact]
    public async Task An_unknown_mapping_is_refused_saying_where_to_create_it()
    {
        var result = await _db.SendAsync(new ImportLedgerFileCommand(RaindanceCsv(), "raindance.csv", ColumnMapping: "Agresso"));

        Assert.Equal(ImportStatus.Avvisad, result.Status);
        Assert.Equal("Kolumnmappningen ”Agresso” finns inte. Inget är importerat.", result.Message);
        Assert.Contains("Kostnader → Kolumnmappningar", Assert.Single(result.Errors).Message);
        Assert.Equal(0L, await StoredOreAsync());
    }

    [Fact]
    public async Task Names_are_unique_without_regard_to_case()
    {
        await _db.SendAsync(new SaveColumnMappingCommand(null, 0, Raindance));

        var twice = await _db.SendAsync(new SaveColumnMappingCommand(null, 0, Raindance with { Name = "RAINDANCE" }));

        Assert.Equal("Det finns redan en mappning som heter ”RAINDANCE”. Välj ett annat namn.", Assert.Single(twice.Errors).Message);
        Assert.Single(await _db.SendAsync(new ListColumnMappingsQuery()));
    }

    [Fact]
    public async Task A_change_from_a_stale_form_is_refused_and_a_delete_removes_the_mapping_with_an_audit_entry()
    {
        var id = (await _db.SendAsync(new SaveColumnMappingCommand(null, 0, Raindance))).Value;
        var version = (await _db.SendAsync(new ListColumnMappingsQuery())).Single().Version;
        Assert.True((await _db.SendAsync(new SaveColumnMappingCommand(id, version, Raindance with { Text = "Text" }))).Succeeded);

        var stale = await _db.SendAsync(new SaveColumnMappingCommand(id, version, Raindance with { Text = "Annan" }));
        var current = (await _db.SendAsync(new ListColumnMappingsQuery())).Single();
        var deleted = await _db.SendAsync(new DeleteColumnMappingCommand(id, current.Version));

        Assert.StartsWith("Någon annan har ändrat mappningen", Assert.Single(stale.Errors).Message);
        Assert.Equal("Text", current.Details.Text);
        Assert.True(deleted.Succeeded);
        Assert.Empty(await _db.SendAsync(new ListColumnMappingsQuery()));
        var actions = await _db.WithContextAsync(db => db.AuditEntries.Where(e => e.EntityType == nameof(LedgerColumnMapping))
            .OrderBy(e => e.Id).Select(e => e.Action).ToListAsync());
        Assert.Equal([AuditAction.Skapad, AuditAction.Ändrad, AuditAction.Borttagen], actions);
    }
}
