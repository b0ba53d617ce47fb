namespace GrantTracker.Cli.Tests;

/// <summary><c>granttracker audit</c> (issue 25): the audit trail in the words Granskningslogg uses, from the same presenter.</summary>
public sealed class AuditCliTests : IDisposable
{
    private static readonly string Folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "granttracker-cli-tests")).FullName;

    private readonly string _path = Path.Combine(Folder, $"{Guid.NewGuid():N}.db");

    public void Dispose()
    {
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm" })
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task The_audit_command_shows_the_trail_with_Swedish_kinds_fields_and_what_the_ids_point_to()
    {
        Assert.Equal(0, (await CliRun.RunAsync(["--db", _path, "init"])).ExitCode);

        var run = await CliRun.RunAsync(["--db", _path, "audit", "--object", "Agreement", "--limit", "5"]);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Tider i svensk tid.", run.Output);
        Assert.Matches(@"\d{4}-\d{2}-\d{2} \d{2}:\d{2}  cli:\S+  Skapad  Överenskommelse: ", run.Output);
        Assert.Contains("Överenskommelse: God och nära vård 2023", run.Output);
        Assert.Contains("    Namn: – → God och nära vård 2023", run.Output);
        Assert.Contains("    Regionens tilldelning: – → 75\u00a0422\u00a0690\u00a0kr", run.Output);
        Assert.DoesNotContain("RegionAllocation", run.Output);
    }

    [Fact]
    public async Task A_date_the_command_cannot_read_is_wrong_usage_in_Swedish()
    {
        var run = await CliRun.RunAsync(["--db", _path, "audit", "--from", "31/3"]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Ange det som ÅÅÅÅ-MM-DD", run.Error);
    }
}
