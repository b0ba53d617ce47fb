using GrantTracker.Application.Auditing;
using GrantTracker.Application.Data;
using GrantTracker.Application.Features.Agreements;
using GrantTracker.Domain.Common;
using GrantTracker.Domain.Reconciliation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Features.Reconciliation;

/// <summary>Records a payment of the grant received (date, amount, reference).</summary>
public sealed record RegisterPaymentCommand(string AgreementCode, DateOnly? Date, decimal? Amount, string? Reference) : ICommand<Result>;

public sealed record RemovePaymentCommand(int PaymentId) : ICommand<Result>;

/// <summary>The accruals of an agreement at each month end through a month, and the entry proposed for that month.</summary>
public sealed record GetAccrualsQuery(string AgreementCode, YearMonth? Through = null) : IQuery<AccrualReport?>;

public sealed record AccrualReport(
    int AgreementId,
    string AgreementCode,
    string AgreementName,
    YearMonth Through,
    AccrualFigures Figures,
    IReadOnlyList<JournalRow> Entry,
    IReadOnlyList<AccrualMonth> Months,
    IReadOnlyList<PaymentRow> Payments,
    AccrualAccounts Accounts,
    string VoucherSeries,
    IReadOnlyList<YearMonth> SelectableMonths,
    int ObjectDimension = 20)
{
    public string EntryText => $"Periodisering {AgreementName} {Through} (RKR R2)";
}

/// <param name="IncomeBooked">Grant income already in the ledger on the objects through the month (credit positive).</param>
public sealed record AccrualMonth(YearMonth Month, decimal Received, decimal Booked, decimal Recognised, decimal Deferred, decimal IncomeBooked = 0);

public sealed record PaymentRow(int Id, DateOnly Date, decimal Amount, string Reference, string RecordedBy, DateTime RecordedAtUtc);

