using GrantTracker.Domain.Activities;
using GrantTracker.Domain.Agreements;

namespace GrantTracker.Application.Auditing;

/// <summary>What an id in the trail points to, so it can be shown as what it is ("Överenskommelse: God och nära vård 2023").</summary>
public enum AuditTarget
{
    None,
    Agreement,
    Activity,
    Line,
    Area,
    Condition,
    Obligation,
    Requirement,
    Distribution,
    UnitReport,
    Listing,
    Import,
    ClosedMonth,
    User,
}

/// <summary>
/// One kind of audited entry as the user interface names it, its fields in the same words, and what the first part of its id points to: the
/// record itself, or for a part kept inside another (an activity's budget year, a line's of-which part) its owner.
/// </summary>
public sealed record AuditKind(string Name, AuditTarget Self, IReadOnlyDictionary<string, string> Fields);

/// <summary>
/// The one place the audit trail's internal names (the entity types and properties the recorder writes) get their Swedish words:
/// Granskningslogg, its Excel export and the CLI's <c>audit</c> command all read the trail through <see cref="Features.Audit.AuditPresenter"/>,
/// which reads this. A test enumerates the EF model's audited entity types and properties and fails for any without a name here,
/// so a new entity or field cannot reach the page as its code name.
/// </summary>
public static class AuditVocabulary
{
    private static IReadOnlyDictionary<string, string> F(params (string Property, string Name)[] fields) =>
        fields.ToDictionary(f => f.Property, f => f.Name, StringComparer.Ordinal);

