using GrantTracker.Application.Auditing;
using GrantTracker.Application.Data;
using GrantTracker.Application.Features.Ledger;
using GrantTracker.Domain.Common;
using GrantTracker.Domain.Ledger;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Features.Reconciliation;

/// <summary>
/// Ties out months by the ledger's balance report (<c>Objekt;Månad;Belopp</c>, ADR 21): for every month and tracked cost object the report
/// lists, the stored totals must equal its amount to the öre. All or nothing: one difference refuses the report, naming each difference.
/// Lines on objects no agreement tracks that month are ignored (counted in the answer).
/// </summary>
public sealed record TieOutWithBalanceReportCommand(byte[] Content, string FileName) : ICommand<Result<string>>;

public sealed class TieOutWithBalanceReportHandler(AppDbContext db, IAuditActor actor, TimeProvider clock)
    : ICommandHandler<TieOutWithBalanceReportCommand, Result<string>>
{
    public async ValueTask<Result<string>> Handle(TieOutWithBalanceReportCommand command, CancellationToken ct)
    {
        var report = BalanceReport.Parse(command.Content);
        if (!report.Succeeded)
        {
            return Result.Fail<string>(report.Errors.Select(e => new Error("file", $"Saldolistan {command.FileName}: {e}")));
        }
        var from = report.Months.First();
        var to = report.Months.Last();
        var periods = await db.CostObjectPeriods.AsNoTracking().Where(p => p.From <= to && p.To >= from)
            .Select(p => new { p.CostObjectCode, p.From, p.To }).ToListAsync(ct);
        var tracked = report.Ore.Keys.Where(k => periods.Any(p => p.CostObjectCode == k.CostObject && p.From <= k.Month && k.Month <= p.To)).ToList();
        if (tracked.Count == 0)
        {
            return Result.Fail<string>("file", $"Saldolistan {command.FileName} har inga rader på objekt som en överenskommelse bevakar under {from}–{to}. Inget är avstämt.");
        }
        var totals = await MonthTieOuts.TotalsAsync(db, tracked.Select(k => k.CostObject).Distinct().ToList(), from, to, ct);
        var differences = new List<Error>();
        foreach (var key in tracked.OrderBy(k => k.Month).ThenBy(k => k.CostObject, StringComparer.Ordinal))
        {
            var ours = totals.Where(t => t.Key.Month == key.Month && t.Key.CostObject == key.CostObject).Select(t => t.Value).ToList();
            var amount = ours.Sum(t => t.Amount);
            var expected = Money.FromOre(report.Ore[key]);
            if (amount != expected)
            {
                var rows = ours.Sum(t => t.Rows);
                differences.Add(new Error("file",
                    $"Objekt {key.CostObject}, {key.Month}: de importerade raderna summerar till {Money.Format(amount)} ({(rows == 1 ? "1 rad" : $"{rows} rader")}) men saldolistan anger {Money.Format(expected)}."));
            }
        }
        if (differences.Count > 0)
        {
            return Result.Fail<string>(differences.Prepend(new Error("file",
                $"Saldolistan {command.FileName} stämmer inte med de importerade raderna: {(differences.Count == 1 ? "1 skillnad" : $"{differences.Count} skillnader")}. " +
                "Inget är avstämt. Importera en ny export ur huvudboken för månaderna och stäm av igen, eller kontrollera att saldolistan gäller samma urval.")));
        }
        await MonthTieOuts.TieOutAsync(db, tracked, TieOutMethod.Saldolista, actor.UserName, clock.GetUtcNow().UtcDateTime, Shorten(command.FileName), ct);
        await db.SaveChangesAsync(ct);
        var ignored = report.Ore.Count - tracked.Count;
        var months = tracked.Select(k => k.Month).Distinct().Order().ToList();
        return Result.Ok($"Saldolistan stämmer till öret: {tracked.Count} {(tracked.Count == 1 ? "objekt och månad" : "objekt och månader")} är avstämda " +
                         $"({(months.Count == 1 ? months[0].ToString() : $"{months[0]}–{months[^1]}")})." +
                         (ignored > 0 ? $" {ignored} {(ignored == 1 ? "rad" : "rader")} på objekt som ingen överenskommelse bevakar hoppades över." : ""));
    }

    private static string Shorten(string name) => name.Length <= 200 ? name : name[..200];
}
