using GrantTracker.Application.Features.Distribution;
using GrantTracker.Application.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace GrantTracker.Application.Tests.Imports;

/// <summary>
/// A corpus of mutated Hälsoval listings (<see cref="ListingFuzz"/>, fixed seed) imported one by one, as the listing after
/// the valid demo listing, into a database that holds it. Whatever the file, no exception escapes the use case; a refusal
/// or a wait for confirmation leaves the listings and the register of units byte for byte as they were; a file cut short
/// is never taken without confirmation; an accepted listing stores exactly the units and total it reports, and keeps every
/// unit of the previous listing within the tolerance (issue 23, point 1). <c>bash bench/fuzz.sh N</c> runs it over N files.
/// </summary>
public sealed class ListingFuzzTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "granttracker-listing-fuzz", Guid.NewGuid().ToString("N"));
    private TestDatabase _db = null!;
    private string _template = null!;

    private static int CaseCount => int.TryParse(Environment.GetEnvironmentVariable("GRANTTRACKER_FUZZ_CASES"), out var n) && n > 0 ? n : 300;

    private static int Seed => int.TryParse(Environment.GetEnvironmentVariable("GRANTTRACKER_FUZZ_SEED"), out var s) ? s : 20231;

    private static readonly DateOnly Previous = new(2022, 12, 31);
    private static readonly DateOnly Next = new(2023, 12, 31);

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        _db = await TestDatabase.CreateAsync();
        var valid = Path.Combine(_dir, "listning-2022.csv");
        await File.WriteAllBytesAsync(valid, ListingFuzz.Valid());
        var known = await _db.SendAsync(new ImportUnitListingCommand(valid, "listning-2022.csv", Previous));
        Assert.True(known.Succeeded, known.Message);
        Assert.Equal(24, known.Units);
        _template = Path.Combine(_dir, "template.db");
        await _db.SaveCopyAsync(_template);
    }

    public async Task DisposeAsync()
    {
        await _db.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }


    /// <summary>Every listing row and every registered unit, in order, as text.</summary>
    private Task<string> StateAsync() => _db.WithContextAsync(async db =>
    {
        var listings = await db.UnitListings.AsNoTracking().OrderBy(l => l.Id).Select(l => $"{l.Id}|{l.AsOf}|{l.FileName}|{l.Sha256}").ToListAsync();
        var rows = (await db.Set<GrantTracker.Domain.Distribution.UnitListingRow>().AsNoTracking().OrderBy(r => r.Id).ToListAsync())
            .Select(r => $"{r.ListingId}|{r.UnitCode}|{r.Name}|{r.OrganisationNumber}|{r.Ownership}|{r.DistanceKm}|{r.Cni}|{r.ListedByBand}|{r.TotalListed}");
        var units = await db.CareUnits.AsNoTracking().OrderBy(u => u.Id).Select(u => $"{u.Id}|{u.Code}|{u.Name}|{u.OrganisationNumber}|{u.Ownership}").ToListAsync();
        return string.Join("\n", listings.Concat(rows).Concat(units));
    });

    [Fact]
    public async Task No_mutated_listing_escapes_the_import_changes_what_it_refuses_or_is_taken_cut_off_or_far_from_the_last()
    {
        var known = await StateAsync();
        var previous = (await _db.SendAsync(new GetUnitListingQuery(Previous)))!.Units.ToDictionary(u => u.Code, u => u.TotalListed);
        var outcomes = new Dictionary<string, int>();
        var dirty = false;
        foreach (var fuzz in new ListingFuzz(Seed).Cases(CaseCount))
        {
            if (dirty)
            {
                await _db.RestoreAsync(_template);
            }
            var path = Path.Combine(_dir, fuzz.FileName);
            await File.WriteAllBytesAsync(path, fuzz.Bytes);

            UnitListingImportResult result;
            try
            {
                result = await _db.SendAsync(new ImportUnitListingCommand(path, fuzz.FileName, Next));
            }
            catch (Exception e)
            {
                throw new Xunit.Sdk.XunitException($"{fuzz.Name}: the import threw {e.GetType().Name}: {e.Message}");
            }
            File.Delete(path);
            var outcome = result.Succeeded ? "taken" : result.NeedsConfirmation ? "awaits confirmation" : "refused";
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
            Assert.True(result.Message.Length > 0, $"{fuzz.Name}: no message");
            Assert.DoesNotContain(result.Errors, e => e.Message.Contains("Exception", StringComparison.Ordinal) || e.Message.Contains("Value was", StringComparison.Ordinal));

            if (!result.Succeeded)
            {
                Assert.True(result.NeedsConfirmation || result.Errors.Count > 0, $"{fuzz.Name}: a refusal without a reason");
                Assert.True(known == await StateAsync(), $"{fuzz.Name}: {outcome} changed the listings or the register. {result.Message}");
                dirty = false;
                continue;
            }

            dirty = true;
            Assert.False(fuzz.Cut, $"{fuzz.Name}: a listing cut short was taken without confirmation ({result.Units} units, {result.Listed} listed).");
            var stored = (await _db.SendAsync(new GetUnitListingQuery(Next)))!;
            Assert.Equal((result.Units, result.Listed), (stored.Units.Count, stored.Listed));
            var now = stored.Units.ToDictionary(u => u.Code, u => u.TotalListed);
            foreach (var (code, before) in previous)
            {
                Assert.True(now.TryGetValue(code, out var after), $"{fuzz.Name}: taken without confirmation, unit {code} is gone.");
                Assert.True(Math.Abs(after - before) <= 0.2m * before, $"{fuzz.Name}: taken without confirmation, unit {code} went from {before} to {after} listed.");
            }
        }

        output.WriteLine($"{CaseCount} listings, seed {Seed}: " + string.Join(", ", outcomes.OrderBy(o => o.Key).Select(o => $"{o.Key} {o.Value}")));
        // The corpus must reach every side of the guards, or it tests nothing.
        Assert.True(outcomes.GetValueOrDefault("refused") > CaseCount / 4, "Too few refusals: " + string.Join(", ", outcomes));
        Assert.True(outcomes.GetValueOrDefault("awaits confirmation") > 0, "No listing awaited confirmation: " + string.Join(", ", outcomes));
        Assert.True(outcomes.GetValueOrDefault("taken") > 0, "No listing was taken: " + string.Join(", ", outcomes));
    }
}
