using GrantTracker.Application.Features.Agreements;
using GrantTracker.Application.Features.Agreements.Lifecycle;
using GrantTracker.Application.Features.Deadlines;
using GrantTracker.Application.Features.Reconciliation;
using GrantTracker.Application.Features.Reports;
using GrantTracker.Application.Features.ToDo;
using GrantTracker.Application.Tests.Infrastructure;
using GrantTracker.Domain.Agreements;
using GrantTracker.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Tests.Agreements;

/// <summary>Issue 26, sections 1 and 2: Patientmiljarden (2018–2020) from its final report sent to Avslutad, read only, and reopened.</summary>
public sealed class CloseOutTests : IAsyncLifetime
{
    private const string Code = "patientmiljarden";
    private TestDatabase _db = null!;

    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private Task<(int Id, AgreementStatus Status, long Version)> AgreementAsync() =>
        _db.WithContextAsync(db => db.Agreements.AsNoTracking().Where(a => a.Code == Code).Select(a => new ValueTuple<int, AgreementStatus, long>(a.Id, a.Status, a.Version)).SingleAsync());

    private Task<long> AuditCountAsync() => _db.WithContextAsync(db => db.AuditEntries.LongCountAsync());

    private static string Messages(Result r) => string.Join(" ", r.Errors.Select(e => e.Message));

    /// <summary>The final report added and recorded as sent on 2021-03-29.</summary>
    private async Task<int> SendFinalReportAsync()
    {
        var (id, _, version) = await AgreementAsync();
        var added = await _db.SendAsync(new AddObligationCommand(id, version, new ObligationFields(ObligationKind.Slutredovisning, "Slutredovisning", "SKR",
            new DateOnly(2021, 3, 31), false, null)));
        Assert.True(added.Succeeded, Messages(added));
        var sent = await _db.SendAsync(new MarkObligationSentCommand(added.Value, new DateOnly(2021, 3, 29), new SentFile("slutredovisning.pdf", "application/pdf", "%PDF-1.4 test"u8.ToArray())));
        Assert.True(sent.Succeeded, Messages(sent));
        return added.Value;
    }

    private async Task CloseEveryMonthAsync()
    {
        for (var month = new YearMonth(2018, 1); month <= new YearMonth(2020, 12); month = month.AddMonths(1))
        {
            Assert.True((await _db.SendAsync(new ConfirmMonthTotalsCommand(Code, month))).Succeeded);
            var closed = await _db.SendAsync(new CloseMonthCommand(Code, month));
            Assert.True(closed.Succeeded, Messages(closed));
        }
    }

    private async Task CloseOutAsync()
    {
        await SendFinalReportAsync();
        Assert.True((await _db.SendAsync(new RecordUnusedFundsCommand(Code, 2020, 1_000m, UnusedFundsOutcome.Aterbetalas, new DateOnly(2021, 6, 28), "Verifikation 2021-0612",
            null, new DateOnly(2021, 6, 30), "Kammarkollegiet", null, "S2021/01234"))).Succeeded);
        await CloseEveryMonthAsync();
        var (id, _, version) = await AgreementAsync();
        var closed = await _db.SendAsync(new CloseAgreementCommand(id, version));
        Assert.True(closed.Succeeded, Messages(closed));
    }

    [Fact]
    public async Task The_final_report_sent_makes_the_agreement_Slutredovisad_and_reopening_the_report_makes_it_Aktiv_again()
    {
        Assert.Equal(AgreementStatus.Aktiv, (await AgreementAsync()).Status);
        var obligation = await SendFinalReportAsync();
        Assert.Equal(AgreementStatus.Slutredovisad, (await AgreementAsync()).Status);

        Assert.True((await _db.SendAsync(new ReopenObligationCommand(obligation))).Succeeded);
        Assert.Equal(AgreementStatus.Aktiv, (await AgreementAsync()).Status);
    }

    [Fact]
    public async Task Closing_lists_every_open_month_and_the_missing_decision_at_once_and_writes_nothing()
    {
        await SendFinalReportAsync();
        var (id, _, version) = await AgreementAsync();
        var before = await AuditCountAsync();

        var refused = await _db.SendAsync(new CloseAgreementCommand(id, version));

        Assert.False(refused.Succeeded);
        Assert.Equal(
            ["36 månader 2018-01–2020-12 är inte stängda. Ekonomen stänger dem under Avstämning.",
             "Inget beslut om outnyttjade medel är registrerat. Registrera det i slutredovisningen under Rapporter (belopp 0 om inget ska betalas tillbaka)."],
            refused.Errors.Select(e => e.Message));
        Assert.Equal(AgreementStatus.Slutredovisad, (await AgreementAsync()).Status);
        Assert.Equal(before, await AuditCountAsync());
    }

