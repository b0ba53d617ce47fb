using System.ComponentModel.DataAnnotations;
using System.Text;
using System.Text.Json;
using GrantTracker.Application.Features.Activities;
using GrantTracker.Domain.Activities;
using GrantTracker.Domain.Common;
using GrantTracker.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace GrantTracker.Web.Features.Activities;

/// <summary>An activity as the officer types it. <see cref="Original"/> carries the values as opened, to show what someone else changed.</summary>
public sealed class ActivityForm
{
    [Display(Name = "Fördelningsrad")]
    [Required(ErrorMessage = "Välj den fördelningsrad insatsen hör till.")]
    public int? LineId { get; set; }

    [Display(Name = "Mål RS/HSN")]
    [StringLength(1000)]
    public string? Goal { get; set; }

    [Display(Name = "Insats")]
    [Required(ErrorMessage = "Beskriv insatsen: vad ska göras?")]
    [StringLength(2000)]
    public string Measure { get; set; } = "";

    [Display(Name = "Medlen avser")]
    [StringLength(2000)]
    public string? FundsFor { get; set; }

    [Display(Name = "Ansvarig person")]
    [StringLength(300)]
    public string? ResponsiblePerson { get; set; }

    [Display(Name = "Ansvarig enhet")]
    [StringLength(300)]
    public string? ResponsibleUnit { get; set; }

    [Display(Name = "Utförare")]
    [StringLength(300)]
    public string? PerformerName { get; set; }

    [Display(Name = "Typ av utförare")]
    public PerformerKind PerformerKind { get; set; }

    [Display(Name = "Startdatum")]
    public DateOnly? StartDate { get; set; }

    [Display(Name = "Slutdatum")]
    public DateOnly? EndDate { get; set; }

    /// <summary>Budget rows: year and amount as Swedish text.</summary>
    public List<BudgetRow> Budgets { get; set; } = [];

    [Display(Name = "Insatsen innehåller en investering")]
    public bool HasInvestment { get; set; }

    [Display(Name = "Investeringsbelopp (kr)")]
    public string? InvestmentAmount { get; set; }

    [Display(Name = "Avskrivningstid (år)")]
    public int? DepreciationYears { get; set; }

    [Display(Name = "Första avskrivningsår")]
    public int? InvestmentFirstYear { get; set; }

    public long Version { get; set; }

    public string? Original { get; set; }

    public sealed class BudgetRow
    {
        public int? Year { get; set; }
        public string? Amount { get; set; }
    }

    public static ActivityForm From(ActivityView a)
    {
        var form = new ActivityForm
        {
            LineId = a.LineId,
            Goal = a.Goal,
            Measure = a.Measure,
            FundsFor = a.FundsFor,
            ResponsiblePerson = a.ResponsiblePerson,
            ResponsibleUnit = a.ResponsibleUnit,
            PerformerName = a.PerformerName,
            PerformerKind = a.PerformerKind,
            StartDate = a.StartDate,
            EndDate = a.EndDate,
            Budgets = a.Budgets.Select(b => new BudgetRow { Year = b.Year, Amount = FormExtensions.AmountText(b.Amount) }).ToList(),
            HasInvestment = a.Investment is not null,
            InvestmentAmount = FormExtensions.AmountText(a.Investment?.Amount),
            DepreciationYears = a.Investment?.DepreciationYears,
            InvestmentFirstYear = a.Investment?.FirstYear,
            Version = a.Version,
        };
        form.Original = form.Snapshot();
        return form;
    }

    /// <summary>
    /// Offers a row for every year of the agreement's period that the budget does not have yet (2023 alone for God och
    /// nära vård 2023, 2018–2020 for Patientmiljarden), keeping the rows already filled in, in year order.
    /// </summary>
    public ActivityForm WithEmptyBudgetRows(IReadOnlyList<int> years)
    {
        var present = Budgets.Where(b => b.Year is not null).Select(b => b.Year!.Value).ToHashSet();
        Budgets.AddRange(years.Where(y => !present.Contains(y)).Select(y => new BudgetRow { Year = y }));
        Budgets = [.. Budgets.OrderBy(b => b.Year ?? int.MaxValue)];
        return this;
    }

    public ActivityDetails? ToDetails(ModelStateDictionary modelState)
    {
        var budgets = new List<BudgetYear>();
        for (var i = 0; i < Budgets.Count; i++)
        {
            var row = Budgets[i];
            var amount = modelState.ParseAmount(row.Amount, $"Form.Budgets[{i}].Amount", "budgetbeloppet", required: false);
            if (amount is null)
            {
                continue;
            }
            if (row.Year is not { } year || year < 2000 || year > 2100)
            {
                modelState.AddModelError($"Form.Budgets[{i}].Year", "Ange budgetåret, till exempel 2023.");
                continue;
            }
            budgets.Add(new BudgetYear(year, amount.Value));
        }
        Investment? investment = null;
        if (HasInvestment)
        {
            var amount = modelState.ParseAmount(InvestmentAmount, "Form.InvestmentAmount", "investeringsbeloppet", required: true);
            if (DepreciationYears is null)
            {
                modelState.AddModelError("Form.DepreciationYears", "Ange avskrivningstiden i år.");
            }
            if (InvestmentFirstYear is null)
            {
                modelState.AddModelError("Form.InvestmentFirstYear", "Ange första avskrivningsåret.");
            }
            if (amount is not null && DepreciationYears is not null && InvestmentFirstYear is not null)
            {
                investment = new Investment(amount.Value, DepreciationYears.Value, InvestmentFirstYear.Value);
            }
        }
        return modelState.IsValid
            ? new ActivityDetails(Goal, Measure, FundsFor, ResponsiblePerson, ResponsibleUnit, PerformerName, PerformerKind, StartDate, EndDate, budgets, investment)
            : null;
    }

