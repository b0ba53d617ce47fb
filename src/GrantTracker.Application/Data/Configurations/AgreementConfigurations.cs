using GrantTracker.Domain.Activities;
using GrantTracker.Domain.Agreements;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace GrantTracker.Application.Data.Configurations;

internal sealed class AgreementConfiguration : IEntityTypeConfiguration<Agreement>
{
    public void Configure(EntityTypeBuilder<Agreement> b)
    {
        b.HasIndex(a => a.Code).IsUnique();
        b.Property(a => a.Code).HasMaxLength(40).IsRequired();
        b.Property(a => a.Name).HasMaxLength(300).IsRequired();
        b.Property(a => a.Counterparty).HasMaxLength(200).IsRequired();
        b.Property(a => a.DiaryNumber).HasMaxLength(60);
        b.Property(a => a.Responsible).HasMaxLength(300);
        b.Property(a => a.Contact).HasMaxLength(300);
        b.Property(a => a.DecisionBody).HasMaxLength(1000);
        b.Property(a => a.Description).HasMaxLength(4000);
        // A fraction such as 0,01259986: kept exactly, not through the money convention's öre.
        b.Property(a => a.PopulationShare).HasConversion<FractionConverter>();
        b.Property(a => a.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(a => a.ClosedBy).HasMaxLength(256);
        b.Property(a => a.ReopenReason).HasMaxLength(Agreement.ReopenReasonMaxLength);
        b.Ignore(a => a.IsReadOnly);
        b.Property(a => a.Version).IsConcurrencyToken();
        b.Ignore(a => a.FirstYear);
        b.Ignore(a => a.LastYear);
        b.Ignore(a => a.LinesTotal);
        b.HasMany(a => a.Areas).WithOne(x => x.Agreement).HasForeignKey(x => x.AgreementId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(a => a.Lines).WithOne(x => x.Agreement).HasForeignKey(x => x.AgreementId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(a => a.CostObjects).WithOne(x => x.Agreement).HasForeignKey(x => x.AgreementId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(a => a.Conditions).WithOne(x => x.Agreement).HasForeignKey(x => x.AgreementId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(a => a.Obligations).WithOne(x => x.Agreement).HasForeignKey(x => x.AgreementId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(a => a.Areas).UsePropertyAccessMode(PropertyAccessMode.Field);
        b.Navigation(a => a.Lines).UsePropertyAccessMode(PropertyAccessMode.Field);
        b.Navigation(a => a.CostObjects).UsePropertyAccessMode(PropertyAccessMode.Field);
        b.Navigation(a => a.Conditions).UsePropertyAccessMode(PropertyAccessMode.Field);
        b.Navigation(a => a.Obligations).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class DevelopmentAreaConfiguration : IEntityTypeConfiguration<DevelopmentArea>
{
    public void Configure(EntityTypeBuilder<DevelopmentArea> b)
    {
        b.HasIndex(a => new { a.AgreementId, a.Code }).IsUnique();
        b.Property(a => a.Code).HasMaxLength(20).IsRequired();
        b.Property(a => a.Name).HasMaxLength(300).IsRequired();
        // Restrict: an area with sub-areas cannot be deleted (the domain refuses first).
        b.HasOne(a => a.Parent).WithMany().HasForeignKey(a => a.ParentId).OnDelete(DeleteBehavior.Restrict);
        b.OwnsOne(a => a.National, NationalKeyColumns.Map);
    }
}

/// <summary>The national key's columns, the same on an area and on a line.</summary>
internal static class NationalKeyColumns
{
    public static void Map<TOwner>(OwnedNavigationBuilder<TOwner, NationalKey> n) where TOwner : class
    {
        n.Property(k => k.NationalAmount).HasColumnName("NationalAmount");
        n.Property(k => k.Rule).HasColumnName("NationalRule").HasConversion<string>().HasMaxLength(20);
        n.Property(k => k.BaseAmount).HasColumnName("NationalBaseAmount");
        n.Property(k => k.Regions).HasColumnName("NationalRegions");
        // A fraction such as 0,01259986: kept exactly, not through the money convention's öre.
        n.Property(k => k.Share).HasColumnName("NationalShare").HasConversion<FractionConverter>();
        n.Property(k => k.Region).HasColumnName("NationalRegion").HasMaxLength(NationalKey.MaxRegionLength);
        // The published table, one "region;amount" a line: read whole with its key, never queried.
        n.Property(k => k.Table).HasColumnName("NationalTable");
        n.Ignore(k => k.Rows);
        n.Ignore(k => k.TableTotal);
        n.Ignore(k => k.RegionRow);
    }
}

internal sealed class AllocationLineConfiguration : IEntityTypeConfiguration<AllocationLine>
{
    public void Configure(EntityTypeBuilder<AllocationLine> b)
    {
        b.HasIndex(l => new { l.AgreementId, l.Code }).IsUnique();
        b.HasIndex(l => l.CostObjectCode);
        b.Property(l => l.Code).HasMaxLength(20).IsRequired();
        b.Property(l => l.CostObjectCode).HasMaxLength(20).IsRequired();
        b.Property(l => l.Name).HasMaxLength(AllocationLine.NameMaxLength);
        b.Property(l => l.Description).HasMaxLength(AllocationLine.DescriptionMaxLength);
        b.Ignore(l => l.Label);
        b.OwnsOne(l => l.National, NationalKeyColumns.Map);
        b.HasOne(l => l.Area).WithMany().HasForeignKey(l => l.AreaId).OnDelete(DeleteBehavior.Restrict);
        b.OwnsMany(l => l.Earmarks, e =>
        {
            e.ToTable("AllocationLineEarmarks");
            e.WithOwner().HasForeignKey("AllocationLineId");
            e.Property<int>("Id");
            e.HasKey("Id");
            e.Property(x => x.Name).HasMaxLength(200).IsRequired();
        });
        b.Navigation(l => l.Earmarks).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class CostObjectPeriodConfiguration : IEntityTypeConfiguration<CostObjectPeriod>
{
    public void Configure(EntityTypeBuilder<CostObjectPeriod> b)
    {
        // Ledger rows find their agreement by object and month: index what is queried.
        b.HasIndex(p => new { p.CostObjectCode, p.From, p.To });
        b.Property(p => p.CostObjectCode).HasMaxLength(20).IsRequired();
        b.Property(p => p.Name).HasMaxLength(CostObjectPeriod.NameMaxLength);
    }
}

internal sealed class AgreementConditionConfiguration : IEntityTypeConfiguration<AgreementCondition>
{
    public void Configure(EntityTypeBuilder<AgreementCondition> b)
    {
        b.Property(c => c.Code).HasMaxLength(20).IsRequired();
        b.Property(c => c.Text).HasMaxLength(2000).IsRequired();
        b.Property(c => c.Source).HasMaxLength(40);
    }
}

internal sealed class ReportingObligationConfiguration : IEntityTypeConfiguration<ReportingObligation>
{
    public void Configure(EntityTypeBuilder<ReportingObligation> b)
    {
        b.HasIndex(o => o.DueDate);
        b.Property(o => o.Kind).HasConversion<string>().HasMaxLength(30);
        b.Property(o => o.Title).HasMaxLength(300).IsRequired();
        b.Property(o => o.Recipient).HasMaxLength(200).IsRequired();
        b.Property(o => o.Note).HasMaxLength(ReportingObligation.NoteMaxLength);
        b.Property(o => o.ChangeReason).HasMaxLength(ReportingObligation.ChangeReasonMaxLength);
        b.Property(o => o.Source).HasMaxLength(40);
        b.Property(o => o.Owner).HasMaxLength(ReportingObligation.OwnerMaxLength);
        b.Property(o => o.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(o => o.SentBy).HasMaxLength(256);
        b.HasOne<ObligationFile>().WithMany().HasForeignKey(o => o.SentFileId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ObligationFileConfiguration : IEntityTypeConfiguration<ObligationFile>
{
    public void Configure(EntityTypeBuilder<ObligationFile> b)
    {
        b.HasIndex(f => f.ObligationId);
        b.HasOne<ReportingObligation>().WithMany().HasForeignKey(f => f.ObligationId).OnDelete(DeleteBehavior.Cascade);
        b.Property(f => f.FileName).HasMaxLength(260).IsRequired();
        b.Property(f => f.ContentType).HasMaxLength(200).IsRequired();
        b.Property(f => f.UploadedBy).HasMaxLength(256).IsRequired();
    }
}

internal sealed class AgreementFileConfiguration : IEntityTypeConfiguration<AgreementFile>
{
    public void Configure(EntityTypeBuilder<AgreementFile> b)
    {
        b.HasIndex(f => f.AgreementId);
        b.HasOne<Agreement>().WithMany().HasForeignKey(f => f.AgreementId).OnDelete(DeleteBehavior.Cascade);
        b.Property(f => f.Kind).HasConversion<string>().HasMaxLength(30);
        b.Property(f => f.Reference).HasMaxLength(AgreementFile.ReferenceMaxLength);
        b.Property(f => f.FileName).HasMaxLength(260).IsRequired();
        b.Property(f => f.ContentType).HasMaxLength(200).IsRequired();
        b.Property(f => f.UploadedBy).HasMaxLength(256).IsRequired();
    }
}

internal sealed class UnusedFundsDecisionConfiguration : IEntityTypeConfiguration<UnusedFundsDecision>
{
    public void Configure(EntityTypeBuilder<UnusedFundsDecision> b)
    {
        b.HasIndex(d => new { d.AgreementId, d.Year }).IsUnique();
        b.HasOne<Agreement>().WithMany().HasForeignKey(d => d.AgreementId).OnDelete(DeleteBehavior.Cascade);
        b.Property(d => d.Outcome).HasConversion<string>().HasMaxLength(20);
        b.Property(d => d.Reference).HasMaxLength(200).IsRequired();
        b.Property(d => d.Note).HasMaxLength(1000);
        b.Property(d => d.DecidedBy).HasMaxLength(256).IsRequired();
        b.Property(d => d.Recipient).HasMaxLength(UnusedFundsDecision.RecipientMaxLength);
        b.Property(d => d.DecisionReference).HasMaxLength(UnusedFundsDecision.DecisionReferenceMaxLength);
        b.Ignore(d => d.Repayment);
        b.Ignore(d => d.IsUnpaid);
    }
}

internal sealed class ReportingRequirementConfiguration : IEntityTypeConfiguration<ReportingRequirement>
{
    public void Configure(EntityTypeBuilder<ReportingRequirement> b)
    {
        b.HasIndex(r => new { r.AgreementId, r.Code }).IsUnique();
        b.HasOne<Agreement>().WithMany().HasForeignKey(r => r.AgreementId).OnDelete(DeleteBehavior.Cascade);
        b.Property(r => r.Code).HasMaxLength(40).IsRequired();
        b.Property(r => r.Section).HasMaxLength(40).IsRequired();
        b.Property(r => r.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(r => r.Report).HasConversion<string>().HasMaxLength(30);
        b.Property(r => r.Direction).HasConversion<string>().HasMaxLength(20);
        b.Property(r => r.Text).HasMaxLength(ReportingRequirement.MaxTextLength).IsRequired();
        b.Property(r => r.Unit).HasMaxLength(40);
        b.Property(r => r.Counted).HasMaxLength(200);
        b.Property(r => r.DataSource).HasMaxLength(200);
        // Indicators are not money: no conversion to whole öre (a continuity index has three decimals).
        b.Property(r => r.Baseline).HasConversion((ValueConverter?)null).HasPrecision(18, 4);
        b.Property(r => r.Target).HasConversion((ValueConverter?)null).HasPrecision(18, 4);
    }
}

internal sealed class RequirementAnswerConfiguration : IEntityTypeConfiguration<RequirementAnswer>
{
    public void Configure(EntityTypeBuilder<RequirementAnswer> b)
    {
        b.HasIndex(a => new { a.RequirementId, a.Year }).IsUnique();
        b.HasOne<ReportingRequirement>().WithMany().HasForeignKey(a => a.RequirementId).OnDelete(DeleteBehavior.Cascade);
        b.Property(a => a.Text).HasMaxLength(RequirementAnswer.MaxTextLength);
        b.Property(a => a.DataSource).HasMaxLength(200);
        b.Property(a => a.Done).HasMaxLength(200);
        b.Property(a => a.Expected).HasMaxLength(200);
        b.Property(a => a.WrittenBy).HasMaxLength(256).IsRequired();
        b.Property(a => a.Version).IsConcurrencyToken();
        b.Property(a => a.Value).HasConversion((ValueConverter?)null).HasPrecision(18, 4);
        b.Property(a => a.ValueWomen).HasConversion((ValueConverter?)null).HasPrecision(18, 4);
        b.Property(a => a.ValueMen).HasConversion((ValueConverter?)null).HasPrecision(18, 4);
        b.Property(a => a.Baseline).HasConversion((ValueConverter?)null).HasPrecision(18, 4);
    }
}

internal sealed class RequirementEvidenceConfiguration : IEntityTypeConfiguration<RequirementEvidence>
{
    public void Configure(EntityTypeBuilder<RequirementEvidence> b)
    {
        b.HasIndex(e => new { e.RequirementId, e.Year });
        b.HasOne<ReportingRequirement>().WithMany().HasForeignKey(e => e.RequirementId).OnDelete(DeleteBehavior.Cascade);
        b.Property(e => e.FileName).HasMaxLength(260).IsRequired();
        b.Property(e => e.ContentType).HasMaxLength(200).IsRequired();
        b.Property(e => e.UploadedBy).HasMaxLength(256).IsRequired();
    }
}

internal sealed class ConditionStatementConfiguration : IEntityTypeConfiguration<ConditionStatement>
{
    public void Configure(EntityTypeBuilder<ConditionStatement> b)
    {
        b.HasIndex(s => new { s.ConditionId, s.Year }).IsUnique();
        b.HasOne<Agreement>().WithMany().HasForeignKey(s => s.AgreementId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<AgreementCondition>().WithMany().HasForeignKey(s => s.ConditionId).OnDelete(DeleteBehavior.NoAction);
        b.Property(s => s.Text).HasMaxLength(ConditionStatement.MaxTextLength).IsRequired();
        b.Property(s => s.WrittenBy).HasMaxLength(256).IsRequired();
    }
}

internal sealed class CalendarTokenConfiguration : IEntityTypeConfiguration<CalendarToken>
{
    public void Configure(EntityTypeBuilder<CalendarToken> b)
    {
        b.HasIndex(t => t.TokenHash).IsUnique();
        b.HasIndex(t => t.UserId);
        b.Property(t => t.UserId).HasMaxLength(450).IsRequired();
        b.Property(t => t.TokenHash).HasMaxLength(64).IsRequired();
    }
}

internal sealed class ActivityConfiguration : IEntityTypeConfiguration<Activity>
{
    public void Configure(EntityTypeBuilder<Activity> b)
    {
        b.HasIndex(a => new { a.AgreementId, a.Number }).IsUnique();
        b.HasIndex(a => a.Status);
        b.HasIndex(a => a.CostObjectCode);
        b.HasOne<Agreement>().WithMany().HasForeignKey(a => a.AgreementId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<DevelopmentArea>().WithMany().HasForeignKey(a => a.AreaId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<AllocationLine>().WithMany().HasForeignKey(a => a.AllocationLineId).OnDelete(DeleteBehavior.Restrict);
        b.Property(a => a.CostObjectCode).HasMaxLength(20).IsRequired();
        b.Property(a => a.Goal).HasMaxLength(1000);
        b.Property(a => a.Measure).HasMaxLength(2000).IsRequired();
        b.Property(a => a.FundsFor).HasMaxLength(2000);
        b.Property(a => a.ResponsiblePerson).HasMaxLength(300);
        b.Property(a => a.ResponsibleUnit).HasMaxLength(300);
        b.Property(a => a.PerformerName).HasMaxLength(300);
        b.Property(a => a.PerformerKind).HasConversion<string>().HasMaxLength(30);
        b.Property(a => a.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(a => a.DecisionReference).HasMaxLength(200);
        b.Property(a => a.DecisionNote).HasMaxLength(2000);
        b.Property(a => a.ProjectCode).HasMaxLength(Activity.ProjectCodeMaxLength);
        b.Property(a => a.Earmark).HasMaxLength(200);
        b.Property(a => a.Version).IsConcurrencyToken();
        b.Ignore(a => a.TotalBudget);
        b.Ignore(a => a.IsEditable);
        b.Ignore(a => a.CommitsMoney);
        b.OwnsOne(a => a.Investment, i =>
        {
            i.Property(x => x.Amount).HasColumnName("InvestmentAmount");
            i.Property(x => x.DepreciationYears).HasColumnName("InvestmentDepreciationYears");
            i.Property(x => x.FirstYear).HasColumnName("InvestmentFirstYear");
        });
        b.OwnsOne(a => a.ExitPlan, e =>
        {
            e.Property(x => x.Strategy).HasColumnName("ExitStrategy").HasConversion<string>().HasMaxLength(30);
            e.Property(x => x.YearlyCostAfterGrant).HasColumnName("ExitYearlyCost");
            e.Property(x => x.FundingSource).HasColumnName("ExitFundingSource").HasMaxLength(500);
            e.Property(x => x.ReplacedWork).HasColumnName("ExitReplacedWork").HasMaxLength(1000);
            e.Property(x => x.ReplacedSavings).HasColumnName("ExitReplacedSavings");
            e.Property(x => x.WindDownDate).HasColumnName("ExitWindDownDate");
            e.Property(x => x.Description).HasColumnName("ExitDescription").HasMaxLength(4000);
        });
        b.OwnsMany(a => a.Budgets, y =>
        {
            y.ToTable("ActivityBudgets");
            y.WithOwner().HasForeignKey("ActivityId");
            y.Property<int>("Id");
            y.HasKey("Id");
        });
        b.OwnsMany(a => a.Transitions, t =>
        {
            t.ToTable("ActivityTransitions");
            t.WithOwner().HasForeignKey("ActivityId");
            t.Property<int>("Id");
            t.HasKey("Id");
            t.Property(x => x.From).HasConversion<string>().HasMaxLength(20);
            t.Property(x => x.To).HasConversion<string>().HasMaxLength(20);
            t.Property(x => x.UserName).HasMaxLength(256);
            t.Property(x => x.Note).HasMaxLength(2000);
        });
        b.Navigation(a => a.Budgets).UsePropertyAccessMode(PropertyAccessMode.Field);
        b.Navigation(a => a.Transitions).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}
