using GrantTracker.Domain.Common;

namespace GrantTracker.Domain.Agreements;

/// <summary>The header fields of an agreement, as the officer types them.</summary>
public sealed record AgreementDetails(
    string Name,
    string Counterparty,
    string? DiaryNumber,
    int? Category,
    DateOnly StartDate,
    DateOnly EndDate,
    decimal? NationalTotal,
    decimal RegionAllocation,
    string? Responsible,
    string? Contact,
    string? DecisionBody,
    string? Description);

/// <summary>The fields of an allocation line.</summary>
public sealed record LineDetails(
    string Code,
    int Year,
    decimal Amount,
    string CostObjectCode,
    bool RingFenced,
    IReadOnlyList<Earmark> Earmarks,
    string? Name = null,
    string? Description = null);

/// <summary>
/// An agreement (överenskommelse) between the state and SKR and the region's allocation under it:
/// development areas, sub-areas and allocation lines on cost objects, conditions and reporting obligations.
/// The aggregate guards its figures: no line is negative, sub-lines never add up to more than their area,
/// and the lines never add up to more than the region's allocation.
/// </summary>
public sealed class Agreement : IVersioned
{
    private readonly List<DevelopmentArea> _areas = [];
    private readonly List<AllocationLine> _lines = [];
    private readonly List<CostObjectPeriod> _costObjects = [];
    private readonly List<AgreementCondition> _conditions = [];
    private readonly List<ReportingObligation> _obligations = [];

    private Agreement() { }

    public int Id { get; private set; }
    public string Code { get; private set; } = "";
    public string Name { get; private set; } = "";
    public string Counterparty { get; private set; } = "";
    public string? DiaryNumber { get; private set; }
    public int? Category { get; private set; }
    public DateOnly StartDate { get; private set; }
    public DateOnly EndDate { get; private set; }
    public decimal? NationalTotal { get; private set; }
    public decimal RegionAllocation { get; private set; }
    public string? Responsible { get; private set; }
    public string? Contact { get; private set; }
    public string? DecisionBody { get; private set; }
    public string? Description { get; private set; }
    public AgreementStatus Status { get; private set; }
    public long Version { get; set; }

    public IReadOnlyList<DevelopmentArea> Areas => _areas;
    public IReadOnlyList<AllocationLine> Lines => _lines;
    public IReadOnlyList<CostObjectPeriod> CostObjects => _costObjects;
    public IReadOnlyList<AgreementCondition> Conditions => _conditions;
    public IReadOnlyList<ReportingObligation> Obligations => _obligations;

    public int FirstYear => StartDate.Year;
    public int LastYear => EndDate.Year;

    /// <summary>The sum of all allocation lines.</summary>
    public decimal LinesTotal => _lines.Sum(l => l.Amount);

    /// <param name="status">Aktiv, or Utkast for a definition still being set up (a copy for next year).</param>
    public static Result<Agreement> Create(string code, AgreementDetails details, AgreementStatus status = AgreementStatus.Aktiv)
    {
        var errors = new ErrorList();
        code = (code ?? "").Trim();
        if (code.Length == 0)
        {
            errors.Add(nameof(Code), "Ange en kod för överenskommelsen, till exempel gnv2023.");
        }
        else if (code.Length > 40 || !code.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            errors.Add(nameof(Code), "Koden får bara innehålla bokstäver a–z, siffror, bindestreck och understreck (högst 40 tecken).");
        }
        errors.AddRange(CheckDetails(details, linesTotal: 0));
        return errors.ToResult(() =>
        {
            var agreement = new Agreement { Code = code.ToLowerInvariant(), Status = status == AgreementStatus.Utkast ? AgreementStatus.Utkast : AgreementStatus.Aktiv };
            agreement.Apply(details);
            return agreement;
        });
    }

    public Result UpdateDetails(AgreementDetails details)
    {
        var errors = CheckDetails(details, LinesTotal).ToList();
        if (_lines.Any(l => l.Year < details.StartDate.Year || l.Year > details.EndDate.Year))
        {
            errors.Add(new Error(nameof(EndDate), "Det finns fördelningsrader för år utanför den nya perioden. Ändra eller ta bort dem först."));
        }
        if (errors.Count > 0)
        {
            return Result.Fail(errors);
        }
        Apply(details);
        return Result.Ok();
    }