    [Fact]
    public async Task A_repayment_decided_but_not_paid_keeps_the_agreement_open_and_is_on_the_to_do_list()
    {
        await SendFinalReportAsync();
        await CloseEveryMonthAsync();
        Assert.True((await _db.SendAsync(new RecordUnusedFundsCommand(Code, 2020, 12_400_000m, UnusedFundsOutcome.Aterbetalas, null, "Beslut", null,
            new DateOnly(2023, 9, 30), "Kammarkollegiet", 12_000_000m, "S2021/01234"))).Succeeded);
        var (id, _, version) = await AgreementAsync();

        var refused = await _db.SendAsync(new CloseAgreementCommand(id, version));

        Assert.Equal($"Återbetalningen för 2020, {Money.Format(12_000_000m)} till Kammarkollegiet, är beslutad men inte betald (planerad 2023-09-30). Registrera betalningsdatumet i slutredovisningen.",
            Assert.Single(refused.Errors).Message);
        var todo = await _db.SendAsync(new GetToDoListQuery(false, true, false, null, null));
        Assert.Contains(todo.Sections.Single(s => s.Key == "unpaid-repayments").Items,
            i => i.Text == $"Återbetalning Patientmiljarden 2018–2020 2020: {Money.Format(12_000_000m)} till Kammarkollegiet, beslutad men inte betald (planerad 2023-09-30)");
        Assert.Contains(todo.Sections.Single(s => s.Key == "close-out").Items, i => i.Text == "Patientmiljarden 2018–2020: 1 saknas innan den kan avslutas");
        var view = (await _db.SendAsync(new GetCloseOutQuery(id)))!;
        Assert.False(view.CanClose);
        Assert.Equal(12_000_000m, Assert.Single(view.Repayments).Amount);
    }

    [Fact]
    public async Task An_agreement_closed_out_is_Avslutad_and_its_drafts_leave_the_officers_to_do_list()
    {
        var drafts = (await _db.SendAsync(new GetToDoListQuery(false, true, false, null, null))).Sections.Single(s => s.Key == "incomplete-drafts").Items;
        Assert.Contains(drafts, i => i.Text.Contains("Patientmiljarden", StringComparison.Ordinal));

        await CloseOutAsync();

        var (id, status, _) = await AgreementAsync();
        Assert.Equal(AgreementStatus.Avslutad, status);
        var view = (await _db.SendAsync(new GetCloseOutQuery(id)))!;
        Assert.Equal((new DateOnly(2023, 6, 15), "test@demo.local"), (view.ClosedOn, view.ClosedBy));
        var todo = await _db.SendAsync(new GetToDoListQuery(false, true, true, null, null));
        Assert.DoesNotContain(todo.Sections.SelectMany(s => s.Items), i => i.Text.Contains("Patientmiljarden", StringComparison.Ordinal));
        // Its activities stay readable.
        Assert.NotEmpty(await _db.WithContextAsync(db => db.Activities.AsNoTracking().Where(a => a.AgreementId == id).ToListAsync()));
    }

    [Fact]
    public async Task Every_kind_of_change_to_an_Avslutad_agreement_is_refused_in_Swedish_and_writes_nothing()
    {
        await CloseOutAsync();
        var (id, _, version) = await AgreementAsync();
        var obligation = await _db.WithContextAsync(db => db.ReportingObligations.Where(o => o.AgreementId == id && o.Kind == ObligationKind.Slutredovisning).Select(o => o.Id).SingleAsync());
        var before = await AuditCountAsync();
        var details = await _db.WithContextAsync(db => db.Agreements.AsNoTracking().SingleAsync(a => a.Id == id));

        Result[] refusals =
        [
            await _db.SendAsync(new UpdateAgreementCommand(id, version, new AgreementDetails(details.Name + " ändrad", details.Counterparty, details.DiaryNumber,
                details.Category, details.StartDate, details.EndDate, details.NationalTotal, details.RegionAllocation, details.Responsible, details.Contact,
                details.DecisionBody, details.Description))),
            await _db.SendAsync(new AddObligationCommand(id, version, new ObligationFields(ObligationKind.Redovisning, "Ny", "SKR", new DateOnly(2021, 5, 1), false, null))),
            await _db.SendAsync(new ReopenMonthCommand(Code, new YearMonth(2020, 12), "Fel i december")),
            await _db.SendAsync(new RecordUnusedFundsCommand(Code, 2020, 2_000m, UnusedFundsOutcome.Aterbetalas, new DateOnly(2021, 6, 28), "Ny", null)),
            await _db.SendAsync(new ReopenObligationCommand(obligation)),
            await _db.SendAsync(new RegisterPaymentCommand(Code, new DateOnly(2020, 5, 1), 1_000m, "Utbetalning")),
        ];

        foreach (var refused in refusals)
        {
            Assert.False(refused.Succeeded);
            Assert.Equal(ReadOnlyAgreementGuard.Refusal("Patientmiljarden 2018–2020"), Assert.Single(refused.Errors).Message);
        }
        Assert.Equal(before, await AuditCountAsync());
        Assert.Equal(AgreementStatus.Avslutad, (await AgreementAsync()).Status);
        // The other agreement is not touched by the rule.
        Assert.True((await _db.SendAsync(new RegisterPaymentCommand("gnv2023", new DateOnly(2023, 4, 25), 1_000m, "Utbetalning"))).Succeeded);
    }

