using GrantTracker.Application.Data;
using GrantTracker.Application.Features.Deadlines;
using GrantTracker.Application.Features.Reconciliation;
using GrantTracker.Application.Features.Reports;
using GrantTracker.Application.Seeding;
using GrantTracker.Application.Tests.Infrastructure;
using GrantTracker.Domain.Agreements;
using GrantTracker.Domain.Common;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GrantTracker.Application.Tests.Deadlines;

/// <summary>
/// Issue 22: the list of deadlines loads what readiness reads for all its agreements at once (<see cref="ReadinessChecker.PreloadAsync"/>);
/// every report's readiness must be what the report's own check gives, which loads agreement by agreement.
/// </summary>
public sealed class ReadinessPreloadTests
{
    [Fact]
    public async Task Readiness_in_the_list_of_deadlines_is_each_reports_own_readiness()
    {
        await using var db = await TestDatabase.CreateAsync();
        await db.InScopeAsync(sp => DemoLedger.EnsureAsync(sp.GetRequiredService<AppDbContext>(), sp.GetRequiredService<IMediator>()));
        // Something of each kind the checks read: a closed month, a decision on unused funds, an annotated exception.
        var january = await db.SendAsync(new ReconcileQuery("gnv2023", new YearMonth(2023, 1)));
        foreach (var e in january!.Open)
        {
            Assert.True((await db.SendAsync(new NoteExceptionCommand("gnv2023", e.Kind, e.CostObject, e.Key, "Förklarad.", false, Through: january.Through))).Succeeded);
        }
        Assert.True((await db.SendAsync(new ConfirmMonthTotalsCommand("gnv2023", new YearMonth(2023, 1)))).Succeeded);
        Assert.True((await db.SendAsync(new CloseMonthCommand("gnv2023", new YearMonth(2023, 1)))).Succeeded);
        Assert.True((await db.SendAsync(new RecordUnusedFundsCommand("gnv2023", 2023, 0m, UnusedFundsOutcome.Aterbetalas, null, "RS/2021/1", null))).Succeeded);

        var list = await db.SendAsync(new ListDeadlinesQuery());

        var open = list.Open.ToList();
        Assert.True(open.Count >= 10, $"{open.Count} reports not sent");
        Assert.Contains(open, r => r.Readiness is { Checked: true, Missing.Count: > 0 });
        foreach (var row in open)
        {
            var own = await db.SendAsync(new CheckReadinessQuery(row.Id));
            Assert.Equal(own!.Checked, row.Readiness!.Checked);
            Assert.Equal(own.Missing, row.Readiness.Missing);
        }
        var gnvFinal = open.Single(r => r.Kind == ObligationKind.Slutredovisning && r.AgreementName == "God och nära vård 2023");
        Assert.DoesNotContain(gnvFinal.Readiness!.Missing, m => m.StartsWith("Beslut om outnyttjade medel", StringComparison.Ordinal));
        Assert.Contains(gnvFinal.Readiness!.Missing, m => m.Contains("2023-02", StringComparison.Ordinal) && !m.Contains("2023-01", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Contexts_loaded_together_are_the_contexts_loaded_one_by_one()
    {
        await using var db = await TestDatabase.CreateAsync();
        await db.InScopeAsync(async sp =>
        {
            var context = sp.GetRequiredService<AppDbContext>();
            var engine = new ReconciliationEngine(context, sp.GetRequiredService<ReconciliationSettings>());
            var ids = await context.Agreements.Select(a => a.Id).ToListAsync();
            var together = await engine.LoadManyAsync([.. ids, 9999], CancellationToken.None);
            Assert.Equal(ids.Order(), together.Keys.Order());
            foreach (var id in ids)
            {
                var alone = (await engine.LoadAsync(id, CancellationToken.None))!;
                var many = together[id];
                Assert.Equal(alone.Agreement.Code, many.Agreement.Code);
                Assert.Equal(alone.CostObjects, many.CostObjects);
                Assert.Equal(alone.Activities.Select(a => (a.Id, a.Number, a.ProjectCode, a.LineId, a.Status)), many.Activities.Select(a => (a.Id, a.Number, a.ProjectCode, a.LineId, a.Status)));
                foreach (var line in alone.Agreement.Lines)
                {
                    for (var m = alone.FirstMonth; m <= alone.LastMonth; m = m.AddMonths(1))
                    {
                        Assert.Equal(alone.Map.IsOurs(line.CostObjectCode, m), many.Map.IsOurs(line.CostObjectCode, m));
                        Assert.Equal(alone.Map.LineFor(line.CostObjectCode, m, ""), many.Map.LineFor(line.CostObjectCode, m, ""));
                    }
                }
            }
            return 0;
        });
    }
}