    /// <summary>The region's population share (a fraction) that the national keys are checked with; null when not known.</summary>
    public decimal? PopulationShare { get; private set; }

    /// <summary>States the national amount and rule an area's money comes from (null: none stated).</summary>
    public Result SetNationalKey(DevelopmentArea area, NationalKey? key)
    {
        if (!_areas.Contains(area))
        {
            return Result.Fail("Area", "Området hör inte till överenskommelsen.");
        }
        if (key?.Validate() is { Succeeded: false } invalid)
        {
            return invalid;
        }
        area.National = key;
        return Result.Ok();
    }

    /// <summary>States the national amount and rule a line's money comes from (null: none stated).</summary>
    public Result SetNationalKey(AllocationLine line, NationalKey? key)
    {
        if (!_lines.Contains(line))
        {
            return Result.Fail("Line", "Raden hör inte till överenskommelsen.");
        }
        if (key?.Validate() is { Succeeded: false } invalid)
        {
            return invalid;
        }
        line.National = key;
        return Result.Ok();
    }

    /// <summary>A draft (Utkast) becomes active: the officer has checked its definition.</summary>
    public Result Activate()
    {
        if (Status != AgreementStatus.Utkast)
        {
            return Result.Fail(nameof(Status), "Bara ett utkast kan göras aktivt.");
        }
        Status = AgreementStatus.Aktiv;
        return Result.Ok();
    }

    /// <summary>Avslutad: read only (ADR 27). Every change to it or to what belongs to it is refused until an Administratör reopens it.</summary>
    public bool IsReadOnly => Status == AgreementStatus.Avslutad;

    /// <summary>The day the agreement was closed out (Avslutad), and who closed it; null while it is not.</summary>
    public DateOnly? ClosedOn { get; private set; }

    public string? ClosedBy { get; private set; }

    /// <summary>Why it was last reopened after its close-out (required then; kept in the audit trail with the change).</summary>
    public string? ReopenReason { get; private set; }

    public const int ReopenReasonMaxLength = 1000;
    public const int ReopenReasonMinLength = 5;

    /// <summary>
    /// Aktiv → Slutredovisad: the final report has been sent. Called when the last final report is recorded as sent; nothing happens for a
    /// draft (it reports nothing) or an agreement already past it.
    /// </summary>
    public void FinalReportSent()
    {
        if (Status == AgreementStatus.Aktiv)
        {
            Status = AgreementStatus.Slutredovisad;
        }
    }

    /// <summary>Slutredovisad → Aktiv: the final report's submission was undone (recorded by mistake).</summary>
    public void FinalReportReopened()
    {
        if (Status == AgreementStatus.Slutredovisad)
        {
            Status = AgreementStatus.Aktiv;
        }
    }

    /// <summary>
    /// Slutredovisad → Avslutad, refused with every point still missing at once. <paramref name="missing"/> is what the use case found
    /// in the database (open months, repayments decided but not paid); the agreement adds its own.
    /// </summary>
    public Result Close(IReadOnlyList<string> missing, DateOnly today, string closedBy)
    {
        var errors = new ErrorList();
        if (Status == AgreementStatus.Avslutad)
        {
            return Result.Fail(nameof(Status), $"Överenskommelsen är redan avslutad ({SwedishFormat.Date(ClosedOn)}, {ClosedBy}).");
        }
        if (Status != AgreementStatus.Slutredovisad)
        {
            errors.Add(nameof(Status), Status == AgreementStatus.Utkast
                ? "Ett utkast kan inte avslutas. Gör det aktivt eller ta bort det."
                : "Slutredovisningen är inte inskickad. Registrera den som inskickad under Deadlines först.");
        }
        foreach (var point in missing)
        {
            errors.Add(nameof(Status), point);
        }
        if (errors.Any)
        {
            return errors.ToResult();
        }
        Status = AgreementStatus.Avslutad;
        ClosedOn = today;
        ClosedBy = closedBy;
        ReopenReason = null;
        return Result.Ok();
    }

