using System.Diagnostics;
using System.Globalization;
using GrantTracker.Application.Features.Reconciliation;
using GrantTracker.Application.Features.Reports;
using GrantTracker.Application.Reports;
using GrantTracker.Domain.Common;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace GrantTracker.Bench;

/// <summary>
/// Issue 6: the final report over the reconciliation benchmark's database, timed against its parts. Each
/// round, in a new request scope as the web app and the CLI run it: (r) the reconciliation query for the
/// year alone; (f) the whole final report: its query (which runs the reconciliation and the report's own
/// reads), the document and the workbook written to a file; (w) the same document's workbook written alone.
/// Target: f &lt; 2 × r + w. One untimed round first; medians of RUNS rounds.
/// </summary>
public static class FinalReportBench
{
    public static async Task<int> RunAsync(IServiceProvider services, string code, int year, int runs, string outDirectory, Func<long> peakMb)
    {
        var inv = CultureInfo.InvariantCulture;
        var today = new DateOnly(year + 1, 3, 15);
        var file = Path.Combine(outDirectory, $"slutredovisning-{code}-{year}.xlsx");

        async Task<double> Reconcile()
        {
            var clock = Stopwatch.StartNew();
            await using var scope = services.CreateAsyncScope();
            _ = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new ReconcileQuery(code, new YearMonth(year, 12)))
                ?? throw new InvalidOperationException($"No agreement {code}.");
            return clock.Elapsed.TotalSeconds;
        }

        async Task<(double Seconds, ReportDocument Document)> Final()
        {
            var clock = Stopwatch.StartNew();
            await using var scope = services.CreateAsyncScope();
            var data = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new GetFinalReportQuery(code, year))
                       ?? throw new InvalidOperationException($"No agreement {code}.");
            var document = GrantReports.FinalReport(data, today);
            await using (var stream = File.Create(file))
            {
                ExcelReportWriter.Write(document, stream);
            }
            return (clock.Elapsed.TotalSeconds, document);
        }

        double Write(ReportDocument document)
        {
            var clock = Stopwatch.StartNew();
            using (var stream = File.Create(file + ".alone.xlsx"))
            {
                ExcelReportWriter.Write(document, stream);
            }
            return clock.Elapsed.TotalSeconds;
        }

        await Reconcile();
        var (_, warmDocument) = await Final();
        Write(warmDocument);
        List<double> r = [], f = [], w = [];
        for (var i = 0; i < runs; i++)
        {
            r.Add(await Reconcile());
            var (seconds, document) = await Final();
            f.Add(seconds);
            w.Add(Write(document));
        }
        static double Median(List<double> values)
        {
            values.Sort();
            return values.Count % 2 == 1 ? values[values.Count / 2] : (values[values.Count / 2 - 1] + values[values.Count / 2]) / 2;
        }
        string S(double v) => v.ToString("0.000", inv);
        Console.WriteLine($"reconcile={S(Median(r))} final={S(Median(f))} write={S(Median(w))} sheets={warmDocument.Parts.Count} " +
                          $"final_runs={string.Join(',', f.Select(S))} peak_mb={peakMb()} file_kb={new FileInfo(file).Length / 1024}");
        return 0;
    }
}
