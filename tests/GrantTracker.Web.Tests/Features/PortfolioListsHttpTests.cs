using System.Globalization;
using System.Text.RegularExpressions;
using GrantTracker.Application.Data;
using GrantTracker.Application.Features.Activities;
using GrantTracker.Domain.Activities;
using GrantTracker.Domain.Agreements;
using GrantTracker.Web.Tests.Infrastructure;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GrantTracker.Web.Tests.Features;

/// <summary>
/// Issue 22, part 5: the lists that grow with a portfolio stay light. The activity register shows a hundred rows a page with the whole
/// list's totals; Deadlines lists the first fifty reports of a section and all of them when asked.
/// </summary>
public sealed partial class PortfolioListsHttpTests(GrantTrackerFactory factory) : IClassFixture<GrantTrackerFactory>
{
    /// <summary>An agreement with 130 draft activities and 60 monthly reports due in 2019 and never sent.</summary>
    private async Task EnsureManyAsync()
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        if (await db.Agreements.AnyAsync(a => a.Code == "lists2019"))
        {
            return;
        }
        var agreement = Agreement.Create("lists2019", new AgreementDetails("Listornas prov 2019", "Staten och SKR", null, null, new DateOnly(2019, 1, 1),
            new DateOnly(2019, 12, 31), null, 1_000_000m, null, null, null, null)).Value;
        var area = agreement.AddArea("1", "Område", null, null).Value;
        Assert.True(agreement.AddLine(area, new LineDetails("1", 2019, 1_000_000m, "662019", false, [])).Succeeded);
        for (var i = 1; i <= 60; i++)
        {
            Assert.True(agreement.AddObligation(ObligationKind.Manadsrapport, $"Månadsrapport {i:00}", "Socialstyrelsen",
                new DateOnly(2019, 1, 1).AddDays(i * 5), false, null, null).Succeeded);
        }
        db.Agreements.Add(agreement);
        await db.SaveChangesAsync();
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
        var line = await db.AllocationLines.SingleAsync(l => l.AgreementId == agreement.Id);
        for (var i = 1; i <= 130; i++)
        {
            Assert.True((await mediator.Send(new RegisterActivityCommand(agreement.Id, line.Id,
                new ActivityDetails(null, $"Insats i listan {i}", null, null, null, null, PerformerKind.Regionenhet, null, null, [], null)))).Succeeded);
        }
    }

    [Fact]
    public async Task The_activity_register_shows_a_hundred_rows_a_page_with_the_whole_lists_totals_and_links_between_pages()
    {
        await EnsureManyAsync();
        var client = await factory.SignedInAsync("handlaggare@demo.local");

        var first = await client.GetPageAsync("/insatser");
        var total = int.Parse(PageInfo().Match(first).Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.True(total > 130, $"{total} activities");
        Assert.Equal(100, ListRows(first));
        Assert.Contains("<a href=\"/insatser?sida=2\" rel=\"next\">Nästa sida</a>", first);
        Assert.DoesNotContain("rel=\"prev\"", first);
        Assert.Contains($"<td colspan=\"8\">{total} insatser, summa budget</td>", first);

        var lastNumber = (total + 99) / 100;
        var last = await client.GetPageAsync($"/insatser?sida={lastNumber}");
        Assert.Equal(total - (lastNumber - 1) * 100, ListRows(last));
        Assert.Contains($"Visar {(lastNumber - 1) * 100 + 1}–{total} av {total} insatser (sida {lastNumber} av {lastNumber})", last);
        Assert.Contains("rel=\"prev\">Föregående sida</a>", last);
        Assert.DoesNotContain("rel=\"next\"", last);
        Assert.Equal(Budget(first), Budget(last)); // the totals are the whole list's on every page
        Assert.Equal(ListRows(last), ListRows(await client.GetPageAsync("/insatser?sida=999"))); // past the end: the last page
        Assert.Equal(100, ListRows(await client.GetPageAsync("/insatser?sida=x"))); // not a number: the first page

        // The filter is kept from page to page; a list of one page has no page links.
        var agreementId = await AgreementIdAsync();
        var filtered = await client.GetPageAsync($"/insatser?AgreementId={agreementId}");
        Assert.Equal($"/insatser?AgreementId={agreementId}&sida=2", NextLink().Match(filtered).Groups[1].Value);
        Assert.Contains("Visar 1–100 av 130 insatser (sida 1 av 2)", filtered);
        var second = await client.GetPageAsync($"/insatser?AgreementId={agreementId}&sida=2");
        Assert.Equal(30, ListRows(second));
        Assert.Contains("Insats i listan 130", second);
        Assert.DoesNotContain("data-testid=\"activity-pages\"", await client.GetPageAsync("/insatser?Status=Beslutad"));
    }

    [Fact]
    public async Task Deadlines_lists_the_first_fifty_of_a_long_section_and_all_of_them_when_asked()
    {
        await EnsureManyAsync();
        var client = await factory.SignedInAsync("handlaggare@demo.local");

        var page = await client.GetPageAsync("/deadlines");
        var count = int.Parse(OverdueCount().Match(page).Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.True(count >= 60, $"{count} overdue");
        Assert.Equal(50, Rows(Section(page, "deadlines-forfallna")));
        Assert.Contains($"Visar de 50 första av {count}. <a href=\"/deadlines?visa=alla#forfallna\">Visa alla {count}</a>", page);

        var all = await client.GetPageAsync("/deadlines?visa=alla");
        Assert.Equal(count, Rows(Section(all, "deadlines-forfallna")));
        Assert.Contains("Månadsrapport 60", all);
        Assert.DoesNotContain("deadlines-forfallna-more", all);
    }

    private async Task<int> AgreementIdAsync()
    {
        using var scope = factory.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Agreements.Where(a => a.Code == "lists2019").Select(a => a.Id).SingleAsync();
    }

    private static int ListRows(string page) => ActivityLink().Matches(Section(page, "activity-list")).Count;

    private static int Rows(string table) => Regex.Matches(table, "<tr>").Count - 1; // less the header row

    private static string Budget(string page) => BudgetTotal().Match(page).Groups[1].Value;

    private static string Section(string page, string testId)
    {
        var start = page.IndexOf($"data-testid=\"{testId}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, testId);
        return page[start..page.IndexOf("</table>", start, StringComparison.Ordinal)];
    }

    [GeneratedRegex(@"Visar 1–100 av (\d+) insatser \(sida 1 av \d+\)")]
    private static partial Regex PageInfo();

    [GeneratedRegex(@"Förfallna, ej inskickade \((\d+)\)")]
    private static partial Regex OverdueCount();

    [GeneratedRegex("<a href=\"/insatser/\\d+\">")]
    private static partial Regex ActivityLink();

    [GeneratedRegex("<a href=\"([^\"]*)\" rel=\"next\">Nästa sida</a>")]
    private static partial Regex NextLink();

    [GeneratedRegex("data-testid=\"budget-total\">([^<]*)<")]
    private static partial Regex BudgetTotal();
}
