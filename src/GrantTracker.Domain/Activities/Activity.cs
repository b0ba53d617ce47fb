using GrantTracker.Domain.Common;

namespace GrantTracker.Domain.Activities;

/// <summary>The allocation line an activity is registered under, as the use case read it from the agreement.</summary>
public sealed record ActivityLine(int LineId, int AreaId, string CostObjectCode);

/// <summary>The fields an officer edits.</summary>
public sealed record ActivityDetails(
    string? Goal,
    string Measure,
    string? FundsFor,
    string? ResponsiblePerson,
    string? ResponsibleUnit,
    string? PerformerName,
    PerformerKind PerformerKind,
    DateOnly? StartDate,
    DateOnly? EndDate,
    IReadOnlyList<BudgetYear> Budgets,
    Investment? Investment);

/// <summary>
/// An activity (insats) under an allocation line. The entity guards its life cycle: an illegal transition
/// is refused whatever calls it, and no activity is approved without a complete exit budget.
/// </summary>
public sealed class Activity : IVersioned
{
    private readonly List<BudgetYear> _budgets = [];
    private readonly List<ActivityTransition> _transitions = [];

    private Activity() { }

    public int Id { get; private set; }
    public int AgreementId { get; private set; }
    public int? AllocationLineId { get; private set; }
    public int? AreaId { get; private set; }
    public string CostObjectCode { get; private set; } = "";
    public int Number { get; private set; }

    /// <summary>Mål RS/HSN: the goal in the regional board's and health-care board's plans.</summary>
    public string? Goal { get; private set; }

    /// <summary>Insats: what the activity does.</summary>
    public string Measure { get; private set; } = "";

    /// <summary>Medlen avser: what the money pays for.</summary>
    public string? FundsFor { get; private set; }

    public string? ResponsiblePerson { get; private set; }
    public string? ResponsibleUnit { get; private set; }
    public string? PerformerName { get; private set; }
    public PerformerKind PerformerKind { get; private set; }
    public DateOnly? StartDate { get; private set; }
    public DateOnly? EndDate { get; private set; }
    public Investment? Investment { get; private set; }
    public ExitPlan? ExitPlan { get; private set; }
    public ActivityStatus Status { get; private set; }

    /// <summary>The ledger's project code (dimension 6 by default) that maps booked rows to this activity.</summary>
    public string? ProjectCode { get; private set; }

    /// <summary>
    /// The "of which" part (<see cref="Agreements.Earmark"/>) of its line that the activity's cost counts toward, by the earmark's name
    /// (for example "Primärvård i landsbygd" of God och nära vård's 2.1); null when the activity is for the line as a whole.
    /// </summary>
    public string? Earmark { get; private set; }
    public DateOnly? DecisionDate { get; private set; }
    public string? DecisionReference { get; private set; }
    public string? DecisionNote { get; private set; }
    public long Version { get; set; }

    public IReadOnlyList<BudgetYear> Budgets => _budgets;
    public IReadOnlyList<ActivityTransition> Transitions => _transitions;

    public decimal TotalBudget => _budgets.Sum(b => b.Amount);

    /// <summary>What may be booked on the cost object for the investment in a year: that year's depreciation.</summary>
    public decimal DepreciationIn(int year) => Investment?.DepreciationIn(year) ?? 0m;

    public bool IsEditable => Status is ActivityStatus.Utkast or ActivityStatus.Beredd;

    /// <summary>Counts against its line's amount unless it was rejected.</summary>
    public bool CommitsMoney => Status != ActivityStatus.Avslagen;

    public static Result<Activity> Register(int agreementId, int number, ActivityLine line, ActivityDetails details, DateTime atUtc, string userName)
    {
        var errors = Check(details);
        if (errors.Count > 0)
        {
            return Result.Fail<Activity>(errors);
        }
        var activity = new Activity { AgreementId = agreementId, Number = number, Status = ActivityStatus.Utkast };
        activity.Apply(line, details);
        activity._transitions.Add(new ActivityTransition(ActivityStatus.Utkast, ActivityStatus.Utkast, atUtc, userName, "Registrerad"));
        return Result.Ok(activity);
    }

