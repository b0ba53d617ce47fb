namespace GrantTracker.Web.Tests.Security;

/// <summary>What a principal gets from an endpoint.</summary>
public enum Access
{
    /// <summary>The request reaches the action (a page, a file, a redirect, or for a POST without a token: 400).</summary>
    Allowed,

    /// <summary>Signed in: sent to /konto/nekad. Anonymous: sent to /konto/logga-in.</summary>
    Denied,

    /// <summary>Allowed in, but what it asks for is not its to see (another provider's activity) or does not exist: 404.</summary>
    NotFound,

    /// <summary>401: the read feed (issue 27) takes only a personal access token, so the sign-in cookie gets no further.</summary>
    Unauthorized,
}

/// <summary>
/// Who may do what: one row per endpoint (and per kind of id where the answer depends on it), one letter per
/// principal in the order of <see cref="Principals"/>: A allowed, D denied, N not found, U unauthorized (401). This table is the
/// specification; <see cref="RoleMatrixTests"/> requests every row as every principal and fails when an endpoint
/// exists that no row names.
/// </summary>
/// <remarks>
/// URLs use real ids: {agreement}, {area}, {line}, {own} (the Utförare's own activity), {other} (another provider's),
/// {obligation}, {file} (a kept report file), {mapping} (a column mapping), {condition}, {requirement} and {period} (a cost-object period) of {agreement}. {job} and {token} are ids that do not
/// exist (import jobs live in memory, a calendar token is a secret): their rows show that authorization comes before
/// the look-up. Administratör neither imports nor closes months: see docs/adr/0011-roles-and-hardening.md.
/// </remarks>
public static class RoleMatrix
{
    public static readonly string[] Principals = ["Administratör", "Handläggare", "Beslutsfattare", "Ekonom", "Utförare", "Revisor", "anonym"];

