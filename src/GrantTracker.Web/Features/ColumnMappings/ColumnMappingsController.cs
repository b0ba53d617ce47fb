using System.ComponentModel.DataAnnotations;
using GrantTracker.Application.Features.Ledger;
using GrantTracker.Domain.Ledger;
using GrantTracker.Web.Features.Shared;
using GrantTracker.Web.Infrastructure;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace GrantTracker.Web.Features.ColumnMappings;

/// <summary>The header names of one export, as typed on the form. Field names match the domain's, so its errors land on the right field.</summary>
public sealed class ColumnMappingForm
{
    public long Version { get; set; }

    [Display(Name = "Namn")] public string? Name { get; set; }
    [Display(Name = "Verifikation")] public string? Voucher { get; set; }
    [Display(Name = "Datum")] public string? Date { get; set; }
    [Display(Name = "Konto")] public string? Account { get; set; }
    [Display(Name = "Ansvar (valfri)")] public string? CostCentre { get; set; }
    [Display(Name = "Objekt")] public string? CostObject { get; set; }
    [Display(Name = "Belopp")] public string? Amount { get; set; }
    [Display(Name = "Text (valfri)")] public string? Text { get; set; }
    [Display(Name = "Projekt (valfri)")] public string? Project { get; set; }

    public ColumnMappingDetails ToDetails() =>
        new(Name ?? "", Voucher ?? "", Date ?? "", Account ?? "", CostCentre, CostObject ?? "", Amount ?? "", Text, Project);

    public static ColumnMappingForm From(ColumnMappingRow row) => new()
    {
        Version = row.Version, Name = row.Details.Name, Voucher = row.Details.Voucher, Date = row.Details.Date, Account = row.Details.Account,
        CostCentre = row.Details.CostCentre, CostObject = row.Details.CostObject, Amount = row.Details.Amount, Text = row.Details.Text,
        Project = row.Details.Project,
    };
}

public sealed record ColumnMappingFormPage(int? Id, ColumnMappingForm Form);

[Route("kostnader/kolumner")]
public sealed class ColumnMappingsController(IMediator mediator) : Controller
{
    [HttpGet("")]
    [Authorize(Policy = Policies.ReadFinance)]
    public async Task<IActionResult> Index(CancellationToken ct) => View(await mediator.Send(new ListColumnMappingsQuery(), ct));

    [HttpGet("ny")]
    [Authorize(Policy = Policies.ImportLedger)]
    public IActionResult Create() => View("Form", new ColumnMappingFormPage(null, new ColumnMappingForm()));

    [HttpPost("ny")]
    [Authorize(Policy = Policies.ImportLedger)]
    public Task<IActionResult> Create([Bind(Prefix = "Form")] ColumnMappingForm form, CancellationToken ct) => SaveAsync(null, form, ct);

    [HttpGet("{id:int}")]
    [Authorize(Policy = Policies.ImportLedger)]
    public async Task<IActionResult> Edit(int id, CancellationToken ct)
    {
        var row = (await mediator.Send(new ListColumnMappingsQuery(), ct)).SingleOrDefault(m => m.Id == id);
        return row is null ? NotFound() : View("Form", new ColumnMappingFormPage(id, ColumnMappingForm.From(row)));
    }

    [HttpPost("{id:int}")]
    [Authorize(Policy = Policies.ImportLedger)]
    public Task<IActionResult> Edit(int id, [Bind(Prefix = "Form")] ColumnMappingForm form, CancellationToken ct) => SaveAsync(id, form, ct);

    [HttpPost("{id:int}/ta-bort")]
    [Authorize(Policy = Policies.ImportLedger)]
    public async Task<IActionResult> Delete(int id, long version, CancellationToken ct)
    {
        var result = await mediator.Send(new DeleteColumnMappingCommand(id, version), ct);
        TempData["Message"] = result.Succeeded ? "Mappningen är borttagen." : result.Errors[0].Message;
        return RedirectToAction(nameof(Index));
    }

    private async Task<IActionResult> SaveAsync(int? id, ColumnMappingForm form, CancellationToken ct)
    {
        var result = await mediator.Send(new SaveColumnMappingCommand(id, form.Version, form.ToDetails()), ct);
        if (!result.Succeeded)
        {
            ModelState.AddErrors(result);
            return View("Form", new ColumnMappingFormPage(id, form));
        }
        TempData["Message"] = $"Mappningen {form.Name?.Trim()} är sparad. Välj den under Kolumnmappning när du importerar.";
        return RedirectToAction(nameof(Index));
    }
}
