using System.Net;
using ClosedXML.Excel;
using GrantTracker.Application.Features.Reconciliation;
using GrantTracker.Domain.Common;
using GrantTracker.Web.Tests.Infrastructure;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace GrantTracker.Web.Tests.Features;

/// <summary>Rapporter over real HTTP on the demo ledger: page, print view and workbook show the reconciliation's figures.</summary>
public sealed class ReportHttpTests : IDisposable
{
    private const string Final = "/rapporter/slutredovisning?avtal=gnv2023&ar=2023";
    private readonly GrantTrackerFactory _factory = new() { DemoLedger = true };

    public void Dispose() => _factory.Dispose();

    private async Task<ReconciliationResult> YearAsync()
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new ReconcileQuery("gnv2023", new YearMonth(2023, 12))))!;
    }

    [Fact]
    public async Task An_auditor_reads_the_final_report_as_a_page_a_print_view_and_a_workbook_with_the_same_figures()
    {
        var revisor = await _factory.SignedInAsync("revisor@demo.local");
        var year = await YearAsync();

        var page = await revisor.GetPageAsync(Final);
        Assert.Contains("Slutredovisning God och nära vård 2023", page);
        Assert.Contains(Money.Format(year.Totals.Booked), page);
        Assert.Contains("Beslut om outnyttjade medel för 2023 saknas", page);
        Assert.DoesNotContain("Registrera beslut", page); // an auditor changes nothing

        var print = await revisor.GetPageAsync(Final + "&format=utskrift");
        Assert.Contains("@page", print);
        Assert.Contains("counter(page)", print);
        Assert.Contains("Region Jämtland Härjedalen", print);
        Assert.Contains(Money.Format(year.Totals.Booked), print);
        // Not ready to send (the demo year has open months): the print view says so in its header, on every page's
        // footer, and lists what is missing first; so does the workbook, on every sheet.
        Assert.Contains("data-testid=\"draft-mark\">UTKAST – ej klar för inlämning<", print);
        Assert.Contains("content: \"UTKAST – ej klar för inlämning · Region Jämtland Härjedalen", print);
        Assert.Contains("Att åtgärda före inlämning", print);

        var excel = await revisor.GetAsync(Final + "&format=excel");
        Assert.Equal(HttpStatusCode.OK, excel.StatusCode);
        Assert.Equal("slutredovisning-gnv2023-2023.xlsx", excel.Content.Headers.ContentDisposition!.FileNameStar ?? excel.Content.Headers.ContentDisposition.FileName);
        using var workbook = new XLWorkbook(await excel.Content.ReadAsStreamAsync());
        var total = workbook.Worksheet("Översikt").RowsUsed().Last();
        Assert.Equal((double)year.Totals.Booked, total.Cell(6).GetDouble(), 2);
        Assert.StartsWith("UTKAST – ej klar för inlämning", workbook.Worksheet("Översikt").Cell(1, 1).GetString());
    }

    [Fact]
    public async Task An_officer_records_the_unused_funds_decision_and_the_report_shows_it()
    {
        var officer = await _factory.SignedInAsync("handlaggare@demo.local");

        var bad = await officer.PostFormAsync(Final, "/rapporter/slutredovisning/outnyttjat",
            new Dictionary<string, string> { ["avtal"] = "gnv2023", ["ar"] = "2023", ["amount"] = "mycket", ["outcome"] = "Aterbetalas", ["reference"] = "x" });
        Assert.Equal(HttpStatusCode.Redirect, bad.StatusCode);
        Assert.Contains("ska vara ett belopp i kronor", await officer.GetPageAsync(Final));

        await officer.PostFormAsync(Final, "/rapporter/slutredovisning/outnyttjat", new Dictionary<string, string>
        {
            ["avtal"] = "gnv2023", ["ar"] = "2023", ["amount"] = "1 234 567,89", ["outcome"] = "Aterbetalas", ["paidOn"] = "2024-03-28", ["reference"] = "Kammarkollegiet 2024/55",
        });

        var page = await officer.GetPageAsync(Final);
        Assert.Contains("Kammarkollegiet 2024/55", page);
        Assert.Contains(Money.Format(1_234_567.89m), page);
        Assert.DoesNotContain("Beslut om outnyttjade medel för 2023 saknas", page);
    }

    [Fact]
    public async Task Only_an_officer_records_a_decision_and_the_monthly_report_and_action_plan_render()
    {
        var ekonom = await _factory.SignedInAsync("ekonom@demo.local");
        var refused = await ekonom.PostFormAsync(Final, "/rapporter/slutredovisning/outnyttjat",
            new Dictionary<string, string> { ["avtal"] = "gnv2023", ["ar"] = "2023", ["amount"] = "1", ["outcome"] = "Aterbetalas", ["reference"] = "x" });
        Assert.StartsWith("/konto/nekad", refused.Headers.Location!.PathAndQuery);

        var index = await ekonom.GetPageAsync("/rapporter");
        Assert.Contains("Slutredovisning 2023", index);
        var monthly = await ekonom.GetPageAsync("/rapporter/avstamning?avtal=gnv2023&typ=manad&manad=2023-06");
        Assert.Contains("Månadsrapport God och nära vård 2023", monthly);
        Assert.Contains("till och med 2023-06", monthly);
        var tertial = await ekonom.GetAsync("/rapporter/avstamning?avtal=gnv2023&typ=tertial&ar=2023&format=excel");
        Assert.Equal(HttpStatusCode.OK, tertial.StatusCode);
        var plan = await ekonom.GetPageAsync("/rapporter/handlingsplan?avtal=patientmiljarden");
        Assert.Contains("Handlingsplan Patientmiljarden", plan);
        Assert.Equal(HttpStatusCode.BadRequest, (await ekonom.GetAsync("/rapporter/avstamning?avtal=gnv2023&typ=okand&ar=2023")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ekonom.GetAsync("/rapporter/handlingsplan?avtal=finns-inte")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ekonom.GetAsync("/rapporter/slutredovisning?avtal=gnv2023&ar=2031")).StatusCode);
    }
}

