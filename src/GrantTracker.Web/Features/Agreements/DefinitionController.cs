using System.ComponentModel.DataAnnotations;
using GrantTracker.Application.Features.Agreements.Definition;
using GrantTracker.Domain.Common;
using GrantTracker.Web.Infrastructure;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

using GrantTracker.Web.Features.Shared;

namespace GrantTracker.Web.Features.Agreements;

/// <summary>
/// An agreement's definition as a file (import, export) and next year's agreement from this year's (copy, activation of the draft).
/// The agreement page shows the status, the draft's checklist and the buttons through <see cref="AgreementDefinitionViewComponent"/>.
/// </summary>
[Route("overenskommelser")]
public sealed class DefinitionController(IMediator mediator) : Controller
{
    // Beside the agreement pages they belong to, not in a folder of their own.
    private const string ImportView = "/Features/Agreements/DefinitionImport.cshtml";
    private const string CopyView = "/Features/Agreements/DefinitionCopy.cshtml";

    [HttpGet("importera")]
    [Authorize(Policy = Policies.EditAgreements)]
    public IActionResult Import() => View(ImportView, new ImportDefinitionPage(null, false, []));

    [HttpPost("importera")]
    [Authorize(Policy = Policies.EditAgreements)]
    [RequestSizeLimit(DefinitionReader.MaxBytes + 64 * 1024)]
    public async Task<IActionResult> Import(IFormFile? file, bool replace, CancellationToken ct)
    {
        if (file is null || file.Length == 0)
        {
            return View(ImportView, new ImportDefinitionPage(null, replace,
                [new Error("", "Välj definitionsfilen (JSON) att importera, till exempel en fil som exporterats från en annan överenskommelse.")]));
        }
        if (file.Length > DefinitionReader.MaxBytes)
        {
            return View(ImportView, new ImportDefinitionPage(file.FileName, replace,
                [new Error("", $"Filen är för stor: högst {DefinitionReader.MaxBytes / (1024 * 1024)} MB. En definitionsfil är några tiotal kilobyte.")]));
        }
        using var buffer = new MemoryStream((int)file.Length);
        await file.CopyToAsync(buffer, ct);
        var result = await mediator.Send(new ImportAgreementDefinitionCommand(buffer.ToArray(), replace), ct);
        if (!result.Succeeded)
        {
            return View(ImportView, new ImportDefinitionPage(file.FileName, replace, result.Errors));
        }
        TempData["Message"] = result.Value.Message;
        return Redirect($"/overenskommelser/{result.Value.Id}");
    }

    /// <remarks>The definition holds the region's money: not for an Utförare.</remarks>
    [HttpGet("{id:int}/export")]
    [Authorize(Policy = Policies.ReadFinance)]
    public async Task<IActionResult> Export(int id, CancellationToken ct)
    {
        var file = await mediator.Send(new ExportAgreementDefinitionQuery(Id: id), ct);
        return file is null ? NotFound() : File(file.Content, "application/json", file.FileName);
    }

    [HttpGet("{id:int}/kopiera")]
    [Authorize(Policy = Policies.EditAgreements)]
    public async Task<IActionResult> Copy(int id, CancellationToken ct)
    {
        var source = await mediator.Send(new GetAgreementChecklistQuery(id), ct);
        return source is null ? NotFound() : View(CopyView, new CopyPage(source.Id, source.Code, source.Name, CopyForm.For(source)));
    }

    [HttpPost("{id:int}/kopiera")]
    [Authorize(Policy = Policies.EditAgreements)]
    public async Task<IActionResult> Copy(int id, [Bind(Prefix = "Form")] CopyForm form, CancellationToken ct)
    {
        var source = await mediator.Send(new GetAgreementChecklistQuery(id), ct);
        if (source is null)
        {
            return NotFound();
        }
        var page = new CopyPage(source.Id, source.Code, source.Name, form);
        if (!ModelState.IsValid || form.Year is not { } year)
        {
            return View(CopyView, page);
        }
        var result = await mediator.Send(new CopyAgreementCommand(source.Code, year, form.Code, form.WithActivities), ct);
        if (!result.Succeeded)
        {
            foreach (var e in result.Errors)
            {
                // The copy's own fields next to their inputs; what the definition refuses (an object's months) above the form.
                var key = e.Field switch { "Year" => "Form.Year", "NewCode" or "code" => "Form.Code", _ => "" };
                ModelState.AddModelError(key, e.Message);
            }
            return View(CopyView, page);
        }
        TempData["Message"] = result.Value.Message;
        return Redirect($"/overenskommelser/{result.Value.Id}");
    }

    [HttpPost("{id:int}/aktivera")]
    [Authorize(Policy = Policies.EditAgreements)]
    public async Task<IActionResult> Activate(int id, long version, CancellationToken ct)
    {
        var result = await mediator.Send(new ActivateAgreementCommand(id, version), ct);
        if (result.Succeeded)
        {
            // Active, the checklist is gone: the message at the top of the agreement's page.
            TempData["Message"] = "Överenskommelsen är aktiv.";
            return Redirect($"/overenskommelser/{id}");
        }
        // A refusal beside the button, in the draft's checklist (issue 25).
        TempData.Refuse(string.Join(" ", result.Errors.Select(e => e.Message)), "aktivera");
        return Redirect($"/overenskommelser/{id}#aktivera");
    }
}

/// <param name="FileName">The file last sent, named again on a refusal: a file input cannot keep its file.</param>
public sealed record ImportDefinitionPage(string? FileName, bool Replace, IReadOnlyList<Error> Errors);

public sealed record CopyPage(int Id, string Code, string Name, CopyForm Form);

/// <summary>"Kopiera till nästa år": the year, the new code (blank: the source's code with the year replaced) and whether activities come too.</summary>
public sealed class CopyForm
{
    [Display(Name = "År")]
    [Required(ErrorMessage = "Ange året kopian ska gälla, till exempel 2024.")]
    [Range(2000, 2200, ErrorMessage = "Ange året med fyra siffror, till exempel 2024.")]
    public int? Year { get; set; }

    [Display(Name = "Ny kod")]
    [StringLength(40, ErrorMessage = "Koden får vara högst 40 tecken.")]
    public string? Code { get; set; }

    [Display(Name = "Med insatser (som utkast)")]
    public bool WithActivities { get; set; }

    /// <summary>The year after the agreement ends: next year's agreement follows this one (the copy moves by the years from its first year).</summary>
    public static CopyForm For(AgreementChecklist source) => new() { Year = source.LastYear + 1 };
}
