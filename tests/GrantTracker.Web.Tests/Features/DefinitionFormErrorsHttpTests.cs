using System.Net;
using GrantTracker.Web.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using static GrantTracker.Web.Tests.Features.DefinitionHttp;

namespace GrantTracker.Web.Tests.Features;

/// <summary>
/// Every form of the definition shows all its errors at once, each next to its field, in Swedish, and a refused save keeps
/// what was typed (issue 22: "the new-agreement form showed one error per submit").
/// </summary>
public sealed class DefinitionFormErrorsHttpTests(GrantTrackerFactory factory) : IClassFixture<GrantTrackerFactory>
{
    private async Task<long> CountAsync(string table)
    {
        _ = factory.Services;
        await using var connection = new SqliteConnection($"Data Source={factory.DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {table}";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task One_post_of_the_new_agreement_form_with_five_mistakes_shows_every_message_next_to_its_field_and_keeps_the_typed_values()
    {
        var client = await factory.SignedInAsync("handlaggare@demo.local");
        var before = await CountAsync("Agreements");

        var response = await client.PostFormAsync("/overenskommelser/ny", "/overenskommelser/ny", new Dictionary<string, string>
        {
            ["Form.Code"] = "gnv2023",
            ["Form.Name"] = "",
            ["Form.Counterparty"] = "Staten och SKR",
            ["Form.Category"] = "två",
            ["Form.StartDate"] = "2025-01-01",
            ["Form.EndDate"] = "2024-12-31",
            ["Form.RegionAllocation"] = "tio miljoner",
            ["Form.DiaryNumber"] = new string('D', 61),
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal("Det finns redan en överenskommelse med koden gnv2023. Välj en annan kod.", ErrorFor(html, "Form.Code"));
        Assert.Equal("Ange överenskommelsens namn.", ErrorFor(html, "Form.Name"));
        Assert.Equal("Slutdatum kan inte ligga före startdatum.", ErrorFor(html, "Form.EndDate"));
        Assert.Equal("Regionens tilldelning ska vara ett belopp i kronor, till exempel 41 247 254 eller 1 234,50.", ErrorFor(html, "Form.RegionAllocation"));
        Assert.Equal("”två” går inte att läsa som kategori. Skriv om värdet.", ErrorFor(html, "Form.Category"));
        Assert.Equal("Diarienumret får vara högst 60 tecken.", ErrorFor(html, "Form.DiaryNumber"));
        Assert.Equal("gnv2023", ValueOf(html, "Form.Code"));
        Assert.Equal("tio miljoner", ValueOf(html, "Form.RegionAllocation"));
        Assert.Equal("2024-12-31", ValueOf(html, "Form.EndDate"));
        Assert.Equal("två", ValueOf(html, "Form.Category"));
        Assert.Equal(before, await CountAsync("Agreements"));
    }

    [Fact]
    public async Task Editing_an_agreement_with_a_bad_amount_shows_the_domains_refusals_in_the_same_answer_and_saves_nothing()
    {
        var client = await factory.SignedInAsync("handlaggare@demo.local");
        var (id, _, _) = await AgreementWithLineAsync(factory, "fel-redigera", "7601");
        var page = $"/overenskommelser/{id}/redigera";
        var version = VersionOn(await client.GetStringAsync(page));

        var response = await client.PostFormAsync(page, page, new Dictionary<string, string>
        {
            ["Form.Code"] = "fel-redigera",
            ["Form.Name"] = "Omdöpt",
            ["Form.Counterparty"] = "",
            ["Form.StartDate"] = "2025-01-01",
            ["Form.EndDate"] = "2024-06-30",
            ["Form.RegionAllocation"] = "10 000 000",
            ["Form.NationalTotal"] = "sex miljarder",
            ["Form.Version"] = version,
        });

        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Ange motpart, till exempel Staten och SKR.", ErrorFor(html, "Form.Counterparty"));
        Assert.Equal("Det nationella beloppet ska vara ett belopp i kronor, till exempel 41 247 254 eller 1 234,50.", ErrorFor(html, "Form.NationalTotal"));
        // Two of the domain's refusals on one field: both are shown, next to it.
        Assert.Equal("Slutdatum kan inte ligga före startdatum. Det finns fördelningsrader för år utanför den nya perioden. Ändra eller ta bort dem först.",
            ErrorFor(html, "Form.EndDate"));
        Assert.Equal("Omdöpt", ValueOf(html, "Form.Name"));
        Assert.Equal("sex miljarder", ValueOf(html, "Form.NationalTotal"));
        var details = await client.GetPageAsync($"/overenskommelser/{id}");
        Assert.Contains("Överenskommelse fel-redigera", details);
        Assert.Equal(version, VersionOn(await client.GetStringAsync(page)));
    }

    [Fact]
    public async Task The_area_form_shows_a_code_in_use_a_missing_name_and_an_amount_that_is_no_amount_at_once()
    {
        var client = await factory.SignedInAsync("handlaggare@demo.local");
        var (id, _, _) = await AgreementWithLineAsync(factory, "fel-omrade", "7602");
        var page = $"/overenskommelser/{id}/omraden/nytt";
        var version = VersionOn(await client.GetStringAsync(page));

        var response = await client.PostFormAsync(page, page, new Dictionary<string, string>
        {
            ["Form.Code"] = "2.1", ["Form.Name"] = "", ["Form.Amount"] = "en miljon", ["Form.Version"] = version,
        });

        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal("Koden 2.1 används redan av ett annat område i överenskommelsen. Välj en annan kod.", ErrorFor(html, "Form.Code"));
        Assert.Equal("Ange områdets namn.", ErrorFor(html, "Form.Name"));
        Assert.Equal("Beloppet ska vara ett belopp i kronor, till exempel 41 247 254 eller 1 234,50.", ErrorFor(html, "Form.Amount"));
        Assert.Equal("en miljon", ValueOf(html, "Form.Amount"));
        Assert.Single((await SendAsync(factory, new Application.Features.Agreements.GetAgreementQuery(id)))!.Areas);
    }

    [Fact]
    public async Task The_line_form_shows_a_code_in_use_a_year_outside_the_period_a_bad_cost_object_and_a_bad_amount_at_once()
    {
        var client = await factory.SignedInAsync("handlaggare@demo.local");
        var (id, area, _) = await AgreementWithLineAsync(factory, "fel-rad", "7603");
        var page = $"/overenskommelser/{id}/rader/ny";
        var version = VersionOn(await client.GetStringAsync(page));

        var response = await client.PostFormAsync(page, page, new Dictionary<string, string>
        {
            ["Form.AreaId"] = area.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Form.Code"] = "2.1.b",
            ["Form.Year"] = "2030",
            ["Form.Amount"] = "fem",
            ["Form.CostObjectCode"] = "99-16",
            ["Form.Earmarks[0].Name"] = "Landsbygd",
            ["Form.Earmarks[0].Amount"] = "100 000",
            ["Form.Version"] = version,
        });

        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal("Koden 2.1.b används redan av en annan rad i överenskommelsen. Välj en annan kod.", ErrorFor(html, "Form.Code"));
        Assert.Equal("Året måste ligga inom överenskommelsens period, 2024–2024.", ErrorFor(html, "Form.Year"));
        Assert.Equal("Beloppet ska vara ett belopp i kronor, till exempel 41 247 254 eller 1 234,50.", ErrorFor(html, "Form.Amount"));
        Assert.Equal("Ange kostnadsobjektet, 1–20 siffror eller bokstäver, till exempel 9916.", ErrorFor(html, "Form.CostObjectCode"));
        // The amount that is no amount stands in for nothing: no "varav more than the line" about it.
        Assert.Equal("", ErrorFor(html, "Form.Earmarks"));
        Assert.Equal("fem", ValueOf(html, "Form.Amount"));
        Assert.Equal("100 000", ValueOf(html, "Form.Earmarks[0].Amount"));
        var lines = (await SendAsync(factory, new Application.Features.Agreements.GetAgreementQuery(id)))!.AllAreas().SelectMany(a => a.Lines);
        Assert.Single(lines);
    }

    [Fact]
    public async Task A_form_without_mistakes_still_saves_and_says_so()
    {
        var client = await factory.SignedInAsync("handlaggare@demo.local");

        var response = await client.PostFormAsync("/overenskommelser/ny", "/overenskommelser/ny", new Dictionary<string, string>
        {
            ["Form.Code"] = "utan-fel", ["Form.Name"] = "Utan fel 2025", ["Form.Counterparty"] = "Staten och SKR",
            ["Form.StartDate"] = "2025-01-01", ["Form.EndDate"] = "2025-12-31", ["Form.RegionAllocation"] = "1 000 000",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("Överenskommelsen Utan fel 2025 är skapad.", await client.GetPageAsync(response.Headers.Location!.OriginalString));
    }
}