/// <summary>An Utförare (provider) may not read the region's or other providers' figures.</summary>
public sealed class ProviderAccessTests(GrantTrackerFactory factory) : IClassFixture<GrantTrackerFactory>
{
    [Theory]
    [InlineData("/rapporter")]
    [InlineData("/rapporter/slutredovisning?avtal=gnv2023&ar=2023")]
    [InlineData("/rapporter/slutredovisning?avtal=gnv2023&ar=2023&format=excel")]
    [InlineData("/avstamning?avtal=gnv2023")]
    [InlineData("/avstamning/rader?avtal=gnv2023&manad=2023-03&rad=1")]
    [InlineData("/kostnader")]
    [InlineData("/kostnader/excel?ar=2023")]
    [InlineData("/avstamning/rader/excel?avtal=gnv2023&manad=2023-03&rad=1")]
    public async Task A_provider_is_refused_the_regions_figures(string url)
    {
        var utforare = await factory.SignedInAsync("utforare@demo.local");

        var response = await utforare.GetAsync(url);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/konto/nekad", response.Headers.Location!.PathAndQuery);
        Assert.DoesNotContain("href=\"/rapporter\"", await utforare.GetStringAsync("/"));
    }

    [Fact]
    public async Task An_auditor_reads_the_reports()
    {
        var revisor = await factory.SignedInAsync("revisor@demo.local");

        Assert.Equal(HttpStatusCode.OK, (await revisor.GetAsync("/rapporter")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await revisor.GetAsync("/rapporter/handlingsplan?avtal=patientmiljarden&format=excel")).StatusCode);
    }
}

/// <summary>An Utförare reads only the activities it performs.</summary>
public sealed class ProviderActivityTests : IDisposable
{
    private readonly GrantTrackerFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task A_provider_sees_its_own_activities_and_not_another_providers()
    {
        int own, other;
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_factory.DatabasePath};Pooling=False"))
        {
            await _factory.SignedInAsync("admin@demo.local"); // the app has started and seeded
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT Id FROM Activities ORDER BY Id LIMIT 2";
            using (var reader = command.ExecuteReader())
            {
                reader.Read(); own = reader.GetInt32(0);
                reader.Read(); other = reader.GetInt32(0);
            }
            command.CommandText = $"UPDATE Activities SET PerformerName = 'Ulf Utförare' WHERE Id = {own}; UPDATE Activities SET PerformerName = 'Annan Vårdgivare AB' WHERE Id = {other};";
            command.ExecuteNonQuery();
        }
        var utforare = await _factory.SignedInAsync("utforare@demo.local");

        var list = await utforare.GetPageAsync("/insatser?OnlyPerformer=Annan%20V%C3%A5rdgivare%20AB");

        Assert.Contains($"href=\"/insatser/{own}\"", list);
        Assert.DoesNotContain($"href=\"/insatser/{other}\"", list);
        Assert.Equal(HttpStatusCode.OK, (await utforare.GetAsync($"/insatser/{own}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await utforare.GetAsync($"/insatser/{other}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await utforare.GetAsync($"/insatser/{other}/beslutsunderlag")).StatusCode);
        var handlaggare = await _factory.SignedInAsync("handlaggare@demo.local");
        Assert.Contains($"href=\"/insatser/{other}\"", await handlaggare.GetPageAsync("/insatser"));
    }

    [Fact]
    public async Task The_officer_is_offered_the_provider_accounts_and_warned_when_no_provider_has_the_performers_name()
    {
        int own, other, regional;
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_factory.DatabasePath};Pooling=False"))
        {
            await _factory.SignedInAsync("admin@demo.local"); // the app has started and seeded
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT Id FROM Activities ORDER BY Id LIMIT 3";
            using (var reader = command.ExecuteReader())
            {
                reader.Read(); own = reader.GetInt32(0);
                reader.Read(); other = reader.GetInt32(0);
                reader.Read(); regional = reader.GetInt32(0);
            }
            command.CommandText =
                $"UPDATE Activities SET PerformerName = 'Ulf Utförare', PerformerKind = 2 WHERE Id = {own}; " +
                $"UPDATE Activities SET PerformerName = 'Ulf Utforare', PerformerKind = 2 WHERE Id = {other}; " +
                $"UPDATE Activities SET PerformerName = 'Hälsocentralen Frösön', PerformerKind = 0 WHERE Id = {regional};";
            command.ExecuteNonQuery();
        }
        var officer = await _factory.SignedInAsync("handlaggare@demo.local");

        Assert.Contains("<option value=\"Ulf Utförare\"></option>", await officer.GetPageAsync($"/insatser/{other}/redigera"));
        Assert.DoesNotContain("performer-without-account", await officer.GetPageAsync($"/insatser/{own}"));
        var misspelt = await officer.GetPageAsync($"/insatser/{other}");
        Assert.Contains("data-testid=\"performer-without-account\"", misspelt);
        Assert.Contains("Ingen användare med rollen Utförare heter ”Ulf Utforare”", misspelt);
        // The region's own units have no provider accounts: no warning for them.
        Assert.DoesNotContain("performer-without-account", await officer.GetPageAsync($"/insatser/{regional}"));
        // The provider itself is not told about accounts.
        var utforare = await _factory.SignedInAsync("utforare@demo.local");
        Assert.DoesNotContain("performer-without-account", await utforare.GetPageAsync($"/insatser/{own}"));
    }
}