    /// <summary>For the seed documents' activities, which carry only the texts of their tables.</summary>
    public static Activity FromSeed(int agreementId, int number, ActivityLine? line, string costObjectCode, int? areaId, string? goal, string measure, string? fundsFor, decimal? budget, int budgetYear, string? responsible)
    {
        var activity = new Activity
        {
            AgreementId = agreementId,
            Number = number,
            AllocationLineId = line?.LineId,
            AreaId = line?.AreaId ?? areaId,
            CostObjectCode = line?.CostObjectCode ?? costObjectCode,
            Goal = goal,
            Measure = measure,
            FundsFor = fundsFor,
            ResponsiblePerson = responsible,
            Status = ActivityStatus.Utkast,
        };
        if (budget is { } amount)
        {
            activity._budgets.Add(new BudgetYear(budgetYear, amount));
        }
        return activity;
    }

    public Result Update(ActivityLine line, ActivityDetails details)
    {
        if (!IsEditable)
        {
            return Result.Fail("", $"Insatsen är {Status.Swedish().ToLowerInvariant()} och kan inte längre ändras. Registrera en ny insats om inriktningen ändras.");
        }
        var errors = Check(details);
        if (errors.Count > 0)
        {
            return Result.Fail(errors);
        }
        Apply(line, details);
        return Result.Ok();
    }

    /// <summary>Saves the exit budget as far as it is written; completeness is required only for approval.</summary>
    public const int ProjectCodeMaxLength = 40;

    /// <summary>Sets or clears the ledger project code; the code is the ledger's, so any status may change it.</summary>
    public Result SetProjectCode(string? code)
    {
        code = string.IsNullOrWhiteSpace(code) ? null : code.Trim();
        if (code is { Length: > ProjectCodeMaxLength })
        {
            return Result.Fail("ProjectCode", $"Projektkoden får vara högst {ProjectCodeMaxLength} tecken.");
        }
        ProjectCode = code;
        return Result.Ok();
    }

    /// <summary>
    /// Sets or clears the "of which" part of the line the activity's cost counts toward: one of <paramref name="lineEarmarks"/>,
    /// the names of its line's parts. Like the project code, it says where booked money belongs, so any status may change it.
    /// </summary>
    public Result SetEarmark(string? name, IReadOnlyCollection<string> lineEarmarks)
    {
        name = string.IsNullOrWhiteSpace(name) ? null : name.Trim();
        if (name is not null && !lineEarmarks.Contains(name, StringComparer.Ordinal))
        {
            return Result.Fail("Earmark", lineEarmarks.Count == 0
                ? "Insatsens rad har inga varav-belopp. Lägg till dem på överenskommelsens fördelningsrad först."
                : $"Raden har inget varav-belopp som heter ”{name}”. Välj ett av: {string.Join(", ", lineEarmarks)}.");
        }
        Earmark = name;
        return Result.Ok();
    }

    public Result SetExitPlan(ExitPlan? plan)
    {
        if (!IsEditable)
        {
            return Result.Fail("", $"Insatsen är {Status.Swedish().ToLowerInvariant()}; exitbudgeten kan inte längre ändras.");
        }
        if (plan is not null && (plan.YearlyCostAfterGrant < 0 || plan.ReplacedSavings < 0))
        {
            return Result.Fail(nameof(ExitPlan.YearlyCostAfterGrant), "Belopp i exitbudgeten kan inte vara negativa.");
        }
        ExitPlan = plan;
        return Result.Ok();
    }

    /// <summary>
    /// Prepares the activity for decision once it holds what a decision needs: a budget, a responsible person, a
    /// period and a complete exit budget. A refusal names every missing field, so the officer fixes all at once
    /// instead of learning of the gaps when the decision is refused. The decision keeps its own check of the exit
    /// budget: a prepared activity stays editable.
    /// </summary>
    /// <param name="confirmation">The officer's confirmation of a late step (<see cref="ConfirmLate"/>), kept as the transition's note.</param>
    public Result Prepare(DateTime atUtc, string userName, string? confirmation = null)
    {
        if (Status != ActivityStatus.Utkast)
        {
            return Refuse(ActivityStatus.Utkast, "bereda");
        }
        var missing = MissingForPreparation();
        return missing.Count > 0 ? Result.Fail(missing) : Move(ActivityStatus.Utkast, ActivityStatus.Beredd, atUtc, userName, confirmation, "bereda");
    }

