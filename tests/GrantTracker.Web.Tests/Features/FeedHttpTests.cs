using System.Net;
using System.Text.Json;
using CsCheck;
using GrantTracker.Application.Features.Reconciliation;
using GrantTracker.Domain.Common;
using GrantTracker.Web.Tests.Infrastructure;
using Mediator;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace GrantTracker.Web.Tests.Features;

/// <summary>
/// The read feed under /odata (issue 27) over real HTTP, as the region's tools read it: with a personal access token, on the demo's
/// lived year (a ledger, closed months, a decided distribution to the units). Per entity set and per role, by content.
/// </summary>
public sealed class FeedHttpTests(FeedHttpTests.App app) : IClassFixture<FeedHttpTests.App>
{
    public sealed class App : IDisposable
    {
        public GrantTrackerFactory Factory { get; } = new() { DemoYear = true };

        public void Dispose() => Factory.Dispose();
    }

    public static readonly string[] Sets =
        ["Agreements", "Areas", "Lines", "CostObjects", "Activities", "MonthFigures", "Exceptions", "Distributions", "UnitAmounts", "Obligations", "RequirementAnswers"];

    /// <summary>The sets of the region's money and reporting, which an Utförare's pages do not show.</summary>
    private static readonly string[] RegionSets = ["Areas", "Lines", "MonthFigures", "Exceptions", "RequirementAnswers"];

    private static readonly string[] Users =
        ["admin@demo.local", "handlaggare@demo.local", "beslutsfattare@demo.local", "ekonom@demo.local", "utforare@demo.local", "revisor@demo.local"];

    private GrantTrackerFactory Factory => app.Factory;

    [Fact]
    public async Task The_service_document_and_the_metadata_name_every_entity_set_in_english()
    {
        var client = await FeedClients.ForAsync(Factory, "revisor@demo.local");
        var service = await JsonAsync(client, "/odata");
        Assert.Equal(Sets.Order(), service.GetProperty("value").EnumerateArray().Select(s => s.GetProperty("name").GetString()!).Order());

        var metadata = await client.GetStringAsync("/odata/$metadata");
        foreach (var set in Sets)
        {
            Assert.Contains($"<EntitySet Name=\"{set}\"", metadata);
        }
        Assert.Contains("<EntityType Name=\"MonthFigure\">", metadata);
        Assert.Contains("<Property Name=\"BookedToDate\" Type=\"Edm.Decimal\"", metadata);
        Assert.Contains("<Property Name=\"DueDate\" Type=\"Edm.Date\"", metadata);
    }

    [Fact]
    public async Task Without_a_valid_token_every_feed_endpoint_answers_401_with_the_Basic_challenge_and_a_cookie_gets_no_further()
    {
        var anonymous = Factory.CreateBrowserlessClient();
        var signedIn = await Factory.SignedInAsync("admin@demo.local");
        var wrong = Factory.CreateBrowserlessClient();
        wrong.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "gt_" + new string('A', 43));
        foreach (var client in new[] { anonymous, signedIn, wrong })
        {
            foreach (var url in new[] { "/odata", "/odata/$metadata", "/odata/MonthFigures", "/odata/Agreements/$count", "/odata/UnitAmounts?$expand=Nope" })
            {
                using var response = await client.GetAsync(url);
                Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{url}: {(int)response.StatusCode}");
                Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Basic");
                Assert.DoesNotContain("<html", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
            }
        }
    }

    [Fact]
    public async Task Excel_and_Power_BI_authenticate_with_Basic_and_the_token_as_password()
    {
        var basic = await FeedClients.BasicAsync(Factory, "handlaggare@demo.local");
        var agreements = await JsonAsync(basic, "/odata/Agreements?$select=Code");
        Assert.Contains(agreements.GetProperty("value").EnumerateArray(), a => a.GetProperty("Code").GetString() == "gnv2023");
    }

