using System.ComponentModel.DataAnnotations;
using GrantTracker.Application.Common.Uploads;
using GrantTracker.Application.Features.Agreements;
using GrantTracker.Application.Features.Deadlines;
using GrantTracker.Domain.Agreements;
using GrantTracker.Web.Features.Agreements;
using GrantTracker.Web.Features.Shared;
using GrantTracker.Web.Infrastructure;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace GrantTracker.Web.Features.AgreementFiles;

/// <summary>
/// The files kept with an agreement: the agreement document and the region's decision. Every role that reads the region's
/// money downloads them (the agreement states the region's allocation, which an Utförare does not see); Handläggare and
/// Administratör attach and remove them.
/// </summary>
[Route("overenskommelser/{id:int}/filer")]
public sealed class AgreementFilesController(IMediator mediator) : Controller
{
    private const long MaxRequestBytes = MarkObligationSentHandler.MaxFileBytes + 1024 * 1024;

    [HttpGet("ny")]
    [Authorize(Policy = Policies.EditAgreements)]
    public async Task<IActionResult> New(int id, AgreementFileKind? kind, CancellationToken ct)
    {
        var agreement = await mediator.Send(new GetAgreementQuery(id), ct);
        return agreement is null ? NotFound() : View("New", new AgreementFilePage(id, agreement.Name, new AgreementFileForm { Kind = kind ?? AgreementFileKind.AgreementDocument }));
    }

    [HttpPost("ny")]
    [Authorize(Policy = Policies.EditAgreements)]
    [RequestSizeLimit(MaxRequestBytes)]
    [RequestFormLimits(MultipartBodyLengthLimit = MaxRequestBytes)]
    public async Task<IActionResult> New(int id, [Bind(Prefix = "Form")] AgreementFileForm form, CancellationToken ct)
    {
        var agreement = await mediator.Send(new GetAgreementQuery(id), ct);
        if (agreement is null)
        {
            return NotFound();
        }
        var (files, tooLarge) = await UploadedFiles.ReadAsync(form.File is null ? [] : [form.File], ct);
        if (tooLarge is not null)
        {
            ModelState.AddModelError("Form.File", tooLarge);
        }
        var result = await mediator.Send(new AddAgreementFileCommand(id, form.Kind ?? (AgreementFileKind)(-1), form.Reference, files.FirstOrDefault(),
            CheckOnly: !ModelState.IsValid), ct);
        if (!result.Succeeded || !ModelState.IsValid)
        {
            ModelState.AddErrors(result);
            return View("New", new AgreementFilePage(id, agreement.Name, form));
        }
        TempData.Succeed($"Filen {UploadRule.CleanName(files[0].FileName, "filen")} är bifogad ({form.Kind!.Value.Swedish().ToLowerInvariant()}).", "filer");
        return Redirect($"/overenskommelser/{id}#filer");
    }

    [HttpGet("{fileId:int}")]
    [Authorize(Policy = Policies.ReadFinance)]
    public async Task<IActionResult> Download(int id, int fileId, CancellationToken ct) =>
        await mediator.Send(new GetAgreementFileQuery(id, fileId), ct) is { } file
            ? File(file.Content, file.ContentType, file.FileName)
            : NotFound();

    /// <summary>The first post shows what will be removed; only the confirmed post removes it.</summary>
    [HttpPost("{fileId:int}/ta-bort")]
    [Authorize(Policy = Policies.EditAgreements)]
    public async Task<IActionResult> Remove(int id, int fileId, bool confirmed, CancellationToken ct)
    {
        var agreement = await mediator.Send(new GetAgreementQuery(id), ct);
        var file = agreement is null ? null : (await mediator.Send(new GetAgreementFilesQuery(id), ct)).SingleOrDefault(f => f.Id == fileId);
        if (agreement is null || file is null)
        {
            return NotFound();
        }
        var page = new ConfirmRemovePage(id, agreement.Name, $"filen {file.FileName} ({file.Kind.Swedish().ToLowerInvariant()})", $"/overenskommelser/{id}/filer/{fileId}/ta-bort", 0);
        if (!confirmed)
        {
            return View("/Features/Allocation/ConfirmRemove.cshtml", page);
        }
        var result = await mediator.Send(new RemoveAgreementFileCommand(id, fileId), ct);
        if (!result.Succeeded)
        {
            ModelState.AddErrors(result);
            return View("/Features/Allocation/ConfirmRemove.cshtml", page);
        }
        TempData.Succeed($"Filen {file.FileName} är borttagen.", "filer");
        return Redirect($"/overenskommelser/{id}#filer");
    }
}

/// <summary>A file to keep with the agreement, as the officer chooses it.</summary>
public sealed class AgreementFileForm
{
    [Display(Name = "Vad filen är")]
    [Required(ErrorMessage = "Välj vad filen är: överenskommelsen, regionens beslut eller övrigt.")]
    public AgreementFileKind? Kind { get; set; }

    [Display(Name = "Referens")]
    [StringLength(AgreementFile.ReferenceMaxLength, ErrorMessage = "Referensen får vara högst 200 tecken.")]
    public string? Reference { get; set; }

    [Display(Name = "Fil")]
    public IFormFile? File { get; set; }
}

public sealed record AgreementFilePage(int AgreementId, string AgreementName, AgreementFileForm Form);
