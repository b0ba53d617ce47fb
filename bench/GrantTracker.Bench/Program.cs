using System.Diagnostics;
using System.Globalization;
using System.Text;
using GrantTracker.Application.Auditing;
using GrantTracker.Application.Data;
using GrantTracker.Application.Features.Deadlines;
using GrantTracker.Application.Features.Ledger;
using GrantTracker.Application.Features.Reconciliation;
using GrantTracker.Application.Imports;
using GrantTracker.Application.Imports.Sie;
using GrantTracker.Application.Reports;
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
//   portfolio DB DIR [COUNT] [ROWS]  issue 22: init, then COUNT (40) generated agreements over 2022–2026 with activities and about
//                              ROWS (1 000 000) stored ledger rows, one SIE file per year written to DIR and imported (Portfolio)
//   ours SIE DB                 (a) the application's import use case
//   csv SIE CSV                 the tracked rows as CSV in LedgerEntries' column order, for sqlite3 .import (b)
//   ef SIE DB                   (c) naive EF Core: read the rows, AddRange, SaveChanges
//   raw SIE DB                  (d) reference: the reader and a raw prepared INSERT, nothing else
//   read FILE                   the reader alone (SIE, CSV or Excel by the file's name)
//   reconcile DB CODE THROUGH [RUNS]  issue 5: the reconciliation use case (ReconcileQuery), warm, median of RUNS (5)
//   export DB YEAR XLSX         issue 6: the ledger export use case (ExportLedgerYearQuery) through LedgerRowsExcelWriter to a file
//   export-line DB CODE THROUGH LINE XLSX  the same for a line's drill-down (ExportLedgerRowsQuery), for reference
//   export-read DB YEAR         the export's rows read from the database alone, nothing written, for reference
//   floor-export DB YEAR XLSX   the floor: the same rows loaded into a List first (not timed), then MiniExcel SaveAs alone
//   deadlines DB [RUNS]         the start page's and the Deadlines page's query with readiness: first, then medians
//   todo DB [RUNS]              issue 22: the to-do list per role (finance, officer, decisions) computed after a change (adds an
//                              audit entry to DB before each run), medians
//   december SIE OUT.csv        issue 24: every row of the SIE file as the import's CSV, dated in December 2023 (bench/load-demo.sh)
//   convert SIE OUT.csv|.xlsx   every row of the SIE file in the import's CSV or Excel format (for timing those imports)
//   xlsx-raw XLSX               MiniExcel's Query over the first sheet alone, nothing parsed: the Excel reader's floor
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
    case "portfolio":
    {
        // Issue 22: a fresh database with the seed agreements and COUNT generated ones, their activities and a year of ledger each
        // (Portfolio), about ROWS stored rows in all, the SIE files written to DIR. Prints what was built and the agreement
        // bench/load.sh shows (showcase_*).
        await using var services = Services(args[1], pooling: true);
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            await db.Database.MigrateAsync();
            await SeedAgreements.LoadAsync(db);
        }
        var count = args.Length > 3 ? int.Parse(args[3], inv) : 40;
        var rows = args.Length > 4 ? long.Parse(args[4], inv) : 1_000_000;
        var s = await Portfolio.BuildAsync(services, count, rows, args[2], DateOnly.FromDateTime(DateTime.Today));
        Console.WriteLine($"agreements={s.Agreements} lines={s.Lines} activities={s.Activities} decided={s.Decided} obligations={s.Obligations} " +
                          $"sie_rows={s.SieRows} rows={s.Stored} build_seconds={s.BuildSeconds.ToString("0.0", inv)} import_seconds={s.ImportSeconds.ToString("0.0", inv)} " +
                          $"showcase_code={s.ShowcaseCode} showcase_id={s.ShowcaseId} showcase_line_id={s.ShowcaseLineId} showcase_line={s.ShowcaseLine} " +
                          $"showcase_month={s.ShowcaseMonth} showcase_year={s.ShowcaseYear} peak_mb={PeakMb()}");
        SqliteConnection.ClearAllPools();
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
        // The reader alone (SIE, CSV or Excel by the file's name), for finding where an import's time goes.
        var clock = Stopwatch.StartNew();
        long count = 0;
        using (var input = File.OpenRead(args[1]))
        {
            new LedgerReaderRegistry().For(LedgerFormats.FromFileName(args[1]) ?? LedgerFormat.Sie).Read(input, new LedgerReadOptions(), _ => count++);
        }
        Console.WriteLine($"seconds={clock.Elapsed.TotalSeconds.ToString("0.000", inv)} rows={count} peak_mb={PeakMb()}");
        return 0;
    }
    case "xlsx-raw":
    {
        var clock = Stopwatch.StartNew();
        long count = 0;
        using (var input = File.OpenRead(args[1]))
        {
            foreach (IDictionary<string, object?> r in MiniExcelLibs.MiniExcel.Query(input, useHeaderRow: false, excelType: MiniExcelLibs.ExcelType.XLSX,
                         configuration: new MiniExcelLibs.OpenXml.OpenXmlConfiguration { EnableSharedStringCache = false, IgnoreEmptyRows = false }))
            {
                count++;
            }
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
        var columns = args.Length > 3 ? args[3].Split(',') : ["Id", "ImportId", "Source", "Month", "VoucherSeries", "VoucherNumber", "VoucherDate", "RowDate",
            "Account", "AccountNumber", "Amount", "CostObject", "CostCentre", "Project", "Text", "Line"];
        using var writer = new StreamWriter(args[2], false, new UTF8Encoding(false), 1 << 16);
        long id = 0;
        using var input = File.OpenRead(args[1]);
        new SieReader().Read(input, new LedgerReadOptions(), row =>
        {
            if (row.CostObject is { } o && tracked.Contains(o))
            {
                id++;
                // Same columns, same values as LedgerEntryWriter writes, plus the id sqlite3 needs in a CSV, in the order of
                // the table's columns (args[3], from PRAGMA table_info): sqlite3's .import fills a table by position.
                var values = new Dictionary<string, string>
                {
                    ["Id"] = id.ToString(inv), ["ImportId"] = "1", ["Source"] = "huvudbok", ["Month"] = YearMonth.Of(row.VoucherDate).ToNumber().ToString(inv),
                    ["VoucherSeries"] = Csv(row.VoucherSeries), ["VoucherNumber"] = Csv(row.VoucherNumber),
                    ["VoucherDate"] = row.VoucherDate.ToString("yyyy-MM-dd", inv), ["RowDate"] = row.RowDate.ToString("yyyy-MM-dd", inv), ["Account"] = Csv(row.Account),
                    ["AccountNumber"] = int.TryParse(row.Account, NumberStyles.None, inv, out var n) ? n.ToString(inv) : "0",
                    ["Amount"] = Money.ToOre(row.Amount).ToString(inv), ["CostObject"] = Csv(o), ["CostCentre"] = Csv(row.CostCentre ?? ""),
                    ["Project"] = Csv(row.Project ?? ""), ["Text"] = Csv(row.Text ?? ""), ["Line"] = row.Line.ToString(inv),
                };
                writer.Write(string.Join(',', columns.Select(c => values[c])));
                writer.Write('\n');
            }
        });
        Console.WriteLine($"rows={id}");
        return 0;
    }
    case "december":
    {
        // Issue 24: every row of a SIE file as the import's CSV, dated in December 2023 (the day kept, at most the 28th): the bulk of a
        // ledger for the demo year's open month, so a database built the way the demo year is (its distribution, unit reports and closed
        // months) also holds a large ledger. CSV, not SIE: a SIE file's #RAR covers the year, whose months January–October are closed.
        var rows = ConvertRows(args[1]);
        long count = 0;
        using var writer = new StreamWriter(args[2], false, new UTF8Encoding(true), 1 << 16);
        writer.Write("Verifikation;Datum;Konto;Ansvar;Objekt;Belopp;Text\n");
        foreach (var r in rows)
        {
            count++;
            var date = new DateOnly(2023, 12, Math.Min(r.VoucherDate.Day, 28));
            writer.Write($"{r.VoucherSeries} {r.VoucherNumber};{date.ToString("yyyy-MM-dd", inv)};{r.Account};{r.CostCentre};{r.CostObject};" +
                         $"{r.Amount.ToString("0.00", inv).Replace('.', ',')};\"{(r.Text ?? "").Replace("\"", "\"\"")}\"\n");
        }
        Console.WriteLine($"rows={count}");
        return 0;
    }
    case "convert":
    {
        // Every row of a SIE file as the import's CSV (Swedish default headers, semicolons, decimal comma,
        // UTF-8 with BOM) or as an .xlsx with the same columns (dates and amounts as Excel stores them),
        // written streaming. For measuring the CSV and Excel imports on the same rows as the SIE import.
        var rows = ConvertRows(args[1]);
        long count = 0;
        if (args[2].EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase))
        {
            MiniExcelLibs.MiniExcel.SaveAs(args[2], rows.Select(r =>
            {
                count++;
                return new Dictionary<string, object?>
                {
                    ["Verifikation"] = $"{r.VoucherSeries} {r.VoucherNumber}", ["Datum"] = r.VoucherDate.ToDateTime(TimeOnly.MinValue),
                    ["Konto"] = r.Account, ["Ansvar"] = r.CostCentre ?? "", ["Objekt"] = r.CostObject ?? "", ["Belopp"] = r.Amount, ["Text"] = r.Text ?? "",
                };
            }), overwriteFile: true);
        }
        else
        {
            using var writer = new StreamWriter(args[2], false, new UTF8Encoding(true), 1 << 16);
            writer.Write("Verifikation;Datum;Konto;Ansvar;Objekt;Belopp;Text\n");
            foreach (var r in rows)
            {
                count++;
                writer.Write($"{r.VoucherSeries} {r.VoucherNumber};{r.VoucherDate.ToString("yyyy-MM-dd", inv)};{r.Account};{r.CostCentre};{r.CostObject};" +
                             $"{r.Amount.ToString("0.00", inv).Replace('.', ',')};\"{(r.Text ?? "").Replace("\"", "\"\"")}\"\n");
            }
        }
        Console.WriteLine($"rows={count}");
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
    case "export":
    case "export-line":
    {
        // Issue 6: what GET /kostnader/excel?ar=YEAR (or /avstamning/rader/excel for a line) does, to a file instead of
        // the response: the use case in a new scope, its rows streamed through the writer. Warmed up as the running web
        // app is (EF's model and queries, MiniExcel's type caches, the JIT) by a small export of one object and month first.
        await using var services = Services(args[1]);
        var line = args[0] == "export-line";
        var output = line ? args[5] : args[3];
        async Task<(long Rows, decimal Sum)> Export(IQuery<LedgerRowsExport?> query, string path)
        {
            await using var scope = services.CreateAsyncScope();
            var export = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(query) ?? throw new InvalidOperationException("Nothing to export.");
            await using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: false);
            return await LedgerRowsExcelWriter.WriteAsync(export, file);
        }
        var warm = Stopwatch.StartNew();
        var warmPath = output + ".warmup.xlsx";
        var warmYear = line ? YearMonth.Parse(args[3]).Year : int.Parse(args[2], inv);
        await Export(new ExportLedgerYearQuery(warmYear, "9916", new YearMonth(warmYear, 1)), warmPath);
        File.Delete(warmPath);
        warm.Stop();
        var clock = Stopwatch.StartNew();
        var (rows, sum) = await Export(line
            ? new ExportLedgerRowsQuery(args[2], YearMonth.Parse(args[3]), LineId: await LineIdAsync(services, args[2], args[4]))
            : new ExportLedgerYearQuery(int.Parse(args[2], inv)), output);
        clock.Stop();
        var peak = PeakMb();
        var figure = "";
        if (line)
        {
            // The line's booked cost as the reconciliation reports it, to check the export against (after the timing).
            await using var scope = services.CreateAsyncScope();
            var result = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new ReconcileQuery(args[2], YearMonth.Parse(args[3])));
            figure = $" figure_ore={Money.ToOre(result!.Lines.Single(l => l.Code == args[4]).Figures.BookedToDate)}";
        }
        Console.WriteLine($"seconds={clock.Elapsed.TotalSeconds.ToString("0.000", inv)} rows={rows} sum_ore={Money.ToOre(sum)} bytes={new FileInfo(output).Length} " +
                          $"peak_mb={peak} warmup={warm.Elapsed.TotalSeconds.ToString("0.000", inv)}{figure}");
        return 0;
    }
    case "export-read":
    {
        await using var services = Services(args[1]);
        var year = int.Parse(args[2], inv);
        async Task<(long Rows, long Ore)> Read(ExportLedgerYearQuery query)
        {
            await using var scope = services.CreateAsyncScope();
            var export = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(query);
            long count = 0, ore = 0;
            await foreach (var row in export.Rows)
            {
                count++;
                ore += Money.ToOre(row.Amount);
            }
            return (count, ore);
        }
        await Read(new ExportLedgerYearQuery(year, "9916", new YearMonth(year, 1)));
        var clock = Stopwatch.StartNew();
        var (rows, ore) = await Read(new ExportLedgerYearQuery(year));
        clock.Stop();
        Console.WriteLine($"seconds={clock.Elapsed.TotalSeconds.ToString("0.000", inv)} rows={rows} sum_ore={ore} peak_mb={PeakMb()}");
        return 0;
    }
    case "floor-export":
    {
        // The floor of issue 6: MiniExcel 1.46's SaveAs of the same rows, already in memory, with the same columns and
        // formats, to a file. Loading the rows (through the same use case) is not timed; a small SaveAs warms MiniExcel up.
        await using var services = Services(args[1]);
        var year = int.Parse(args[2], inv);
        var rows = new List<LedgerExportRow>();
        await using (var scope = services.CreateAsyncScope())
        {
            var export = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new ExportLedgerYearQuery(year));
            await foreach (var row in export.Rows)
            {
                rows.Add(row);
            }
        }
        using (var warmFile = new MemoryStream())
        {
            MiniExcelLibs.MiniExcel.SaveAs(warmFile, rows.Take(20_000).ToList(), sheetName: LedgerRowsExcelWriter.RowsSheet, configuration: LedgerRowsExcelWriter.Configuration());
        }
        var loadedMb = PeakMb();
        var clock = Stopwatch.StartNew();
        using (var file = new FileStream(args[3], FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
        {
            MiniExcelLibs.MiniExcel.SaveAs(file, rows, sheetName: LedgerRowsExcelWriter.RowsSheet, configuration: LedgerRowsExcelWriter.Configuration());
        }
        clock.Stop();
        Console.WriteLine($"seconds={clock.Elapsed.TotalSeconds.ToString("0.000", inv)} rows={rows.Count} sum_ore={rows.Sum(r => Money.ToOre(r.Amount))} " +
                          $"bytes={new FileInfo(args[3]).Length} peak_mb={PeakMb()} loaded_mb={loadedMb}");
        return 0;
    }
    case "final":
    {
        // Issue 6: the final report against the reconciliation query it rests on (FinalReportBench).
        await using var services = Services(args[1]);
        return await FinalReportBench.RunAsync(services, args[2], int.Parse(args[3], inv), args.Length > 4 ? int.Parse(args[4], inv) : 5,
            args.Length > 5 ? args[5] : Path.GetTempPath(), PeakMb);
    }
    case "deadlines":
    {
        // The start page (ListDeadlinesQuery(30)) and the Deadlines page (all obligations), each with the
        // readiness of every obligation not yet sent, in a new request scope per round: the first start page
        // (the readiness cache empty: one reconciliation per open final report), then medians of RUNS rounds
        // with the data unchanged.
        await using var services = Services(args[1]);
        var runs = args.Length > 2 ? int.Parse(args[2], inv) : 5;
        async Task<(double, int)> Time(int? horizon)
        {
            var clock = Stopwatch.StartNew();
            await using var scope = services.CreateAsyncScope();
            var list = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new ListDeadlinesQuery(horizon));
            return (clock.Elapsed.TotalSeconds, list.Open.Count(r => r.Readiness is { Checked: true }));
        }
        var (first, _) = await Time(30);
        var start = new List<double>();
        var all = new List<double>();
        var checkedCount = 0;
        for (var i = 0; i < runs; i++)
        {
            start.Add((await Time(30)).Item1);
            var (seconds, count) = await Time(null);
            all.Add(seconds);
            checkedCount = count;
        }
        static double Median(List<double> v) { v.Sort(); return v.Count % 2 == 1 ? v[v.Count / 2] : (v[v.Count / 2 - 1] + v[v.Count / 2]) / 2; }
        Console.WriteLine($"first_start_page={first.ToString("0.000", inv)} start_page={Median(start).ToString("0.000", inv)} deadlines_page={Median(all).ToString("0.000", inv)} checked={checkedCount} " +
                          $"start_runs={string.Join(",", start.Select(x => x.ToString("0.000", inv)))} deadlines_runs={string.Join(",", all.Select(x => x.ToString("0.000", inv)))}");
        return 0;
    }
    case "todo":
    {
        // Issue 22: the to-do list (the start page and every page's navigation count) computed after a change (an audit entry is
        // added to DB before each run: use a copy), per role: Ekonom
        // (the months to annotate or close: a reconciliation of each agreement's months), Handläggare (readiness of the reports due
        // within 60 days) and Beslutsfattare; each in a fresh request scope with a fresh cache, RUNS times, medians.
        await using var services = Services(args[1]);
        var runs = args.Length > 2 ? int.Parse(args[2], inv) : 3;
        var roles = new (string Name, GrantTracker.Application.Features.ToDo.GetToDoListQuery Query)[]
        {
            ("finance", new(Decisions: false, Officer: false, Finance: true, Performer: null, AuditorName: null)),
            ("officer", new(Decisions: false, Officer: true, Finance: false, Performer: null, AuditorName: null)),
            ("decisions", new(Decisions: true, Officer: false, Finance: false, Performer: null, AuditorName: null)),
        };
        var line = new StringBuilder();
        foreach (var (name, query) in roles)
        {
            var times = new List<double>();
            var items = 0;
            for (var i = 0; i <= runs; i++)
            {
                // A change first, as a save or a sign-in makes one: the audit trail's last id moves, so readiness's cache is stale too.
                await using (var change = services.CreateAsyncScope())
                {
                    var db = change.ServiceProvider.GetRequiredService<AppDbContext>();
                    db.AuditEntries.Add(new AuditEntry(DateTime.UtcNow, null, "bench", "Bench", "1", AuditAction.Ändrad, "{}"));
                    await db.SaveChangesAsync();
                }
                var clock = Stopwatch.StartNew();
                await using var scope = services.CreateAsyncScope();
                var list = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(query);
                clock.Stop();
                items = list.Count;
                if (i > 0)
                {
                    times.Add(clock.Elapsed.TotalSeconds); // the first is a warm-up: EF's model and first queries
                }
            }
            times.Sort();
            line.Append($"{name}={times[times.Count / 2].ToString("0.000", inv)} {name}_items={items} {name}_runs={string.Join(',', times.Select(t => t.ToString("0.000", inv)))} ");
        }
        Console.WriteLine(line.Append($"peak_mb={PeakMb()}"));
        return 0;
    }
    default:
        Console.Error.WriteLine("usage: generate SIE ROWS SHARE [mix] | init DB | portfolio DB DIR [COUNT] [ROWS] | ours SIE DB | csv SIE CSV | ef SIE DB | raw SIE DB | read SIE | reconcile DB CODE THROUGH [RUNS]" +
                                " | final DB CODE YEAR [RUNS] [DIR] | deadlines DB [RUNS] | todo DB [RUNS] | convert SIE OUT.csv|OUT.xlsx | export DB YEAR XLSX | export-line DB CODE THROUGH LINE XLSX | export-read DB YEAR | floor-export DB YEAR XLSX");
        return 2;
}