    /// <summary>Avslutad → Slutredovisad, with the reason (who may is the use case's rule: an Administratör).</summary>
    public Result Reopen(string? reason)
    {
        reason = Blank(reason);
        if (Status != AgreementStatus.Avslutad)
        {
            return Result.Fail(nameof(Status), "Bara en avslutad överenskommelse kan öppnas igen.");
        }
        if (reason is null || reason.Length < ReopenReasonMinLength)
        {
            return Result.Fail(nameof(ReopenReason), "Ange varför överenskommelsen öppnas igen (minst fem tecken); skälet sparas i granskningsloggen.");
        }
        if (reason.Length > ReopenReasonMaxLength)
        {
            return Result.Fail(nameof(ReopenReason), $"Skälet får vara högst {ReopenReasonMaxLength} tecken.");
        }
        Status = AgreementStatus.Slutredovisad;
        ClosedOn = null;
        ClosedBy = null;
        ReopenReason = reason;
        return Result.Ok();
    }

    /// <summary>The population share (a fraction) the national keys are checked at; null when not known.</summary>
    public Result SetPopulationShare(decimal? share)
    {
        if (share is <= 0 or >= 1)
        {
            return Result.Fail(nameof(PopulationShare), "Befolkningsandelen anges som en andel mellan 0 och 100 %.");
        }
        PopulationShare = share;
        return Result.Ok();
    }

    public Result<DevelopmentArea> AddArea(string code, string name, decimal? amount, DevelopmentArea? parent)
    {
        var errors = new ErrorList();
        code = (code ?? "").Trim();
        name = (name ?? "").Trim();
        CheckAreaFields(errors, code, name, amount, except: null);
        if (parent is not null && !_areas.Contains(parent))
        {
            errors.Add("ParentId", "Det överordnade området hör inte till den här överenskommelsen.");
        }
        if (parent is not null && amount is not null)
        {
            CheckChildAreasFit(errors, parent, extra: amount.Value, except: null);
        }
        return errors.ToResult(() =>
        {
            var area = new DevelopmentArea(this, code, name, amount, parent, _areas.Count + 1);
            _areas.Add(area);
            return area;
        });
    }

    public Result UpdateArea(DevelopmentArea area, string code, string name, decimal? amount)
    {
        var errors = new ErrorList();
        code = (code ?? "").Trim();
        name = (name ?? "").Trim();
        CheckAreaFields(errors, code, name, amount, except: area);
        if (amount is not null)
        {
            var below = LinesUnder(area).Sum(l => l.Amount);
            if (below > amount)
            {
                errors.Add(nameof(DevelopmentArea.Amount),
                    $"Raderna under området summerar till {Money.Format(below)}, mer än {Money.Format(amount.Value)}. Sänk raderna först eller ange ett högre belopp.");
            }
            if (area.Parent is not null)
            {
                CheckChildAreasFit(errors, area.Parent, extra: amount.Value, except: area);
            }
        }
        if (errors.Any)
        {
            return errors.ToResult();
        }
        area.Code = code;
        area.Name = name;
        area.Amount = amount;
        return Result.Ok();
    }

    public Result RemoveArea(DevelopmentArea area)
    {
        if (_areas.Any(a => a.Parent == area) || _lines.Any(l => l.Area == area))
        {
            return Result.Fail("", $"Området {area.Code} har delområden eller rader. Ta bort dem först.");
        }
        _areas.Remove(area);
        return Result.Ok();
    }

    public Result<AllocationLine> AddLine(DevelopmentArea area, LineDetails details)
    {
        var errors = new ErrorList();
        if (!_areas.Contains(area))
        {
            errors.Add("AreaId", "Välj ett område i den här överenskommelsen.");
        }
        if (_areas.Any(a => a.Parent == area))
        {
            errors.Add("AreaId", $"Området {area.Code} har delområden. Lägg raden på ett av delområdena.");
        }
        CheckLine(errors, area, details, except: null);
        if (errors.Any)
        {
            return errors.ToResult<AllocationLine>(() => null!);
        }
        var line = new AllocationLine(this, area, details.Code.Trim());
        ApplyLine(line, details);
        _lines.Add(line);
        EnsureCostObject(line.CostObjectCode);
        return Result.Ok(line);
    }

