using System.IO.Compression;
using System.Text;
using Microsoft.Data.Sqlite;

namespace GrantTracker.Cli.Tests;

/// <summary>Issue 26: <c>granttracker archive CODE --out DIR</c> on a real SQLite file: exit 0 written, 1 unknown agreement or bad folder, 2 wrong usage.</summary>
public sealed class ArchiveCliTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "granttracker-cli-archive", Guid.NewGuid().ToString("N"))).FullName;

    private string Db => Path.Combine(_dir, "granttracker.db");

    private string Out => Path.Combine(_dir, "arkiv");

    public async Task InitializeAsync()
    {
        Assert.Equal(0, (await CliRun.RunAsync(["--db", Db, "init"])).ExitCode);
        Directory.CreateDirectory(Out);
    }

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
        return Task.CompletedTask;
    }

    private Task<CliRun> ArchiveAsync(params string[] args) => CliRun.RunAsync(["--db", Db, "archive", .. args]);

    [Fact]
    public async Task Archive_writes_the_agreements_package_to_the_folder_with_its_manifest_and_definition_and_exits_0()
    {
        var run = await ArchiveAsync("gnv2023", "--out", Out);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Error);
        var file = Path.Combine(Out, "arkivpaket-gnv2023.zip");
        Assert.StartsWith($"Arkivpaketet för gnv2023 är skrivet till {file}:", run.Output);
        Assert.Equal(["arkivpaket-gnv2023.zip"], Directory.GetFiles(Out).Select(Path.GetFileName));
        using var zip = ZipFile.OpenRead(file);
        Assert.NotNull(zip.GetEntry("gnv2023/METS.xml"));
        Assert.NotNull(zip.GetEntry("gnv2023/README.txt"));
        Assert.NotNull(zip.GetEntry("gnv2023/content/huvudbok/rader.csv"));
        using var reader = new StreamReader(zip.GetEntry("gnv2023/content/definition/gnv2023.json")!.Open(), Encoding.UTF8);
        var export = await CliRun.RunAsync(["--db", Db, "agreements", "export", "gnv2023"]);
        Assert.Equal(export.Output, await reader.ReadToEndAsync());
    }

    [Fact]
    public async Task Archiving_twice_gives_the_same_bytes()
    {
        Assert.Equal(0, (await ArchiveAsync("patientmiljarden", "--out", Out)).ExitCode);
        var first = await File.ReadAllBytesAsync(Path.Combine(Out, "arkivpaket-patientmiljarden.zip"));
        var again = Path.Combine(_dir, "igen");
        Directory.CreateDirectory(again);

        Assert.Equal(0, (await ArchiveAsync("patientmiljarden", "--out", again)).ExitCode);

        Assert.Equal(first, await File.ReadAllBytesAsync(Path.Combine(again, "arkivpaket-patientmiljarden.zip")));
    }

    [Fact]
    public async Task An_unknown_code_exits_1_in_Swedish_and_writes_no_file()
    {
        var run = await ArchiveAsync("finns-inte", "--out", Out);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("", run.Output);
        Assert.Equal("Överenskommelsen finns-inte finns inte. Se koderna med granttracker agreements. Inget arkivpaket är skrivet.", run.Error.Trim());
        Assert.Empty(Directory.GetFiles(Out));
    }

    [Fact]
    public async Task A_folder_that_does_not_exist_exits_1_and_says_to_create_it()
    {
        var missing = Path.Combine(_dir, "saknas");

        var run = await ArchiveAsync("gnv2023", "--out", missing);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal($"Mappen {missing} finns inte. Skapa den först eller ange en befintlig mapp med --out. Inget arkivpaket är skrivet.", run.Error.Trim());
        Assert.False(Directory.Exists(missing));
    }

    [Fact]
    public async Task A_file_given_as_the_folder_exits_1()
    {
        var file = Path.Combine(_dir, "en-fil.txt");
        await File.WriteAllTextAsync(file, "x");

        var run = await ArchiveAsync("gnv2023", "--out", file);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal($"{file} är en fil, inte en mapp. Ange en mapp med --out. Inget arkivpaket är skrivet.", run.Error.Trim());
        Assert.Equal("x", await File.ReadAllTextAsync(file));
    }

    [Fact]
    public async Task Without_out_the_command_is_wrong_usage_and_exits_2()
    {
        var run = await ArchiveAsync("gnv2023");

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("Fel användning av granttracker:", run.Error);
        Assert.Empty(Directory.GetFiles(Out));
    }
}