// Pooling off, as the CLI runs, for the timed steps; on for building the portfolio, which sends thousands of commands.
static ServiceProvider Services(string database, bool pooling = false)
{
    var configuration = new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            [$"ConnectionStrings:{DataServices.ConnectionStringName}"] = $"Data Source={database};Pooling={pooling}",
        })
        .Build();
    var services = new ServiceCollection();
    services.AddLogging();
    services.AddGrantTrackerData(configuration);
    // The benchmarks time the computation, as the first request after a change pays it: a fresh FiguresCache per
    // handler, so no answer is shared between rounds (the load benchmark, bench/load.sh, measures the shared answers).
    services.AddTransient<GrantTracker.Application.Features.FiguresCache>();
    services.AddSingleton<IAuditActor>(new FixedAuditActor("bench"));
    services.AddMediator((MediatorOptions o) =>
    {
        o.ServiceLifetime = ServiceLifetime.Scoped;
        o.Assemblies = [typeof(AppDbContext).Assembly];
    });
    return services.BuildServiceProvider();
}

static async Task<int> LineIdAsync(ServiceProvider services, string agreement, string line)
{
    await using var scope = services.CreateAsyncScope();
    var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
    return await db.AllocationLines.Where(l => l.Code == line && db.Agreements.Any(a => a.Id == l.AgreementId && a.Code == agreement))
        .Select(l => l.Id).SingleAsync();
}

// Every row of a SIE file, streamed: the reader runs on its own thread and hands rows over in batches.
static IEnumerable<LedgerRow> ConvertRows(string sie)
{
    using var queue = new System.Collections.Concurrent.BlockingCollection<List<LedgerRow>>(boundedCapacity: 8);
    var reading = Task.Run(() =>
    {
        try
        {
            var batch = new List<LedgerRow>(4096);
            using var input = File.OpenRead(sie);
            new SieReader().Read(input, new LedgerReadOptions(), row =>
            {
                batch.Add(row);
                if (batch.Count == 4096)
                {
                    queue.Add(batch);
                    batch = new List<LedgerRow>(4096);
                }
            });
            queue.Add(batch);
        }
        finally
        {
            queue.CompleteAdding();
        }
    });
    foreach (var batch in queue.GetConsumingEnumerable())
    {
        foreach (var row in batch)
        {
            yield return row;
        }
    }
    reading.Wait();
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
