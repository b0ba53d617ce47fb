using System.Text;
using System.Text.Json;
using GrantTracker.Application.Seeding;

namespace GrantTracker.Cli.Tests;

/// <summary><c>granttracker units import</c> and <c>granttracker distribute</c> on a real SQLite file.</summary>
public sealed class DistributionCliTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "granttracker-cli-distribution", Guid.NewGuid().ToString("N"))).FullName;

    private string Db => Path.Combine(_dir, "granttracker.db");

    public async Task InitializeAsync() => Assert.Equal(0, (await CliRun.RunAsync(["--db", Db, "init"])).ExitCode);

    public Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
        return Task.CompletedTask;
    }

    private async Task<string> DemoListingAsync()
    {
        var path = Path.Combine(_dir, "listning.csv");
        await File.WriteAllTextAsync(path, DemoListing.Csv(), new UTF8Encoding(true));
        return path;
    }

    [Fact]
    public async Task A_listing_is_imported_then_the_24_mkr_distributed_by_the_Halsoval_key_to_the_krona()
    {
        var import = await CliRun.RunAsync(["--db", Db, "units", "import", await DemoListingAsync(), "--as-of", "2022-12-31", "--json"]);
        Assert.Equal(0, import.ExitCode);
        using (var json = JsonDocument.Parse(import.Output))
        {
            Assert.Equal(24, json.RootElement.GetProperty("units").GetInt32());
        }

        var run = await CliRun.RunAsync(["--db", Db, "distribute", "--agreement", "gnv2023", "--line", "2.1", "--amount", "24000000", "--key", "halsoval", "--model", "2026", "--json"]);

        Assert.Equal(0, run.ExitCode);
        using var result = JsonDocument.Parse(run.Output);
        var root = result.RootElement;
        Assert.Equal((24_000_000L, "halsoval", 2026), (root.GetProperty("total").GetInt64(), root.GetProperty("key").GetString(), root.GetProperty("model").GetInt32()));
        var units = root.GetProperty("units").EnumerateArray().ToList();
        Assert.Equal(24, units.Count);
        Assert.Equal(24_000_000L, units.Sum(u => u.GetProperty("amount").GetInt64()));
        Assert.Contains(units, u => u.GetProperty("ownership").GetString() == "Privat");
        Assert.Equal(24_000_000L, root.GetProperty("public").GetInt64() + root.GetProperty("private").GetInt64());

        Assert.Equal(JsonValueKind.Null, root.GetProperty("saved").ValueKind);

        var saved = await CliRun.RunAsync(["--db", Db, "distribute", "--agreement", "gnv2023", "--line", "2.1", "--amount", "24000000", "--key", "halsoval", "--save", "24 mkr 2023"]);
        Assert.Equal(0, saved.ExitCode);
        Assert.Contains("Sparad som utkast nr 1", saved.Output);

        var text = await CliRun.RunAsync(["--db", Db, "distribute", "--agreement", "gnv2023", "--line", "2.1", "--amount", "24000000", "--key", "glesbygd"]);
        Assert.Equal(0, text.ExitCode);
        Assert.Contains("Hälsocentralen Funäsdalen", text.Output);
        Assert.Contains("summa 24\u00A0000\u00A0000\u00A0kr", text.Output);
    }

    [Fact]
    public async Task Wrong_usage_exits_2_and_a_refusal_exits_1_in_Swedish()
    {
        var key = await CliRun.RunAsync(["--db", Db, "distribute", "--agreement", "gnv2023", "--line", "2.1", "--amount", "100", "--key", "lottning"]);
        Assert.Equal(2, key.ExitCode);
        Assert.Contains("Okänd nyckel", key.Error);

        var noListing = await CliRun.RunAsync(["--db", Db, "distribute", "--agreement", "gnv2023", "--line", "2.1", "--amount", "100", "--key", "listade"]);
        Assert.Equal(1, noListing.ExitCode);
        Assert.Contains("Importera en listning först", noListing.Error);

        await CliRun.RunAsync(["--db", Db, "units", "import", await DemoListingAsync(), "--as-of", "2022-12-31"]);
        var tooMuch = await CliRun.RunAsync(["--db", Db, "distribute", "--agreement", "gnv2023", "--line", "2.1", "--amount", "50000000", "--key", "listade"]);
        Assert.Equal(1, tooMuch.ExitCode);
        Assert.Contains("mer än radens tilldelning", tooMuch.Error);

        var line = await CliRun.RunAsync(["--db", Db, "distribute", "--agreement", "gnv2023", "--line", "9.9", "--amount", "100", "--key", "listade"]);
        Assert.Equal(1, line.ExitCode);
        Assert.Contains("Raden ”9.9” finns inte", line.Error);
    }

    [Fact]
    public async Task A_listing_with_errors_exits_1_with_the_lines()
    {
        var path = Path.Combine(_dir, "fel.csv");
        await File.WriteAllTextAsync(path, DemoListing.Csv().Replace("Offentlig", "Kommunal"));

        var run = await CliRun.RunAsync(["--db", Db, "units", "import", path, "--as-of", "2022-12-31"]);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("Rad 2, Driftform", run.Error);
        Assert.Contains("Listningen innehåller fel", run.Error);
    }
    [Fact]
    public async Task A_cut_off_listing_exits_1_and_a_unit_far_from_the_last_listing_waits_for_confirm()
    {
        var valid = Encoding.UTF8.GetBytes(DemoListing.Csv());
        var cut = Path.Combine(_dir, "avklippt.csv");
        await File.WriteAllBytesAsync(cut, valid[..^60]);

        var refused = await CliRun.RunAsync(["--db", Db, "units", "import", cut, "--as-of", "2022-12-31"]);

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("Rad 25, ", refused.Error);
        Assert.Contains("Filen kan vara avklippt", refused.Error);

        Assert.Equal(0, (await CliRun.RunAsync(["--db", Db, "units", "import", await DemoListingAsync(), "--as-of", "2022-12-31"])).ExitCode);
        // The next year's listing without its last unit: the unit is gone, which waits for --confirm.
        var lines = DemoListing.Csv().TrimEnd().Split("\r\n");
        var shorter = Path.Combine(_dir, "kortare.csv");
        await File.WriteAllTextAsync(shorter, string.Join("\r\n", lines[..^1]) + "\r\n");

        var waits = await CliRun.RunAsync(["--db", Db, "units", "import", shorter, "--as-of", "2023-12-31", "--json"]);
        var json = JsonDocument.Parse(waits.Output).RootElement;

        Assert.Equal(1, waits.ExitCode);
        Assert.True(json.GetProperty("needsConfirmation").GetBoolean());
        var gone = Assert.Single(json.GetProperty("listedChanges").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, gone.GetProperty("after").ValueKind);
        Assert.Equal(0, (await CliRun.RunAsync(["--db", Db, "units", "import", shorter, "--as-of", "2023-12-31", "--confirm"])).ExitCode);
    }
}