    //                                 template (as routed)                              URL requested                                                  Adm Hdl Bes Eko Utf Rev anon
    public static readonly Row[] Rows =
    [
        // Start, errors, health
        // Issue 27, part 1: the read feed. No cookie gets in, signed in or not (401): only a personal access token does
        // (FeedHttpTests test every set per role with tokens).
        new("GET", "/odata", "/odata", "UUUUUUU"),
        new("GET", "/odata/$metadata", "/odata/$metadata", "UUUUUUU"),
        new("GET", "/odata/Agreements", "/odata/Agreements", "UUUUUUU"),
        new("GET", "/odata/Agreements/$count", "/odata/Agreements/$count", "UUUUUUU"),
        new("GET", "/odata/Areas", "/odata/Areas", "UUUUUUU"),
        new("GET", "/odata/Areas/$count", "/odata/Areas/$count", "UUUUUUU"),
        new("GET", "/odata/Lines", "/odata/Lines", "UUUUUUU"),
        new("GET", "/odata/Lines/$count", "/odata/Lines/$count", "UUUUUUU"),
        new("GET", "/odata/CostObjects", "/odata/CostObjects", "UUUUUUU"),
        new("GET", "/odata/CostObjects/$count", "/odata/CostObjects/$count", "UUUUUUU"),
        new("GET", "/odata/Activities", "/odata/Activities", "UUUUUUU"),
        new("GET", "/odata/Activities/$count", "/odata/Activities/$count", "UUUUUUU"),
        new("GET", "/odata/MonthFigures", "/odata/MonthFigures", "UUUUUUU"),
        new("GET", "/odata/MonthFigures/$count", "/odata/MonthFigures/$count", "UUUUUUU"),
        new("GET", "/odata/Exceptions", "/odata/Exceptions", "UUUUUUU"),
        new("GET", "/odata/Exceptions/$count", "/odata/Exceptions/$count", "UUUUUUU"),
        new("GET", "/odata/Distributions", "/odata/Distributions", "UUUUUUU"),
        new("GET", "/odata/Distributions/$count", "/odata/Distributions/$count", "UUUUUUU"),
        new("GET", "/odata/UnitAmounts", "/odata/UnitAmounts", "UUUUUUU"),
        new("GET", "/odata/UnitAmounts/$count", "/odata/UnitAmounts/$count", "UUUUUUU"),
        new("GET", "/odata/Obligations", "/odata/Obligations", "UUUUUUU"),
        new("GET", "/odata/Obligations/$count", "/odata/Obligations/$count", "UUUUUUU"),
        new("GET", "/odata/RequirementAnswers", "/odata/RequirementAnswers", "UUUUUUU"),
        new("GET", "/odata/RequirementAnswers/$count", "/odata/RequirementAnswers/$count", "UUUUUUU"),

        new("GET", "/", "/", "AAAAAAD"),
        new("GET", "/fel", "/fel", "AAAAAAA"),
        new("*", "/fel/{status:int}", "/fel/404", "AAAAAAA"),
        new("*", "/healthz", "/healthz", "AAAAAAA"),
        new("*", "/readyz", "/readyz", "AAAAAAA"),

        // Sign-in (POSTs without a token: 400 for everyone, the action never runs)
        new("GET", "/konto/logga-in", "/konto/logga-in", "AAAAAAA"),
        new("POST", "/konto/logga-in", "/konto/logga-in", "AAAAAAA"),
        new("POST", "/konto/extern", "/konto/extern", "AAAAAAA"),
        new("POST", "/konto/logga-ut", "/konto/logga-ut", "AAAAAAA"),
        new("GET", "/konto/nekad", "/konto/nekad", "AAAAAAA"),

        // Agreements and allocation
        new("GET", "/overenskommelser", "/overenskommelser", "AAAAAAD"),
        new("GET", "/overenskommelser/{id:int}", "/overenskommelser/{agreement}", "AAAAAAD"),
        new("GET", "/overenskommelser/ny", "/overenskommelser/ny", "AADDDDD"),
        new("POST", "/overenskommelser/ny", "/overenskommelser/ny", "AADDDDD"),
        new("GET", "/overenskommelser/{id:int}/redigera", "/overenskommelser/{agreement}/redigera", "AADDDDD"),
        new("POST", "/overenskommelser/{id:int}/redigera", "/overenskommelser/{agreement}/redigera", "AADDDDD"),
        new("GET", "/overenskommelser/{id:int}/omraden/nytt", "/overenskommelser/{agreement}/omraden/nytt", "AADDDDD"),
        new("POST", "/overenskommelser/{id:int}/omraden/nytt", "/overenskommelser/{agreement}/omraden/nytt", "AADDDDD"),
        new("GET", "/overenskommelser/{id:int}/omraden/{areaId:int}/redigera", "/overenskommelser/{agreement}/omraden/{area}/redigera", "AADDDDD"),
        new("POST", "/overenskommelser/{id:int}/omraden/{areaId:int}/redigera", "/overenskommelser/{agreement}/omraden/{area}/redigera", "AADDDDD"),
        new("POST", "/overenskommelser/{id:int}/omraden/{areaId:int}/ta-bort", "/overenskommelser/{agreement}/omraden/{area}/ta-bort", "AADDDDD"),
        new("GET", "/overenskommelser/{id:int}/rader/ny", "/overenskommelser/{agreement}/rader/ny", "AADDDDD"),
        new("POST", "/overenskommelser/{id:int}/rader/ny", "/overenskommelser/{agreement}/rader/ny", "AADDDDD"),
        new("GET", "/overenskommelser/{id:int}/rader/{lineId:int}/redigera", "/overenskommelser/{agreement}/rader/{line}/redigera", "AADDDDD"),
        new("POST", "/overenskommelser/{id:int}/rader/{lineId:int}/redigera", "/overenskommelser/{agreement}/rader/{line}/redigera", "AADDDDD"),
        new("POST", "/overenskommelser/{id:int}/rader/{lineId:int}/ta-bort", "/overenskommelser/{agreement}/rader/{line}/ta-bort", "AADDDDD"),

        // Issue 22, part 2 (app-b): national keys and the agreement's files. Every role that reads the region's money reads the
        // keys and downloads the files (an Utförare does not: the agreement page hides the region's money from it); Handläggare
        // and Administratör change them. {file} rows use an id that does not exist: authorization answers before the look-up.
        new("GET", "/overenskommelser/{id:int}/nationella-nycklar", "/overenskommelser/{agreement}/nationella-nycklar", "AAAADAD"),
        new("POST", "/overenskommelser/{id:int}/nationella-nycklar/befolkningsandel", "/overenskommelser/{agreement}/nationella-nycklar/befolkningsandel", "AADDDDD"),
        new("GET", "/overenskommelser/{id:int}/nationella-nycklar/omraden/{areaId:int}", "/overenskommelser/{agreement}/nationella-nycklar/omraden/{area}", "AADDDDD"),
        new("POST", "/overenskommelser/{id:int}/nationella-nycklar/omraden/{areaId:int}", "/overenskommelser/{agreement}/nationella-nycklar/omraden/{area}", "AADDDDD"),
        new("GET", "/overenskommelser/{id:int}/nationella-nycklar/rader/{lineId:int}", "/overenskommelser/{agreement}/nationella-nycklar/rader/{line}", "AADDDDD"),
        new("POST", "/overenskommelser/{id:int}/nationella-nycklar/rader/{lineId:int}", "/overenskommelser/{agreement}/nationella-nycklar/rader/{line}", "AADDDDD"),
        new("GET", "/overenskommelser/{id:int}/filer/ny", "/overenskommelser/{agreement}/filer/ny", "AADDDDD"),
        new("POST", "/overenskommelser/{id:int}/filer/ny", "/overenskommelser/{agreement}/filer/ny", "AADDDDD"),
        new("GET", "/overenskommelser/{id:int}/filer/{fileId:int}", "/overenskommelser/{agreement}/filer/999999", "NNNNDND"),
        new("POST", "/overenskommelser/{id:int}/filer/{fileId:int}/ta-bort", "/overenskommelser/{agreement}/filer/999999/ta-bort", "AADDDDD"),

        // Issue 22, part 2 (app-a): conditions, reporting obligations, reporting requirements and cost-object periods, edited by officers and administrators
        new("GET", "/overenskommelser/{id:int}/villkor", "/overenskommelser/{agreement}/villkor", "AADDDDD"),
        new("GET", "/overenskommelser/{id:int}/villkor/nytt", "/overenskommelser/{agreement}/villkor/nytt", "AADDDDD"),
        new("POST", "/overenskommelser/{id:int}/villkor/nytt", "/overenskommelser/{agreement}/villkor/nytt", "AADDDDD"),
        new("GET", "/overenskommelser/{id:int}/villkor/{conditionId:int}/redigera", "/overenskommelser/{agreement}/villkor/{condition}/redigera", "AADDDDD"),
        new("POST", "/overenskommelser/{id:int}/villkor/{conditionId:int}/redigera", "/overenskommelser/{agreement}/villkor/{condition}/redigera", "AADDDDD"),
        new("POST", "/overenskommelser/{id:int}/villkor/{conditionId:int}/ta-bort", "/overenskommelser/{agreement}/villkor/{condition}/ta-bort", "AADDDDD"),
        new("GET", "/overenskommelser/{id:int}/rapportering", "/overenskommelser/{agreement}/rapportering", "AADDDDD"),
        new("GET", "/overenskommelser/{id:int}/rapportering/ny", "/overenskommelser/{agreement}/rapportering/ny", "AADDDDD"),
        new("POST", "/overenskommelser/{id:int}/rapportering/ny", "/overenskommelser/{agreement}/rapportering/ny", "AADDDDD"),
        new("GET", "/overenskommelser/{id:int}/rapportering/{obligationId:int}/redigera", "/overenskommelser/{agreement}/rapportering/{obligation}/redigera", "AADDDDD"),
        new("POST", "/overenskommelser/{id:int}/rapportering/{obligationId:int}/redigera", "/overenskommelser/{agreement}/rapportering/{obligation}/redigera", "AADDDDD"),
        new("POST", "/overenskommelser/{id:int}/rapportering/{obligationId:int}/ta-bort", "/overenskommelser/{agreement}/rapportering/{obligation}/ta-bort", "AADDDDD"),
        new("GET", "/overenskommelser/{id:int}/krav", "/overenskommelser/{agreement}/krav", "AADDDDD"),
        new("GET", "/overenskommelser/{id:int}/krav/nytt", "/overenskommelser/{agreement}/krav/nytt", "AADDDDD"),
        new("POST", "/overenskommelser/{id:int}/krav/nytt", "/overenskommelser/{agreement}/krav/nytt", "AADDDDD"),
        new("GET", "/overenskommelser/{id:int}/krav/{requirementId:int}/redigera", "/overenskommelser/{agreement}/krav/{requirement}/redigera", "AADDDDD"),
        new("POST", "/overenskommelser/{id:int}/krav/{requirementId:int}/redigera", "/overenskommelser/{agreement}/krav/{requirement}/redigera", "AADDDDD"),
        new("POST", "/overenskommelser/{id:int}/krav/{requirementId:int}/ta-bort", "/overenskommelser/{agreement}/krav/{requirement}/ta-bort", "AADDDDD"),
        new("GET", "/overenskommelser/{id:int}/objekt", "/overenskommelser/{agreement}/objekt", "AADDDDD"),
        new("GET", "/overenskommelser/{id:int}/objekt/ny", "/overenskommelser/{agreement}/objekt/ny", "AADDDDD"),
        new("POST", "/overenskommelser/{id:int}/objekt/ny", "/overenskommelser/{agreement}/objekt/ny", "AADDDDD"),
        new("GET", "/overenskommelser/{id:int}/objekt/{periodId:int}/redigera", "/overenskommelser/{agreement}/objekt/{period}/redigera", "AADDDDD"),
        new("POST", "/overenskommelser/{id:int}/objekt/{periodId:int}/redigera", "/overenskommelser/{agreement}/objekt/{period}/redigera", "AADDDDD"),
        new("POST", "/overenskommelser/{id:int}/objekt/{periodId:int}/ta-bort", "/overenskommelser/{agreement}/objekt/{period}/ta-bort", "AADDDDD"),
        // Not the agreement's: not found for those allowed in, denied first for the rest.
        new("GET", "/overenskommelser/{id:int}/villkor/{conditionId:int}/redigera", "/overenskommelser/{agreement}/villkor/999999/redigera", "NNDDDDD"),
        new("GET", "/overenskommelser/{id:int}/krav/{requirementId:int}/redigera", "/overenskommelser/{agreement}/krav/999999/redigera", "NNDDDDD"),

        // Issue 22, parts 3 and 4: the definition as a file (import, export; the export holds the region's money) and next year's copy
        new("GET", "/overenskommelser/importera", "/overenskommelser/importera", "AADDDDD"),
        new("POST", "/overenskommelser/importera", "/overenskommelser/importera", "AADDDDD"),
        new("GET", "/overenskommelser/{id:int}/export", "/overenskommelser/{agreement}/export", "AAAADAD"),
        new("GET", "/overenskommelser/{id:int}/kopiera", "/overenskommelser/{agreement}/kopiera", "AADDDDD"),
        new("POST", "/overenskommelser/{id:int}/kopiera", "/overenskommelser/{agreement}/kopiera", "AADDDDD"),
        new("POST", "/overenskommelser/{id:int}/aktivera", "/overenskommelser/{agreement}/aktivera", "AADDDDD"),

        // Activities: an Utförare reads its own, and another provider's is not found
        new("GET", "/insatser", "/insatser", "AAAAAAD"),
        new("GET", "/insatser/export", "/insatser/export", "AAAAAAD"),
        new("GET", "/insatser/{id:int}", "/insatser/{own}", "AAAAAAD"),
        new("GET", "/insatser/{id:int}", "/insatser/{other}", "AAAANAD"),
        new("GET", "/insatser/{id:int}/beslutsunderlag", "/insatser/{own}/beslutsunderlag", "AAAAAAD"),
        new("GET", "/insatser/{id:int}/beslutsunderlag", "/insatser/{other}/beslutsunderlag", "AAAANAD"),
        new("POST", "/insatser/{id:int}/projektkod", "/insatser/{own}/projektkod", "AADADDD"),
        new("POST", "/insatser/{id:int}/varav", "/insatser/{own}/varav", "AADADDD"),
        new("GET", "/insatser/ny", "/insatser/ny?agreementId={agreement}", "AADDDDD"),
        new("POST", "/insatser/ny", "/insatser/ny?agreementId={agreement}", "AADDDDD"),
        new("GET", "/insatser/{id:int}/redigera", "/insatser/{own}/redigera", "AADDDDD"),
        new("POST", "/insatser/{id:int}/redigera", "/insatser/{own}/redigera", "AADDDDD"),
        new("GET", "/insatser/{id:int}/exitbudget", "/insatser/{own}/exitbudget", "AADDDDD"),
        new("POST", "/insatser/{id:int}/exitbudget", "/insatser/{own}/exitbudget", "AADDDDD"),
        new("POST", "/insatser/{id:int}/status", "/insatser/{own}/status", "AADDDDD"),
        new("GET", "/insatser/{id:int}/beslut", "/insatser/{own}/beslut", "DDADDDD"),
        new("POST", "/insatser/{id:int}/beslut", "/insatser/{own}/beslut", "DDADDDD"),

        // Costs and the ledger import: Ekonom imports; Administratör does not (ADR 11)
        new("GET", "/kostnader", "/kostnader", "AAAADAD"),
        new("GET", "/kostnader/importer", "/kostnader/importer", "AAAADAD"),
        new("GET", "/kostnader/excel", "/kostnader/excel?ar=2023", "AAAADAD"),
        new("GET", "/kostnader/importera", "/kostnader/importera", "DDDADDD"),
        new("POST", "/kostnader/importera", "/kostnader/importera", "DDDADDD"),
        new("GET", "/kostnader/importera/{id:guid}", "/kostnader/importera/{job}", "DDDNDDD"),
        new("GET", "/kostnader/importera/{id:guid}/status", "/kostnader/importera/{job}/status", "DDDNDDD"),
        new("POST", "/kostnader/importera/{id:guid}/ersatt", "/kostnader/importera/{job}/ersatt", "DDDADDD"),
        new("GET", "/kostnader/kolumner", "/kostnader/kolumner", "AAAADAD"),
        new("GET", "/kostnader/kolumner/ny", "/kostnader/kolumner/ny", "DDDADDD"),
        new("POST", "/kostnader/kolumner/ny", "/kostnader/kolumner/ny", "DDDADDD"),
        new("GET", "/kostnader/kolumner/{id:int}", "/kostnader/kolumner/{mapping}", "DDDADDD"),
        new("POST", "/kostnader/kolumner/{id:int}", "/kostnader/kolumner/{mapping}", "DDDADDD"),
        new("POST", "/kostnader/kolumner/{id:int}/ta-bort", "/kostnader/kolumner/{mapping}/ta-bort", "DDDADDD"),

        // Reconciliation and the month close: Ekonom changes; Administratör reads (ADR 11)
        new("GET", "/avstamning", "/avstamning?avtal=gnv2023&manad=2023-03", "AAAADAD"),
        new("GET", "/avstamning/rader", "/avstamning/rader?avtal=gnv2023&manad=2023-03&rad={line}", "AAAADAD"),
        new("GET", "/avstamning/rader/excel", "/avstamning/rader/excel?avtal=gnv2023&manad=2023-03&rad={line}", "AAAADAD"),
        new("POST", "/avstamning/avvikelse", "/avstamning/avvikelse", "DDDADDD"),
        new("POST", "/avstamning/avvikelse/ta-bort", "/avstamning/avvikelse/ta-bort", "DDDADDD"),
        new("POST", "/avstamning/stang", "/avstamning/stang", "DDDADDD"),
        new("POST", "/avstamning/oppna", "/avstamning/oppna", "DDDADDD"),
        new("POST", "/avstamning/flytta", "/avstamning/flytta", "DDDADDD"),
        new("POST", "/avstamning/flytta/angra", "/avstamning/flytta/angra", "DDDADDD"),
        new("GET", "/avstamning/periodisering", "/avstamning/periodisering?avtal=gnv2023&manad=2023-03", "AAAADAD"),
        new("GET", "/avstamning/periodisering/sie", "/avstamning/periodisering/sie?avtal=gnv2023&manad=2023-03", "AAAADAD"),
        new("GET", "/avstamning/periodisering/excel", "/avstamning/periodisering/excel?avtal=gnv2023&manad=2023-03", "AAAADAD"),
        new("POST", "/avstamning/betalning", "/avstamning/betalning", "DDDADDD"),
        new("POST", "/avstamning/betalning/ta-bort", "/avstamning/betalning/ta-bort", "DDDADDD"),

        // Issue 23, part 2 (i23-h2): a month's tie-out to the ledger's balance, by the Ekonom's confirmation or the ledger's balance report.
        new("POST", "/avstamning/bekrafta", "/avstamning/bekrafta", "DDDADDD"),
        new("POST", "/avstamning/saldolista", "/avstamning/saldolista", "DDDADDD"),

        // Reports
        new("GET", "/rapporter", "/rapporter", "AAAADAD"),
        new("GET", "/rapporter/slutredovisning", "/rapporter/slutredovisning?avtal=gnv2023&ar=2023", "AAAADAD"),
        new("POST", "/rapporter/slutredovisning/outnyttjat", "/rapporter/slutredovisning/outnyttjat", "AADDDDD"),
        new("POST", "/rapporter/slutredovisning/villkor", "/rapporter/slutredovisning/villkor", "AADDDDD"),
        new("GET", "/rapporter/aterrapportering", "/rapporter/aterrapportering?avtal=gnv2023&ar=2023", "AAAADAD"),
        new("POST", "/rapporter/aterrapportering", "/rapporter/aterrapportering", "AADDDDD"),
        new("POST", "/rapporter/aterrapportering/bilaga", "/rapporter/aterrapportering/bilaga", "AADDDDD"),
        new("GET", "/rapporter/aterrapportering/bilaga/{fileId:int}", "/rapporter/aterrapportering/bilaga/999999?avtal=gnv2023", "NNNNDND"),
        new("POST", "/rapporter/aterrapportering/bilaga/{fileId:int}/ta-bort", "/rapporter/aterrapportering/bilaga/999999/ta-bort", "AADDDDD"),
        new("GET", "/rapporter/vfu", "/rapporter/vfu?avtal=gnv2023&ar=2023", "AAAADAD"),
        new("GET", "/rapporter/avstamning", "/rapporter/avstamning?avtal=gnv2023&typ=tertial&ar=2023", "AAAADAD"),
        new("GET", "/rapporter/handlingsplan", "/rapporter/handlingsplan?avtal=patientmiljarden", "AAAADAD"),

        // Deadlines: everyone reads; officers, finance and the administrator change; files not for an Utförare
        new("GET", "/deadlines", "/deadlines", "AAAAAAD"),
        new("GET", "/deadlines/{id:int}", "/deadlines/{obligation}", "AAAAAAD"),
        new("POST", "/deadlines/{id:int}/ansvarig", "/deadlines/{obligation}/ansvarig", "AADADDD"),
        new("POST", "/deadlines/{id:int}/paborja", "/deadlines/{obligation}/paborja", "AADADDD"),
        new("POST", "/deadlines/{id:int}/inskickad", "/deadlines/{obligation}/inskickad", "AADADDD"),
        new("POST", "/deadlines/{id:int}/oppna", "/deadlines/{obligation}/oppna", "AADADDD"),
        new("GET", "/deadlines/fil/{fileId:int}", "/deadlines/fil/{file}", "AAAADAD"),
        new("GET", "/deadlines/kalender", "/deadlines/kalender", "AAAAAAD"),
        new("POST", "/deadlines/kalender/ny", "/deadlines/kalender/ny", "AAAAAAD"),
        new("POST", "/deadlines/kalender/aterkalla", "/deadlines/kalender/aterkalla", "AAAAAAD"),
        // Anonymous by design (calendar programs send no cookie): the token is the credential; an unknown one is 404 for all.
        new("GET", "/deadlines/kalender/{token}.ics", "/deadlines/kalender/{token}.ics", "NNNNNNN"),

        // The audit trail, sign-in events included
        new("GET", "/granskningslogg", "/granskningslogg", "ADDDDAD"),

        // Issue 25, part 3 (an audit log an auditor can read): the log as a workbook, for the same readers as the page
        new("GET", "/granskningslogg/excel", "/granskningslogg/excel", "ADDDDAD"),

        // Vårdenheter (issue 16): every role but Utförare reads the listing; officers and administrators import it
        new("GET", "/vardenheter", "/vardenheter", "AAAADAD"),
        new("POST", "/vardenheter/importera", "/vardenheter/importera", "AADDDDD"),
        // Fördelningar: an Utförare reads the decided ones of its own units (scoped by organisation number, ADR 14)
        new("GET", "/fordelningar", "/fordelningar", "AAAAAAD"),
        new("POST", "/fordelningar", "/fordelningar", "AADDDDD"),
        new("GET", "/fordelningar/{id:int}", "/fordelningar/999999", "NNNNNND"),
        new("POST", "/fordelningar/{id:int}/beslut", "/fordelningar/999999/beslut", "DDADDDD"),
        new("GET", "/fordelningar/{id:int}/betalningslista", "/fordelningar/999999/betalningslista", "NNNNNND"),
        new("POST", "/fordelningar/{id:int}/aterrapport", "/fordelningar/999999/aterrapport", "AADDADD"),
        new("POST", "/fordelningar/{id:int}/aterrapport/mottagen", "/fordelningar/999999/aterrapport/mottagen", "AADDDDD"),
        new("POST", "/fordelningar/{id:int}/projektkod", "/fordelningar/999999/projektkod", "AADADDD"),
        new("GET", "/fordelningar/{id:int}/aterrapport/fil/{fileId:int}", "/fordelningar/999999/aterrapport/fil/999999", "NNNNNND"),

        // Users: the administrator sets a provider's organisation numbers
        // Issue 23, point 10: the Revisor reads the users, their roles and organisation numbers (no forms); only the administrator changes them.
        new("GET", "/anvandare", "/anvandare", "ADDDDAD"),
        new("POST", "/anvandare/{id}/organisationsnummer", "/anvandare/okand/organisationsnummer", "ADDDDDD"),

        // Issue 26, part 3: the agreement's archive package, the whole record for the e-archive: the administrator only.
        new("GET", "/overenskommelser/{id:int}/arkivpaket", "/overenskommelser/{agreement}/arkivpaket", "ADDDDDD"),
        // Issue 26, sections 1 and 2 (i26-h1): an agreement is closed out by those who follow its money (Handläggare, Ekonom,
        // Administratör) and reopened only by the Administratör; the repayment's voucher is read as the accrual's is (no decision here: 404).
        new("POST", "/overenskommelser/{id:int}/avsluta", "/overenskommelser/{agreement}/avsluta", "AADADDD"),
        new("POST", "/overenskommelser/{id:int}/oppna-igen", "/overenskommelser/{agreement}/oppna-igen", "ADDDDDD"),
        new("GET", "/rapporter/slutredovisning/aterbetalning/sie", "/rapporter/slutredovisning/aterbetalning/sie?avtal=gnv2023&ar=2023", "NNNNDND"),

        // Issue 27, part 4 (i27-h2): Excel from the pages that lacked it, for exactly the pages' readers (Avstämning: not an Utförare;
        // Deadlines: everyone signed in). Insatser's workbook is /insatser/export, above, scoped as its page.
        new("GET", "/avstamning/excel", "/avstamning/excel?avtal=gnv2023&manad=2023-03", "AAAADAD"),
        new("GET", "/deadlines/excel", "/deadlines/excel", "AAAAAAD"),

        // Issue 27, part 3: the feed's OpenAPI document and the page that reads it (Scalar), with the page's own script files:
        // every role reads them (the feed itself is each token's business); anonymous, the sign-in page. Mapped outside MVC
        // (MapOpenApi, MapScalarApiReference), so the templates are the endpoints' route patterns as written there.
        new("GET", "/openapi/{documentName}.json", "/openapi/v1.json", "AAAAAAD"),
        new("GET", "/api-dokumentation/{documentName?}", "/api-dokumentation/", "AAAAAAD"),
        new("GET", "/api-dokumentation/scalar.js", "/api-dokumentation/scalar.js", "AAAAAAD"),
        new("GET", "/api-dokumentation/scalar.aspnetcore.js", "/api-dokumentation/scalar.aspnetcore.js", "AAAAAAD"),
        new("GET", "/api-dokumentation/favicon.svg", "/api-dokumentation/favicon.svg", "AAAAAAD"),

        // Issue 27, part 2: every signed-in user keeps their own personal access tokens (each sees and revokes only its own; an
        // id that is not theirs is refused inside the action, after authorization).
        new("GET", "/konto/token", "/konto/token", "AAAAAAD"),
        new("POST", "/konto/token", "/konto/token", "AAAAAAD"),
        new("POST", "/konto/token/{id:int}/aterkalla", "/konto/token/999999/aterkalla", "AAAAAAD"),
    ];

    public sealed record Row(string Method, string Template, string Url, string Expected)
    {
        public Access For(int principal) => Expected[principal] switch
        {
            'A' => Access.Allowed,
            'D' => Access.Denied,
            'N' => Access.NotFound,
            'U' => Access.Unauthorized,
            var c => throw new InvalidOperationException($"Unknown letter '{c}' in the row for {Method} {Template}."),
        };

        public override string ToString() => $"{Method} {Url}";
    }
}
