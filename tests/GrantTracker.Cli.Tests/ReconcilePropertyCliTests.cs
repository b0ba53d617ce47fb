using System.Text;
using System.Text.Json;
using CsCheck;
using GrantTracker.Application.Auditing;
using GrantTracker.Application.Data;
using GrantTracker.Domain.Activities;
using GrantTracker.Tests.Shapes;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Cli.Tests;

/// <summary>
/// <c>granttracker reconcile --json</c> on generated agreements (<see cref="AgreementShapes"/>), their ledger imported by
/// <c>granttracker import</c>: every line's booked cost, decided and planned budgets, and the totals, are what the rule gives.
/// </summary>
public sealed class ReconcilePropertyCliTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "granttracker-cli-properties", Guid.NewGuid().ToString("N"))).FullName;

    private string Db => Path.Combine(_dir, "granttracker.db");

    public async Task InitializeAsync() => Assert.Equal(0, (await CliRun.RunAsync(["--db", Db, "init"])).ExitCode);

    public Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Reconcile_json_states_every_generated_lines_booked_decided_and_planned_to_the_ore()
    {
        await AgreementShapes.Gen.SampleAsync(CheckAsync, iter: 12, threads: 1);
    }

    private async Task CheckAsync(Shape shape)
    {
        var prefix = AgreementShapes.NewPrefix();
        Built built;
        var options = new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite($"Data Source={Db}").Options;
        await using (var db = new SqliteAppDbContext(options, new FixedAuditActor("test"), TimeProvider.System))
        {
            built = await AgreementShapes.BuildAsync(db, shape, prefix);
        }
        var file = Path.Combine(_dir, prefix + ".se");
        await File.WriteAllTextAsync(file, AgreementShapes.Sie(built), new UTF8Encoding(false));
        // Each agreement's file covers months an earlier one's did, on other objects: those are replaced on purpose.
        var import = await CliRun.RunAsync(["--db", Db, "import", file, "--allow-shrink", "--json"]);
        if (shape.Rows.Any(r => built.Lines.Any(l => l.Line.Object == r.Object)))
        {
            Assert.True(import.ExitCode == 0, import.Output + import.Error);
        }
        else
        {
            // No row on a tracked object: the file stores nothing, and when it would wipe an earlier file's months the import
            // refuses it (its guard against a wrong object dimension). Either way every line's booked cost stays 0.
            Assert.True(import.ExitCode == 0 || import.Output.Contains("inga rader på bevakade kostnadsobjekt", StringComparison.Ordinal),
                import.Output + import.Error);
        }

        foreach (var year in built.Years)
        {
            var run = await CliRun.RunAsync(["--db", Db, "reconcile", "--agreement", built.Code, "--through", $"{year}-12", "--json"]);
            Assert.True(run.ExitCode == 0, run.Error);
            using var json = JsonDocument.Parse(run.Output);
            var lines = json.RootElement.GetProperty("lines").EnumerateArray().ToDictionary(l => l.GetProperty("code").GetString()!);
            var expected = built.Lines.Where(l => AgreementShapes.FirstYear + l.Line.YearIndex == year).ToList();
            Assert.Equal(expected.Select(l => l.Code).Order(), lines.Keys.Order());
            foreach (var line in expected)
            {
                var l = lines[line.Code];
                Assert.True(built.Booked(line) == l.GetProperty("booked").GetDecimal(), $"{line.Code} booked {l.GetProperty("booked")}, expected {built.Booked(line)}");
                Assert.Equal(built.Decided(line), l.GetProperty("decided").GetDecimal());
                Assert.Equal(built.Planned(line), l.GetProperty("planned").GetDecimal());
                Assert.Equal(line.Line.Name, l.GetProperty("name").GetString());
            }
            var totals = json.RootElement.GetProperty("totals");
            Assert.Equal(built.BookedOnObjectsWithLines(year), totals.GetProperty("booked").GetDecimal());
            Assert.Equal(built.BudgetsWithLines(year, ActivityText.IsDecided), totals.GetProperty("decided").GetDecimal());
            Assert.Equal(built.BudgetsWithLines(year, ActivityText.IsPlanned), totals.GetProperty("planned").GetDecimal());
        }
    }
}
