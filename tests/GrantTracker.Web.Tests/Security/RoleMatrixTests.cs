using System.Net;
using System.Text;
using GrantTracker.Application.Features.Deadlines;
using GrantTracker.Application.Features.Ledger;
using GrantTracker.Domain.Ledger;
using GrantTracker.Web.Tests.Infrastructure;
using Mediator;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace GrantTracker.Web.Tests.Security;

/// <summary>
/// Drives <see cref="RoleMatrix"/>: every row as each of the six roles and anonymously, with real ids, and every
/// endpoint the app routes must have a row.
/// </summary>
public sealed class RoleMatrixTests(GrantTrackerFactory factory) : IClassFixture<GrantTrackerFactory>
{
    private static readonly string[] Users =
        ["admin@demo.local", "handlaggare@demo.local", "beslutsfattare@demo.local", "ekonom@demo.local", "utforare@demo.local", "revisor@demo.local"];

    [Fact]
    public void Every_endpoint_the_app_routes_has_a_row_in_the_matrix_and_every_row_an_endpoint()
    {
        var routed = RoutedEndpoints();
        var named = RoleMatrix.Rows.Select(r => Key(r.Method, r.Template)).ToHashSet(StringComparer.Ordinal);

        var missing = routed.Where(e => !named.Contains(e)).Order(StringComparer.Ordinal).ToList();
        var stale = named.Where(n => !routed.Contains(n)).Order(StringComparer.Ordinal).ToList();

        Assert.True(missing.Count == 0, "Endpoints the role matrix does not name (add a row to RoleMatrix.Rows): " + string.Join(", ", missing));
        Assert.True(stale.Count == 0, "Rows for endpoints that no longer exist: " + string.Join(", ", stale));
    }

    [Fact]
    public async Task Every_row_answers_every_principal_as_the_matrix_says()
    {
        var ids = await IdsAsync();
        var clients = new List<HttpClient>();
        foreach (var user in Users)
        {
            clients.Add(await factory.SignedInAsync(user));
        }
        clients.Add(factory.CreateBrowserlessClient());

        var wrong = new StringBuilder();
        foreach (var row in RoleMatrix.Rows)
        {
            var url = ids.Aggregate(row.Url, (u, id) => u.Replace("{" + id.Key + "}", id.Value, StringComparison.Ordinal));
            for (var p = 0; p < clients.Count; p++)
            {
                // A POST goes without its antiforgery token: allowed in, it is refused (400) before the action runs, so
                // the matrix changes nothing; not allowed, authorization answers first.
                using var request = new HttpRequestMessage(row.Method == "POST" ? HttpMethod.Post : HttpMethod.Get, url);
                if (row.Method == "POST")
                {
                    request.Content = new FormUrlEncodedContent([]);
                }
                using var response = await clients[p].SendAsync(request);
                var actual = Classify(response, signedIn: p < Users.Length);
                if (actual != row.For(p))
                {
                    wrong.AppendLine($"{row} as {RoleMatrix.Principals[p]}: expected {row.For(p)}, got {actual} ({(int)response.StatusCode} {response.Headers.Location})");
                }
            }
        }

        Assert.True(wrong.Length == 0, "Answers that differ from the role matrix:\n" + wrong);
    }

    private static Access? Classify(HttpResponseMessage response, bool signedIn)
    {
        var location = response.Headers.Location is { } l ? (l.IsAbsoluteUri ? l.PathAndQuery : l.OriginalString) : "";
        return (int)response.StatusCode switch
        {
            302 when location.StartsWith("/konto/nekad", StringComparison.Ordinal) && signedIn => Access.Denied,
            302 when location.StartsWith("/konto/logga-in", StringComparison.Ordinal) && !signedIn => Access.Denied,
            404 => Access.NotFound,
            401 => Access.Unauthorized,
            >= 500 => null,
            _ => Access.Allowed,
        };
    }

    /// <summary>Method and template of every routed endpoint: the controllers' actions and the health probes.</summary>
    private HashSet<string> RoutedEndpoints() =>
        factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"]).Select(m => Key(m, e.RoutePattern.RawText ?? "")))
            .ToHashSet(StringComparer.Ordinal);

    private static string Key(string method, string template) => $"{method} /{template.TrimStart('/')}";

    /// <summary>Real ids: the Utförare's own and another provider's activity, an area, a line, a kept file, a mapping.</summary>
    private async Task<Dictionary<string, string>> IdsAsync()
    {
        var provider = await factory.ProviderActivitiesAsync();
        using var scope = factory.Services.CreateScope();
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
        var mapping = await mediator.Send(new SaveColumnMappingCommand(null, 0,
            new ColumnMappingDetails("Rollmatris", "Ver.nr", "Datum", "Konto", null, "Objekt", "Belopp", null, null)));
        Assert.True(mapping.Succeeded);
        var sent = await mediator.Send(new MarkObligationSentCommand(provider.Obligation, new DateOnly(2024, 3, 1),
            new SentFile("slutredovisning.pdf", "application/pdf", Encoding.ASCII.GetBytes("%PDF-1.4 rollmatris"))));
        Assert.True(sent.Succeeded, string.Join(" ", sent.Errors.Select(e => e.Message)));

        using var connection = new SqliteConnection($"Data Source={factory.DatabasePath};Pooling=False");
        await connection.OpenAsync();
        string Scalar(string sql)
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            return Convert.ToString(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture)!;
        }
        return new Dictionary<string, string>
        {
            ["agreement"] = provider.Agreement.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["own"] = provider.Own.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["other"] = provider.Other.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["obligation"] = provider.Obligation.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["area"] = Scalar($"SELECT MIN(Id) FROM DevelopmentAreas WHERE AgreementId = {provider.Agreement}"),
            ["line"] = Scalar($"SELECT MIN(Id) FROM AllocationLines WHERE AgreementId = {provider.Agreement}"),
            ["file"] = Scalar($"SELECT MAX(Id) FROM ObligationFiles WHERE ObligationId = {provider.Obligation}"),
            ["mapping"] = mapping.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["condition"] = Scalar($"SELECT MIN(Id) FROM AgreementConditions WHERE AgreementId = {provider.Agreement}"),
            ["requirement"] = Scalar($"SELECT MIN(Id) FROM ReportingRequirements WHERE AgreementId = {provider.Agreement}"),
            ["period"] = Scalar($"SELECT MIN(Id) FROM CostObjectPeriods WHERE AgreementId = {provider.Agreement}"),
            ["job"] = Guid.NewGuid().ToString(),
            ["token"] = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        };
    }
}