    [Fact]
    public async Task A_revoked_token_stops_reading_the_feed_at_once()
    {
        var signedIn = await Factory.SignedInAsync("ekonom@demo.local");
        var token = await FeedClients.TokenAsync(Factory, "ekonom@demo.local", "Återkallas");
        var feed = Factory.CreateBrowserlessClient();
        feed.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await feed.GetAsync("/odata/MonthFigures?$top=1")).StatusCode);

        var list = await signedIn.GetPageAsync("/konto/token");
        // The newest of the Ekonom's tokens: this one.
        var id = System.Text.RegularExpressions.Regex.Matches(list, "action=\"/konto/token/(\\d+)/aterkalla\"").Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).Max();
        var revoke = $"/konto/token/{id}/aterkalla";
        var revoked = await signedIn.PostFormAsync("/konto/token", revoke, new Dictionary<string, string>());
        Assert.True((int)revoked.StatusCode is 200 or 302, $"revoke: {(int)revoked.StatusCode}");

        Assert.Equal(HttpStatusCode.Unauthorized, (await feed.GetAsync("/odata/MonthFigures?$top=1")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await feed.GetAsync("/odata/$metadata")).StatusCode);
    }

    [Fact]
    public async Task Past_its_limit_a_token_gets_429_with_Retry_After_and_another_token_still_reads()
    {
        using var limited = Factory.WithWebHostBuilder(b => b.UseSetting("Feed:RateLimit:PermitLimit", "3").UseSetting("Feed:RateLimit:WindowSeconds", "600"));
        var busy = await FeedClients.ForAsync(limited, "revisor@demo.local");
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await busy.GetAsync("/odata/MonthFigures?$top=10")).StatusCode);
        }
        using var refused = await busy.GetAsync("/odata/MonthFigures?$top=10");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After in seconds");
        Assert.Contains("Vänta", await refused.Content.ReadAsStringAsync());

        var other = await FeedClients.ForAsync(limited, "revisor@demo.local");
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/odata/MonthFigures?$top=10")).StatusCode);
    }

    [Fact]
    public async Task A_kept_answer_is_each_readers_own_and_never_older_than_the_data()
    {
        var revisor = await FeedClients.ForAsync(Factory, "revisor@demo.local");
        var provider = await FeedClients.ForAsync(Factory, "utforare@demo.local");
        const string agreements = "/odata/Agreements?$expand=Lines&$filter=Code eq 'gnv2023'";
        var cache = Factory.Services.GetRequiredService<GrantTracker.Web.Features.Feed.FeedAnswerCache>();

        // The same request, three times each: after the first (each token's first use of the day is audited, which moves the data's
        // id once), the kept answer, and each reader's is its own.
        var before = cache.Hits;
        for (var i = 0; i < 3; i++)
        {
            var region = (await JsonAsync(revisor, agreements)).GetProperty("value")[0];
            Assert.NotEmpty(region.GetProperty("Lines").EnumerateArray());
            Assert.Equal(75_422_690m, region.GetProperty("RegionAllocation").GetDecimal());
            var own = (await JsonAsync(provider, agreements)).GetProperty("value")[0];
            Assert.Empty(own.GetProperty("Lines").EnumerateArray());
            Assert.Equal(JsonValueKind.Null, own.GetProperty("RegionAllocation").ValueKind);
        }
        var hits = cache.Hits - before;
        Assert.True(hits >= 3, $"kept answers given: {hits}");

        // A change (audited) and the next answer states it.
        var activity = (await JsonAsync(revisor, "/odata/Activities?$top=1&$orderby=Id&$select=Id,ProjectCode")).GetProperty("value")[0];
        var id = activity.GetProperty("Id").GetInt32();
        using (var scope = Factory.Services.CreateScope())
        {
            var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
            var version = (await mediator.Send(new GrantTracker.Application.Features.Activities.GetActivityQuery(id)))!.Version;
            var set = await mediator.Send(new GrantTracker.Application.Features.Activities.SetProjectCodeCommand(id, version, "FEED-1"));
            Assert.True(set.Succeeded, string.Join(" ", set.Errors.Select(e => e.Message)));
        }
        var after = (await JsonAsync(revisor, "/odata/Activities?$top=1&$orderby=Id&$select=Id,ProjectCode")).GetProperty("value")[0];
        Assert.Equal("FEED-1", after.GetProperty("ProjectCode").GetString());
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_every_entity_set_with_its_query_options()
    {
        var signedIn = await Factory.SignedInAsync("ekonom@demo.local");
        var document = JsonDocument.Parse(await signedIn.GetStringAsync("/openapi/v1.json")).RootElement;
        var paths = document.GetProperty("paths");
        foreach (var set in Sets)
        {
            var get = paths.GetProperty($"/odata/{set}").GetProperty("get");
            var parameters = get.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToList();
            Assert.Contains("$filter", parameters);
            Assert.Contains("$top", parameters);
            Assert.Contains("$count", parameters);
        }
        Assert.True(document.GetProperty("components").GetProperty("schemas").TryGetProperty("MonthFigure", out var figure));
        Assert.Equal("decimal", figure.GetProperty("properties").GetProperty("BookedToDate").GetProperty("format").GetString());
    }

    [Fact]
    public async Task Every_entity_set_answers_every_role_with_what_its_pages_show()
    {
        var counts = await DatabaseCountsAsync();
        foreach (var user in Users)
        {
            var client = await FeedClients.ForAsync(Factory, user);
            foreach (var set in Sets)
            {
                using var response = await client.GetAsync($"/odata/{set}?$count=true");
                var body = await response.Content.ReadAsStringAsync();
                if (user == "utforare@demo.local" && RegionSets.Contains(set))
                {
                    Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
                    Assert.Contains("visas inte för rollen Utförare", JsonDocument.Parse(body).RootElement.GetProperty("error").GetProperty("message").GetString());
                    continue;
                }
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{user} {set}: {(int)response.StatusCode} {body}");
                var json = JsonDocument.Parse(body).RootElement;
                var count = json.GetProperty("@odata.count").GetInt32();
                Assert.Equal(count, json.GetProperty("value").GetArrayLength());
                if (user != "utforare@demo.local" && counts.TryGetValue(set, out var expected))
                {
                    Assert.True(expected == count, $"{user} {set}: {count} in the feed, {expected} in the database");
                }
            }
        }
    }

    [Fact]
    public async Task The_region_reads_the_whole_record_with_amounts_as_decimals_and_dates_as_iso_dates()
    {
        var client = await FeedClients.ForAsync(Factory, "ekonom@demo.local");
        var agreement = (await JsonAsync(client, "/odata/Agreements?$filter=Code eq 'gnv2023'&$expand=Lines($select=Code,Amount),Areas,CostObjects,Obligations"))
            .GetProperty("value").EnumerateArray().Single();
        Assert.Equal(75_422_690m, agreement.GetProperty("RegionAllocation").GetDecimal());
        Assert.Equal(6_394_500_000m, agreement.GetProperty("NationalTotal").GetDecimal());
        Assert.Equal("2023-01-01", agreement.GetProperty("StartDate").GetString());
        var lines = agreement.GetProperty("Lines").EnumerateArray().ToList();
        Assert.Contains(lines, l => l.GetProperty("Code").GetString() == "2.1" && l.GetProperty("Amount").GetDecimal() == 41_247_254m);
        Assert.Equal(agreement.GetProperty("RegionAllocation").GetDecimal(), lines.Sum(l => l.GetProperty("Amount").GetDecimal()));
        Assert.NotEmpty(agreement.GetProperty("CostObjects").EnumerateArray());
        Assert.NotEmpty(agreement.GetProperty("Obligations").EnumerateArray());

        var activity = (await JsonAsync(client, "/odata/Activities?$filter=Status eq 'Beslutad' or Status eq 'Pågående'&$top=1&$select=Number,Status,DecidedAmount,PlannedAmount,TotalBudget,Budgets"))
            .GetProperty("value").EnumerateArray().Single();
        Assert.Equal(activity.GetProperty("TotalBudget").GetDecimal(), activity.GetProperty("DecidedAmount").GetDecimal());
        Assert.Equal(0m, activity.GetProperty("PlannedAmount").GetDecimal());
        Assert.Equal(activity.GetProperty("TotalBudget").GetDecimal(), activity.GetProperty("Budgets").EnumerateArray().Sum(b => b.GetProperty("Amount").GetDecimal()));
    }

    [Fact]
    public async Task Month_figures_state_what_Avstamning_shows_for_each_line_and_month()
    {
        var client = await FeedClients.ForAsync(Factory, "revisor@demo.local");
        var figures = (await JsonAsync(client, "/odata/MonthFigures?$filter=AgreementCode eq 'gnv2023'&$orderby=Month,LineCode"))
            .GetProperty("value").EnumerateArray().ToList();
        Assert.NotEmpty(figures);
        using var scope = Factory.Services.CreateScope();
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
        foreach (var month in figures.Select(f => f.GetProperty("Month").GetString()!).Distinct())
        {
            var r = (await mediator.Send(new ReconcileQuery("gnv2023", YearMonth.Parse(month))))!;
            var ofMonth = figures.Where(f => f.GetProperty("Month").GetString() == month).ToList();
            Assert.Equal(r.Lines.Count, ofMonth.Count);
            foreach (var line in r.Lines)
            {
                var f = ofMonth.Single(x => x.GetProperty("LineId").GetInt32() == line.LineId);
                Assert.Equal(line.Figures.Allocated, f.GetProperty("Allocated").GetDecimal());
                Assert.Equal(line.Figures.BookedInMonth, f.GetProperty("BookedInMonth").GetDecimal());
                Assert.Equal(line.Figures.BookedToDate, f.GetProperty("BookedToDate").GetDecimal());
                Assert.Equal(line.Figures.Forecast, f.GetProperty("Forecast").GetDecimal());
                Assert.Equal(line.Figures.Remaining, f.GetProperty("Remaining").GetDecimal());
                Assert.Equal(r.Close.Closed, f.GetProperty("MonthClosed").GetBoolean());
            }
        }
    }

    [Fact]
    public async Task An_Utforare_never_gets_another_units_or_performers_name_or_amount_through_filter_expand_or_paging()
    {
        var provider = await Factory.ProviderActivitiesAsync();
        var (own, others) = await UnitsAsync();
        Assert.NotEmpty(own);
        Assert.NotEmpty(others);
        var client = await FeedClients.ForAsync(Factory, "utforare@demo.local");
        string[] urls =
        [
            .. Sets.Where(s => !RegionSets.Contains(s)).Select(s => $"/odata/{s}"),
            "/odata/Agreements?$expand=Areas,Lines,CostObjects,Obligations",
            "/odata/Distributions?$expand=UnitAmounts",
            "/odata/Distributions?$filter=Amount gt 0&$expand=UnitAmounts($filter=Amount gt 0)",
            "/odata/UnitAmounts?$filter=OrganisationNumber ne '0000000000'",
            $"/odata/UnitAmounts?$filter=UnitName eq '{others[0].Name}'",
            "/odata/Activities?$filter=PerformerName ne null",
            $"/odata/Activities?$filter=PerformerName eq '{GrantTrackerFactory.OtherPerformer}'",
            "/odata/Agreements?$filter=Lines/any(l: l/Amount gt 0)",
            "/odata/UnitAmounts?$orderby=Amount desc",
        ];
        var bodies = new List<string>();
        foreach (var url in urls)
        {
            bodies.AddRange(await AllPagesAsync(client, url, pageSize: 1));
        }
        var all = string.Join("\n", bodies);
        foreach (var unit in others)
        {
            Assert.DoesNotContain(unit.Name, all);
            Assert.DoesNotContain(unit.Code, all);
        }
        Assert.DoesNotContain(GrantTrackerFactory.OtherPerformer, all);
        Assert.DoesNotContain(provider.OtherMeasure, all);
        Assert.Contains(provider.OwnMeasure, all);

        // What it does get is its own: its units at their amounts, each distribution at the sum of its own units, no region money.
        var units = (await JsonAsync(client, "/odata/UnitAmounts")).GetProperty("value").EnumerateArray().ToList();
        Assert.NotEmpty(units);
        Assert.All(units, u => Assert.Contains(own, o => o.Code == u.GetProperty("UnitCode").GetString() && o.Amount == u.GetProperty("Amount").GetDecimal()));
        foreach (var d in (await JsonAsync(client, "/odata/Distributions?$expand=UnitAmounts")).GetProperty("value").EnumerateArray())
        {
            Assert.Equal(d.GetProperty("UnitAmounts").EnumerateArray().Sum(u => u.GetProperty("Amount").GetDecimal()), d.GetProperty("Amount").GetDecimal());
            Assert.DoesNotContain(others, o => o.Amount == d.GetProperty("Amount").GetDecimal() && own.All(x => x.Amount != o.Amount));
        }
        foreach (var a in (await JsonAsync(client, "/odata/Agreements?$expand=Areas,Lines")).GetProperty("value").EnumerateArray())
        {
            Assert.Equal(JsonValueKind.Null, a.GetProperty("RegionAllocation").ValueKind);
            Assert.Equal(JsonValueKind.Null, a.GetProperty("NationalTotal").ValueKind);
            Assert.Empty(a.GetProperty("Lines").EnumerateArray());
            Assert.Empty(a.GetProperty("Areas").EnumerateArray());
        }
    }

    [Fact]
    public async Task Following_next_links_reads_every_entity_exactly_once_whatever_the_page_size_and_order()
    {
        var client = await FeedClients.ForAsync(Factory, "revisor@demo.local");
        var orders = new Dictionary<string, string[]>
        {
            ["Agreements"] = ["Code", "StartDate desc"], ["Areas"] = ["Code", "Amount desc"], ["Lines"] = ["Amount desc", "Year"],
            ["CostObjects"] = ["Code desc", "FirstDay"], ["Activities"] = ["Status", "TotalBudget desc"], ["MonthFigures"] = ["Month desc", "Allocated"],
            ["Exceptions"] = ["Amount desc", "Kind"], ["Distributions"] = ["Amount"], ["UnitAmounts"] = ["Amount desc", "UnitName"],
            ["Obligations"] = ["DueDate", "Status desc"], ["RequirementAnswers"] = ["Year desc", "RequirementCode"],
        };
        var everything = new Dictionary<string, List<string>>();
        foreach (var set in Sets)
        {
            everything[set] = Ids(await JsonAsync(client, $"/odata/{set}"));
            Assert.Equal(everything[set].Count, everything[set].Distinct().Count());
        }
        await Gen.Select(Gen.Int[0, Sets.Length - 1], Gen.Int[1, 40], Gen.Int[0, 2]).SampleAsync(async t =>
        {
            var (index, size, order) = t;
            var set = Sets[index];
            var url = order == 2 ? $"/odata/{set}" : $"/odata/{set}?$orderby={orders[set][order % orders[set].Length]}";
            var ids = new List<string>();
            foreach (var page in await AllPagesAsync(client, url, size))
            {
                var json = JsonDocument.Parse(page).RootElement;
                Assert.True(json.GetProperty("value").GetArrayLength() <= size);
                ids.AddRange(Ids(json));
            }
            Assert.True(ids.Count == ids.Distinct().Count(), $"{url} in pages of {size}: an entity came twice");
            Assert.Equal(everything[set].Order(), ids.Order());
        }, iter: 60, threads: 1);
    }

    [Theory]
    [InlineData("/odata/MonthFigures?$filter=Allocated gtt 5", "Syntax error")]
    [InlineData("/odata/MonthFigures?$filter=Nope eq 1", "Nope")]
    [InlineData("/odata/Activities?$select=Measure,Nope", "Nope")]
    [InlineData("/odata/Agreements?$orderby=Nope", "Nope")]
    [InlineData("/odata/Agreements?$expand=Nope", "Nope")]
    [InlineData("/odata/Agreements?$expand=Lines($expand=Area)", "Area")]
    [InlineData("/odata/MonthFigures?$top=1001", "1000")]
    [InlineData("/odata/MonthFigures?$top=-1", "top")]
    [InlineData("/odata/MonthFigures?$skip=x", "skip")]
    [InlineData("/odata/MonthFigures?$apply=aggregate(Allocated with sum as T)", "Apply")]
    [InlineData("/odata/Activities?$filter=Budgets/any(b: b/Amount gt 'x')", "")]
    public async Task A_bad_query_answers_400_with_what_was_wrong_and_every_set_still_answers(string url, string says)
    {
        var client = await FeedClients.ForAsync(Factory, "ekonom@demo.local");
        using var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{url}: {(int)response.StatusCode} {body}");
        var message = JsonDocument.Parse(body).RootElement.GetProperty("error").GetProperty("message").GetString()!;
        Assert.StartsWith("Frågan i adressen är ogiltig", message);
        Assert.Contains(says, message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("   at ", body); // no stack trace
        foreach (var set in Sets)
        {
            using var after = await client.GetAsync($"/odata/{set}?$top=1");
            Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        }
    }

    [Fact]
    public async Task The_feed_never_writes()
    {
        var client = await FeedClients.ForAsync(Factory, "admin@demo.local");
        var before = await AuditCountAsync();
        foreach (var method in new[] { HttpMethod.Post, HttpMethod.Put, HttpMethod.Patch, HttpMethod.Delete })
        {
            foreach (var url in new[] { "/odata/Agreements", "/odata/Activities", "/odata/Agreements(1)" })
            {
                using var request = new HttpRequestMessage(method, url) { Content = new StringContent("{\"Name\":\"x\"}", System.Text.Encoding.UTF8, "application/json") };
                using var response = await client.SendAsync(request);
                Assert.True(response.StatusCode == HttpStatusCode.MethodNotAllowed, $"{method} {url}: {(int)response.StatusCode}");
                Assert.Contains("GET", response.Content.Headers.Allow);
            }
        }
        Assert.Equal(before, await AuditCountAsync());
    }

    private static List<string> Ids(JsonElement json) =>
        json.GetProperty("value").EnumerateArray().Select(e => e.GetProperty("Id").ToString()).ToList();

    /// <summary>Every page of a set as a client reads it: asks for pages of at most <paramref name="pageSize"/> and follows @odata.nextLink.</summary>
    internal static async Task<List<string>> AllPagesAsync(HttpClient client, string url, int pageSize)
    {
        var pages = new List<string>();
        string? next = url;
        while (next is not null)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, next);
            request.Headers.Add("Prefer", $"odata.maxpagesize={pageSize}");
            using var response = await client.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{next}: {(int)response.StatusCode} {body}");
            pages.Add(body);
            next = JsonDocument.Parse(body).RootElement.TryGetProperty("@odata.nextLink", out var link) ? new Uri(link.GetString()!).PathAndQuery : null;
            Assert.True(pages.Count < 10_000, "paging does not end");
        }
        return pages;
    }

    private static async Task<JsonElement> JsonAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private sealed record Unit(string Code, string Name, decimal Amount);

    /// <summary>The demo Utförare's units (by its organisation numbers) and every other unit of a distribution.</summary>
    private async Task<(List<Unit> Own, List<Unit> Others)> UnitsAsync()
    {
        using var connection = new SqliteConnection($"Data Source={Factory.DatabasePath};Pooling=False");
        await connection.OpenAsync();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT r.UnitCode, r.Name, r.Amount,
                   r.OrganisationNumber IN (SELECT OrganisationNumber FROM ProviderOrganisations p JOIN AspNetUsers u ON u.Id = p.UserId WHERE u.Email = 'utforare@demo.local')
            FROM DistributionRow r
            """;
        var own = new List<Unit>();
        var others = new List<Unit>();
        using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var unit = new Unit(reader.GetString(0), reader.GetString(1), reader.GetInt64(2) / 100m); // amounts are kept in öre (ADR 3)
            (reader.GetBoolean(3) ? own : others).Add(unit);
        }
        return (own, others.Where(o => own.All(x => x.Name != o.Name)).ToList());
    }

    private async Task<Dictionary<string, int>> DatabaseCountsAsync()
    {
        using var connection = new SqliteConnection($"Data Source={Factory.DatabasePath};Pooling=False");
        await connection.OpenAsync();
        int Count(string sql)
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }
        return new Dictionary<string, int>
        {
            ["Agreements"] = Count("SELECT COUNT(*) FROM Agreements"),
            ["Areas"] = Count("SELECT COUNT(*) FROM DevelopmentAreas"),
            ["Lines"] = Count("SELECT COUNT(*) FROM AllocationLines"),
            ["CostObjects"] = Count("SELECT COUNT(*) FROM CostObjectPeriods"),
            ["Activities"] = Count("SELECT COUNT(*) FROM Activities"),
            ["Distributions"] = Count("SELECT COUNT(*) FROM Distributions"),
            ["UnitAmounts"] = Count("SELECT COUNT(*) FROM DistributionRow"),
            ["Obligations"] = Count("SELECT COUNT(*) FROM ReportingObligations o JOIN Agreements a ON a.Id = o.AgreementId WHERE a.Status <> 'Utkast'"),
            ["RequirementAnswers"] = Count("SELECT COUNT(*) FROM RequirementAnswers"),
        };
    }

    private async Task<long> AuditCountAsync()
    {
        using var connection = new SqliteConnection($"Data Source={Factory.DatabasePath};Pooling=False");
        await connection.OpenAsync();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM AuditEntries";
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
