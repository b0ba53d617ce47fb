using GrantTracker.Domain.Agreements;

namespace GrantTracker.Domain.Tests.Agreements;

/// <summary>Issue 26 (ADR 27): Aktiv → Slutredovisad → Avslutad → (reopened) Slutredovisad, each transition guarded.</summary>
public sealed class LifecycleTests
{
    private static readonly DateOnly Today = new(2024, 6, 1);

    private static Agreement Active() =>
        Agreement.Create("liv2023", new AgreementDetails("Liv 2023", "Staten och SKR", null, null, new DateOnly(2023, 1, 1), new DateOnly(2023, 12, 31),
            null, 1_000_000m, null, null, null, null)).Value!;

    [Fact]
    public void An_active_agreement_cannot_be_closed_before_its_final_report_is_sent()
    {
        var agreement = Active();

        var refused = agreement.Close([], Today, "hdl");

        Assert.Equal("Slutredovisningen är inte inskickad. Registrera den som inskickad under Deadlines först.", Assert.Single(refused.Errors).Message);
        Assert.Equal(AgreementStatus.Aktiv, agreement.Status);
    }

    [Fact]
    public void Closing_refuses_with_every_missing_point_at_once_and_closes_when_none_is_left()
    {
        var agreement = Active();
        agreement.FinalReportSent();
        Assert.Equal(AgreementStatus.Slutredovisad, agreement.Status);

        var refused = agreement.Close(["Månaden 2023-12 är inte stängd.", "Återbetalningen är inte betald."], Today, "hdl");
        Assert.Equal(["Månaden 2023-12 är inte stängd.", "Återbetalningen är inte betald."], refused.Errors.Select(e => e.Message));
        Assert.Equal(AgreementStatus.Slutredovisad, agreement.Status);

        Assert.True(agreement.Close([], Today, "hdl").Succeeded);
        Assert.Equal((AgreementStatus.Avslutad, (DateOnly?)Today, "hdl"), (agreement.Status, agreement.ClosedOn, agreement.ClosedBy));
        Assert.True(agreement.IsReadOnly);
    }

    [Fact]
    public void Reopening_needs_a_reason_and_goes_back_to_Slutredovisad()
    {
        var agreement = Active();
        agreement.FinalReportSent();
        agreement.Close([], Today, "hdl");

        Assert.False(agreement.Reopen("   ").Succeeded);
        Assert.Equal(AgreementStatus.Avslutad, agreement.Status);

        Assert.True(agreement.Reopen("Rättelse begärd av Kammarkollegiet").Succeeded);
        Assert.Equal((AgreementStatus.Slutredovisad, (DateOnly?)null, "Rättelse begärd av Kammarkollegiet"), (agreement.Status, agreement.ClosedOn, agreement.ReopenReason));
    }

    [Fact]
    public void A_final_report_reopened_takes_the_agreement_back_to_Aktiv_and_a_draft_is_never_Slutredovisad()
    {
        var agreement = Active();
        agreement.FinalReportSent();
        agreement.FinalReportReopened();
        Assert.Equal(AgreementStatus.Aktiv, agreement.Status);

        var draft = Agreement.Create("utkast2024", new AgreementDetails("Utkast", "Staten och SKR", null, null, new DateOnly(2024, 1, 1), new DateOnly(2024, 12, 31),
            null, 1m, null, null, null, null), AgreementStatus.Utkast).Value!;
        draft.FinalReportSent();
        Assert.Equal(AgreementStatus.Utkast, draft.Status);
    }

    [Fact]
    public void A_repayment_is_unpaid_while_decided_and_without_a_payment_date_and_the_decided_amount_wins()
    {
        var decision = new UnusedFundsDecision { Amount = 1_000m, DecidedAmount = 800m, Outcome = UnusedFundsOutcome.Aterbetalas };
        Assert.Equal(800m, decision.Repayment);
        Assert.True(decision.IsUnpaid);
        decision.PaidOn = Today;
        Assert.False(decision.IsUnpaid);
        Assert.Equal(0m, new UnusedFundsDecision { Amount = 1_000m, Outcome = UnusedFundsOutcome.FarBehallas }.Repayment);
    }
}
