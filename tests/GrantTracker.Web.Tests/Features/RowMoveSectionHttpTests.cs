using System.Net;
using System.Text.RegularExpressions;
using GrantTracker.Web.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace GrantTracker.Web.Tests.Features;

/// <summary>Issue 25: a row move refused on the drill-down is answered in the row's own cell, where the Ekonom is sent back to.</summary>
public sealed partial class RowMoveSectionHttpTests : IDisposable
{
    private readonly GrantTrackerFactory _factory = new() { DemoLedger = true };

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task A_row_move_without_a_reason_is_refused_in_the_rows_own_cell_and_the_drill_down_still_answers()
    {
        var ekonom = await _factory.SignedInAsync("ekonom@demo.local");
        _ = _factory.Services;
        long line;
        using (var connection = new SqliteConnection($"Data Source={_factory.DatabasePath};Pooling=False"))
        {
            await connection.OpenAsync();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT l.Id FROM AllocationLines l JOIN Agreements a ON a.Id = l.AgreementId WHERE a.Code = 'gnv2023' AND l.Code = '2.2.a' AND l.Year = 2023";
            line = Convert.ToInt64(await command.ExecuteScalarAsync());
        }
        var url = $"/avstamning/rader?avtal=gnv2023&manad=2023-11&rad={line}";
        var page = await ekonom.GetPageAsync(url);
        var entry = MoveForm().Match(page).Groups[1].Value;
        Assert.NotEmpty(entry);

        var refused = await ekonom.PostFormAsync(url, "/avstamning/flytta", new Dictionary<string, string>
        {
            ["avtal"] = "gnv2023", ["manad"] = "2023-11", ["entryId"] = entry, ["lineId"] = line.ToString(), ["reason"] = "", ["returnUrl"] = url,
        });

        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.EndsWith($"#rad-{entry}", refused.Headers.Location!.OriginalString);
        var back = await ekonom.GetPageAsync(refused.Headers.Location!.OriginalString);
        Assert.Contains("data-testid=\"section-error\"", HtmlElement.ById(back, $"rad-{entry}"));
        Assert.Single(Regex.Matches(back, "data-testid=\"section-error\""));
    }

    [GeneratedRegex("action=\"/avstamning/flytta\"[\\s\\S]*?name=\"entryId\" value=\"(\\d+)\"")]
    private static partial Regex MoveForm();
}
