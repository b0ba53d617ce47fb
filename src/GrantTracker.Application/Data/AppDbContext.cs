using GrantTracker.Application.Auditing;
using GrantTracker.Application.Identity;
using GrantTracker.Domain.Activities;
using GrantTracker.Domain.Agreements;
using GrantTracker.Domain.Common;
using GrantTracker.Domain.Ledger;
using GrantTracker.Domain.Reconciliation;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Data;

/// <summary>
/// The one context for business data, identity and the audit trail. Each provider has a derived
/// context (<see cref="SqliteAppDbContext"/>, <see cref="SqlServerAppDbContext"/>) so that each keeps
/// its own migration set; everything else asks for <see cref="AppDbContext"/>.
/// </summary>
public abstract class AppDbContext : IdentityDbContext<AppUser>
{
    private readonly IAuditActor _actor;
    private readonly TimeProvider _clock;
    private readonly SqliteAuditStamp? _stamp;

    protected AppDbContext(DbContextOptions options, IAuditActor actor, TimeProvider clock, SqliteAuditStamp? stamp = null) : base(options)
    {
        _actor = actor;
        _clock = clock;
        _stamp = stamp;
    }

    /// <summary>Set by <see cref="TransactionTracker"/> while this context has a transaction open.</summary>
    internal bool TransactionOpen { get; set; }

