using GrantTracker.Domain.Common;
using Microsoft.AspNetCore.Authorization;

namespace GrantTracker.Web.Infrastructure;

/// <summary>
/// Every controller action names one of these policies (a test enforces it). Revisor reads everything
/// and changes nothing, so it appears only in read policies.
/// </summary>
public static class Policies
{
    public const string Read = "Read";

    /// <summary>The region's money: costs, reconciliation, reports. Not for an Utförare, who may not read other providers' figures.</summary>
    public const string ReadFinance = "ReadFinance";
    public const string EditAgreements = "EditAgreements";
    public const string ReadAudit = "ReadAudit";
    public const string ImportLedger = "ImportLedger";
    public const string EditActivities = "EditActivities";
    public const string DecideActivities = "DecideActivities";
    public const string Reconcile = "Reconcile";
    public const string SetProjectCode = "SetProjectCode";

    /// <summary>Owner and status of a reporting obligation: officers write the reports, finance the monthly and year-end ones.</summary>
    public const string EditObligations = "EditObligations";

    /// <summary>
    /// The files kept for a sent report. A report covers the whole agreement, and an Utförare sees only its own
    /// share, so every role but Utförare.
    /// </summary>
    public const string ReadSubmittedFiles = "ReadSubmittedFiles";

    /// <summary>The register of primary-care units and its listings: officers keep it (issue 16).</summary>
    public const string EditUnits = "EditUnits";

    /// <summary>Deciding a distribution of money to the units: the decision makers, as for activities.</summary>
    public const string DecideDistributions = "DecideDistributions";

    /// <summary>
    /// A unit's report back on a distribution: the provider for its own units (scoped by organisation number), officers and
    /// administrators for any unit (a report sent by mail).
    /// </summary>
    public const string SubmitUnitReports = "SubmitUnitReports";

    /// <summary>Users: the organisation numbers a provider acts for.</summary>
    public const string ManageUsers = "ManageUsers";

    /// <summary>Users, their roles and organisation numbers, read only: the administrator, and the auditor who checks who may do what (issue 23).</summary>
    public const string ReadUsers = "ReadUsers";

    /// <summary>Issue 26, part 3: the agreement's archive package for the e-archive. The whole record, every provider's part and the audit trail: the administrator only.</summary>
    public const string ArchiveAgreements = "ArchiveAgreements";

    // Issue 26, the agreement's life cycle: closing out is the work of those who follow the money up; reopening is the system owner's.
    /// <summary>Slutredovisad → Avslutad: Handläggare, Ekonom, Administratör.</summary>
    public const string CloseAgreements = "CloseAgreements";

    /// <summary>Avslutad → Slutredovisad, with a reason: only the Administratör.</summary>
    public const string ReopenAgreements = "ReopenAgreements";

    // Issue 27, part 2: personal access tokens.
    /// <summary>
    /// The OData feed, for read-only endpoints only: authenticated by a personal access token and nothing else (no cookie, so no
    /// cross-site request reads it), every role (each scoped as on its pages), and only GET and HEAD, so a token never writes even
    /// on an endpoint that by mistake accepts another method. Put <c>[EnableRateLimiting(FeedRateLimit.Policy)]</c> beside it.
    /// </summary>
    public const string ReadFeed = "ReadFeed";

    public static void Add(AuthorizationOptions options)
    {
        // Issue 27, part 2.
        options.AddPolicy(ReadFeed, p => p
            .AddAuthenticationSchemes(AccessTokenDefaults.Scheme)
            .RequireRole(Roles.All)
            .RequireAssertion(c => c.Resource is HttpContext http && (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method))));

        options.AddPolicy(CloseAgreements, p => p.RequireRole(Roles.Officer, Roles.Finance, Roles.Administrator));
        options.AddPolicy(ReopenAgreements, p => p.RequireRole(Roles.Administrator));
        options.AddPolicy(Read, p => p.RequireRole(Roles.All));
        options.AddPolicy(ReadFinance, p => p.RequireRole(Roles.All.Where(r => r != Roles.Provider)));
        options.AddPolicy(EditAgreements, p => p.RequireRole(Roles.Officer, Roles.Administrator));
        options.AddPolicy(ReadAudit, p => p.RequireRole(Roles.Auditor, Roles.Administrator));
        options.AddPolicy(ImportLedger, p => p.RequireRole(Roles.Finance));
        options.AddPolicy(EditActivities, p => p.RequireRole(Roles.Officer, Roles.Administrator));
        options.AddPolicy(DecideActivities, p => p.RequireRole(Roles.DecisionMaker));
        options.AddPolicy(Reconcile, p => p.RequireRole(Roles.Finance));
        options.AddPolicy(SetProjectCode, p => p.RequireRole(Roles.Officer, Roles.Administrator, Roles.Finance));
        options.AddPolicy(EditObligations, p => p.RequireRole(Roles.Officer, Roles.Administrator, Roles.Finance));
        options.AddPolicy(EditUnits, p => p.RequireRole(Roles.Officer, Roles.Administrator));
        options.AddPolicy(DecideDistributions, p => p.RequireRole(Roles.DecisionMaker));
        options.AddPolicy(SubmitUnitReports, p => p.RequireRole(Roles.Provider, Roles.Officer, Roles.Administrator));
        options.AddPolicy(ManageUsers, p => p.RequireRole(Roles.Administrator));
        options.AddPolicy(ReadUsers, p => p.RequireRole(Roles.Administrator, Roles.Auditor));
        options.AddPolicy(ReadSubmittedFiles, p => p.RequireRole(Roles.Administrator, Roles.Officer, Roles.DecisionMaker, Roles.Finance, Roles.Auditor));

        // Issue 26, part 3.
        options.AddPolicy(ArchiveAgreements, p => p.RequireRole(Roles.Administrator));

        // Anything that forgets its policy still requires a signed-in user.
        options.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
    }
}
