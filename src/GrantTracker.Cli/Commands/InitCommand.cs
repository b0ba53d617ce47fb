using System.CommandLine;
using GrantTracker.Application.Data;
using GrantTracker.Application.Seeding;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GrantTracker.Cli.Commands;

/// <summary>
/// <c>granttracker init</c>: creates or migrates the database and loads the seed agreements. Safe to run
/// again: applied migrations and existing agreements are left alone.
/// </summary>
internal static class InitCommand
{
    public static Command Create(TargetOptions target, TextWriter output, TextWriter error)
    {
        var command = new Command("init", "Skapar eller uppdaterar databasen och laddar överenskommelserna från seed/agreements.");
        command.SetAction((parsed, ct) => CliApp.ExecuteAsync(parsed, target, error, t => RunAsync(t, output, ct)));
        return command;
    }

    private static async Task<int> RunAsync(DatabaseTarget target, TextWriter output, CancellationToken ct)
    {
        await using var services = CliApp.BuildServices(target);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();

        var applied = (await db.Database.GetAppliedMigrationsAsync(ct)).ToList();
        var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
        await db.Database.MigrateAsync(ct);
        if (applied.Count == 0)
        {
            await output.WriteLineAsync($"Skapade {target.Describe()} ({Migrations(pending.Count)}).");
        }
        else if (pending.Count > 0)
        {
            await output.WriteLineAsync($"Uppdaterade {target.Describe()} med {Migrations(pending.Count)}: {string.Join(", ", pending)}.");
        }
        else
        {
            await output.WriteLineAsync($"{Capitalize(target.Describe())} är redan uppdaterad.");
        }

        var added = await SeedAgreements.LoadAsync(db, ct);
        await output.WriteLineAsync(added.Count == 0
            ? "Inga nya överenskommelser: alla i seed/agreements finns redan."
            : $"Laddade {added.Count} överenskommelser: {string.Join(", ", added)}.");
        return CliApp.Ok;
    }

    private static string Migrations(int count) => count == 1 ? "1 migrering" : $"{count} migreringar";

    private static string Capitalize(string text) => char.ToUpperInvariant(text[0]) + text[1..];
}