    public DbSet<Agreement> Agreements => Set<Agreement>();
    public DbSet<DevelopmentArea> DevelopmentAreas => Set<DevelopmentArea>();
    public DbSet<AllocationLine> AllocationLines => Set<AllocationLine>();
    public DbSet<CostObjectPeriod> CostObjectPeriods => Set<CostObjectPeriod>();
    public DbSet<AgreementCondition> AgreementConditions => Set<AgreementCondition>();
    public DbSet<ReportingObligation> ReportingObligations => Set<ReportingObligation>();
    public DbSet<Activity> Activities => Set<Activity>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<LedgerEntry> LedgerEntries => Set<LedgerEntry>();
    public DbSet<LedgerImport> LedgerImports => Set<LedgerImport>();
    public DbSet<LedgerMonthTotal> LedgerMonthTotals => Set<LedgerMonthTotal>();
    public DbSet<ClosedMonth> ClosedMonths => Set<ClosedMonth>();
    public DbSet<LedgerMonthTieOut> LedgerMonthTieOuts => Set<LedgerMonthTieOut>();
    public DbSet<LedgerColumnMapping> ColumnMappings => Set<LedgerColumnMapping>();
    public DbSet<ExceptionNote> ExceptionNotes => Set<ExceptionNote>();
    public DbSet<GrantPayment> GrantPayments => Set<GrantPayment>();
    public DbSet<RowAssignment> RowAssignments => Set<RowAssignment>();
    public DbSet<ObligationFile> ObligationFiles => Set<ObligationFile>();
    public DbSet<AgreementFile> AgreementFiles => Set<AgreementFile>();
    public DbSet<UnusedFundsDecision> UnusedFundsDecisions => Set<UnusedFundsDecision>();
    public DbSet<CalendarToken> CalendarTokens => Set<CalendarToken>();
    public DbSet<Domain.Access.AccessToken> AccessTokens => Set<Domain.Access.AccessToken>();
    public DbSet<ConditionStatement> ConditionStatements => Set<ConditionStatement>();
    public DbSet<ReportingRequirement> ReportingRequirements => Set<ReportingRequirement>();
    public DbSet<RequirementAnswer> RequirementAnswers => Set<RequirementAnswer>();
    public DbSet<RequirementEvidence> RequirementEvidence => Set<RequirementEvidence>();
    public DbSet<Domain.Distribution.CareUnit> CareUnits => Set<Domain.Distribution.CareUnit>();
    public DbSet<Domain.Distribution.UnitListing> UnitListings => Set<Domain.Distribution.UnitListing>();
    public DbSet<Domain.Distribution.UnitListingRow> UnitListingRows => Set<Domain.Distribution.UnitListingRow>();
    public DbSet<Domain.Distribution.Distribution> Distributions => Set<Domain.Distribution.Distribution>();
    public DbSet<Domain.Distribution.UnitReport> UnitReports => Set<Domain.Distribution.UnitReport>();
    public DbSet<Domain.Distribution.UnitReportFile> UnitReportFiles => Set<Domain.Distribution.UnitReportFile>();
    public DbSet<Domain.Distribution.ProviderOrganisation> ProviderOrganisations => Set<Domain.Distribution.ProviderOrganisation>();
    public DbSet<SentReminder> SentReminders => Set<SentReminder>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Money: decimal kronor in the domain, whole öre (bigint) in every database.
        configurationBuilder.Properties<decimal>().HaveConversion<OreConverter>();
        configurationBuilder.Properties<YearMonth>().HaveConversion<YearMonthConverter>();
    }

    private long? _auditStamp;

    /// <summary>
    /// The id of the audit trail's last entry, which every audited change moves (<see cref="Features.FiguresCache"/>,
    /// the session check): read once per context, so a request (one context) reads it once however many cached answers
    /// and checks it asks for, and forgotten whenever this context saves, so a request that changes something and then
    /// reads sees its own change.
    /// </summary>
    /// <remarks>
    /// On SQLite the id is read on a connection of its own (<see cref="SqliteAuditStamp"/>), unless this context has a
    /// transaction open, whose uncommitted entries only this context sees.
    /// </remarks>
    public async ValueTask<long> AuditStampAsync(CancellationToken ct = default) =>
        _auditStamp ??= _stamp is not null && !TransactionOpen
            ? _stamp.Read()
            : await AuditEntries.MaxAsync(a => (long?)a.Id, ct) ?? 0;

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        SaveChangesAsync(acceptAllChangesOnSuccess).GetAwaiter().GetResult();

    /// <summary>
    /// Bumps concurrency versions, then writes the changes and their audit entries in one transaction:
    /// the entries need the keys the database generates, so they are written right after the changes.
    /// </summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        try
        {
            return await SaveAuditedAsync(acceptAllChangesOnSuccess, cancellationToken);
        }
        finally
        {
            _auditStamp = null;
        }
    }

    private async Task<int> SaveAuditedAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken)
    {
        ChangeTracker.DetectChanges();
        // An Avslutad agreement is read only (ADR 27): refused here, before anything is written, whichever use case tried.
        await Features.Agreements.Lifecycle.ReadOnlyAgreementGuard.CheckAsync(this, cancellationToken);
        foreach (var entry in ChangeTracker.Entries<IVersioned>())
        {
            if (entry.State == EntityState.Modified)
            {
                entry.Entity.Version = entry.Property(e => e.Version).OriginalValue + 1;
            }
        }
        var audit = AuditRecorder.Capture(ChangeTracker);
        if (audit.IsEmpty)
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        var ownTransaction = Database.CurrentTransaction is null
            ? await Database.BeginTransactionAsync(cancellationToken)
            : null;
        try
        {
            // Accept now: the second save must not write these changes again.
            var written = await base.SaveChangesAsync(acceptAllChangesOnSuccess: true, cancellationToken);
            AuditEntries.AddRange(audit.Complete(_clock.GetUtcNow().UtcDateTime, _actor));
            await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            if (ownTransaction is not null)
            {
                await ownTransaction.CommitAsync(cancellationToken);
            }
            return written;
        }
        finally
        {
            if (ownTransaction is not null)
            {
                await ownTransaction.DisposeAsync();
            }
        }
    }
}

public sealed class SqliteAppDbContext(
    DbContextOptions<SqliteAppDbContext> options, IAuditActor actor, TimeProvider clock, SqliteAuditStamp? stamp = null)
    : AppDbContext(options, actor, clock, stamp);

public sealed class SqlServerAppDbContext(DbContextOptions<SqlServerAppDbContext> options, IAuditActor actor, TimeProvider clock)
    : AppDbContext(options, actor, clock);
