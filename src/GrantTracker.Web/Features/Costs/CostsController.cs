using System.Security.Claims;
using GrantTracker.Application.Common.Uploads;
using GrantTracker.Application.Features.Ledger;
using GrantTracker.Application.Imports;
using GrantTracker.Web.Infrastructure;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace GrantTracker.Web.Features.Costs;

public sealed record CostsPage(LedgerSummary Summary, IReadOnlyList<LedgerImportRow> RecentImports);

/// <summary>The upload form, with the saved column mappings to choose from.</summary>
public sealed record ImportFormPage(IReadOnlyList<ColumnMappingRow> Mappings);

[Route("kostnader")]
public sealed class CostsController(IMediator mediator, ImportJobs jobs, UploadFolder uploads) : Controller
{
    [HttpGet("")]
    [Authorize(Policy = Policies.ReadFinance)]
    public async Task<IActionResult> Index(CancellationToken ct) =>
        View(new CostsPage(await mediator.Send(new GetLedgerSummaryQuery(), ct), (await mediator.Send(new ListLedgerImportsQuery(5), ct))));

    [HttpGet("importer")]
    [Authorize(Policy = Policies.ReadFinance)]
    public async Task<IActionResult> History(CancellationToken ct) => View(await mediator.Send(new ListLedgerImportsQuery(), ct));

    [HttpGet("importera")]
    [Authorize(Policy = Policies.ImportLedger)]
    public async Task<IActionResult> Import(CancellationToken ct) => View(await FormPageAsync(ct));

    /// <summary>Saves the upload in the app's upload folder and queues it; large files are read in the background.</summary>
    [HttpPost("importera")]
    [Authorize(Policy = Policies.ImportLedger)]
    public async Task<IActionResult> Import(IFormFile? file, string? format, int? objectDimension, string? sheet, string? mapping, bool dryRun, CancellationToken ct)
    {
        if (file is null || file.Length == 0)
        {
            ModelState.AddModelError("file", "Välj en fil att importera: en SIE 4-fil (.se), en CSV-fil eller en Excel-fil (.xlsx).");
            return View(await FormPageAsync(ct));
        }
        if (objectDimension is < 1)
        {
            ModelState.AddModelError("objectDimension", "Objektdimensionen anges som ett positivt heltal, till exempel 6. Lämna fältet tomt för #DIM ”Objekt”.");
            return View(await FormPageAsync(ct));
        }
        // The name is kept in the import history and shown: cleaned as every upload's is; the content is the reader's to check.
        var fileName = UploadRule.CleanName(file.FileName, "bokforing");
        LedgerFormat? chosen = null;
        if (!string.IsNullOrEmpty(format))
        {
            if (!LedgerFormats.TryParse(format, out var parsed))
            {
                ModelState.AddModelError("format", "Välj format SIE, CSV eller Excel.");
                return View(await FormPageAsync(ct));
            }
            chosen = parsed;
        }
        else if (LedgerFormats.FromFileName(fileName) is null)
        {
            ModelState.AddModelError("format", $"Formatet för {fileName} kunde inte avgöras av filnamnet. Välj format i listan.");
            return View(await FormPageAsync(ct));
        }
        var path = uploads.NewFile("import", fileName);
        await using (var target = System.IO.File.Create(path))
        {
            await file.CopyToAsync(target, ct);
        }
        var job = jobs.Enqueue(new ImportJob(Guid.NewGuid(), fileName, User.Identity!.Name!,
            User.FindFirstValue(ClaimTypes.NameIdentifier), path, chosen, objectDimension, dryRun, sheet, mapping));
        return RedirectToAction(nameof(Job), new { id = job.Id });
    }

    private async Task<ImportFormPage> FormPageAsync(CancellationToken ct) => new(await mediator.Send(new ListColumnMappingsQuery(), ct));

    [HttpGet("importera/{id:guid}")]
    [Authorize(Policy = Policies.ImportLedger)]
    public IActionResult Job(Guid id)
    {
        var job = jobs.Find(id);
        return job is null ? NotFound() : View(job);
    }

    /// <summary>"Ersätt ändå": the user has seen what the refused import would replace and takes it anyway.</summary>
    [HttpPost("importera/{id:guid}/ersatt")]
    [Authorize(Policy = Policies.ImportLedger)]
    public IActionResult Confirm(Guid id)
    {
        var job = jobs.Confirm(id, User.Identity!.Name!, User.FindFirstValue(ClaimTypes.NameIdentifier));
        if (job is null)
        {
            TempData["Error"] = "Importen kan inte bekräftas: den behöver ingen bekräftelse, eller filen sparas inte längre (den sparas en timme efter att den avvisades). Ladda upp filen igen.";
            return jobs.Find(id) is null ? RedirectToAction(nameof(Import)) : RedirectToAction(nameof(Job), new { id });
        }
        return RedirectToAction(nameof(Job), new { id = job.Id });
    }

    [HttpGet("importera/{id:guid}/status")]
    [Authorize(Policy = Policies.ImportLedger)]
    public IActionResult Status(Guid id)
    {
        var job = jobs.Find(id);
        return job is null
            ? NotFound()
            // A finished job is 100 %: Progress<T> posts its reports to the thread pool, and a late one can land after the last.
            : Json(new { state = job.State.ToString(), percent = job.State == ImportJobState.Done ? 100 : (int)Math.Round(job.Progress * 100), done = job.State == ImportJobState.Done });
    }
}
