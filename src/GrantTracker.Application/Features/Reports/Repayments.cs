using GrantTracker.Application.Data;
using GrantTracker.Application.Features.Reconciliation;
using GrantTracker.Domain.Agreements;
using GrantTracker.Domain.Common;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Features.Reports;

/// <summary>
/// The repayment's booking (issue 26) as a SIE 4 voucher the ledger imports, written the way the accrual entry is
/// (<see cref="AccrualExport.SieVoucher"/>): the deferred income (förutbetald intäkt) is debited on each line's cost object with the
/// line's share of the amount to pay back, the repayment account (bank) credited. A line's share is its unused money as the final
/// report states it; a decided amount that differs from the unused total is split in the same proportion, to the öre. Dated the
/// day paid, else the day planned. Null when there is no report, no decision, or nothing to pay back.
/// </summary>
public sealed record GetRepaymentVoucherQuery(string AgreementCode, int Year, DateOnly Generated, string Organisation) : IQuery<RepaymentVoucher?>;

public sealed record RepaymentVoucher(string FileName, byte[] Content, IReadOnlyList<AccrualExport.SieRow> Rows);

public sealed class GetRepaymentVoucherHandler(IMediator mediator, ReconciliationSettings settings) : IQueryHandler<GetRepaymentVoucherQuery, RepaymentVoucher?>
{
    public async ValueTask<RepaymentVoucher?> Handle(GetRepaymentVoucherQuery query, CancellationToken ct)
    {
        var report = await mediator.Send(new GetFinalReportQuery(query.AgreementCode, query.Year), ct);
        if (report?.Decision is not { Repayment: > 0 } decision)
        {
            return null;
        }
        var r = report.Reconciliation;
        var lines = r.Lines.Select(l => (l.CostObject, l.Label, Weight: Math.Max(0, l.Figures.Remaining), l.Figures.Allocated)).ToList();
        var shares = Repayments.Split(decision.Repayment, lines.Select(l => lines.Sum(x => x.Weight) > 0 ? l.Weight : l.Allocated).ToList());
        var text = $"Återbetalning {r.AgreementName} {query.Year} till {decision.Recipient ?? "mottagaren"}";
        var rows = lines.Zip(shares)
            .Where(x => x.Second != 0)
            .Select(x => new AccrualExport.SieRow(settings.AccrualAccounts.DeferredIncome, x.First.CostObject, x.Second, $"Återbetalning rad {x.First.Label}"))
            .Append(new AccrualExport.SieRow(settings.RepaymentAccount, null, -decision.Repayment, $"Återbetalning till {decision.Recipient ?? "mottagaren"}"
                + (decision.DecisionReference is { } d ? $", beslut {d}" : "")))
            .ToList();
        var date = decision.PaidOn ?? decision.PlannedOn ?? query.Generated;
        var content = AccrualExport.SieVoucher(query.Generated, query.Organisation, date.Year,
            [(settings.AccrualAccounts.DeferredIncome, "Förutbetalda intäkter"), (settings.RepaymentAccount, "Återbetalning av statsbidrag")],
            settings.ObjectDimension, settings.AccrualVoucherSeries, date, text, rows);
        return new RepaymentVoucher($"aterbetalning-{r.AgreementCode}-{query.Year}.se", content, rows);
    }
}

public static class Repayments
{
    /// <summary>Splits an amount in proportion to the weights, to the öre, the remainders to the largest fractions: the parts add up exactly.</summary>
    public static IReadOnlyList<decimal> Split(decimal amount, IReadOnlyList<decimal> weights)
    {
        var total = weights.Sum();
        if (weights.Count == 0)
        {
            return [];
        }
        if (total <= 0)
        {
            return [amount, .. Enumerable.Repeat(0m, weights.Count - 1)];
        }
        var ore = Money.ToOre(amount);
        var exact = weights.Select(w => ore * w / total).ToList();
        var parts = exact.Select(e => (long)Math.Floor(e)).ToList();
        var left = ore - parts.Sum();
        foreach (var i in exact.Select((e, i) => (Fraction: e - Math.Floor(e), i)).OrderByDescending(x => x.Fraction).ThenBy(x => x.i).Take((int)left).Select(x => x.i))
        {
            parts[i]++;
        }
        return parts.Select(Money.FromOre).ToList();
    }

    /// <summary>Known recipients of repaid state grants, as conditions name them.</summary>
    private static readonly string[] KnownRecipients = ["Kammarkollegiet", "Socialstyrelsen", "Folkhälsomyndigheten", "SKR"];

    /// <summary>The recipient the agreement's conditions name (Kammarkollegiet, ...), else the final report's recipient, else null.</summary>
    internal static async Task<string?> RecipientAsync(AppDbContext db, int agreementId, CancellationToken ct)
    {
        var texts = await db.AgreementConditions.AsNoTracking().Where(c => c.AgreementId == agreementId).Select(c => c.Text).ToListAsync(ct);
        if (KnownRecipients.FirstOrDefault(r => texts.Any(t => t.Contains(r, StringComparison.OrdinalIgnoreCase))) is { } named)
        {
            return named;
        }
        return await db.ReportingObligations.AsNoTracking()
            .Where(o => o.AgreementId == agreementId && o.Kind == ObligationKind.Slutredovisning)
            .OrderByDescending(o => o.DueDate).Select(o => o.Recipient).FirstOrDefaultAsync(ct);
    }
}
