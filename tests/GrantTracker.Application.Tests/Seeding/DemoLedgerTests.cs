using GrantTracker.Application.Data;
using GrantTracker.Application.Features.Ledger;
using GrantTracker.Application.Seeding;
using GrantTracker.Application.Tests.Infrastructure;
using GrantTracker.Domain.Ledger;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GrantTracker.Application.Tests.Seeding;

public sealed class DemoLedgerTests
{
    private static Task<LedgerImportResult?> EnsureAsync(TestDatabase db) => db.InScopeAsync(sp =>
        DemoLedger.EnsureAsync(sp.GetRequiredService<AppDbContext>(), sp.GetRequiredService<IMediator>()));

    private static Task<Dictionary<string, decimal>> CostPerObjectAsync(TestDatabase db) => db.WithContextAsync(async context =>
        (await context.LedgerEntries.Where(e => e.AccountNumber >= 4000 && e.AccountNumber <= 7999)
            .Select(e => new { e.CostObject, e.Amount }).ToListAsync())
        .GroupBy(e => e.CostObject).ToDictionary(g => g.Key, g => g.Sum(e => e.Amount)));

    [Fact]
    public async Task Demo_mode_imports_a_year_of_costs_on_every_God_och_nara_vard_object_below_its_allocation()
    {
        await using var db = await TestDatabase.CreateAsync();

        var result = await EnsureAsync(db);

        Assert.NotNull(result);
        Assert.Equal(ImportStatus.Importerad, result.Status);
        Assert.Equal(12, result.Months.Count);
        Assert.True(result.SkippedOtherObject > result.RowsStored / 2, "A real export carries rows on objects the grants do not use.");
        var allocations = await db.WithContextAsync(context => context.AllocationLines.Where(l => l.Year == DemoLedger.Year)
            .GroupBy(l => l.CostObjectCode).Select(g => new { g.Key, Amount = g.Sum(l => l.Amount) }).ToDictionaryAsync(g => g.Key, g => g.Amount));
        var costs = await CostPerObjectAsync(db);
        Assert.Equal(["9916", "9917", "9942", "9943"], costs.Keys.Order(StringComparer.Ordinal));
        Assert.All(costs, c =>
        {
            var used = c.Value / allocations[c.Key];
            Assert.InRange(used, 0.70m, 1.00m);
        });
        var investment = await db.WithContextAsync(context => context.LedgerEntries.Where(e => e.Account == "1220" && e.CostObject == "9942").SumAsync(e => e.Amount));
        Assert.Equal(480_000m, investment);
    }

    [Fact]
    public async Task The_demo_year_is_the_same_every_time_and_is_loaded_only_into_an_empty_ledger()
    {
        await using var first = await TestDatabase.CreateAsync();
        await using var second = await TestDatabase.CreateAsync();

        await EnsureAsync(first);
        await EnsureAsync(second);
        var again = await EnsureAsync(first);

        Assert.Null(again);
        Assert.Equal(await CostPerObjectAsync(first), await CostPerObjectAsync(second));
        Assert.Single(await first.SendAsync(new ListLedgerImportsQuery()));
    }
}
