using System.Net;
using System.Text.RegularExpressions;
using GrantTracker.Application.Features.Ledger;
using GrantTracker.Web.Tests.Infrastructure;
using Mediator;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace GrantTracker.Web.Tests.Features;

/// <summary>
/// "Att göra" on the start page, per role, over real HTTP on demo mode's year: each role sees its own items with their
/// count in the navigation, every link opens a page that answers 200 for that role, and no role sees another's items.
/// </summary>
public sealed partial class ToDoHttpTests : IDisposable
{
    private readonly GrantTrackerFactory _factory = new() { DemoLedger = true };

    public void Dispose() => _factory.Dispose();

    private static readonly string[] AllSections =
    [
        "prepared-activities", "draft-distributions", "incomplete-drafts", "readiness", "unannotated-exceptions", "closable-months",
        "refused-imports", "provider-due", "since-last-visit", "overdue-unit-reports", "own-unit-reports", "close-out", "unpaid-repayments",
    ];

    /// <summary>The start page's to-do section and the navigation's count.</summary>
    private static async Task<(string Section, int NavCount, IReadOnlyList<string> Sections)> ToDoAsync(HttpClient client)
    {
        var page = await client.GetPageAsync("/");
        var start = page.IndexOf("id=\"att-gora\"", StringComparison.Ordinal);
        Assert.True(start > 0, "The start page has no Att göra section.");
        var section = page[start..page.IndexOf("</section>", start, StringComparison.Ordinal)];
        var count = int.Parse(NavCount().Match(page).Groups[1].Value);
        var sections = SectionKey().Matches(section).Select(m => m.Groups[1].Value).ToList();
        return (section, count, sections);
    }

