namespace GrantTracker.Domain.Agreements;

public enum AgreementStatus
{
    Utkast = 0,
    Aktiv = 1,
    Avslutad = 2,
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
