using System.Text.Json;
using GrantTracker.Application.Data;
using GrantTracker.Application.Features.Reconciliation;
using GrantTracker.Application.Seeding;
using GrantTracker.Application.Tests.Infrastructure;
using GrantTracker.Domain.Common;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace GrantTracker.Application.Tests.Reconciliation;

/// <summary>
/// Issue 22: the to-do list reconciles every open month of an agreement from one read of its year
/// (<see cref="ReconcileHandler.ReadAsync"/>); each month must be exactly the reconciliation a page asks for through that month.
/// </summary>
public sealed class YearReadTests
{
    [Fact]
    public async Task Every_month_reconciled_from_one_read_of_the_year_is_that_months_own_reconciliation()
    {
        await using var db = await TestDatabase.CreateAsync();
        await db.InScopeAsync(sp => DemoLedger.EnsureAsync(sp.GetRequiredService<AppDbContext>(), sp.GetRequiredService<IMediator>()));
        // Notes written for March (they cover an exception from March on, while it stays as it was) and a closed month, so that
        // what a month shows depends on the month.
        var march = await db.SendAsync(new ReconcileQuery("gnv2023", new YearMonth(2023, 3)));
        Assert.NotEmpty(march!.Open);
        foreach (var e in march.Open)
        {
            Assert.True((await db.SendAsync(new NoteExceptionCommand("gnv2023", e.Kind, e.CostObject, e.Key, "Förklarad i mars.", false, Through: march.Through))).Succeeded);
        }
        var january = await db.SendAsync(new ReconcileQuery("gnv2023", new YearMonth(2023, 1)));
        if (january!.Open.Count == 0)
        {
            Assert.True((await db.SendAsync(new ConfirmMonthTotalsCommand("gnv2023", new YearMonth(2023, 1)))).Succeeded);
            Assert.True((await db.SendAsync(new CloseMonthCommand("gnv2023", new YearMonth(2023, 1)))).Succeeded);
        }

        var fromOneRead = await db.InScopeAsync(async sp =>
        {
            var engine = new ReconciliationEngine(sp.GetRequiredService<AppDbContext>(), sp.GetRequiredService<ReconciliationSettings>());
            var context = (await engine.LoadAsync("gnv2023", CancellationToken.None))!;
            var read = await ReconcileHandler.ReadAsync(engine, context, new YearMonth(2023, 12), CancellationToken.None);
            return Enumerable.Range(1, 12).Select(m => read.Through(new YearMonth(2023, m))).ToList();
        });

        var differentMonths = new HashSet<string>();
        for (var m = 1; m <= 12; m++)
        {
            var own = await db.SendAsync(new ReconcileQuery("gnv2023", new YearMonth(2023, m)));
            Assert.Equal(JsonSerializer.Serialize(own), JsonSerializer.Serialize(fromOneRead[m - 1]));
            differentMonths.Add(JsonSerializer.Serialize(own!.Exceptions) + JsonSerializer.Serialize(own.Totals));
        }
        Assert.True(differentMonths.Count > 3, "the months differ, so the read is really cut at each month");
        Assert.Contains(fromOneRead, r => r.Exceptions.Any(e => e.Note is not null));
    }

    [Fact]
    public async Task A_month_of_another_year_or_after_the_read_is_refused()
    {
        await using var db = await TestDatabase.CreateAsync();
        await db.InScopeAsync(async sp =>
        {
            var engine = new ReconciliationEngine(sp.GetRequiredService<AppDbContext>(), sp.GetRequiredService<ReconciliationSettings>());
            var context = (await engine.LoadAsync("patientmiljarden", CancellationToken.None))!;
            var read = await ReconcileHandler.ReadAsync(engine, context, new YearMonth(2019, 6), CancellationToken.None);
            Assert.Equal(new YearMonth(2019, 6), read.Through(new YearMonth(2019, 6)).Through);
            Assert.Throws<ArgumentOutOfRangeException>(() => read.Through(new YearMonth(2019, 7)));
            Assert.Throws<ArgumentOutOfRangeException>(() => read.Through(new YearMonth(2018, 12)));
            return 0;
        });
    }
}