    private static readonly IReadOnlyDictionary<string, AuditKind> Kinds = new Dictionary<string, AuditKind>(StringComparer.Ordinal)
    {
        ["Agreement"] = new("Överenskommelse", AuditTarget.Agreement, F(
            ("Code", "Kod"), ("Name", "Namn"), ("Description", "Beskrivning"), ("Category", "Kategori"), ("Counterparty", "Motpart"),
            ("DecisionBody", "Beslutande organ"), ("DiaryNumber", "Diarienummer"), ("StartDate", "Startdatum"), ("EndDate", "Slutdatum"),
            ("NationalTotal", "Nationell ram"), ("PopulationShare", "Befolkningsandel"), ("RegionAllocation", "Regionens tilldelning"),
            ("Responsible", "Ansvarig"), ("Contact", "Kontaktperson"), ("Status", "Status"), ("Version", "Version"),
            ("ClosedOn", "Avslutad datum"), ("ClosedBy", "Avslutad av"), ("ReopenReason", "Skäl att öppna igen"))),
        ["DevelopmentArea"] = new("Utvecklingsområde", AuditTarget.Area, F(
            ("AgreementId", "Överenskommelse"), ("Code", "Kod"), ("Name", "Namn"), ("Amount", "Belopp"), ("ParentId", "Överordnat område"),
            ("SortOrder", "Ordning"))),
        ["AllocationLine"] = new("Fördelningsrad", AuditTarget.Line, F(
            ("AgreementId", "Överenskommelse"), ("AreaId", "Utvecklingsområde"), ("Code", "Kod"), ("Name", "Namn"), ("Description", "Beskrivning"),
            ("Amount", "Belopp"), ("CostObjectCode", "Kostnadsobjekt"), ("RingFenced", "Öronmärkt"), ("Year", "År"))),
        ["NationalKey"] = new("Nationell fördelningsnyckel", AuditTarget.None, F(
            ("AllocationLineId", "Fördelningsrad"), ("DevelopmentAreaId", "Utvecklingsområde"), ("Rule", "Regel"), ("NationalAmount", "Nationellt belopp"),
            ("BaseAmount", "Grundbelopp per region"), ("Regions", "Antal regioner"), ("Share", "Andel"), ("Region", "Region"), ("Table", "Tabell"))),
        ["Earmark"] = new("Varav-del", AuditTarget.Line, F(
            ("AllocationLineId", "Fördelningsrad"), ("Name", "Namn"), ("Amount", "Belopp"))),
        ["CostObjectPeriod"] = new("Kostnadsobjekt", AuditTarget.None, F(
            ("AgreementId", "Överenskommelse"), ("CostObjectCode", "Kostnadsobjekt"), ("Name", "Namn"), ("From", "Från och med"), ("To", "Till och med"))),
        ["AgreementCondition"] = new("Villkor", AuditTarget.Condition, F(
            ("AgreementId", "Överenskommelse"), ("Code", "Punkt"), ("Text", "Text"), ("Source", "Källa"))),
        ["ConditionStatement"] = new("Villkorsredovisning", AuditTarget.None, F(
            ("AgreementId", "Överenskommelse"), ("ConditionId", "Villkor"), ("Year", "År"), ("Text", "Text"), ("WrittenAtUtc", "Skriven"),
            ("WrittenBy", "Skriven av"))),
        ["AgreementFile"] = new("Dokument", AuditTarget.None, F(
            ("AgreementId", "Överenskommelse"), ("Kind", "Typ"), ("FileName", "Filnamn"), ("ContentType", "Filtyp"), ("Content", "Innehåll"),
            ("Reference", "Referens"), ("UploadedAtUtc", "Uppladdad"), ("UploadedBy", "Uppladdad av"))),
        ["ReportingObligation"] = new("Rapport att lämna", AuditTarget.Obligation, F(
            ("AgreementId", "Överenskommelse"), ("Kind", "Typ"), ("Title", "Rubrik"), ("DueDate", "Sista dag"), ("DueDateAssumed", "Antaget datum"),
            ("Recipient", "Mottagare"), ("Owner", "Ansvarig"), ("Status", "Status"), ("Note", "Anteckning"), ("ChangeReason", "Skäl till ändring"),
            ("Source", "Källa"), ("SentOn", "Inskickad"), ("SentBy", "Inskickad av"), ("SentFileId", "Inskickad fil"))),
        ["ObligationFile"] = new("Inskickad fil", AuditTarget.None, F(
            ("ObligationId", "Rapport"), ("FileName", "Filnamn"), ("ContentType", "Filtyp"), ("Content", "Innehåll"), ("UploadedAtUtc", "Uppladdad"),
            ("UploadedBy", "Uppladdad av"))),
        ["SentReminder"] = new("E-postpåminnelse", AuditTarget.None, F(
            ("ObligationId", "Rapport"), ("DueDate", "Sista dag"), ("DaysBefore", "Dagar före"), ("Recipient", "Mottagare"), ("SentAtUtc", "Skickad"))),
        ["ReportingRequirement"] = new("Redovisningskrav", AuditTarget.Requirement, F(
            ("AgreementId", "Överenskommelse"), ("Code", "Kod"), ("Section", "Avsnitt"), ("Text", "Text"), ("Kind", "Typ"), ("Report", "Rapport"),
            ("Unit", "Enhet"), ("Target", "Målvärde"), ("Direction", "Riktning"), ("Baseline", "Utgångsvärde"), ("Counted", "Räknas"),
            ("DataSource", "Datakälla"), ("FirstYear", "Första år"), ("LastYear", "Sista år"), ("SortOrder", "Ordning"), ("SplitBySex", "Per kön"))),
        ["RequirementAnswer"] = new("Svar på redovisningskrav", AuditTarget.None, F(
            ("RequirementId", "Redovisningskrav"), ("Year", "År"), ("Text", "Svar"), ("Value", "Värde"), ("ValueWomen", "Värde kvinnor"),
            ("ValueMen", "Värde män"), ("Women", "Kvinnor"), ("Men", "Män"), ("Done", "Genomfört"), ("Expected", "Förväntat"),
            ("Baseline", "Utgångsvärde"), ("MeasuredOn", "Mätdatum"), ("DataSource", "Datakälla"), ("WrittenAtUtc", "Skrivet"),
            ("WrittenBy", "Skrivet av"), ("Version", "Version"))),
        ["RequirementEvidence"] = new("Underlag till redovisningskrav", AuditTarget.None, F(
            ("RequirementId", "Redovisningskrav"), ("Year", "År"), ("FileName", "Filnamn"), ("ContentType", "Filtyp"), ("Content", "Innehåll"),
            ("UploadedAtUtc", "Uppladdat"), ("UploadedBy", "Uppladdat av"))),
        ["UnusedFundsDecision"] = new("Beslut om outnyttjade medel", AuditTarget.None, F(
            ("AgreementId", "Överenskommelse"), ("Year", "År"), ("Amount", "Belopp"), ("Outcome", "Beslut"), ("Reference", "Beslutsreferens"),
            ("Note", "Anteckning"), ("PlannedOn", "Planerat återbetalningsdatum"), ("PaidOn", "Återbetalt datum"), ("DecidedAtUtc", "Beslutat"), ("DecidedBy", "Beslutat av"),
            ("Recipient", "Mottagare"), ("DecidedAmount", "Beslutat belopp att återbetala"), ("DecisionReference", "Beslutets diarienummer"))),
        ["CalendarToken"] = new("Kalenderlänk", AuditTarget.None, F(
            ("UserId", "Användare"), ("TokenHash", "Länkens fingeravtryck"), ("CreatedAtUtc", "Skapad"), ("RevokedAtUtc", "Återkallad"))),
        // Issue 27, part 2: the token's hash is never recorded (AuditAnnotations), so it has no name here.
        ["AccessToken"] = new("Åtkomsttoken", AuditTarget.None, F(
            ("UserId", "Användare"), ("Name", "Namn"), ("Prefix", "Början av token"), ("CreatedAtUtc", "Skapad"), ("ExpiresAtUtc", "Slutar gälla"),
            ("RevokedAtUtc", "Återkallad"), ("LastUsedOn", "Senast använd"))),
        ["Activity"] = new("Insats", AuditTarget.Activity, F(
            ("AgreementId", "Överenskommelse"), ("AllocationLineId", "Fördelningsrad"), ("AreaId", "Utvecklingsområde"), ("Number", "Nummer"),
            ("Goal", "Mål RS/HSN"), ("Measure", "Insats"), ("FundsFor", "Medlen avser"), ("ResponsiblePerson", "Ansvarig person"),
            ("ResponsibleUnit", "Ansvarig enhet"), ("PerformerName", "Utförare"), ("PerformerKind", "Typ av utförare"), ("StartDate", "Startdatum"),
            ("EndDate", "Slutdatum"), ("Status", "Status"), ("DecisionDate", "Beslutsdatum"), ("DecisionReference", "Beslutsreferens"),
            ("DecisionNote", "Motivering / kommentar"), ("ProjectCode", "Projektkod"), ("CostObjectCode", "Kostnadsobjekt"), ("Earmark", "Varav-del"),
            ("Version", "Version"))),
        ["ActivityTransition"] = new("Insatsens statusändring", AuditTarget.Activity, F(
            ("ActivityId", "Insats"), ("From", "Från status"), ("To", "Till status"), ("AtUtc", "Tidpunkt"), ("UserName", "Användare"), ("Note", "Motivering"))),
        ["BudgetYear"] = new("Insatsens budget", AuditTarget.Activity, F(
            ("ActivityId", "Insats"), ("Year", "År"), ("Amount", "Belopp"))),
        ["ExitPlan"] = new("Exitbudget", AuditTarget.Activity, F(
            ("ActivityId", "Insats"), ("Strategy", "Vad händer när statsbidraget upphör?"), ("YearlyCostAfterGrant", "Årlig kostnad efter statsbidraget"),
            ("FundingSource", "Finansieras ur (befintlig budget)"), ("ReplacedWork", "Befintlig verksamhet som ersätts"),
            ("ReplacedSavings", "Besparing per år av det som ersätts"), ("WindDownDate", "Avvecklad senast"), ("Description", "Budgetkalkyl och beskrivning"))),
        ["Investment"] = new("Investering", AuditTarget.Activity, F(
            ("ActivityId", "Insats"), ("Amount", "Investeringsbelopp"), ("DepreciationYears", "Avskrivningstid (år)"), ("FirstYear", "Första avskrivningsår"))),
        ["CareUnit"] = new("Vårdenhet", AuditTarget.None, F(
            ("Code", "Enhetskod"), ("Name", "Namn"), ("OrganisationNumber", "Organisationsnummer"), ("Ownership", "Driftform"))),
        ["UnitListing"] = new("Listning", AuditTarget.Listing, F(
            ("AsOf", "Listningsdatum"), ("FileName", "Filnamn"), ("Sha256", "Filens fingeravtryck (SHA-256)"), ("ImportedAtUtc", "Importerad"),
            ("ImportedBy", "Importerad av"))),
        ["UnitListingRow"] = new("Listningsrad", AuditTarget.None, F(
            ("ListingId", "Listning"), ("UnitCode", "Enhetskod"), ("Name", "Namn"), ("OrganisationNumber", "Organisationsnummer"), ("Ownership", "Driftform"),
            ("Cni", "CNI"), ("DistanceKm", "Avstånd (km)"), ("ListedByBand", "Listade per åldersgrupp"), ("TotalListed", "Listade"))),
        ["Distribution"] = new("Fördelning till vårdenheter", AuditTarget.Distribution, F(
            ("AgreementId", "Överenskommelse"), ("Name", "Namn"), ("LineId", "Fördelningsrad"), ("LineCode", "Fördelningsradens kod"),
            ("CostObjectCode", "Kostnadsobjekt"), ("Amount", "Belopp"), ("Key", "Fördelningsnyckel"), ("ModelYear", "Modellår"), ("ListingId", "Listning"),
            ("ListingAsOf", "Listningsdatum"), ("Status", "Status"), ("CreatedAtUtc", "Skapad"), ("CreatedBy", "Skapad av"),
            ("DecidedAtUtc", "Beslutad"), ("DecidedBy", "Beslutad av"), ("DecisionReference", "Beslutsreferens"), ("ReportDeadline", "Sista dag för återrapport"),
            ("Version", "Version"))),
        ["DistributionRow"] = new("Fördelningens rad", AuditTarget.None, F(
            ("DistributionId", "Fördelning"), ("UnitCode", "Enhetskod"), ("Name", "Vårdenhet"), ("OrganisationNumber", "Organisationsnummer"),
            ("Ownership", "Driftform"), ("Points", "Poäng"), ("Share", "Andel"), ("Amount", "Belopp"), ("ProjectCode", "Projektkod"))),
        ["UnitReport"] = new("Återrapport från vårdenhet", AuditTarget.UnitReport, F(
            ("DistributionId", "Fördelning"), ("UnitCode", "Enhetskod"), ("OrganisationNumber", "Organisationsnummer"), ("Use", "Användning"),
            ("AmountUsed", "Använt belopp"), ("Outcome", "Resultat"), ("SubmittedAtUtc", "Inskickad"), ("SubmittedBy", "Inskickad av"),
            ("ReceivedAtUtc", "Mottagen"), ("ReceivedBy", "Mottagen av"), ("Version", "Version"))),
        ["UnitReportFile"] = new("Bilaga till återrapport", AuditTarget.None, F(
            ("UnitReportId", "Återrapport"), ("FileName", "Filnamn"), ("ContentType", "Filtyp"), ("Content", "Innehåll"), ("UploadedAtUtc", "Uppladdad"),
            ("UploadedBy", "Uppladdad av"))),
        ["ProviderOrganisation"] = new("Utförarens organisation", AuditTarget.None, F(
            ("UserId", "Användare"), ("OrganisationNumber", "Organisationsnummer"))),
        ["ClosedMonth"] = new("Stängd månad", AuditTarget.ClosedMonth, F(
            ("AgreementId", "Överenskommelse"), ("Month", "Månad"), ("ClosedAtUtc", "Stängd"), ("ClosedBy", "Stängd av"), ("ReopenedAtUtc", "Öppnad igen"),
            ("ReopenedBy", "Öppnad igen av"), ("ReopenReason", "Skäl att öppna igen"))),
        ["LedgerColumnMapping"] = new("Kolumnmappning", AuditTarget.None, F(
            ("Name", "Namn"), ("Voucher", "Verifikation"), ("Date", "Datum"), ("Account", "Konto"), ("CostCentre", "Ansvar"), ("CostObject", "Objekt"),
            ("Project", "Projekt"), ("Amount", "Belopp"), ("Text", "Text"), ("Version", "Version"))),
        ["LedgerEntry"] = new("Huvudboksrad", AuditTarget.None, F(
            ("ImportId", "Import"), ("Source", "Källa"), ("Line", "Rad i filen"), ("VoucherSeries", "Verifikationsserie"), ("VoucherNumber", "Verifikationsnummer"),
            ("VoucherDate", "Verifikationsdatum"), ("RowDate", "Radens datum"), ("Month", "Månad"), ("Account", "Konto"), ("AccountNumber", "Kontonummer"),
            ("CostCentre", "Ansvar"), ("CostObject", "Objekt"), ("Project", "Projekt"), ("Amount", "Belopp"), ("Text", "Text"))),
        ["LedgerImport"] = new("Import av huvudbok", AuditTarget.Import, F(
            ("FileName", "Filnamn"), ("Format", "Format"), ("Encoding", "Teckenkodning"), ("Source", "Källa"), ("Sha256", "Filens fingeravtryck (SHA-256)"),
            ("ImportedAtUtc", "Importerad"), ("UserName", "Importerad av"), ("Status", "Status"), ("FirstMonth", "Första månad"), ("LastMonth", "Sista månad"),
            ("RowsRead", "Rader lästa"), ("RowsStored", "Sparade rader"), ("RowsReplaced", "Ersatta rader"), ("SkippedOtherObject", "Hoppade över: andra objekt"),
            ("SkippedNoObject", "Hoppade över: utan objekt"), ("ErrorCount", "Antal fel"), ("Errors", "Fel"))),
        ["LedgerMonthTotal"] = new("Månadssumma", AuditTarget.None, F(
            ("Source", "Källa"), ("Month", "Månad"), ("CostObject", "Objekt"), ("AccountNumber", "Konto"), ("Project", "Projekt"), ("Rows", "Rader"),
            ("Amount", "Belopp"), ("AbsoluteAmount", "Bruttobelopp"))),
        ["LedgerMonthTieOut"] = new("Månadens avstämning mot huvudboken", AuditTarget.None, F(
            ("Source", "Källa"), ("Month", "Månad"), ("CostObject", "Objekt"), ("ImportId", "Import"), ("Rows", "Rader"), ("Amount", "Belopp"),
            ("Method", "Avstämd mot"), ("Reference", "Underlag"), ("TiedOutAtUtc", "Avstämd"), ("TiedOutBy", "Avstämd av"))),
        ["ExceptionNote"] = new("Kommentar till avvikelse", AuditTarget.None, F(
            ("AgreementId", "Överenskommelse"), ("Kind", "Avvikelse"), ("CostObject", "Objekt"), ("Key", "Avser"), ("Month", "Månad"), ("Rows", "Rader"),
            ("Amount", "Belopp"), ("Text", "Kommentar"), ("Resolved", "Åtgärdad"), ("WrittenAtUtc", "Skriven"), ("WrittenBy", "Skriven av"),
            ("Version", "Version"))),
        ["GrantPayment"] = new("Utbetalning av statsbidrag", AuditTarget.None, F(
            ("AgreementId", "Överenskommelse"), ("Date", "Datum"), ("Amount", "Belopp"), ("Reference", "Referens"), ("RecordedAtUtc", "Registrerad"),
            ("RecordedBy", "Registrerad av"))),
        ["RowAssignment"] = new("Flyttad huvudboksrad", AuditTarget.None, F(
            ("AgreementId", "Överenskommelse"), ("LineId", "Fördelningsrad"), ("Source", "Källa"), ("VoucherSeries", "Verifikationsserie"),
            ("VoucherNumber", "Verifikationsnummer"), ("VoucherDate", "Verifikationsdatum"), ("Month", "Månad"), ("Account", "Konto"),
            ("CostObject", "Objekt"), ("Amount", "Belopp"), ("Reason", "Motivering"), ("AssignedAtUtc", "Flyttad"), ("AssignedBy", "Flyttad av"))),
        [SignInEvents.EntityType] = new("Inloggning", AuditTarget.None, F(("Metod", "Metod"), ("Adress", "Adress"))),
    };