    /// <summary>Every link in the to-do list answers 200 for the user who sees it.</summary>
    private static async Task AssertLinksOpenAsync(HttpClient client, string section)
    {
        var links = Link().Matches(section).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).Distinct().ToList();
        Assert.NotEmpty(links);
        foreach (var link in links)
        {
            var response = await client.GetAsync(link);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{link} answered {(int)response.StatusCode}");
        }
    }

    private static int Items(string section, string key)
    {
        var start = section.IndexOf($"data-testid=\"todo-{key}\"", StringComparison.Ordinal);
        Assert.True(start > 0, $"No section {key}.");
        var end = section.IndexOf("data-testid=\"todo-", start + 10, StringComparison.Ordinal);
        var part = end < 0 ? section[start..] : section[start..end];
        return Regex.Matches(part, "<li class=\"mb-1\">").Count;
    }

    private async Task ExecuteSqlAsync(string sql)
    {
        _ = _factory.Services;
        await using var connection = new SqliteConnection($"Data Source={_factory.DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static string Today(int plusDays) => GrantTracker.Domain.Common.SwedishFormat.Today(TimeProvider.System).AddDays(plusDays).ToString("yyyy-MM-dd");

    private static async Task<long> VersionAsync(HttpClient client, string path) =>
        long.Parse(Regex.Match(await client.GetStringAsync(path), "name=\"version\" value=\"(\\d+)\"").Groups[1].Value);

    [Fact]
    public async Task A_decision_maker_sees_the_activities_prepared_for_decision_and_the_distributions_to_decide()
    {
        var officer = await _factory.SignedInAsync("handlaggare@demo.local");
        var form = WebUtility.HtmlDecode(await officer.GetStringAsync("/overenskommelser"));
        var agreementId = Regex.Match(form, "/overenskommelser/(\\d+)\">God och nära vård 2023").Groups[1].Value;
        var newForm = WebUtility.HtmlDecode(await officer.GetStringAsync($"/insatser/ny?agreementId={agreementId}"));
        var lineId = Regex.Match(newForm, "<option value=\"(\\d+)\">2.4 ").Groups[1].Value;
        var registered = await officer.PostFormAsync($"/insatser/ny?agreementId={agreementId}", $"/insatser/ny?agreementId={agreementId}", new Dictionary<string, string>
        {
            ["Form.LineId"] = lineId, ["Form.Measure"] = "Point-of-care-provtagning i ambulans", ["Form.PerformerKind"] = "Regionenhet",
            ["Form.ResponsiblePerson"] = "Ambulanschefen", ["Form.StartDate"] = "2023-04-01", ["Form.EndDate"] = "2023-12-31",
            ["Form.Budgets[0].Year"] = "2023", ["Form.Budgets[0].Amount"] = "400 000",
        });
        var activity = registered.Headers.Location!.OriginalString;
        await officer.PostFormAsync($"{activity}/exitbudget", $"{activity}/exitbudget", new Dictionary<string, string>
        {
            ["Form.Strategy"] = "Avveckling", ["Form.WindDownDate"] = "2024-06-30", ["Form.Description"] = "Avslutas.",
            ["Form.Version"] = (await VersionAsync(officer, activity)).ToString(),
        });
        var prepared = await officer.PostFormAsync(activity, $"{activity}/status", new Dictionary<string, string>
        {
            ["step"] = "Prepare", ["version"] = (await VersionAsync(officer, activity)).ToString(),
            // On the real clock God och nära vård 2023 has ended: preparing it now needs a reason (issue 25).
            ["lateReason"] = "Beslutet registreras i efterhand",
        });
        Assert.Equal(HttpStatusCode.Redirect, prepared.StatusCode);
        var saved = await officer.PostFormAsync("/vardenheter?belopp=24000000&nyckel=Halsoval&modell=2026", "/fordelningar", new Dictionary<string, string>
        {
            ["name"] = "24 mkr till vårdenheterna 2023", ["agreement"] = "gnv2023", ["line"] = "2.1", ["amount"] = "24000000", ["key"] = "Halsoval",
            ["model"] = "2026", ["asOf"] = "2022-12-31",
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        var decider = await _factory.SignedInAsync("beslutsfattare@demo.local");
        var (section, count, sections) = await ToDoAsync(decider);

        Assert.Equal(["prepared-activities", "draft-distributions"], sections);
        Assert.Contains($"href=\"{activity}/beslut\">Insats 18 i God och nära vård 2023: Point-of-care-provtagning i ambulans</a>", section);
        Assert.Contains($"href=\"{saved.Headers.Location!.OriginalString}\">24 mkr till vårdenheterna 2023 (God och nära vård 2023, rad 2.1): 24\u00A0000\u00A0000\u00A0kr</a>", section);
        Assert.Equal((1, 1), (Items(section, "prepared-activities"), Items(section, "draft-distributions")));
        Assert.Equal(2, count);
        await AssertLinksOpenAsync(decider, section);
    }

    [Fact]
    public async Task An_officer_sees_the_drafts_missing_what_preparation_needs_and_the_readiness_of_reports_due_within_60_days()
    {
        // God och nära vård 2023's final report, due in 20 days: its readiness points are the officer's to do.
        await ExecuteSqlAsync($"UPDATE ReportingObligations SET DueDate = '{Today(20)}' WHERE Title LIKE 'Slutredovisning%' " +
                              "AND AgreementId = (SELECT Id FROM Agreements WHERE Code = 'gnv2023')");
        var officer = await _factory.SignedInAsync("handlaggare@demo.local");

        var (section, count, sections) = await ToDoAsync(officer);

        Assert.Equal(["incomplete-drafts", "readiness", "close-out", "unpaid-repayments", "overdue-unit-reports"], sections);
        // The seed's 23 activities are drafts without period and exit budget.
        Assert.Equal(23, Items(section, "incomplete-drafts"));
        Assert.Contains("Saknas för beredning: budget, ansvarig, period, exitbudget.", section);
        // Nr 1 has its 24 mkr; nr 16 and 17 name their responsible.
        Assert.Matches("Insats 1 i God och nära vård 2023:[^<]*</a>\\s*<div class=\"text-secondary\">Saknas för beredning: ansvarig, period, exitbudget\\.", section);
        Assert.Matches("Insats 17 i God och nära vård 2023:[^<]*</a>\\s*<div class=\"text-secondary\">Saknas för beredning: budget, period, exitbudget\\.", section);
        Assert.Equal(1, Items(section, "readiness"));
        Assert.Matches("Slutredovisning[^<]*, senast [0-9-]{10} \\(om 20 dagar\\): [0-9]+ saknas</a>", section);
        Assert.Contains("insatser saknar slutstatus", section);
        Assert.Equal(24, count);
        await AssertLinksOpenAsync(officer, section);
    }

    [Fact]
    public async Task An_economist_sees_each_booked_month_to_annotate_or_close_and_the_imports_refused_in_the_last_30_days()
    {
        _ = _factory.Services;
        var bad = Path.Combine(Path.GetTempPath(), $"trasig-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(bad, "Verifikation;Datum;Konto;Ansvar;Objekt;Belopp;Text\r\nA1;inte-ett-datum;5010;;9916;100;x\r\n");
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            var refused = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new ImportLedgerFileCommand(bad, "trasig.csv"));
            Assert.False(refused.Succeeded);
        }
        File.Delete(bad);
        var economist = await _factory.SignedInAsync("ekonom@demo.local");

        var (section, count, sections) = await ToDoAsync(economist);

        Assert.Equal(["unannotated-exceptions", "closable-months", "refused-imports", "close-out", "unpaid-repayments"], sections);
        // Demo mode's year books every month of 2023 and closes none: each month is either to annotate or to close.
        Assert.Equal(12, Items(section, "unannotated-exceptions") + Items(section, "closable-months"));
        Assert.Matches("href=\"/avstamning\\?avtal=gnv2023&(amp;)?manad=2023-12[^\"]*\">God och nära vård 2023 2023-12", section);
        Assert.Contains(">trasig.csv, ", section);
        Assert.Equal(1, Items(section, "refused-imports"));
        Assert.Equal(13, count);
        await AssertLinksOpenAsync(economist, section);
    }

    [Fact]
    public async Task A_provider_sees_its_own_due_items_and_not_another_providers()
    {
        var provider = await _factory.ProviderActivitiesAsync();
        await ExecuteSqlAsync(
            $"UPDATE Activities SET Status = 4, EndDate = '{Today(10)}' WHERE Id IN ({provider.Own}, {provider.Other}); " +
            $"UPDATE ReportingObligations SET DueDate = '{Today(30)}' WHERE Id = {provider.Obligation};");
        var utforare = await _factory.SignedInAsync("utforare@demo.local");

        var (section, count, sections) = await ToDoAsync(utforare);

        Assert.Equal(["provider-due", "own-unit-reports"], sections);
        Assert.Contains($"href=\"/insatser/{provider.Own}\"", section);
        Assert.DoesNotContain($"href=\"/insatser/{provider.Other}\"", section);
        Assert.Contains($"href=\"/deadlines/{provider.Obligation}\"", section);
        Assert.Equal(2, count);
        await AssertLinksOpenAsync(utforare, section);
    }

    [Fact]
    public async Task An_auditor_has_nothing_to_do_and_sees_what_changed_since_its_last_visit()
    {
        var first = await _factory.SignedInAsync("revisor@demo.local");
        var (firstSection, firstCount, firstSections) = await ToDoAsync(first);
        Assert.Equal(["since-last-visit"], firstSections);
        Assert.Contains("Det här är ditt första besök", firstSection);
        Assert.Equal(0, firstCount);

        // Between the visits an officer changes an activity's project code.
        var officer = await _factory.SignedInAsync("handlaggare@demo.local");
        var provider = await _factory.ProviderActivitiesAsync();
        var changed = await officer.PostFormAsync($"/insatser/{provider.Own}", $"/insatser/{provider.Own}/projektkod", new Dictionary<string, string>
        {
            ["version"] = (await VersionAsync(officer, $"/insatser/{provider.Own}")).ToString(), ["projectCode"] = "P4711",
        });
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);

        var again = await _factory.SignedInAsync("revisor@demo.local");
        var (section, count, sections) = await ToDoAsync(again);

        Assert.Equal(["since-last-visit"], sections);
        Assert.Contains("1 ändringar sedan", section);
        Assert.Contains("<li>Insats: 1</li>", section);
        Assert.Equal(0, count);
        await AssertLinksOpenAsync(again, section);
    }

    [Fact]
    public async Task Every_role_sees_only_its_own_sections()
    {
        var expected = new Dictionary<string, string[]>
        {
            ["beslutsfattare@demo.local"] = ["prepared-activities", "draft-distributions"],
            ["handlaggare@demo.local"] = ["incomplete-drafts", "readiness", "close-out", "unpaid-repayments", "overdue-unit-reports"],
            ["admin@demo.local"] = ["incomplete-drafts", "readiness", "close-out", "unpaid-repayments", "overdue-unit-reports"],
            ["ekonom@demo.local"] = ["unannotated-exceptions", "closable-months", "refused-imports", "close-out", "unpaid-repayments"],
            ["utforare@demo.local"] = ["provider-due", "own-unit-reports"],
            ["revisor@demo.local"] = ["since-last-visit"],
        };
        foreach (var (user, sections) in expected)
        {
            var (_, _, seen) = await ToDoAsync(await _factory.SignedInAsync(user));
            Assert.Equal(sections, seen);
            Assert.All(AllSections.Except(sections), other => Assert.DoesNotContain(other, seen));
        }
    }

    [GeneratedRegex("data-testid=\"nav-todo-count\">([0-9]+)<")]
    private static partial Regex NavCount();

    [GeneratedRegex("data-testid=\"todo-(?!count-)([a-z-]+)\"")]
    private static partial Regex SectionKey();

    [GeneratedRegex("href=\"(/[^\"#]*)")]
    private static partial Regex Link();
}
