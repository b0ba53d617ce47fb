using GrantTracker.Domain.Common;

namespace GrantTracker.Domain.Activities;

/// <summary>The life cycle: Utkast → Beredd → Beslutad or Avslagen → Pågående → Avslutad or Avvecklad.</summary>
public enum ActivityStatus
{
    Utkast = 0,
    Beredd = 1,
    Beslutad = 2,
    Avslagen = 3,
    Pagaende = 4,
    Avslutad = 5,
    Avvecklad = 6,
}

/// <summary>Who performs an activity: a unit of the region, or a provider of either ownership.</summary>
public enum PerformerKind
{
    Regionenhet = 0,
    OffentligUtforare = 1,
    PrivatUtforare = 2,
}

/// <summary>How an activity is paid for when the national money ends (seed 003, 3.3).</summary>
public enum ExitStrategy
{
    /// <summary>Taken into ordinary operations within the existing budget.</summary>
    OrdinarieVerksamhet = 0,

    /// <summary>Replaces existing work, whose cost pays for it.</summary>
    ErsatterBefintlig = 1,

    /// <summary>Wound down when the money ends.</summary>
    Avveckling = 2,
}

public static class ActivityText
{
    /// <summary>
    /// Decided (approved, then running, completed or wound down): what a report to the state may list. A draft, an
    /// activity in preparation and a rejected one were never the region's decision.
    /// </summary>
    public static bool IsDecided(this ActivityStatus status) =>
        status is ActivityStatus.Beslutad or ActivityStatus.Pagaende or ActivityStatus.Avslutad or ActivityStatus.Avvecklad;

    /// <summary>Planned: a draft or an activity prepared for decision. Its budget is a plan, not money the region has decided to spend.</summary>
    public static bool IsPlanned(this ActivityStatus status) => status is ActivityStatus.Utkast or ActivityStatus.Beredd;

    public static string Swedish(this ActivityStatus status) => status switch
    {
        ActivityStatus.Utkast => "Utkast",
        ActivityStatus.Beredd => "Beredd",
        ActivityStatus.Beslutad => "Beslutad",
        ActivityStatus.Avslagen => "Avslagen",
        ActivityStatus.Pagaende => "Pågående",
        ActivityStatus.Avslutad => "Avslutad",
        ActivityStatus.Avvecklad => "Avvecklad",
        _ => status.ToString(),
    };

    public static string Swedish(this PerformerKind kind) => kind switch
    {
        PerformerKind.Regionenhet => "Regionens enhet",
        PerformerKind.OffentligUtforare => "Offentlig utförare",
        PerformerKind.PrivatUtforare => "Privat utförare",
        _ => kind.ToString(),
    };

    public static string Swedish(this ExitStrategy strategy) => strategy switch
    {
        ExitStrategy.OrdinarieVerksamhet => "Implementeras i ordinarie verksamhet inom befintlig budget",
        ExitStrategy.ErsatterBefintlig => "Ersätter befintlig verksamhet",
        ExitStrategy.Avveckling => "Avvecklas när medlen upphör",
        _ => strategy.ToString(),
    };
}

/// <summary>
/// The exit budget: the budget calculation of how the activity is financed if and when the national
/// money ends. No activity may be approved without one.
/// </summary>
public sealed record ExitPlan(
    ExitStrategy Strategy,
    decimal? YearlyCostAfterGrant,
    string? FundingSource,
    string? ReplacedWork,
    decimal? ReplacedSavings,
    DateOnly? WindDownDate,
    string? Description)
{
    /// <summary>What the chosen strategy still lacks, as Swedish sentences a decision maker can act on.</summary>
    public IReadOnlyList<Error> Check()
    {
        var errors = new List<Error>();
        switch (Strategy)
        {
            case ExitStrategy.OrdinarieVerksamhet:
                if (string.IsNullOrWhiteSpace(FundingSource))
                {
                    errors.Add(new Error(nameof(FundingSource), "Ange ur vilken befintlig budget insatsen ska finansieras när medlen upphör."));
                }
                if (YearlyCostAfterGrant is null)
                {
                    errors.Add(new Error(nameof(YearlyCostAfterGrant), "Ange den årliga kostnaden efter att statsbidraget upphört."));
                }
                break;
            case ExitStrategy.ErsatterBefintlig:
                if (string.IsNullOrWhiteSpace(ReplacedWork))
                {
                    errors.Add(new Error(nameof(ReplacedWork), "Ange vilken befintlig verksamhet insatsen ersätter."));
                }
                if (ReplacedSavings is null)
                {
                    errors.Add(new Error(nameof(ReplacedSavings), "Ange vad ersättningen sparar per år."));
                }
                break;
            case ExitStrategy.Avveckling:
                if (WindDownDate is null)
                {
                    errors.Add(new Error(nameof(WindDownDate), "Ange när insatsen ska vara avvecklad."));
                }
                if (string.IsNullOrWhiteSpace(Description))
                {
                    errors.Add(new Error(nameof(Description), "Beskriv hur avvecklingen ska gå till."));
                }
                break;
        }
        if (YearlyCostAfterGrant < 0 || ReplacedSavings < 0)
        {
            errors.Add(new Error(nameof(YearlyCostAfterGrant), "Belopp i exitbudgeten kan inte vara negativa."));
        }
        return errors;
    }
}

/// <summary>
/// An investment within an activity and its straight-line depreciation plan. Only the current year's
/// depreciation may be booked on the cost object (seed 003, 3.3).
/// </summary>
public sealed record Investment(decimal Amount, int DepreciationYears, int FirstYear)
{
    public IReadOnlyList<Error> Check()
    {
        var errors = new List<Error>();
        if (Amount <= 0 || !Money.IsWholeOre(Amount))
        {
            errors.Add(new Error("InvestmentAmount", "Ange investeringens belopp i kronor, större än noll."));
        }
        if (DepreciationYears is < 1 or > 50)
        {
            errors.Add(new Error("DepreciationYears", "Ange avskrivningstiden i hela år, 1–50."));
        }
        return errors;
    }

    /// <summary>The depreciation of one year, to the öre; the last year takes the rounding so the plan sums to the amount.</summary>
    public decimal DepreciationIn(int year)
    {
        if (year < FirstYear || year >= FirstYear + DepreciationYears)
        {
            return 0m;
        }
        var yearly = Math.Round(Amount / DepreciationYears, 2, MidpointRounding.ToZero);
        return year == FirstYear + DepreciationYears - 1 ? Amount - yearly * (DepreciationYears - 1) : yearly;
    }
}

/// <summary>An activity's budget for one year.</summary>
public sealed record BudgetYear(int Year, decimal Amount);

/// <summary>One step in an activity's life, with who took it and when.</summary>
public sealed record ActivityTransition(ActivityStatus From, ActivityStatus To, DateTime AtUtc, string UserName, string? Note);
