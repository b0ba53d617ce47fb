using System.Text;
using CsCheck;
using GrantTracker.Application.Data;
using GrantTracker.Application.Features.Ledger;
using GrantTracker.Tests.Shapes;
using GrantTracker.Web.Tests.Infrastructure;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace GrantTracker.Web.Tests.Features;

/// <summary>
/// Issue 27, part 4, for generated agreements (<see cref="AgreementShapes"/>: areas with and without sub-areas, ring-fenced lines, activities
/// in every state, rows on and off the lines): Avstämning's workbook states its page's table for every year, and the Insatser workbook drawn
/// for the agreement states its list.
/// </summary>
public sealed class PageWorkbookPropertyHttpTests : IClassFixture<GrantTrackerFactory>
{
    private readonly GrantTrackerFactory _factory;
    private readonly string _dir = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "granttracker-web-workbooks", Guid.NewGuid().ToString("N"))).FullName;

    public PageWorkbookPropertyHttpTests(GrantTrackerFactory factory) => _factory = factory;

    [Fact]
    public async Task Every_generated_agreements_Avstamning_and_Insatser_workbooks_state_their_pages()
    {
        var client = await _factory.SignedInAsync("ekonom@demo.local");
        await AgreementShapes.Gen.SampleAsync(shape => CheckAsync(client, shape), iter: 4, threads: 1);
    }

    private async Task CheckAsync(HttpClient client, Shape shape)
    {
        var built = await BuildAndImportAsync(shape);
        foreach (var year in built.Years)
        {
            foreach (var month in new[] { $"{year}-05", $"{year}-12" })
            {
                var page = await client.GetPageAsync($"/avstamning?avtal={built.Code}&manad={month}");
                using var workbook = await PageWorkbook.OpenAsync(await client.GetAsync($"/avstamning/excel?avtal={built.Code}&manad={month}"),
                    $"avstamning-{built.Code}-{month}.xlsx");
                PageWorkbookHttpTests.AvstamningIsThePage(page, PageWorkbook.Sheet(workbook.Worksheet(1)));
            }
        }
        var query = $"?AgreementId={built.AgreementId}";
        var (list, rows) = await PageWorkbookHttpTests.ActivityPagesAsync(client, "/insatser" + query);
        using var activities = await PageWorkbook.OpenAsync(await client.GetAsync("/insatser/export" + query));
        PageWorkbookHttpTests.InsatserAreThePage(list, rows, PageWorkbook.Sheet(activities.Worksheet(1)));
        Assert.Equal(built.Activities.Count, rows.Count);
    }

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