    public Result UpdateLine(AllocationLine line, DevelopmentArea area, LineDetails details)
    {
        var errors = new ErrorList();
        if (!_lines.Contains(line))
        {
            errors.Add("", "Raden hör inte till den här överenskommelsen.");
        }
        if (!_areas.Contains(area))
        {
            errors.Add("AreaId", "Välj ett område i den här överenskommelsen.");
        }
        if (_areas.Any(a => a.Parent == area))
        {
            errors.Add("AreaId", $"Området {area.Code} har delområden. Lägg raden på ett av delområdena.");
        }
        CheckLine(errors, area, details, except: line);
        if (errors.Any)
        {
            return errors.ToResult();
        }
        line.Area = area;
        line.Code = details.Code.Trim();
        ApplyLine(line, details);
        EnsureCostObject(line.CostObjectCode);
        DropUnusedCostObjects();
        return Result.Ok();
    }

    public Result RemoveLine(AllocationLine line)
    {
        if (!_lines.Remove(line))
        {
            return Result.Fail("", "Raden hör inte till den här överenskommelsen.");
        }
        DropUnusedCostObjects();
        return Result.Ok();
    }

    /// <summary>
    /// Records the months in which a cost object belongs to this agreement. Overlap with another agreement's
    /// period for the same object needs the database and is checked by the use case.
    /// </summary>
    public Result<CostObjectPeriod> AssignCostObject(string code, string name, YearMonth from, YearMonth to)
    {
        var errors = new ErrorList();
        code = (code ?? "").Trim();
        if (!IsCostObjectCode(code))
        {
            errors.Add("CostObjectCode", "Kostnadsobjektet anges med 1–20 siffror eller bokstäver, till exempel 9916.");
        }
        CheckCostObjectPeriod(errors, code, name, from, to, except: null);
        return errors.ToResult(() =>
        {
            var period = new CostObjectPeriod(this, code, (name ?? "").Trim(), from, to);
            _costObjects.Add(period);
            return period;
        });
    }

    public Result<AgreementCondition> AddCondition(string code, string text, string? source)
    {
        var errors = CheckCondition(code, text, source);
        return errors.ToResult(() =>
        {
            var condition = new AgreementCondition(this, code.Trim(), text.Trim(), Blank(source));
            _conditions.Add(condition);
            return condition;
        });
    }

    public Result UpdateCondition(AgreementCondition condition, string code, string text, string? source)
    {
        var errors = CheckCondition(code, text, source);
        if (!_conditions.Contains(condition))
        {
            errors.Add("", "Villkoret hör inte till den här överenskommelsen.");
        }
        if (errors.Any)
        {
            return errors.ToResult();
        }
        condition.Code = code.Trim();
        condition.Text = text.Trim();
        condition.Source = Blank(source);
        return Result.Ok();
    }

    /// <summary>Removes a condition; one that a report has stated how it was met is kept by the use case, which can see the statements.</summary>
    public Result RemoveCondition(AgreementCondition condition) =>
        _conditions.Remove(condition) ? Result.Ok() : Result.Fail("", "Villkoret hör inte till den här överenskommelsen.");

    private static ErrorList CheckCondition(string? code, string? text, string? source)
    {
        var errors = new ErrorList();
        code = (code ?? "").Trim();
        text = (text ?? "").Trim();
        if (code.Length == 0)
        {
            errors.Add(nameof(AgreementCondition.Code), "Ange avsnittet villkoret står i, till exempel 3.3.");
        }
        else if (code.Length > AgreementCondition.CodeMaxLength)
        {
            errors.Add(nameof(AgreementCondition.Code), $"Avsnittet får vara högst {AgreementCondition.CodeMaxLength} tecken.");
        }
        if (text.Length == 0)
        {
            errors.Add(nameof(AgreementCondition.Text), "Skriv villkoret som det står i överenskommelsen.");
        }
        else if (text.Length > AgreementCondition.TextMaxLength)
        {
            errors.Add(nameof(AgreementCondition.Text), $"Villkoret får vara högst {AgreementCondition.TextMaxLength} tecken.");
        }
        if (source is { Length: > 40 })
        {
            errors.Add(nameof(AgreementCondition.Source), "Källan får vara högst 40 tecken.");
        }
        return errors;
    }

