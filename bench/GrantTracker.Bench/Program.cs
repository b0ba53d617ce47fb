using System.Diagnostics;
using System.Globalization;
using System.Text;
using GrantTracker.Application.Auditing;
using GrantTracker.Application.Data;
using GrantTracker.Application.Features.Ledger;
using GrantTracker.Application.Features.Reconciliation;
using GrantTracker.Application.Imports;
using GrantTracker.Application.Imports.Sie;
using GrantTracker.Application.Seeding;
using GrantTracker.Bench;
using GrantTracker.Domain.Common;
using Mediator;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

// Each measurement runs in a process of its own (bench/run.sh starts them), so peak memory is that step's alone.
//   generate SIE ROWS SHARE [mix]  write a realistic SIE 4 file; SHARE of all rows on tracked objects;
//                              "mix": object rows also on income/investment/accrual accounts and with project codes
//   init DB                     create and migrate a database and load the seed agreements
//   ours SIE DB                 (a) the application's import use case
//   csv SIE CSV                 the tracked rows as CSV in LedgerEntries' column order, for sqlite3 .import (b)
//   ef SIE DB                   (c) naive EF Core: read the rows, AddRange, SaveChanges
//   raw SIE DB                  (d) reference: the reader and a raw prepared INSERT, nothing else
//   read SIE                    the reader alone
//   reconcile DB CODE THROUGH [RUNS]  issue 5: the reconciliation use case (ReconcileQuery), warm, median of RUNS (5)
// Every step prints one line: "key=value ..." with seconds, rows and peak_mb.
var inv = CultureInfo.InvariantCulture;
switch (args.FirstOrDefault())
{
    case "generate":
    {
        var (rows, tracked) = SieGenerator.Write(args[1], long.Parse(args[2], inv), double.Parse(args[3], inv),
            reconciliationMix: args.Length > 4 && args[4] == "mix");
        Console.WriteLine($"rows={rows} tracked={tracked} bytes={new FileInfo(args[1]).Length}");
        return 0;
    }
    case "init":
    {
        await using var services = Services(args[1]);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await db.Database.MigrateAsync();
        await SeedAgreements.LoadAsync(db);
        Console.WriteLine("initialised=1");
        return 0;
    }
    case "ours":
    {
        await using var services = Services(args[2]);
        await using var scope = services.CreateAsyncScope();
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
        // Warm up as a running web app is: EF builds its model and compiles the import's queries on first use
        // (about 1.2 s here). A dry run of a small file takes every path and leaves the database unchanged.
        var warmUp = Path.Combine(Path.GetTempPath(), $"granttracker-bench-warmup-{Environment.ProcessId}.se");
        SieGenerator.Write(warmUp, 1_000, 0.3, seed: 1);
        var warm = Stopwatch.StartNew();
        await mediator.Send(new ImportLedgerFileCommand(warmUp, "warmup.se", DryRun: true));
        warm.Stop();
        File.Delete(warmUp);
        var clock = Stopwatch.StartNew();
        var result = await mediator.Send(new ImportLedgerFileCommand(args[1], Path.GetFileName(args[1])));
        clock.Stop();
        if (!result.Succeeded)
        {
            Console.Error.WriteLine(result.Message + " " + string.Join("; ", result.Errors.Take(5)));
            return 1;
        }
        Console.WriteLine($"seconds={clock.Elapsed.TotalSeconds.ToString("0.000", inv)} rows={result.RowsStored} read={result.RowsRead} peak_mb={PeakMb()} warmup={warm.Elapsed.TotalSeconds.ToString("0.000", inv)}");
        return 0;
    }
    case "read":
    {
        // The reader alone, for finding where (a)'s time goes.
        var clock = Stopwatch.StartNew();
        long count = 0;
        using (var input = File.OpenRead(args[1]))
        {
            new SieReader().Read(input, new LedgerReadOptions(), _ => count++);
        }
        Console.WriteLine($"seconds={clock.Elapsed.TotalSeconds.ToString("0.000", inv)} rows={count} peak_mb={PeakMb()}");
        return 0;
    }
    case "raw":
    {
        // (d) for reference: the reader and a raw prepared INSERT, no use case around them (no hash, history,
        // replacement or progress), foreign keys on as in the application.
        var tracked = TrackedObjects();
        await using var connection = new SqliteConnection($"Data Source={args[2]};Pooling=False");
        connection.Open();
        using (var fk = connection.CreateCommand())
        {
            fk.CommandText = "PRAGMA foreign_keys = ON";
            fk.ExecuteNonQuery();
        }
        var clock = Stopwatch.StartNew();
        using var tx = connection.BeginTransaction();
        using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        string[] cols = ["ImportId", "Source", "Month", "VoucherSeries", "VoucherNumber", "VoucherDate", "RowDate", "Account", "AccountNumber", "Amount", "CostObject", "CostCentre", "Project", "Text", "Line"];
        cmd.CommandText = $"INSERT INTO LedgerEntries ({string.Join(",", cols)}) VALUES ({string.Join(",", cols.Select(c => "@" + c))})";
        var ps = cols.Select(c => { var p = cmd.CreateParameter(); p.ParameterName = "@" + c; cmd.Parameters.Add(p); return p; }).ToArray();
        cmd.Prepare();
        long count = 0;
        using (var input = File.OpenRead(args[1]))
        {
            new SieReader().Read(input, new LedgerReadOptions(), row =>
            {
                if (row.CostObject is { } o && tracked.Contains(o))
                {
                    ps[0].Value = 1; ps[1].Value = "huvudbok"; ps[2].Value = YearMonth.Of(row.VoucherDate).ToNumber();
                    ps[3].Value = row.VoucherSeries; ps[4].Value = row.VoucherNumber; ps[5].Value = row.VoucherDate.ToString("yyyy-MM-dd", inv);
                    ps[6].Value = row.RowDate.ToString("yyyy-MM-dd", inv); ps[7].Value = row.Account; ps[8].Value = int.TryParse(row.Account, NumberStyles.None, inv, out var n) ? n : 0; ps[9].Value = Money.ToOre(row.Amount);
                    ps[10].Value = o; ps[11].Value = (object?)row.CostCentre ?? DBNull.Value; ps[12].Value = (object?)row.Project ?? DBNull.Value;
                    ps[13].Value = (object?)row.Text ?? DBNull.Value; ps[14].Value = row.Line;
                    cmd.ExecuteNonQuery();
                    count++;
                }
            });
        }
        tx.Commit();
        Console.WriteLine($"seconds={clock.Elapsed.TotalSeconds.ToString("0.000", inv)} rows={count} peak_mb={PeakMb()}");
        return 0;
    }
    case "csv":
    {
        var tracked = TrackedObjects();
        using var writer = new StreamWriter(args[2], false, new UTF8Encoding(false), 1 << 16);
        long id = 0;
        using var input = File.OpenRead(args[1]);
        new SieReader().Read(input, new LedgerReadOptions(), row =>
        {
            if (row.CostObject is { } o && tracked.Contains(o))
            {
                id++;
                // Same columns, same values as LedgerEntryWriter writes, plus the id sqlite3 needs in a CSV.
                writer.Write(string.Join(',',
                    id.ToString(inv), "1", "huvudbok", YearMonth.Of(row.VoucherDate).ToNumber().ToString(inv), Csv(row.VoucherSeries), Csv(row.VoucherNumber),
                    row.VoucherDate.ToString("yyyy-MM-dd", inv), row.RowDate.ToString("yyyy-MM-dd", inv), Csv(row.Account),
                    int.TryParse(row.Account, NumberStyles.None, inv, out var n) ? n.ToString(inv) : "0",
                    Money.ToOre(row.Amount).ToString(inv), Csv(o), Csv(row.CostCentre ?? ""), Csv(row.Project ?? ""), Csv(row.Text ?? ""),
                    row.Line.ToString(inv)));
                writer.Write('\n');
            }
        });
        Console.WriteLine($"rows={id}");
        return 0;
    }
    case "ef":
    {
        var tracked = TrackedObjects();
        var options = new DbContextOptionsBuilder<NaiveContext>().UseSqlite($"Data Source={args[2]};Pooling=False").Options;
        await using var db = new NaiveContext(options);
        // The same warm-up as (a): EF's model and first query outside the timing.
        await db.LedgerEntries.AnyAsync();
        var clock = Stopwatch.StartNew();
        var rows = new List<NaiveLedgerEntry>();
        using (var input = File.OpenRead(args[1]))
        {
            new SieReader().Read(input, new LedgerReadOptions(), row =>
            {
                if (row.CostObject is { } o && tracked.Contains(o))
                {
                    rows.Add(new NaiveLedgerEntry
                    {
                        ImportId = 1, Source = "huvudbok", Month = YearMonth.Of(row.VoucherDate).ToNumber(), VoucherSeries = row.VoucherSeries,
                        VoucherNumber = row.VoucherNumber, VoucherDate = row.VoucherDate, RowDate = row.RowDate, Account = row.Account,
                        AccountNumber = int.TryParse(row.Account, NumberStyles.None, inv, out var n) ? n : 0, Amount = Money.ToOre(row.Amount),
                        CostObject = o, CostCentre = row.CostCentre, Project = row.Project, Text = row.Text, Line = row.Line,
                    });
                }
            });
        }
        db.LedgerEntries.AddRange(rows);
        await db.SaveChangesAsync();
        clock.Stop();
        Console.WriteLine($"seconds={clock.Elapsed.TotalSeconds.ToString("0.000", inv)} rows={rows.Count} peak_mb={PeakMb()}");
        return 0;
    }
    case "reconcile":
    {
        // Issue 5: the use case the page (/avstamning) and the CLI (granttracker reconcile) both send, timed as
        // they run it: a new scope (DbContext) per request, on a connection string like the CLI's (no pool).
        var code = args[2];
        var through = YearMonth.Parse(args[3]);
        var runs = args.Length > 4 ? int.Parse(args[4], inv) : 5;
        await using var services = Services(args[1]);
        long stored;
        string version;
        await using (var connection = new SqliteConnection($"Data Source={args[1]};Pooling=False"))
        {
            connection.Open();
            using var count = connection.CreateCommand();
            count.CommandText = "SELECT COUNT(*) FROM LedgerEntries";
            stored = (long)count.ExecuteScalar()!;
            count.CommandText = "SELECT sqlite_version()";
            version = (string)count.ExecuteScalar()!;
        }
        async Task<(double Seconds, ReconciliationResult Result)> Run(YearMonth month)
        {
            var clock = Stopwatch.StartNew();
            await using var scope = services.CreateAsyncScope();
            var result = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new ReconcileQuery(code, month))
                ?? throw new InvalidOperationException($"No agreement {code}.");
            clock.Stop();
            return (clock.Elapsed.TotalSeconds, result);
        }
        // Warm up as the running web app is (EF's model, the queries' first compilation, the file in the OS
        // cache), on another month so that nothing of the timed month is cached by anyone.
        var warm = await Run(through.AddMonths(-6));
        var times = new List<double>();
        ReconciliationResult last = warm.Result;
        for (var i = 0; i < runs; i++)
        {
            (var seconds, last) = await Run(through);
            times.Add(seconds);
        }
        times.Sort();
        var median = times.Count % 2 == 1 ? times[times.Count / 2] : (times[times.Count / 2 - 1] + times[times.Count / 2]) / 2;
        // Booked cost and income in öre, to check the use case against the hand-written GROUP BY.
        Console.WriteLine($"seconds={median.ToString("0.000", inv)} min={times[0].ToString("0.000", inv)} max={times[^1].ToString("0.000", inv)} " +
                          $"runs={string.Join(',', times.Select(t => t.ToString("0.000", inv)))} rows={stored} lines={last.Lines.Count} " +
                          $"booked_ore={Money.ToOre(last.Totals.Booked)} income_ore={Money.ToOre(last.Income)} exceptions={last.Exceptions.Count} " +
                          $"peak_mb={PeakMb()} warmup={warm.Seconds.ToString("0.000", inv)} sqlite={version}");
        return 0;
    }
    case "final":
    {
        // Issue 6: the final report against the reconciliation query it rests on (FinalReportBench).
        await using var services = Services(args[1]);
        return await FinalReportBench.RunAsync(services, args[2], int.Parse(args[3], inv), args.Length > 4 ? int.Parse(args[4], inv) : 5,
            args.Length > 5 ? args[5] : Path.GetTempPath(), PeakMb);
    }
    default:
        Console.Error.WriteLine("usage: final DB CODE YEAR [RUNS] [DIR] | generate SIE ROWS SHARE [mix] | init DB | ours SIE DB | csv SIE CSV | ef SIE DB | raw SIE DB | read SIE | reconcile DB CODE THROUGH [RUNS]");
        return 2;
}

static ServiceProvider Services(string database)
{
    var configuration = new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            [$"ConnectionStrings:{DataServices.ConnectionStringName}"] = $"Data Source={database};Pooling=False",
        })
        .Build();
    var services = new ServiceCollection();
    services.AddLogging();
    services.AddGrantTrackerData(configuration);
    services.AddSingleton<IAuditActor>(new FixedAuditActor("bench"));
    services.AddMediator((MediatorOptions o) =>
    {
        o.ServiceLifetime = ServiceLifetime.Scoped;
        o.Assemblies = [typeof(AppDbContext).Assembly];
    });
    return services.BuildServiceProvider();
}

// The objects the seed agreements track: the generator's grant objects.
static HashSet<string> TrackedObjects() => ["9916", "9917", "9942", "9943"];

static string Csv(string value) =>
    value.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;

// Linux reports the process's peak resident set (high-water mark) in /proc/self/status.
static long PeakMb()
{
    foreach (var line in File.ReadLines("/proc/self/status"))
    {
        if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
        {
            return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
        }
    }
    return Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024);
}
