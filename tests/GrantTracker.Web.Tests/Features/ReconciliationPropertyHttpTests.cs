using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using CsCheck;
using GrantTracker.Application.Data;
using GrantTracker.Application.Features.Ledger;
using GrantTracker.Domain.Common;
using GrantTracker.Tests.Shapes;
using GrantTracker.Web.Tests.Infrastructure;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace GrantTracker.Web.Tests.Features;

/// <summary>
/// The pages state what the use cases compute, for generated agreements (<see cref="AgreementShapes"/>): Avstämning's booked,
/// decided and planned figures per line, the drill-down's sum behind each line, and the final report's print view, line by line.
/// </summary>
public sealed partial class ReconciliationPropertyHttpTests : IClassFixture<GrantTrackerFactory>
{
    private readonly GrantTrackerFactory _factory;
    private readonly string _dir = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "granttracker-web-properties", Guid.NewGuid().ToString("N"))).FullName;

    public ReconciliationPropertyHttpTests(GrantTrackerFactory factory) => _factory = factory;

    [Fact]
    public async Task Avstamning_the_drill_down_and_the_print_view_state_every_generated_lines_figures()
    {
        var client = await _factory.SignedInAsync("ekonom@demo.local");
        await AgreementShapes.Gen.SampleAsync(shape => CheckAsync(client, shape), iter: 6, threads: 1);
    }

    private async Task CheckAsync(HttpClient client, Shape shape)
    {
        var built = await BuildAndImportAsync(shape);
        foreach (var year in built.Years)
        {
            var page = await client.GetPageAsync($"/avstamning?avtal={built.Code}&manad={year}-12");
            var print = await client.GetPageAsync($"/rapporter/slutredovisning?avtal={built.Code}&ar={year}&format=utskrift");
            foreach (var line in built.Lines.Where(l => AgreementShapes.FirstYear + l.Line.YearIndex == year))
            {
                var booked = Money.Format(built.Booked(line));
                Assert.Equal(booked, Cell(page, "booked-" + line.Code));
                Assert.Equal(Money.Format(built.Decided(line)), Cell(page, "decided-" + line.Code));
                Assert.Equal(Money.Format(built.Planned(line)), Cell(page, "planned-" + line.Code));

                var rows = await client.GetPageAsync($"/avstamning/rader?avtal={built.Code}&manad={year}-12&rad={built.LineId(line)}");
                Assert.Equal(booked, Cell(rows, "rows-sum"));

                var label = line.Line.Name is null ? line.Code : $"{line.Code} {line.Line.Name}";
                var cells = OverviewRow(print, label);
                Assert.Equal(Money.Format(line.Line.AmountKr), cells[4]);
                Assert.Equal(booked, cells[5]);
            }
        }
    }

    /// <summary>The text of the element with the test id, up to its first child element.</summary>
    private static string Cell(string html, string testId)
    {
        var match = Regex.Match(html, $"data-testid=\"{Regex.Escape(testId)}\"[^>]*>([^<]*)<");
        Assert.True(match.Success, $"Sidan saknar {testId}.");
        return match.Groups[1].Value.Trim();
    }

    /// <summary>The cells of the print view's overview row whose line column is the label.</summary>
    private static IReadOnlyList<string> OverviewRow(string html, string label)
    {
        var start = html.IndexOf(">Översikt</h2>", StringComparison.Ordinal);
        Assert.True(start > 0, "Utskriften saknar översikten.");
        var overview = html[start..html.IndexOf("</section>", start, StringComparison.Ordinal)];
        var row = TableRow().Matches(overview)
            .Select(m => TableCell().Matches(m.Value).Select(c => c.Groups[1].Value.Trim()).ToList())
            .SingleOrDefault(cells => cells.Count > 5 && cells[2] == label);
        Assert.True(row is not null, $"Utskriften saknar raden {label}.");
        return row;
    }

    [GeneratedRegex("<tr>.*?</tr>", RegexOptions.Singleline)]
    private static partial Regex TableRow();

    [GeneratedRegex("<td[^>]*>(.*?)</td>", RegexOptions.Singleline)]
    private static partial Regex TableCell();

    private async Task<Built> BuildAndImportAsync(Shape shape)
    {
        var prefix = AgreementShapes.NewPrefix();
        await using var scope = _factory.Services.CreateAsyncScope();
        var built = await AgreementShapes.BuildAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>(), shape, prefix);
        var path = Path.Combine(_dir, prefix + ".se");
        await File.WriteAllTextAsync(path, AgreementShapes.Sie(built), new UTF8Encoding(false));
        var import = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new ImportLedgerFileCommand(path, prefix + ".se", Source: prefix));
        Assert.True(import.Succeeded, import.Message);
        return built;
    }
}
