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
    [StringLength(300, ErrorMessage = "Namnet får vara högst 300 tecken.")]
    public string Name { get; set; } = "";

    [Display(Name = "Motpart")]
    [Required(ErrorMessage = "Ange motpart, till exempel Staten och SKR.")]
    [StringLength(200, ErrorMessage = "Motparten får vara högst 200 tecken.")]
    public string Counterparty { get; set; } = "Staten och SKR";

    [Display(Name = "Diarienummer")]
    [StringLength(60, ErrorMessage = "Diarienumret får vara högst 60 tecken.")]
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
    [StringLength(300, ErrorMessage = "Ansvarig får vara högst 300 tecken.")]
    public string? Responsible { get; set; }

    [Display(Name = "Kontaktperson")]
    [StringLength(300, ErrorMessage = "Kontaktpersonen får vara högst 300 tecken.")]
    public string? Contact { get; set; }

    [Display(Name = "Beslutsordning")]
    [StringLength(1000, ErrorMessage = "Beslutsordningen får vara högst 1 000 tecken.")]
    public string? DecisionBody { get; set; }

    [Display(Name = "Beskrivning")]
    [StringLength(4000, ErrorMessage = "Beskrivningen får vara högst 4 000 tecken.")]
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

    /// <summary>
    /// The domain's input, always, with the form's own errors (required fields, amounts that are no amounts) added to ModelState.
    /// What did not parse gets a stand-in that passes the domain's checks, so the use case can check the rest in the same answer
    /// (the command's <c>CheckOnly</c> while ModelState has errors); its own error is the form's.
    /// </summary>
    public AgreementDetails ToDetails(ModelStateDictionary modelState)
    {
        var national = modelState.ParseAmount(NationalTotal, "Form.NationalTotal", "det nationella beloppet", required: false);
        var region = modelState.ParseAmount(RegionAllocation, "Form.RegionAllocation", "regionens tilldelning", required: true);
        // A missing date stands in as the widest period: no "end before start" and no line outside it from a date not typed.
        return new AgreementDetails(Name ?? "", Counterparty ?? "", DiaryNumber, Category, StartDate ?? DateOnly.MinValue, EndDate ?? DateOnly.MaxValue,
            national, region ?? 0, Responsible, Contact, DecisionBody, Description);
    }
}

public sealed record AgreementFormPage(AgreementForm Form, int? Id, string? Name);
