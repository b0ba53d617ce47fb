using GrantTracker.Application.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Tests.Data;

/// <summary>A request that is abandoned stops its SQLite statement instead of letting it run to the end.</summary>
public sealed class CancellationTests : IAsyncLifetime
{
    private TestDatabase _db = null!;

    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync(seedAgreements: false);

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task Cancelling_the_token_interrupts_a_running_statement_and_the_connection_serves_the_next_one()
    {
        await _db.WithContextAsync(async db =>
        {
            // The request is abandoned while its statement runs (Microsoft.Data.Sqlite runs a statement synchronously, so the
            // cancellation comes from a timer, as an aborted request's comes from Kestrel).
            using var abandon = new CancellationTokenSource();
            abandon.CancelAfter(200);

            // Counting to a billion: a minute or more of work in a single step, unless interrupted.
            var stopped = await Assert.ThrowsAnyAsync<Exception>(() => db.Database.SqlQueryRaw<long>(
                "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1000000000) SELECT COUNT(*) AS \"Value\" FROM c")
                .SingleAsync(abandon.Token));

            Assert.True(stopped is OperationCanceledException || stopped is SqliteException { SqliteErrorCode: 9 }, stopped.ToString());
            Assert.Equal(1, await db.Database.SqlQueryRaw<int>("SELECT 1 AS \"Value\"").SingleAsync());
        });
    }
}
