namespace GrantTracker.Domain.Agreements;

public enum AgreementStatus
{
    Utkast = 0,
    Aktiv = 1,
    Avslutad = 2,
}

/// <summary>The one place an agreement's status is written in Swedish: the list's column and its filter read it.</summary>
public static class AgreementStatusText
{
    public static string Swedish(this AgreementStatus status) => status switch
    {
        AgreementStatus.Utkast => "Utkast",
        AgreementStatus.Aktiv => "Aktiv",
        AgreementStatus.Avslutad => "Avslutad",
        _ => status.ToString(),
    };
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