    /// <summary>The shortest reason that confirms a late step: a word or two, not a keystroke.</summary>
    public const int MinLateReasonLength = 5;

    /// <summary>
    /// What has ended by <paramref name="today"/>, in Swedish: the activity's own period, its agreement's, or both; null when neither
    /// has. Preparing or granting an activity then needs the officer's confirmation with a reason (issue 25: a 2018 activity of an
    /// agreement that ended in 2020 was granted with no warning). One rule for the use cases and the pages that warn before it refuses.
    /// </summary>
    public static string? Ended(DateOnly? activityEnd, DateOnly? agreementEnd, DateOnly today)
    {
        var ended = new List<string>();
        if (activityEnd is { } end && end < today)
        {
            ended.Add($"insatsens period slutade {SwedishFormat.Date(end)}");
        }
        if (agreementEnd is { } agreement && agreement < today)
        {
            ended.Add($"överenskommelsen slutade {SwedishFormat.Date(agreement)}");
        }
        return ended.Count == 0 ? null : string.Join(" och ", ended);
    }

    /// <summary>
    /// The confirmation of a step on an activity whose period or agreement has ended (<see cref="Ended"/>): refused without a
    /// reason; with one, the note the transition keeps (and so the audit trail). Null note when nothing has ended.
    /// </summary>
    /// <param name="step">What is done, as a past participle ("beredd", "beviljad").</param>
    public static Result<string?> ConfirmLate(string? ended, string? reason, string step)
    {
        if (ended is null)
        {
            return Result.Ok<string?>(null);
        }
        var text = reason?.Trim();
        if (string.IsNullOrEmpty(text) || text.Length < MinLateReasonLength)
        {
            return Result.Fail<string?>(nameof(LateReason),
                $"Bekräfta att insatsen ska bli {step} fast {ended}: skriv skälet (minst {MinLateReasonLength} tecken). Skälet sparas i insatsens historik och i granskningsloggen.");
        }
        if (text.Length > 1000)
        {
            return Result.Fail<string?>(nameof(LateReason), "Skälet får vara högst 1 000 tecken.");
        }
        return Result.Ok<string?>($"{char.ToUpperInvariant(step[0])}{step[1..]} fast {ended}. Skäl: {text}");
    }

    /// <summary>The field a late step's reason is refused under (<see cref="ConfirmLate"/>); the activity keeps no such property.</summary>
    public const string LateReason = nameof(LateReason);

    /// <summary>What preparation for decision still needs, one Swedish sentence per missing field; empty when it can be prepared.</summary>
    public IReadOnlyList<Error> MissingForPreparation() =>
        MissingForPreparation(TotalBudget, ResponsiblePerson, StartDate, EndDate, ExitPlan);

    /// <summary>The same check on a read model's fields (the activity page, the officer's to-do list): one rule, one home.</summary>
    public static IReadOnlyList<Error> MissingForPreparation(decimal totalBudget, string? responsiblePerson, DateOnly? startDate, DateOnly? endDate, ExitPlan? exitPlan)
    {
        var errors = new List<Error>();
        if (totalBudget <= 0)
        {
            errors.Add(new Error(nameof(Budgets), "Budget saknas: ange insatsens budget per år under Redigera."));
        }
        if (string.IsNullOrWhiteSpace(responsiblePerson))
        {
            errors.Add(new Error(nameof(ResponsiblePerson), "Ansvarig saknas: ange vem som ansvarar för insatsen under Redigera."));
        }
        if (startDate is null || endDate is null)
        {
            var which = (startDate, endDate) switch
            {
                (null, null) => "startdatum och slutdatum",
                (null, _) => "startdatum",
                _ => "slutdatum",
            };
            errors.Add(new Error(startDate is null ? nameof(StartDate) : nameof(EndDate), $"Period saknas: ange {which} under Redigera."));
        }
        if (exitPlan is null)
        {
            errors.Add(new Error(nameof(ExitPlan), "Exitbudget saknas: fyll i hur insatsen finansieras när statsbidraget upphör under Lägg till exitbudget."));
        }
        else
        {
            errors.AddRange(exitPlan.Check().Select(e => new Error(nameof(ExitPlan), "Exitbudgeten är inte komplett: " + e.Message)));
        }
        return errors;
    }

