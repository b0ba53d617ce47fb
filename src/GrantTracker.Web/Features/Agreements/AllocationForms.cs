using System.ComponentModel.DataAnnotations;
using GrantTracker.Application.Features.Agreements;
using GrantTracker.Domain.Agreements;
using GrantTracker.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace GrantTracker.Web.Features.Agreements;

/// <summary>A development area or sub-area as the officer types it. Field names match the domain's, so its errors land on the right field.</summary>
public sealed class AreaForm
{
    [Display(Name = "Kod")]
    [Required(ErrorMessage = "Ange en kod för området, till exempel 2.1.")]
    [StringLength(20, ErrorMessage = "Koden får vara högst 20 tecken.")]
    public string Code { get; set; } = "";

    [Display(Name = "Namn")]
    [Required(ErrorMessage = "Ange områdets namn.")]
    [StringLength(300, ErrorMessage = "Namnet får vara högst 300 tecken.")]
    public string Name { get; set; } = "";

    [Display(Name = "Belopp enligt överenskommelsen (kr)")]
    public string? Amount { get; set; }

    [Display(Name = "Delområde under")]
    public int? ParentId { get; set; }

    public long Version { get; set; }

    /// <summary>
    /// The amount, or null, with the parse error in ModelState when the text is no amount. An amount that does not parse stands
    /// in as none (no ceiling), so the use case still checks the code and the name in the same answer.
    /// </summary>
    public decimal? ParseAmount(ModelStateDictionary modelState) =>
        modelState.ParseAmount(Amount, "Form.Amount", "beloppet", required: false);
}

public sealed class EarmarkForm
{
    public string? Name { get; set; }

    public string? Amount { get; set; }
}

/// <summary>An allocation line as the officer types it, with up to three "varav" rows.</summary>
public sealed class LineForm
{
    public const int EarmarkRows = 3;

    [Display(Name = "Område")]
    [Required(ErrorMessage = "Välj det område raden hör till.")]
    public int? AreaId { get; set; }

    [Display(Name = "Kod")]
    [Required(ErrorMessage = "Ange en kod för raden, till exempel 2.1.")]
    [StringLength(20, ErrorMessage = "Koden får vara högst 20 tecken.")]
    public string Code { get; set; } = "";

    [Display(Name = "År")]
    [Required(ErrorMessage = "Ange vilket år raden gäller.")]
    [Range(1900, 9999, ErrorMessage = "Ange året med fyra siffror, till exempel 2025.")]
    public int? Year { get; set; }

    [Display(Name = "Belopp (kr)")]
    public string? Amount { get; set; }

    [Display(Name = "Kostnadsobjekt")]
    [Required(ErrorMessage = "Ange kostnadsobjektet, till exempel 9916.")]
    [StringLength(20, ErrorMessage = "Kostnadsobjektet får vara högst 20 tecken.")]
    public string CostObjectCode { get; set; } = "";

    [Display(Name = "Öronmärkt – får ej nyttjas för andra ändamål")]
    public bool RingFenced { get; set; }

    [Display(Name = "Namn (valfritt)")]
    [StringLength(AllocationLine.NameMaxLength, ErrorMessage = "Radens namn får vara högst 300 tecken.")]
    public string? Name { get; set; }

    [Display(Name = "Beskrivning (valfritt)")]
    [StringLength(AllocationLine.DescriptionMaxLength, ErrorMessage = "Beskrivningen får vara högst 2 000 tecken.")]
    public string? Description { get; set; }

    public List<EarmarkForm> Earmarks { get; set; } = [];

    public long Version { get; set; }

    public static LineForm From(LineView line, long version) => new()
    {
        AreaId = line.AreaId,
        Code = line.Code,
        Year = line.Year,
        Amount = FormExtensions.AmountText(line.Amount),
        CostObjectCode = line.CostObjectCode,
        RingFenced = line.RingFenced,
        Name = line.Name,
        Description = line.Description,
        Earmarks = line.Earmarks.Select(e => new EarmarkForm { Name = e.Name, Amount = FormExtensions.AmountText(e.Amount) }).ToList(),
        Version = version,
    };

    /// <summary>Fills the list to the rows the page shows, so a blank row is always there to type in.</summary>
    public LineForm WithBlankEarmarks()
    {
        while (Earmarks.Count < EarmarkRows)
        {
            Earmarks.Add(new EarmarkForm());
        }
        return this;
    }

    /// <summary>
    /// The domain's input, always, with the form's own errors added to ModelState (<see cref="AgreementForm.ToDetails"/>). An
    /// amount that does not parse stands in as the sum of the "varav" amounts, which passes every check it is part of but its own.
    /// </summary>
    public LineDetails ToDetails(ModelStateDictionary modelState)
    {
        var amount = modelState.ParseAmount(Amount, "Form.Amount", "beloppet", required: true);
        var earmarks = new List<Earmark>();
        for (var i = 0; i < Earmarks.Count; i++)
        {
            var row = Earmarks[i];
            if (string.IsNullOrWhiteSpace(row.Name) && string.IsNullOrWhiteSpace(row.Amount))
            {
                continue;
            }
            var value = modelState.ParseAmount(row.Amount, $"Form.Earmarks[{i}].Amount", "varav-beloppet", required: true);
            earmarks.Add(new Earmark(row.Name ?? "", value ?? 0));
        }
        return new LineDetails(Code ?? "", Year ?? 0, amount ?? earmarks.Sum(e => e.Amount), CostObjectCode ?? "", RingFenced, earmarks, Name, Description);
    }
}

public sealed record AreaOption(int Id, string Label, int Depth);

public sealed record AreaFormPage(int AgreementId, string AgreementName, AreaForm Form, int? AreaId, string? ParentLabel, IReadOnlyList<AreaOption> Parents);

public sealed record LineFormPage(int AgreementId, string AgreementName, int FirstYear, int LastYear, LineForm Form, int? LineId, IReadOnlyList<AreaOption> Areas);

/// <param name="What">The thing to remove, as a Swedish phrase: "området 2.1 Nära vård".</param>
public sealed record ConfirmRemovePage(int AgreementId, string AgreementName, string What, string Action, long Version);
