namespace GrantTracker.Application.Features.Feed;

/// <summary>
/// What one user may read of the feed, exactly as the pages let them (ADR 14, ADR 28). Every role but Utförare reads all of it.
/// An Utförare (<see cref="Performer"/> and <see cref="Organisations"/> set) reads:
/// the agreements without the region's money (no allocation, no national total, no areas or lines, as the agreement page shows it);
/// the cost objects and obligations (as the agreement page and Deadlines show them); only the activities it performs; only decided
/// distributions with a unit of its own organisations, with only those units and their sum; and not at all the region's figures
/// (MonthFigures, Exceptions), its areas and lines, or the requirements' answers (Avstämning, Rapporter: <see cref="CanReadRegionFigures"/>).
/// </summary>
/// <param name="Performer">The performer name an Utförare's activities carry; null for every other role.</param>
/// <param name="Organisations">The organisation numbers an Utförare acts for; null for every other role.</param>
public sealed record FeedScope(string? Performer, IReadOnlyCollection<string>? Organisations)
{
    public static readonly FeedScope Everything = new(null, null);

    private bool Provider => Performer is not null || Organisations is not null;

    /// <summary>Areas, lines, month figures, exceptions and requirement answers: the region's money and reporting, not a provider's.</summary>
    public bool CanReadRegionFigures => !Provider;

    public IEnumerable<FeedAgreement> Agreements(FeedRegister register) => !Provider ? register.Agreements : register.Agreements.Select(a => new FeedAgreement
    {
        Id = a.Id, Code = a.Code, Name = a.Name, Counterparty = a.Counterparty, DiaryNumber = a.DiaryNumber, StartDate = a.StartDate, EndDate = a.EndDate,
        Status = a.Status, NationalTotal = null, RegionAllocation = null, Responsible = a.Responsible, ClosedOn = a.ClosedOn,
        Areas = [], Lines = [], CostObjects = a.CostObjects, Obligations = a.Obligations,
    });

    public IEnumerable<FeedArea> Areas(FeedRegister register) => Provider ? [] : register.Areas;

    public IEnumerable<FeedLine> Lines(FeedRegister register) => Provider ? [] : register.Lines;

    public IEnumerable<FeedCostObject> CostObjects(FeedRegister register) => register.CostObjects;

    public IEnumerable<FeedObligation> Obligations(FeedRegister register) => register.Obligations;

    public IEnumerable<FeedActivity> Activities(FeedRegister register) =>
        !Provider ? register.Activities
        // A provider without a name sees none (ProviderScope gives "\0"): never everything.
        : register.Activities.Where(a => Performer is { } own && a.PerformerName == own);

    public IEnumerable<FeedDistribution> Distributions(FeedRegister register)
    {
        if (!Provider)
        {
            return register.Distributions;
        }
        var own = Organisations ?? [];
        return register.Distributions
            .Where(d => d.Status == nameof(Domain.Distribution.DistributionStatus.Beslutad))
            .Select(d => (Distribution: d, Units: d.UnitAmounts.Where(u => own.Contains(u.OrganisationNumber)).ToList()))
            .Where(x => x.Units.Count > 0)
            .Select(x => new FeedDistribution
            {
                Id = x.Distribution.Id, AgreementId = x.Distribution.AgreementId, Name = x.Distribution.Name, LineId = x.Distribution.LineId,
                LineCode = x.Distribution.LineCode, CostObjectCode = x.Distribution.CostObjectCode, Amount = x.Units.Sum(u => u.Amount),
                Key = x.Distribution.Key, ModelYear = x.Distribution.ModelYear, ListingAsOf = x.Distribution.ListingAsOf, Status = x.Distribution.Status,
                DecisionReference = x.Distribution.DecisionReference, DecidedAt = x.Distribution.DecidedAt, ReportDeadline = x.Distribution.ReportDeadline,
                UnitAmounts = x.Units,
            });
    }

    public IEnumerable<FeedUnitAmount> UnitAmounts(FeedRegister register) =>
        !Provider ? register.UnitAmounts : Distributions(register).SelectMany(d => d.UnitAmounts);

    public IEnumerable<FeedRequirementAnswer> RequirementAnswers(FeedRegister register) => Provider ? [] : register.RequirementAnswers;

    public IEnumerable<FeedMonthFigure> MonthFigures(FeedFigures figures) => Provider ? [] : figures.MonthFigures;

    public IEnumerable<FeedException> Exceptions(FeedFigures figures) => Provider ? [] : figures.Exceptions;
}