    /// <summary>Fields that hold kronor (decimal), or öre where the model keeps a whole number.</summary>
    private static readonly HashSet<string> MoneyFields = new(StringComparer.Ordinal)
    {
        "Amount", "AmountUsed", "NationalTotal", "RegionAllocation", "NationalAmount", "BaseAmount", "YearlyCostAfterGrant", "ReplacedSavings",
        "AbsoluteAmount",
    };

    /// <summary>Fields that point at another record by its id.</summary>
    private static readonly IReadOnlyDictionary<string, AuditTarget> References = new Dictionary<string, AuditTarget>(StringComparer.Ordinal)
    {
        ["AgreementId"] = AuditTarget.Agreement,
        ["ActivityId"] = AuditTarget.Activity,
        ["AllocationLineId"] = AuditTarget.Line,
        ["LineId"] = AuditTarget.Line,
        ["AreaId"] = AuditTarget.Area,
        ["DevelopmentAreaId"] = AuditTarget.Area,
        ["ParentId"] = AuditTarget.Area,
        ["ConditionId"] = AuditTarget.Condition,
        ["ObligationId"] = AuditTarget.Obligation,
        ["RequirementId"] = AuditTarget.Requirement,
        ["DistributionId"] = AuditTarget.Distribution,
        ["UnitReportId"] = AuditTarget.UnitReport,
        ["ListingId"] = AuditTarget.Listing,
        ["ImportId"] = AuditTarget.Import,
        ["UserId"] = AuditTarget.User,
    };