public sealed class AccrualsHandler(AppDbContext db, ReconciliationSettings settings, IAuditActor actor, TimeProvider clock, FiguresCache figures)
    : IQueryHandler<GetAccrualsQuery, AccrualReport?>, ICommandHandler<RegisterPaymentCommand, Result>, ICommandHandler<RemovePaymentCommand, Result>
{
    /// <summary>Once per change of the data (<see cref="FiguresCache"/>): eleven statements a request before (issue 24).</summary>
    public async ValueTask<AccrualReport?> Handle(GetAccrualsQuery query, CancellationToken ct) =>
        await figures.GetAsync(db, query, token => ComputeAsync(query, token), ct);

    private async Task<AccrualReport?> ComputeAsync(GetAccrualsQuery query, CancellationToken ct)
    {
        var engine = new ReconciliationEngine(db, settings);
        var context = await engine.LoadAsync(query.AgreementCode, ct);
        if (context is null)
        {
            return null;
        }
        var through = query.Through ?? context.LastMonth;
        var first = context.FirstMonth;
        var buckets = through < first ? [] : await engine.BucketsAsync(context, first, through, ct);
        var cost = buckets.Where(b => b.Class == AccountClass.Cost && b.LineId is not null).ToList();
        // Grant income the ledger already holds on the objects in the agreement's months (credit rows: negative öre).
        var income = buckets.Where(b => b.Class == AccountClass.Income && context.Map.IsOurs(b.CostObject, b.Month)).ToList();
        var payments = await db.GrantPayments.AsNoTracking().Where(p => p.AgreementId == context.Agreement.Id).ToListAsync(ct);
        var lines = context.Agreement.Lines.ToList();

        var months = new List<AccrualMonth>();
        var booked = lines.ToDictionary(l => l.Id, _ => 0L);
        var incomeBooked = new Dictionary<string, long>(StringComparer.Ordinal);
        var byMonth = cost.GroupBy(b => b.Month).ToDictionary(g => g.Key, g => g.ToList());
        var incomeByMonth = income.GroupBy(b => b.Month).ToDictionary(g => g.Key, g => g.ToList());
        AccrualFigures Figures(decimal received) => AccrualFigures.Compute(received,
            lines.Select(l => (l.CostObjectCode, Money.FromOre(booked[l.Id]), l.Amount)),
            incomeBooked.ToDictionary(i => i.Key, i => Money.FromOre(-i.Value), StringComparer.Ordinal));
        AccrualFigures? last = null;
        for (var m = first; m <= through; m = m.AddMonths(1))
        {
            foreach (var b in byMonth.GetValueOrDefault(m) ?? [])
            {
                booked[b.LineId!.Value] += b.Ore;
            }
            foreach (var b in incomeByMonth.GetValueOrDefault(m) ?? [])
            {
                incomeBooked[b.CostObject] = incomeBooked.GetValueOrDefault(b.CostObject) + b.Ore;
            }
            var received = payments.Where(p => p.Date <= m.LastDay).Sum(p => p.Amount);
            last = Figures(received);
            months.Add(new AccrualMonth(m, last.Received, last.BookedCost, last.Recognised, last.Deferred, last.IncomeBooked));
        }
        last ??= Figures(payments.Where(p => p.Date <= through.LastDay).Sum(p => p.Amount));

        var selectable = new List<YearMonth>();
        for (var m = first; m <= context.LastMonth; m = m.AddMonths(1))
        {
            selectable.Add(m);
        }
        return new AccrualReport(context.Agreement.Id, context.Agreement.Code, context.Agreement.Name, through, last,
            last.Entry(settings.AccrualAccounts), months,
            payments.OrderBy(p => p.Date).ThenBy(p => p.Id)
                .Select(p => new PaymentRow(p.Id, p.Date, p.Amount, p.Reference, p.RecordedBy, p.RecordedAtUtc)).ToList(),
            settings.AccrualAccounts, settings.AccrualVoucherSeries, selectable, settings.ObjectDimension);
    }

    public async ValueTask<Result> Handle(RegisterPaymentCommand command, CancellationToken ct)
    {
        var errors = new List<Error>();
        if (command.Date is null)
        {
            errors.Add(new Error("Date", "Ange betalningsdagen, till exempel 2023-03-15."));
        }
        if (command.Amount is not { } amount || amount == 0)
        {
            errors.Add(new Error("Amount", "Ange beloppet som togs emot i kronor, till exempel 18 855 673. Ett återbetalt belopp anges med minus."));
        }
        else if (!Money.IsWholeOre(amount))
        {
            errors.Add(new Error("Amount", "Beloppet kan ha högst två decimaler (öre)."));
        }
        var reference = command.Reference?.Trim();
        if (string.IsNullOrEmpty(reference))
        {
            errors.Add(new Error("Reference", "Ange en referens, till exempel verifikationsnumret eller utbetalarens referens."));
        }
        else if (reference.Length > 200)
        {
            errors.Add(new Error("Reference", "Referensen får vara högst 200 tecken."));
        }
        if (errors.Count > 0)
        {
            return Result.Fail(errors);
        }
        var agreementId = await AgreementLoader.IdByCodeAsync(db, command.AgreementCode, ct);
        if (agreementId is null)
        {
            return AgreementLoader.UnknownCode;
        }
        if (await ClosedMonthGuard.RefusalAsync(db, agreementId.Value, YearMonth.Of(command.Date!.Value), "Betalningen", ct) is { } refused)
        {
            return refused;
        }
        db.GrantPayments.Add(new GrantPayment
        {
            AgreementId = agreementId.Value, Date = command.Date!.Value, Amount = command.Amount!.Value, Reference = reference!,
            RecordedAtUtc = clock.GetUtcNow().UtcDateTime, RecordedBy = actor.UserName,
        });
        await db.SaveChangesAsync(ct);
        return Result.Ok();
    }

    public async ValueTask<Result> Handle(RemovePaymentCommand command, CancellationToken ct)
    {
        var payment = await db.GrantPayments.SingleOrDefaultAsync(p => p.Id == command.PaymentId, ct);
        if (payment is null)
        {
            return Result.Fail("", "Betalningen finns inte längre.");
        }
        if (await ClosedMonthGuard.RefusalAsync(db, payment.AgreementId, YearMonth.Of(payment.Date), "Betalningen", ct) is { } refused)
        {
            return refused;
        }
        db.GrantPayments.Remove(payment);
        await db.SaveChangesAsync(ct);
        return Result.Ok();
    }
}
