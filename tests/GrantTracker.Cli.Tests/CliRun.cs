using GrantTracker.Cli;

namespace GrantTracker.Cli.Tests;

/// <summary>One run of the command line's entry point, with what it wrote to stdout and stderr.</summary>
internal sealed record CliRun(int ExitCode, string Output, string Error)
{
    /// <param name="interactive">Whether the run behaves as on a terminal (progress bar on stderr).</param>
    public static async Task<CliRun> RunAsync(string[] args, bool interactive = false)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await CliApp.RunAsync(args, output, error, interactive: interactive);
        return new CliRun(exitCode, output.ToString(), error.ToString());
    }
}