    /// <summary>Every entity type the vocabulary names, by its internal name.</summary>
    public static IReadOnlyCollection<string> EntityTypes => (IReadOnlyCollection<string>)Kinds.Keys;

    public static AuditKind? Find(string entityType) => Kinds.GetValueOrDefault(entityType);

    /// <summary>The kind as the interface names it; an unknown kind (a type since removed) shows as stored, marked.</summary>
    public static string KindName(string entityType) => Kinds.TryGetValue(entityType, out var kind) ? kind.Name : $"{entityType} (okänd typ)";

    public static bool Names(string entityType, string property) =>
        Kinds.TryGetValue(entityType, out var kind) && kind.Fields.ContainsKey(property);

    public static string FieldName(string entityType, string property) =>
        Kinds.TryGetValue(entityType, out var kind) && kind.Fields.TryGetValue(property, out var name) ? name
        : property.Length == 0 ? "Innehåll" : property;

    public static bool IsMoney(string property) => MoneyFields.Contains(property);

    /// <summary>A field whose value is a user's login name, shown as the user's name.</summary>
    public static bool IsUserName(string property) =>
        property.EndsWith("By", StringComparison.Ordinal) || property is "UserName" or "Owner";

    public static AuditTarget ReferenceOf(string entityType, string property) =>
        entityType == "DevelopmentArea" || property != "ParentId" ? References.GetValueOrDefault(property) : AuditTarget.None;