    public Result<ReportingObligation> AddObligation(ObligationKind kind, string title, string recipient, DateOnly dueDate, bool dueDateAssumed, string? note, string? source)
    {
        var errors = CheckObligation(kind, title, recipient, dueDate, note);
        return errors.ToResult(() =>
        {
            var obligation = new ReportingObligation(this, kind, title.Trim(), recipient.Trim(), dueDate, dueDateAssumed, Blank(note), Blank(source));
            _obligations.Add(obligation);
            return obligation;
        });
    }

    /// <summary>
    /// Changes what is owed. Once the report is sent, what was sent stays as it was sent: a change then needs a reason, which is
    /// kept with the change in the audit trail.
    /// </summary>
    /// <param name="filesKept">
    /// Whether a file sent for the obligation is kept (<see cref="ObligationFile"/>, which the aggregate does not hold): a report
    /// sent and then reopened was still sent, so its obligation changes only with a reason too.
    /// </param>
    public Result UpdateObligation(ReportingObligation obligation, ObligationKind kind, string title, string recipient, DateOnly dueDate, bool dueDateAssumed,
        string? note, string? reason, bool filesKept = false)
    {
        var errors = CheckObligation(kind, title, recipient, dueDate, note);
        if (!_obligations.Contains(obligation))
        {
            errors.Add("", "Rapporteringskravet hör inte till den här överenskommelsen.");
        }
        reason = Blank(reason);
        if (obligation.Status == ObligationStatus.Inskickad && reason is null)
        {
            errors.Add(nameof(ReportingObligation.ChangeReason),
                $"Rapporten skickades {SwedishFormat.Date(obligation.SentOn)}. Ange varför uppgifterna ändras efteråt; skälet sparas i granskningsloggen.");
        }
        else if (filesKept && reason is null)
        {
            errors.Add(nameof(ReportingObligation.ChangeReason),
                "En fil som skickades för rapporten finns sparad. Ange varför uppgifterna ändras efteråt; skälet sparas i granskningsloggen.");
        }
        if (reason is { Length: > ReportingObligation.ChangeReasonMaxLength })
        {
            errors.Add(nameof(ReportingObligation.ChangeReason), $"Skälet får vara högst {ReportingObligation.ChangeReasonMaxLength} tecken.");
        }
        if (errors.Any)
        {
            return errors.ToResult();
        }
        obligation.Kind = kind;
        obligation.Title = title.Trim();
        obligation.Recipient = recipient.Trim();
        obligation.DueDate = dueDate;
        obligation.DueDateAssumed = dueDateAssumed;
        obligation.Note = Blank(note);
        obligation.ChangeReason = reason;
        return Result.Ok();
    }

    /// <summary>Removes an obligation that nothing has been sent for; a sent report's obligation is kept for ever.</summary>
    /// <param name="filesKept">Whether a file sent for it is kept (a report sent, then reopened): it was sent, so it stays.</param>
    public Result RemoveObligation(ReportingObligation obligation, bool filesKept = false)
    {
        if (!_obligations.Contains(obligation))
        {
            return Result.Fail("", "Rapporteringskravet hör inte till den här överenskommelsen.");
        }
        if (obligation.Status == ObligationStatus.Inskickad || obligation.SentOn is not null)
        {
            return Result.Fail("", $"Rapporten skickades {SwedishFormat.Date(obligation.SentOn)} och kan inte tas bort. Ändra uppgifterna och ange skälet i stället.");
        }
        if (filesKept)
        {
            return Result.Fail("", "En fil som skickades för rapporten finns sparad, så rapporteringskravet kan inte tas bort. Ändra uppgifterna och ange skälet i stället.");
        }
        _obligations.Remove(obligation);
        return Result.Ok();
    }