    /// <summary>The values that matter for "what changed", as one opaque string the form sends back.</summary>
    public string Snapshot() => Convert.ToBase64String(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(Fields())));

    /// <summary>Field by field, what another user changed between the opened values and the current ones.</summary>
    public static IReadOnlyList<string> Changes(string? original, ActivityForm current)
    {
        if (string.IsNullOrEmpty(original))
        {
            return [];
        }
        Dictionary<string, string?>? before;
        try
        {
            before = JsonSerializer.Deserialize<Dictionary<string, string?>>(Encoding.UTF8.GetString(Convert.FromBase64String(original)));
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return [];
        }
        var now = current.Fields();
        return now.Where(f => before is not null && before.TryGetValue(f.Key, out var was) && was != f.Value)
            .Select(f => $"{f.Key}: ”{before![f.Key]}” → ”{f.Value}”")
            .ToList();
    }

    private Dictionary<string, string?> Fields() => new()
    {
        ["Fördelningsrad"] = LineId?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Mål RS/HSN"] = Goal,
        ["Insats"] = Measure,
        ["Medlen avser"] = FundsFor,
        ["Ansvarig person"] = ResponsiblePerson,
        ["Ansvarig enhet"] = ResponsibleUnit,
        ["Utförare"] = PerformerName,
        ["Typ av utförare"] = PerformerKind.Swedish(),
        ["Startdatum"] = StartDate is null ? null : SwedishFormat.Date(StartDate.Value),
        ["Slutdatum"] = EndDate is null ? null : SwedishFormat.Date(EndDate.Value),
        ["Budget"] = string.Join("; ", Budgets.Where(b => !string.IsNullOrWhiteSpace(b.Amount)).Select(b => $"{b.Year}: {b.Amount}")),
        ["Investering"] = HasInvestment ? $"{InvestmentAmount} kr, {DepreciationYears} år från {InvestmentFirstYear}" : "ingen",
    };
}

public sealed class ExitPlanForm
{
    [Display(Name = "Vad händer när statsbidraget upphör?")]
    [Required(ErrorMessage = "Välj hur insatsen ska finansieras när statsbidraget upphör.")]
    public ExitStrategy? Strategy { get; set; }

    [Display(Name = "Årlig kostnad efter statsbidraget (kr)")]
    public string? YearlyCostAfterGrant { get; set; }

    [Display(Name = "Finansieras ur (befintlig budget)")]
    [StringLength(500)]
    public string? FundingSource { get; set; }

    [Display(Name = "Befintlig verksamhet som ersätts")]
    [StringLength(1000)]
    public string? ReplacedWork { get; set; }

    [Display(Name = "Besparing per år av det som ersätts (kr)")]
    public string? ReplacedSavings { get; set; }

    [Display(Name = "Avvecklad senast")]
    public DateOnly? WindDownDate { get; set; }

    [Display(Name = "Budgetkalkyl och beskrivning")]
    [StringLength(4000)]
    public string? Description { get; set; }

    public long Version { get; set; }

    public static ExitPlanForm From(ActivityView a) => new()
    {
        Strategy = a.ExitPlan?.Strategy,
        YearlyCostAfterGrant = FormExtensions.AmountText(a.ExitPlan?.YearlyCostAfterGrant),
        FundingSource = a.ExitPlan?.FundingSource,
        ReplacedWork = a.ExitPlan?.ReplacedWork,
        ReplacedSavings = FormExtensions.AmountText(a.ExitPlan?.ReplacedSavings),
        WindDownDate = a.ExitPlan?.WindDownDate,
        Description = a.ExitPlan?.Description,
        Version = a.Version,
    };

    public ExitPlan? ToPlan(ModelStateDictionary modelState)
    {
        var yearly = modelState.ParseAmount(YearlyCostAfterGrant, "Form.YearlyCostAfterGrant", "den årliga kostnaden", required: false);
        var savings = modelState.ParseAmount(ReplacedSavings, "Form.ReplacedSavings", "besparingen", required: false);
        return modelState.IsValid && Strategy is { } strategy
            ? new ExitPlan(strategy, yearly, FundingSource, ReplacedWork, savings, WindDownDate, Description)
            : null;
    }
}

public sealed class DecisionForm
{
    [Display(Name = "Beslut")]
    public bool Approve { get; set; } = true;

    [Display(Name = "Beslutsdatum")]
    [Required(ErrorMessage = "Ange beslutsdatum.")]
    public DateOnly? DecisionDate { get; set; }

    [Display(Name = "Beslutsreferens (paragraf eller diarienummer)")]
    [Required(ErrorMessage = "Ange beslutets referens, till exempel paragraf eller diarienummer.")]
    [StringLength(200)]
    public string DecisionReference { get; set; } = "";

    [Display(Name = "Motivering / kommentar")]
    [StringLength(2000)]
    public string? Note { get; set; }

    /// <summary>Why an activity whose period or agreement has ended is granted anyway (issue 25); refused by the use case when missing.</summary>
    [Display(Name = "Skäl att bevilja ändå")]
    public string? LateReason { get; set; }

    public long Version { get; set; }
}