    public Result ReturnToDraft(DateTime atUtc, string userName, string? note) =>
        Move(ActivityStatus.Beredd, ActivityStatus.Utkast, atUtc, userName, note, "återföra till utkast");

    /// <param name="confirmation">The decision maker's confirmation of a late decision (<see cref="ConfirmLate"/>), added to the transition's note.</param>
    public Result Approve(DateOnly decisionDate, string decisionReference, string? note, DateTime atUtc, string userName, string? confirmation = null)
    {
        var errors = new ErrorList();
        if (Status != ActivityStatus.Beredd)
        {
            return Refuse(ActivityStatus.Beredd, "besluta");
        }
        if (ExitPlan is null)
        {
            errors.Add(nameof(ExitPlan),
                "Insatsen kan inte beslutas utan exitbudget: en budgetkalkyl för hur den finansieras när statsbidraget upphör. Be handläggaren fylla i exitbudgeten (ordinarie verksamhet, ersätter befintlig verksamhet eller avveckling).");
        }
        else
        {
            foreach (var e in ExitPlan.Check())
            {
                errors.Add(nameof(ExitPlan), "Exitbudgeten är inte komplett: " + e.Message);
            }
        }
        CheckDecision(errors, decisionDate, decisionReference);
        if (errors.Any)
        {
            return errors.ToResult();
        }
        DecisionDate = decisionDate;
        DecisionReference = decisionReference.Trim();
        DecisionNote = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        var transitionNote = $"Beslut {DecisionReference} {SwedishFormat.Date(decisionDate)}" + (confirmation is null ? "" : ". " + confirmation);
        return Move(ActivityStatus.Beredd, ActivityStatus.Beslutad, atUtc, userName, transitionNote, "besluta");
    }

    public Result Reject(DateOnly decisionDate, string decisionReference, string? reason, DateTime atUtc, string userName)
    {
        if (Status != ActivityStatus.Beredd)
        {
            return Refuse(ActivityStatus.Beredd, "avslå");
        }
        var errors = new ErrorList();
        CheckDecision(errors, decisionDate, decisionReference);
        if (errors.Any)
        {
            return errors.ToResult();
        }
        DecisionDate = decisionDate;
        DecisionReference = decisionReference.Trim();
        DecisionNote = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        return Move(ActivityStatus.Beredd, ActivityStatus.Avslagen, atUtc, userName, reason, "avslå");
    }

    public Result Start(DateTime atUtc, string userName) =>
        Move(ActivityStatus.Beslutad, ActivityStatus.Pagaende, atUtc, userName, null, "starta");

    public Result Complete(DateTime atUtc, string userName, string? note) =>
        Move(ActivityStatus.Pagaende, ActivityStatus.Avslutad, atUtc, userName, note, "avsluta");

    public Result WindDown(DateTime atUtc, string userName, string? note) =>
        Move(ActivityStatus.Pagaende, ActivityStatus.Avvecklad, atUtc, userName, note, "avveckla");

    private Result Move(ActivityStatus from, ActivityStatus to, DateTime atUtc, string userName, string? note, string verb)
    {
        if (Status != from)
        {
            return Refuse(from, verb);
        }
        Status = to;
        _transitions.Add(new ActivityTransition(from, to, atUtc, userName, string.IsNullOrWhiteSpace(note) ? null : note.Trim()));
        return Result.Ok();
    }

    private Result Refuse(ActivityStatus required, string verb) =>
        Result.Fail(nameof(Status), $"Insatsen är {Status.Swedish().ToLowerInvariant()}. Bara en insats som är {required.Swedish().ToLowerInvariant()} kan {verb}s.");

    private static void CheckDecision(ErrorList errors, DateOnly decisionDate, string? reference)
    {
        if (string.IsNullOrWhiteSpace(reference))
        {
            errors.Add(nameof(DecisionReference), "Ange beslutets referens, till exempel paragraf eller diarienummer.");
        }
        if (decisionDate.Year < 2000)
        {
            errors.Add(nameof(DecisionDate), "Ange beslutsdatum.");
        }
    }

