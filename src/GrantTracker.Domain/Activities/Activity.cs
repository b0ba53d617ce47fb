namespace GrantTracker.Domain.Activities;

/// <summary>
/// An activity (insats) the region decided or proposed under an agreement. For now a plain record of
/// the seed's tables; its life cycle and exit budget come with the activities issue.
/// </summary>
public sealed class Activity
{
    private Activity() { }

    public Activity(int agreementId, int number, string costObjectCode, int? areaId, string? goal, string measure, string? fundsFor, decimal? budget, string? responsible)
    {
        AgreementId = agreementId;
        Number = number;
        CostObjectCode = costObjectCode;
        AreaId = areaId;
        Goal = goal;
        Measure = measure;
        FundsFor = fundsFor;
        Budget = budget;
        Responsible = responsible;
    }

    public int Id { get; private set; }
    public int AgreementId { get; private set; }
    public int Number { get; private set; }
    public string CostObjectCode { get; private set; } = "";
    public int? AreaId { get; private set; }

    /// <summary>Mål RS/HSN: the goal in the regional board's and health-care board's plans.</summary>
    public string? Goal { get; private set; }

    /// <summary>Insats: what the activity does.</summary>
    public string Measure { get; private set; } = "";

    /// <summary>Medlen avser: what the money pays for.</summary>
    public string? FundsFor { get; private set; }
    public decimal? Budget { get; private set; }
    public string? Responsible { get; private set; }
}