    private static ErrorList CheckObligation(ObligationKind kind, string? title, string? recipient, DateOnly dueDate, string? note)
    {
        var errors = new ErrorList();
        if (!Enum.IsDefined(kind))
        {
            errors.Add(nameof(ReportingObligation.Kind), "Välj vilket slags rapport det är.");
        }
        if (string.IsNullOrWhiteSpace(title))
        {
            errors.Add(nameof(ReportingObligation.Title), "Ange vad som ska rapporteras.");
        }
        else if (title.Trim().Length > ReportingObligation.TitleMaxLength)
        {
            errors.Add(nameof(ReportingObligation.Title), $"Rubriken får vara högst {ReportingObligation.TitleMaxLength} tecken.");
        }
        if (string.IsNullOrWhiteSpace(recipient))
        {
            errors.Add(nameof(ReportingObligation.Recipient), "Ange mottagare, till exempel Socialstyrelsen.");
        }
        else if (recipient.Trim().Length > ReportingObligation.RecipientMaxLength)
        {
            errors.Add(nameof(ReportingObligation.Recipient), $"Mottagaren får vara högst {ReportingObligation.RecipientMaxLength} tecken.");
        }
        if (dueDate.Year < 2000 || dueDate.Year > 2200)
        {
            errors.Add(nameof(ReportingObligation.DueDate), "Ange datum då rapporten senast ska vara inne.");
        }
        if (note is { Length: > ReportingObligation.NoteMaxLength })
        {
            errors.Add(nameof(ReportingObligation.Note), $"Anteckningen får vara högst {ReportingObligation.NoteMaxLength} tecken.");
        }
        return errors;
    }

    /// <summary>Renames a cost object's period or moves its months. Overlap with another agreement's period needs the database and is checked by the use case.</summary>
    public Result UpdateCostObject(CostObjectPeriod period, string name, YearMonth from, YearMonth to)
    {
        var errors = new ErrorList();
        if (!_costObjects.Contains(period))
        {
            errors.Add("", "Kostnadsobjektet hör inte till den här överenskommelsen.");
        }
        CheckCostObjectPeriod(errors, period.CostObjectCode, name, from, to, except: period);
        if (errors.Any)
        {
            return errors.ToResult();
        }
        period.Name = (name ?? "").Trim();
        period.From = from;
        period.To = to;
        return Result.Ok();
    }

    /// <summary>Removes one of an object's periods; the last period of an object that a line books on stays (remove or move the lines first).</summary>
    public Result RemoveCostObject(CostObjectPeriod period)
    {
        if (!_costObjects.Contains(period))
        {
            return Result.Fail("", "Kostnadsobjektet hör inte till den här överenskommelsen.");
        }
        if (_lines.Any(l => l.CostObjectCode == period.CostObjectCode) && _costObjects.Count(p => p.CostObjectCode == period.CostObjectCode) == 1)
        {
            return Result.Fail("", $"Fördelningsrader bokas på objekt {period.CostObjectCode}. Flytta eller ta bort raderna först, eller ändra objektets månader.");
        }
        _costObjects.Remove(period);
        return Result.Ok();
    }

    private void CheckCostObjectPeriod(ErrorList errors, string code, string? name, YearMonth from, YearMonth to, CostObjectPeriod? except)
    {
        if (to < from)
        {
            errors.Add("To", "Perioden kan inte sluta före den börjar.");
        }
        if ((name ?? "").Trim().Length > CostObjectPeriod.NameMaxLength)
        {
            errors.Add("Name", $"Benämningen får vara högst {CostObjectPeriod.NameMaxLength} tecken.");
        }
        if (_costObjects.Any(p => p != except && p.CostObjectCode == code && p.Overlaps(from, to)))
        {
            errors.Add("From", $"Objekt {code} har redan en period i överenskommelsen som överlappar {from}–{to}.");
        }
    }

    /// <summary>The lines in an area and all its sub-areas.</summary>
    public IEnumerable<AllocationLine> LinesUnder(DevelopmentArea area) =>
        _lines.Where(l => l.Area.SelfAndAncestors().Contains(area));

    /// <summary>The sum an area shows in the tree: its lines and its sub-areas' lines.</summary>
    public decimal AreaTotal(DevelopmentArea area) => LinesUnder(area).Sum(l => l.Amount);

    public static bool IsCostObjectCode(string code) =>
        code.Length is > 0 and <= 20 && code.All(char.IsAsciiLetterOrDigit);