    private static List<Error> Check(ActivityDetails d)
    {
        var errors = new List<Error>();
        if (string.IsNullOrWhiteSpace(d.Measure))
        {
            errors.Add(new Error(nameof(Measure), "Beskriv insatsen: vad ska göras?"));
        }
        if (d.StartDate is { } start && d.EndDate is { } end && end < start)
        {
            errors.Add(new Error(nameof(EndDate), "Slutdatum kan inte ligga före startdatum."));
        }
        if (d.Budgets.Any(b => b.Amount < 0 || !Money.IsWholeOre(b.Amount)))
        {
            errors.Add(new Error(nameof(Budgets), "Budget per år anges i kronor och kan inte vara negativ."));
        }
        if (d.Budgets.GroupBy(b => b.Year).Any(g => g.Count() > 1))
        {
            errors.Add(new Error(nameof(Budgets), "Varje år får bara finnas en gång i budgeten."));
        }
        if (d.Investment is { } investment)
        {
            errors.AddRange(investment.Check());
        }
        return errors;
    }

    private void Apply(ActivityLine line, ActivityDetails d)
    {
        AllocationLineId = line.LineId;
        AreaId = line.AreaId;
        CostObjectCode = line.CostObjectCode;
        Goal = Blank(d.Goal);
        Measure = d.Measure.Trim();
        FundsFor = Blank(d.FundsFor);
        ResponsiblePerson = Blank(d.ResponsiblePerson);
        ResponsibleUnit = Blank(d.ResponsibleUnit);
        PerformerName = Blank(d.PerformerName);
        PerformerKind = d.PerformerKind;
        StartDate = d.StartDate;
        EndDate = d.EndDate;
        Investment = d.Investment;
        // Materialised before clearing: the caller may pass this activity's own Budgets back.
        var budgets = d.Budgets.Where(b => b.Amount != 0 || d.Budgets.Count == 1).OrderBy(b => b.Year).ToList();
        _budgets.Clear();
        _budgets.AddRange(budgets);
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}

/// <summary>
/// An activity's budget against its line's amount. Only decided money counts against the allocation in the warning:
/// drafts and prepared activities are plans, and a line may well hold more plans than money (45 mkr of proposals on a
/// 41 mkr line) until the region decides. The warning therefore says what the decided activities would sum to if this
/// one were decided too. A ring-fenced line is stricter: its money may not be used for anything else, so every activity
/// that is not rejected, planned or decided, counts, and over-commitment is refused.
/// </summary>
public static class LineCommitment
{
    /// <param name="decidedByOthers">The budgets of the line's other decided activities (<see cref="ActivityText.IsDecided"/>).</param>
    /// <param name="plannedByOthers">The budgets of the line's other drafts and prepared activities.</param>
    /// <param name="thisBudget">This activity's budget; it is being registered or edited, so it is planned.</param>
    public static (Result Result, string? Warning) Check(string lineCode, decimal lineAmount, bool ringFenced, decimal decidedByOthers, decimal plannedByOthers, decimal thisBudget)
    {
        if (ringFenced)
        {
            var total = decidedByOthers + plannedByOthers + thisBudget;
            return total <= lineAmount
                ? (Result.Ok(), null)
                : (Result.Fail("Budgets",
                    $"Insatserna på rad {lineCode} (beslutade och planerade) skulle summera till {Money.Format(total)}, {Money.Format(total - lineAmount)} mer än radens {Money.Format(lineAmount)}. Raden är öronmärkt och får inte överskridas. Sänk budgeten eller välj en annan rad."),
                    null);
        }
        var decided = decidedByOthers + thisBudget;
        if (decided <= lineAmount)
        {
            return (Result.Ok(), null);
        }
        return (Result.Ok(),
            $"Beslutas insatsen blir de beslutade insatserna på rad {lineCode} {Money.Format(decided)}, {Money.Format(decided - lineAmount)} mer än radens {Money.Format(lineAmount)} (beslutade i dag {Money.Format(decidedByOthers)}).");
    }
}