    public static string Action(AuditAction action) => action switch
    {
        AuditAction.Skapad => "Skapad",
        AuditAction.Ändrad => "Ändrad",
        AuditAction.Borttagen => "Borttagen",
        AuditAction.SignedIn => "Inloggad",
        AuditAction.SignInFailed => "Misslyckad inloggning",
        AuditAction.LockedOut => "Kontot låst",
        AuditAction.SignedOut => "Utloggad",
        _ => action.ToString(),
    };

    /// <summary>An enum value as stored (its member name) in the interface's words, where the domain has them.</summary>
    public static string EnumValue(Type type, string stored)
    {
        if (!Enum.TryParse(type, stored, out var value) || value is null)
        {
            return stored;
        }
        return value switch
        {
            ActivityStatus s => s.Swedish(),
            PerformerKind k => k.Swedish(),
            ExitStrategy e => e.Swedish(),
            AgreementStatus s => s.Swedish(),
            ObligationKind k => k.Swedish(),
            ObligationStatus s => s.Swedish(),
            NationalRule r => r.Swedish(),
            AgreementFileKind k => k.Swedish(),
            _ => EnumWords.GetValueOrDefault(type.Name + "." + stored, stored),
        };
    }

    /// <summary>The members of enums the domain has no Swedish text for, written once here.</summary>
    private static readonly IReadOnlyDictionary<string, string> EnumWords = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["ImportStatus.Importerad"] = "Importerad",
        ["ImportStatus.Oforandrad"] = "Oförändrad",
        ["ImportStatus.Avvisad"] = "Avvisad",
        ["ImportStatus.Provkord"] = "Provkörd",
        ["ImportStatus.Avbruten"] = "Avbruten",
        ["TieOutMethod.Psaldo"] = "Periodsaldon i SIE-filen (#PSALDO)",
        ["TieOutMethod.Saldolista"] = "Saldolista",
        ["TieOutMethod.Bekraftad"] = "Bekräftad av ekonom",
        ["ExceptionKind.Investment"] = "Investering",
        ["ExceptionKind.Overspent"] = "Överskriden tilldelning",
        ["ExceptionKind.RingFenced"] = "Öronmärkt del överskriden",
        ["ExceptionKind.OutsidePeriod"] = "Utanför objektets period",
        ["ExceptionKind.Activity"] = "Insats som inte är beslutad",
        ["DistributionKey.Listade"] = "Listade invånare",
        ["DistributionKey.Alder"] = "Listade viktade efter ålder",
        ["DistributionKey.Glesbygd"] = "Glesbygdsfaktor",
        ["DistributionKey.Halsoval"] = "Hälsovalsmodellen",
        ["Ownership.Offentlig"] = "Offentlig",
        ["Ownership.Privat"] = "Privat",
        ["DistributionStatus.Utkast"] = "Utkast",
        ["DistributionStatus.Beslutad"] = "Beslutad",
        ["RequirementKind.Narrative"] = "Beskrivning",
        ["RequirementKind.Indicator"] = "Indikator",
        ["RequirementKind.Count"] = "Antal",
        ["RequirementKind.SexBreakdown"] = "Per kön",
        ["TargetDirection.AtLeast"] = "Minst",
        ["TargetDirection.AtMost"] = "Högst",
        ["TargetDirection.RiseByPercent"] = "Ökning i procent",
        ["UnusedFundsOutcome.Aterbetalas"] = "Återbetalas",
        ["UnusedFundsOutcome.FarBehallas"] = "Får behållas",
    };
}