    private void Apply(AgreementDetails d)
    {
        Name = d.Name.Trim();
        Counterparty = d.Counterparty.Trim();
        DiaryNumber = Blank(d.DiaryNumber);
        Category = d.Category;
        StartDate = d.StartDate;
        EndDate = d.EndDate;
        NationalTotal = d.NationalTotal;
        RegionAllocation = d.RegionAllocation;
        Responsible = Blank(d.Responsible);
        Contact = Blank(d.Contact);
        DecisionBody = Blank(d.DecisionBody);
        Description = Blank(d.Description);
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static IEnumerable<Error> CheckDetails(AgreementDetails d, decimal linesTotal)
    {
        if (string.IsNullOrWhiteSpace(d.Name))
        {
            yield return new Error(nameof(Name), "Ange överenskommelsens namn.");
        }
        if (string.IsNullOrWhiteSpace(d.Counterparty))
        {
            yield return new Error(nameof(Counterparty), "Ange motpart, till exempel Staten och SKR.");
        }
        if (d.EndDate < d.StartDate)
        {
            yield return new Error(nameof(EndDate), "Slutdatum kan inte ligga före startdatum.");
        }
        if (d.NationalTotal < 0)
        {
            yield return new Error(nameof(NationalTotal), "Det nationella beloppet kan inte vara negativt.");
        }
        if (d.RegionAllocation < 0)
        {
            yield return new Error(nameof(RegionAllocation), "Regionens tilldelning kan inte vara negativ.");
        }
        else if (d.RegionAllocation < linesTotal)
        {
            yield return new Error(nameof(RegionAllocation),
                $"Fördelningsraderna summerar till {Money.Format(linesTotal)}, mer än tilldelningen {Money.Format(d.RegionAllocation)}. Sänk raderna först.");
        }
        if (!Money.IsWholeOre(d.RegionAllocation) || (d.NationalTotal is { } n && !Money.IsWholeOre(n)))
        {
            yield return new Error(nameof(RegionAllocation), "Belopp anges i kronor med högst två decimaler.");
        }
        if (d.Category is < 0)
        {
            yield return new Error(nameof(Category), "Kategorin kan inte vara negativ.");
        }
    }

    private void CheckAreaFields(ErrorList errors, string code, string name, decimal? amount, DevelopmentArea? except)
    {
        if (code.Length == 0)
        {
            errors.Add(nameof(DevelopmentArea.Code), "Ange en kod för området, till exempel 2.1.");
        }
        else if (_areas.Any(a => a != except && string.Equals(a.Code, code, StringComparison.OrdinalIgnoreCase)))
        {
            errors.Add(nameof(DevelopmentArea.Code), $"Koden {code} används redan av ett annat område i överenskommelsen. Välj en annan kod.");
        }
        if (name.Length == 0)
        {
            errors.Add(nameof(DevelopmentArea.Name), "Ange områdets namn.");
        }
        if (amount < 0)
        {
            errors.Add(nameof(DevelopmentArea.Amount), "Beloppet kan inte vara negativt.");
        }
        else if (amount is { } a && !Money.IsWholeOre(a))
        {
            errors.Add(nameof(DevelopmentArea.Amount), "Belopp anges i kronor med högst två decimaler.");
        }
    }

    private void CheckChildAreasFit(ErrorList errors, DevelopmentArea parent, decimal extra, DevelopmentArea? except)
    {
        if (parent.Amount is not { } ceiling)
        {
            return;
        }
        var siblings = _areas.Where(a => a.Parent == parent && a != except).Sum(a => a.Amount ?? 0);
        if (siblings + extra > ceiling)
        {
            errors.Add(nameof(DevelopmentArea.Amount),
                $"Delområdena under {parent.Code} skulle summera till {Money.Format(siblings + extra)}, mer än områdets {Money.Format(ceiling)}.");
        }
    }

    private void CheckLine(ErrorList errors, DevelopmentArea area, LineDetails d, AllocationLine? except)
    {
        var code = (d.Code ?? "").Trim();
        if (code.Length == 0)
        {
            errors.Add(nameof(AllocationLine.Code), "Ange en kod för raden, till exempel 2.1.");
        }
        else if (_lines.Any(l => l != except && string.Equals(l.Code, code, StringComparison.OrdinalIgnoreCase)))
        {
            errors.Add(nameof(AllocationLine.Code), $"Koden {code} används redan av en annan rad i överenskommelsen. Välj en annan kod.");
        }
        if (d.Year < FirstYear || d.Year > LastYear)
        {
            errors.Add(nameof(AllocationLine.Year), $"Året måste ligga inom överenskommelsens period, {FirstYear}–{LastYear}.");
        }
        if (d.Name is { } name && name.Trim().Length > AllocationLine.NameMaxLength)
        {
            errors.Add(nameof(AllocationLine.Name), $"Radens namn får vara högst {AllocationLine.NameMaxLength} tecken.");
        }
        if (d.Description is { } description && description.Trim().Length > AllocationLine.DescriptionMaxLength)
        {
            errors.Add(nameof(AllocationLine.Description), $"Beskrivningen får vara högst {AllocationLine.DescriptionMaxLength} tecken.");
        }
        if (d.Amount < 0)
        {
            errors.Add(nameof(AllocationLine.Amount), "Beloppet kan inte vara negativt.");
            return;
        }
        if (!Money.IsWholeOre(d.Amount))
        {
            errors.Add(nameof(AllocationLine.Amount), "Belopp anges i kronor med högst två decimaler.");
        }
        if (!IsCostObjectCode((d.CostObjectCode ?? "").Trim()))
        {
            errors.Add(nameof(AllocationLine.CostObjectCode), "Ange kostnadsobjektet, 1–20 siffror eller bokstäver, till exempel 9916.");
        }
        foreach (var e in d.Earmarks)
        {
            if (string.IsNullOrWhiteSpace(e.Name) || e.Amount < 0)
            {
                errors.Add("Earmarks", "Varje varav-belopp behöver en benämning och ett belopp som inte är negativt.");
                break;
            }
        }
        var earmarked = d.Earmarks.Sum(e => e.Amount);
        if (earmarked > d.Amount)
        {
            errors.Add("Earmarks", $"Varav-beloppen summerar till {Money.Format(earmarked)}, mer än radens {Money.Format(d.Amount)}.");
        }

        // The line's area and every area above it must still hold all their lines.
        var others = _lines.Where(l => l != except).ToList();
        foreach (var a in area.SelfAndAncestors())
        {
            if (a.Amount is not { } ceiling)
            {
                continue;
            }
            var total = others.Where(l => l.Area.SelfAndAncestors().Contains(a)).Sum(l => l.Amount) + d.Amount;
            if (total > ceiling)
            {
                errors.Add(nameof(AllocationLine.Amount),
                    $"Raderna under {a.Code} {a.Name} skulle summera till {Money.Format(total)}, mer än områdets {Money.Format(ceiling)}.");
            }
        }
        var all = others.Sum(l => l.Amount) + d.Amount;
        if (all > RegionAllocation)
        {
            errors.Add(nameof(AllocationLine.Amount),
                $"Alla rader skulle summera till {Money.Format(all)}, mer än regionens tilldelning {Money.Format(RegionAllocation)}.");
        }
    }

    private static void ApplyLine(AllocationLine line, LineDetails d)
    {
        line.Year = d.Year;
        line.Amount = d.Amount;
        line.CostObjectCode = d.CostObjectCode.Trim();
        line.RingFenced = d.RingFenced;
        line.Name = Blank(d.Name);
        line.Description = Blank(d.Description);
        line.ReplaceEarmarks(d.Earmarks.Select(e => e with { Name = e.Name.Trim() }));
    }

    /// <summary>
    /// A cost object belongs to the agreement through its lines: when no line books on it any more, its
    /// periods go too, so the object is free for another agreement and costs on it are not reconciled here.
    /// </summary>
    private void DropUnusedCostObjects()
    {
        _costObjects.RemoveAll(p => _lines.All(l => l.CostObjectCode != p.CostObjectCode));
    }

    private void EnsureCostObject(string code)
    {
        if (_costObjects.All(p => p.CostObjectCode != code))
        {
            _costObjects.Add(new CostObjectPeriod(this, code, "", YearMonth.Of(StartDate), YearMonth.Of(EndDate)));
        }
    }
}