    [Fact]
    public async Task Only_a_reason_reopens_an_Avslutad_agreement_and_the_reason_is_in_the_audit_trail()
    {
        await CloseOutAsync();
        var (id, _, version) = await AgreementAsync();

        var refused = await _db.SendAsync(new ReopenAgreementCommand(id, version, " "));
        Assert.Equal("Ange varför överenskommelsen öppnas igen (minst fem tecken); skälet sparas i granskningsloggen.", Assert.Single(refused.Errors).Message);
        Assert.Equal(AgreementStatus.Avslutad, (await AgreementAsync()).Status);

        var reopened = await _db.SendAsync(new ReopenAgreementCommand(id, version, "Kammarkollegiet begärde en rättelse"));
        Assert.True(reopened.Succeeded, Messages(reopened));
        Assert.Equal(AgreementStatus.Slutredovisad, (await AgreementAsync()).Status);
        var audited = await _db.WithContextAsync(db => db.AuditEntries.AsNoTracking().Where(e => e.EntityType == "Agreement" && e.EntityId == id.ToString())
            .OrderByDescending(e => e.Id).Select(e => e.Changes).FirstAsync());
        Assert.Contains("ReopenReason", audited, StringComparison.Ordinal);
        Assert.Contains("Kammarkollegiet beg", audited, StringComparison.Ordinal);
        // Open again: a change is saved.
        var note = await _db.SendAsync(new RecordUnusedFundsCommand(Code, 2020, 1_000m, UnusedFundsOutcome.Aterbetalas, new DateOnly(2021, 6, 28), "Rättad verifikation", null));
        Assert.True(note.Succeeded, Messages(note));
    }

    [Fact]
    public async Task The_repayments_voucher_debits_each_lines_deferred_income_and_credits_the_bank_and_balances()
    {
        Assert.True((await _db.SendAsync(new RecordUnusedFundsCommand("gnv2023", 2023, 1_000_000m, UnusedFundsOutcome.Aterbetalas, null, "Beslut", null,
            new DateOnly(2024, 6, 30), "Kammarkollegiet", 1_000_000m, "S2024/1"))).Succeeded);

        var voucher = (await _db.SendAsync(new GetRepaymentVoucherQuery("gnv2023", 2023, new DateOnly(2023, 6, 15), "Region")))!;

        Assert.Equal("aterbetalning-gnv2023-2023.se", voucher.FileName);
        Assert.Equal(0m, voucher.Rows.Sum(r => r.Amount));
        Assert.Equal(-1_000_000m, voucher.Rows.Single(r => r.Account == "1930").Amount);
        Assert.All(voucher.Rows.Where(r => r.Account != "1930"), r => Assert.Equal("2970", r.Account));
        var text = System.Text.Encoding.Latin1.GetString(voucher.Content);
        Assert.Contains("#VER \"P\" \"\" 20240630", text, StringComparison.Ordinal);
        Assert.Contains("#TRANS 1930 {} -1000000.00 20240630", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_draft_owes_no_report_and_leaves_nothing_on_the_to_do_list_until_it_is_active()
    {
        var copied = await _db.SendAsync(new GrantTracker.Application.Features.Agreements.Definition.CopyAgreementCommand("gnv2023", 2024, "gnv2024", WithActivities: true));
        Assert.True(copied.Succeeded, Messages(copied));

        var after = await _db.SendAsync(new ListAgreementsQuery());
        Assert.Contains(after.Rows, r => r.Code == "gnv2024" && r.Status == AgreementStatus.Utkast);
        var deadlines = await _db.SendAsync(new ListDeadlinesQuery());
        Assert.DoesNotContain(deadlines.Rows, r => r.AgreementId == copied.Value.Id);
        var todo = await _db.SendAsync(new GetToDoListQuery(true, true, true, null, null));
        Assert.DoesNotContain(todo.Sections.SelectMany(s => s.Items), i => i.Text.Contains("God och nära vård 2024", StringComparison.Ordinal));
        // Its ledger rows would be kept: nothing of the draft's is deleted, and it is followed up once active.
        Assert.True((await _db.SendAsync(new GrantTracker.Application.Features.Agreements.Definition.ActivateAgreementCommand(copied.Value.Id,
            await _db.WithContextAsync(db => db.Agreements.Where(a => a.Id == copied.Value.Id).Select(a => a.Version).SingleAsync())))).Succeeded);
        Assert.Contains((await _db.SendAsync(new ListDeadlinesQuery())).Rows, r => r.AgreementId == copied.Value.Id);
    }

    [Fact]
    public void A_repayment_is_split_over_the_lines_to_the_ore_and_adds_up()
    {
        var parts = Repayments.Split(100m, [1m, 1m, 1m]);
        Assert.Equal([33.34m, 33.33m, 33.33m], parts);
        Assert.Equal(100m, parts.Sum());
    }
}
