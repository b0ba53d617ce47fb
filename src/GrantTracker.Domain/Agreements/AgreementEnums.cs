namespace GrantTracker.Domain.Agreements;

/// <summary>
/// An agreement's life (ADR 27): Utkast → Aktiv → Slutredovisad (the final report sent) → Avslutad (every month closed, the
/// repayment settled or none due; read only). The numbers are stored as names, so Slutredovisad's place in the order is by meaning, not value.
/// </summary>
public enum AgreementStatus
{
    Utkast = 0,
    Aktiv = 1,
    Avslutad = 2,
    Slutredovisad = 3,
}

/// <summary>The one place an agreement's status is written in Swedish: the list's column and its filter read it.</summary>
public static class AgreementStatusText
{
    public static string Swedish(this AgreementStatus status) => status switch
    {
        AgreementStatus.Utkast => "Utkast",
        AgreementStatus.Aktiv => "Aktiv",
        AgreementStatus.Slutredovisad => "Slutredovisad",
        AgreementStatus.Avslutad => "Avslutad",
        _ => status.ToString(),
    };

    /// <summary>The statuses in the order of an agreement's life, for lists and filters.</summary>
    public static readonly IReadOnlyList<AgreementStatus> InOrder = [AgreementStatus.Utkast, AgreementStatus.Aktiv, AgreementStatus.Slutredovisad, AgreementStatus.Avslutad];

    /// <summary>An agreement whose obligations, activities and months are followed up: not a draft being set up, not one closed out.</summary>
    public static bool IsFollowedUp(this AgreementStatus status) => status is AgreementStatus.Aktiv or AgreementStatus.Slutredovisad;
}

public enum ObligationKind
{
    Slutredovisning = 0,
    Redovisning = 1,
    Handlingsplan = 2,
    Manadsrapport = 3,
    Tertialrapport = 4,
    Delarsbokslut = 5,
    Arsbokslut = 6,
}

public static class ObligationKindText
{
    public static string Swedish(this ObligationKind kind) => kind switch
    {
        ObligationKind.Slutredovisning => "Slutredovisning",
        ObligationKind.Redovisning => "Redovisning",
        ObligationKind.Handlingsplan => "Handlingsplan",
        ObligationKind.Manadsrapport => "Månadsrapport",
        ObligationKind.Tertialrapport => "Tertialrapport",
        ObligationKind.Delarsbokslut => "Delårsbokslut",
        ObligationKind.Arsbokslut => "Årsbokslut",
        _ => kind.ToString(),
    };
}
