using System.CommandLine;
using GrantTracker.Application.Data;
using GrantTracker.Application.Data.Backup;
using GrantTracker.Domain.Common;

namespace GrantTracker.Cli.Commands;

/// <summary>
/// <c>granttracker backup --out FILE</c> and <c>granttracker restore FILE</c> (issue 26, ADR 26): SQLite's online backup API, never a
/// file copy. A backup may run while the web app works; a restore checks the file first and needs the web app stopped.
/// SQL Server is backed up with its own BACKUP DATABASE (docs/architecture.md), so both refuse it.
/// </summary>
internal static class BackupCommands
{
    public const string StopTheWebApp =
        "Stoppa webbappen innan du återställer och starta den igen efteråt: den håller siffror och inloggningar i minnet som annars inte stämmer med databasen.";

    public static Command Backup(TargetOptions target, TextWriter output, TextWriter error)
    {
        var outFile = new Option<string>("--out")
        {
            Description = "Filen som säkerhetskopian skrivs till, till exempel backup/granttracker-2026-12-03.db. En befintlig fil ersätts.",
            HelpName = "FILE",
            Required = true,
        };
        var command = new Command("backup", "Tar en säkerhetskopia av SQLite-databasen medan webbappen är igång (SQLites backup-API, aldrig en filkopia).");
        command.Options.Add(outFile);
        command.SetAction((parsed, ct) => CliApp.ExecuteAsync(parsed, target, error, async t =>
        {
            if (await SqliteFileAsync(t, error) is not { } file)
            {
                return CliApp.Failed;
            }
            if (!File.Exists(file))
            {
                await error.WriteLineAsync($"Databasfilen {file} finns inte. Ange databasen med --db.");
                return CliApp.Failed;
            }
            var taken = await SqliteBackup.BackupAsync(t.ConnectionString, parsed.GetValue(outFile)!, ct);
            await output.WriteLineAsync($"Säkerhetskopian är skriven till {taken.File} ({Size(taken.Bytes)}, {taken.Took.TotalSeconds.ToString("0.0", SwedishFormat.Numbers)} s). PRAGMA integrity_check: ok.");
            return CliApp.Ok;
        }));
        return command;
    }

    public static Command Restore(TargetOptions target, TextWriter output, TextWriter error)
    {
        var file = new Argument<string>("FILE") { Description = "Säkerhetskopian att återställa, från granttracker backup eller den nattliga säkerhetskopieringen." };
        var command = new Command("restore",
            "Återställer databasen från en säkerhetskopia. Filen kontrolleras först (PRAGMA integrity_check, migreringarna och granttracker verify); " +
            "en fil som inte klarar kontrollen återställs inte. Stoppa webbappen först.");
        command.Arguments.Add(file);
        command.SetAction((parsed, ct) => CliApp.ExecuteAsync(parsed, target, error, async t =>
        {
            if (await SqliteFileAsync(t, error) is null)
            {
                return CliApp.Failed;
            }
            var path = parsed.GetValue(file)!;
            await output.WriteLineAsync(StopTheWebApp);
            await output.WriteLineAsync($"Kontrollerar {path} …");
            var result = await SqliteBackup.RestoreAsync(path, t.ConnectionString, TimeProvider.System, ct);
            if (!result.Succeeded)
            {
                await error.WriteLineAsync("Databasen återställdes inte och är orörd.");
                foreach (var e in result.Errors)
                {
                    await error.WriteLineAsync(e.Message);
                }
                return CliApp.Failed;
            }
            var restored = result.Value;
            await output.WriteLineAsync($"{restored.Database} är återställd från {path}. Filen klarade PRAGMA integrity_check och granttracker verify.");
            if (restored.MigrationsApplied.Count > 0)
            {
                await output.WriteLineAsync($"Kopian var från en äldre version och har uppdaterats med {restored.MigrationsApplied.Count} migreringar.");
            }
            if (restored.SafetyCopy is not null)
            {
                await output.WriteLineAsync($"Databasen som den var före återställningen finns kvar i {restored.SafetyCopy}. Ta bort den när allt stämmer.");
            }
            if (restored.SafetyCopyProblem is not null)
            {
                await output.WriteLineAsync($"Databasen som den var före återställningen gick inte att spara: {restored.SafetyCopyProblem}");
            }
            await output.WriteLineAsync("Starta webbappen nu.");
            return CliApp.Ok;
        }));
        return command;
    }

    /// <summary>The SQLite file to work on, or null after a Swedish message: SQL Server has its own backup.</summary>
    private static async Task<string?> SqliteFileAsync(DatabaseTarget target, TextWriter error)
    {
        if (target.Provider == DatabaseProvider.SqlServer)
        {
            await error.WriteLineAsync("SQL Server säkerhetskopieras med sin egen BACKUP DATABASE och återställs med RESTORE DATABASE (se docs/architecture.md), inte med granttracker.");
            return null;
        }
        return target.SqliteFile ?? SqliteBackup.DatabaseFile(target.ConnectionString);
    }

    private static string Size(long bytes) =>
        bytes >= 1024 * 1024 ? $"{Money.FormatNumber(Math.Round(bytes / 1024m / 1024m, 1))} MB" : $"{Money.FormatNumber(Math.Round(bytes / 1024m, 1))} kB";
}
