using System.ComponentModel.DataAnnotations;
using GrantTracker.Application.Features.Agreements;
using GrantTracker.Domain.Agreements;
using GrantTracker.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace GrantTracker.Web.Features.Agreements;

/// <summary>The agreement's header as the officer types it; amounts are Swedish text ("75 422 690").</summary>
public sealed class AgreementForm
{
    [Display(Name = "Kod")]
    [Required(ErrorMessage = "Ange en kod för överenskommelsen, till exempel gnv2024.")]
    [StringLength(40, ErrorMessage = "Koden får vara högst 40 tecken.")]
    public string Code { get; set; } = "";

    [Display(Name = "Namn")]
    [Required(ErrorMessage = "Ange överenskommelsens namn.")]
    [StringLength(300)]
    public string Name { get; set; } = "";

    [Display(Name = "Motpart")]
    [Required(ErrorMessage = "Ange motpart, till exempel Staten och SKR.")]
    [StringLength(200)]
    public string Counterparty { get; set; } = "Staten och SKR";

    [Display(Name = "Diarienummer")]
    [StringLength(60)]
    public string? DiaryNumber { get; set; }

    [Display(Name = "Kategori")]
    [Range(0, 99, ErrorMessage = "Kategorin är ett tal mellan 0 och 99.")]
    public int? Category { get; set; }

    [Display(Name = "Startdatum")]
    [Required(ErrorMessage = "Ange startdatum.")]
    public DateOnly? StartDate { get; set; }

    [Display(Name = "Slutdatum")]
    [Required(ErrorMessage = "Ange slutdatum.")]
    public DateOnly? EndDate { get; set; }

    [Display(Name = "Nationellt belopp (kr)")]
    public string? NationalTotal { get; set; }

    [Display(Name = "Regionens tilldelning (kr)")]
    public string? RegionAllocation { get; set; }

    [Display(Name = "Ansvarig")]
    [StringLength(300)]
    public string? Responsible { get; set; }

    [Display(Name = "Kontaktperson")]
    [StringLength(300)]
    public string? Contact { get; set; }

    [Display(Name = "Beslutsordning")]
    [StringLength(1000)]
    public string? DecisionBody { get; set; }

    [Display(Name = "Beskrivning")]
    [StringLength(4000)]
    public string? Description { get; set; }

    public long Version { get; set; }

    public static AgreementForm From(AgreementView a) => new()
    {
        Code = a.Code,
        Name = a.Name,
        Counterparty = a.Counterparty,
        DiaryNumber = a.DiaryNumber,
        Category = a.Category,
        StartDate = a.StartDate,
        EndDate = a.EndDate,
        NationalTotal = FormExtensions.AmountText(a.NationalTotal),
        RegionAllocation = FormExtensions.AmountText(a.RegionAllocation),
        Responsible = a.Responsible,
        Contact = a.Contact,
        DecisionBody = a.DecisionBody,
        Description = a.Description,
        Version = a.Version,
    };

    /// <summary>The domain's input, or null with the parse errors added to ModelState.</summary>
    public AgreementDetails? ToDetails(ModelStateDictionary modelState)
    {
        var national = modelState.ParseAmount(NationalTotal, "Form.NationalTotal", "det nationella beloppet", required: false);
        var region = modelState.ParseAmount(RegionAllocation, "Form.RegionAllocation", "regionens tilldelning", required: true);
        if (!modelState.IsValid || StartDate is null || EndDate is null || region is null)
        {
            return null;
        }
        return new AgreementDetails(Name, Counterparty, DiaryNumber, Category, StartDate.Value, EndDate.Value, national, region.Value,
            Responsible, Contact, DecisionBody, Description);
    }
}

public sealed record AgreementFormPage(AgreementForm Form, int? Id, string? Name);
