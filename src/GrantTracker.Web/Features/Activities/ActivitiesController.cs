using GrantTracker.Application.Features.Activities;
using GrantTracker.Application.Features.Agreements;
using GrantTracker.Application.Reports;
using GrantTracker.Domain.Activities;
using GrantTracker.Domain.Common;
using GrantTracker.Web.Features.Shared;
using GrantTracker.Web.Infrastructure;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace GrantTracker.Web.Features.Activities;

/// <summary>
/// The register, a hundred rows a page (<c>?sida=</c>): forty agreements hold some five hundred activities, and one page of them all
/// was the portfolio's slowest (issue 22). The totals are the whole filtered list's; the Excel export has every row.
/// </summary>
public sealed record ActivityIndexPage(ActivityList List, ListActivitiesQuery Filter, int RequestedPage)
{
    public const int PageSize = 100;

    public int Pages => Math.Max(1, (List.Rows.Count + PageSize - 1) / PageSize);

    /// <summary>The page shown: the one asked for, within 1 and the last.</summary>
    public int Page => Math.Clamp(RequestedPage, 1, Pages);

    public IEnumerable<ActivityListRow> Rows => List.Rows.Skip((Page - 1) * PageSize).Take(PageSize);

    public int First => (Page - 1) * PageSize + 1;

    public int Last => Math.Min(Page * PageSize, List.Rows.Count);
}

public sealed record ActivityFormPage(ActivityForm Form, int AgreementId, string AgreementName, IReadOnlyList<LineChoice> Lines, int? Id, IReadOnlyList<string> Changes);

public sealed record ExitPlanPage(ExitPlanForm Form, ActivityView Activity);

public sealed record DecisionPage(DecisionForm Form, ActivityView Activity);

[Route("insatser")]
public sealed class ActivitiesController(IMediator mediator, ProviderScope scope, TimeProvider clock) : Controller
{
    [HttpGet("")]
    [Authorize(Policy = Policies.Read)]
    public async Task<IActionResult> Index([FromQuery] ListActivitiesQuery filter, [FromQuery(Name = "sida")] int page, CancellationToken ct)
    {
        filter = await ScopedAsync(filter);
        return View(new ActivityIndexPage(await mediator.Send(filter, ct), filter, page));
    }

    [HttpGet("export")]
    [Authorize(Policy = Policies.Read)]
    public async Task<IActionResult> Export([FromQuery] ListActivitiesQuery filter, CancellationToken ct)
    {
        // The page's query, scoped as the page scopes it: the same rows in the same order, every one of them (not the page's hundred).
        filter = await ScopedAsync(filter);
        var document = ActivityRegisterReport.Build(await mediator.Send(filter, ct), filter, SwedishFormat.Today(clock));
        var stream = new MemoryStream();
        ExcelReportWriter.Write(document, stream);
        stream.Position = 0;
        return File(stream, ExcelReportWriter.ContentType, document.FileName);
    }

    [HttpGet("{id:int}")]
    [Authorize(Policy = Policies.Read)]
    public async Task<IActionResult> Details(int id, CancellationToken ct)
    {
        var activity = await mediator.Send(new GetActivityQuery(id), ct);
        return activity is null || !await MayReadAsync(activity) ? NotFound() : View(activity);
    }

    /// <summary>An Utförare's list is limited to its own activities, whatever the query string says.</summary>
    private async Task<ListActivitiesQuery> ScopedAsync(ListActivitiesQuery filter) =>
        await scope.PerformerAsync(User) is { } own ? filter with { OnlyPerformer = own } : filter with { OnlyPerformer = null };

    private async Task<bool> MayReadAsync(ActivityView activity) =>
        await scope.PerformerAsync(User) is not { } own || activity.PerformerName == own;

    [HttpPost("{id:int}/projektkod")]
    [Authorize(Policy = Policies.SetProjectCode)]
    public async Task<IActionResult> SetProjectCode(int id, long version, string? projectCode, CancellationToken ct)
    {
        var result = await mediator.Send(new SetProjectCodeCommand(id, version, projectCode), ct);
        TempData.Report(result,
            string.IsNullOrWhiteSpace(projectCode) ? "Projektkoden är borttagen." : "Projektkoden är sparad. Avstämningen räknar rader med koden på insatsens rad.", ProjectCodeSection);
        return BackToDetails(id, ProjectCodeSection);
    }

    [HttpPost("{id:int}/varav")]
    [Authorize(Policy = Policies.SetProjectCode)]
    public async Task<IActionResult> SetEarmark(int id, long version, string? earmark, CancellationToken ct)
    {
        var result = await mediator.Send(new SetActivityEarmarkCommand(id, version, earmark), ct);
        TempData.Report(result,
            string.IsNullOrWhiteSpace(earmark) ? "Insatsen räknas nu mot raden som helhet." : $"Insatsens kostnad räknas nu mot varav-beloppet ”{earmark.Trim()}”.", EarmarkSection);
        return BackToDetails(id, EarmarkSection);
    }

    [HttpGet("{id:int}/beslutsunderlag")]
    [Authorize(Policy = Policies.Read)]
    public async Task<IActionResult> DecisionDocument(int id, CancellationToken ct)
    {
        var activity = await mediator.Send(new GetActivityQuery(id), ct);
        return activity is null || !await MayReadAsync(activity) ? NotFound() : View(activity);
    }

    [HttpGet("ny")]
    [Authorize(Policy = Policies.EditActivities)]
    public async Task<IActionResult> Create(int agreementId, CancellationToken ct)
    {
        var agreement = await mediator.Send(new GetAgreementQuery(agreementId), ct);
        if (agreement is null)
        {
            return NotFound();
        }
        var form = new ActivityForm().WithEmptyBudgetRows(agreement.Years());
        return View("Form", new ActivityFormPage(form, agreement.Id, agreement.Name, agreement.LineChoices(), null, []));
    }

    [HttpPost("ny")]
    [Authorize(Policy = Policies.EditActivities)]
    public async Task<IActionResult> Create(int agreementId, [Bind(Prefix = "Form")] ActivityForm form, CancellationToken ct)
    {
        var agreement = await mediator.Send(new GetAgreementQuery(agreementId), ct);
        if (agreement is null)
        {
            return NotFound();
        }
        IActionResult Again() => View("Form", new ActivityFormPage(form.WithEmptyBudgetRows(agreement.Years()), agreement.Id, agreement.Name, agreement.LineChoices(), null, []));
        var details = form.ToDetails(ModelState);
        if (details is null)
        {
            return Again();
        }
        var result = await mediator.Send(new RegisterActivityCommand(agreementId, form.LineId!.Value, details), ct);
        if (!result.Succeeded)
        {
            ModelState.AddErrors(result);
            return Again();
        }
        TempData["Message"] = "Insatsen är registrerad som utkast. Fyll i exitbudgeten och bered den för beslut." + Warn(result.Value.Warning);
        return RedirectToAction(nameof(Details), new { id = result.Value.Id });
    }

    [HttpGet("{id:int}/redigera")]
    [Authorize(Policy = Policies.EditActivities)]
    public async Task<IActionResult> Edit(int id, CancellationToken ct)
    {
        var activity = await mediator.Send(new GetActivityQuery(id), ct);
        if (activity is null)
        {
            return NotFound();
        }
        var agreement = (await mediator.Send(new GetAgreementQuery(activity.AgreementId), ct))!;
        return View("Form", new ActivityFormPage(ActivityForm.From(activity).WithEmptyBudgetRows(agreement.Years()), agreement.Id, agreement.Name, agreement.LineChoices(), id, []));
    }

    [HttpPost("{id:int}/redigera")]
    [Authorize(Policy = Policies.EditActivities)]
    public async Task<IActionResult> Edit(int id, [Bind(Prefix = "Form")] ActivityForm form, CancellationToken ct)
    {
        var activity = await mediator.Send(new GetActivityQuery(id), ct);
        if (activity is null)
        {
            return NotFound();
        }
        var agreement = (await mediator.Send(new GetAgreementQuery(activity.AgreementId), ct))!;
        IReadOnlyList<string> changes = [];
        IActionResult Again() => View("Form", new ActivityFormPage(form.WithEmptyBudgetRows(agreement.Years()), agreement.Id, agreement.Name, agreement.LineChoices(), id, changes));
        var details = form.ToDetails(ModelState);
        if (details is null)
        {
            return Again();
        }
        if (form.Version != activity.Version)
        {
            // Someone saved first. Keep what this user typed, show what the other changed, and let a
            // second save (now on the current version) be a deliberate overwrite.
            var current = ActivityForm.From(activity);
            changes = ActivityForm.Changes(form.Original, current);
            ModelState.AddModelError("", "Någon annan har sparat insatsen sedan du öppnade den. Dina ändringar är inte sparade men finns kvar i formuläret. Jämför med ändringarna nedan och spara igen för att skriva över.");
            ModelState.Remove("Form.Version");
            ModelState.Remove("Form.Original");
            form.Version = activity.Version;
            form.Original = current.Snapshot();
            return Again();
        }
        var result = await mediator.Send(new UpdateActivityCommand(id, form.Version, form.LineId!.Value, details), ct);
        if (!result.Succeeded)
        {
            ModelState.AddErrors(result);
            return Again();
        }
        TempData["Message"] = "Insatsen är sparad." + Warn(result.Value.Warning);
        return RedirectToAction(nameof(Details), new { id });
    }

    [HttpGet("{id:int}/exitbudget")]
    [Authorize(Policy = Policies.EditActivities)]
    public async Task<IActionResult> ExitPlan(int id, CancellationToken ct)
    {
        var activity = await mediator.Send(new GetActivityQuery(id), ct);
        return activity is null ? NotFound() : View(new ExitPlanPage(ExitPlanForm.From(activity), activity));
    }

    [HttpPost("{id:int}/exitbudget")]
    [Authorize(Policy = Policies.EditActivities)]
    public async Task<IActionResult> ExitPlan(int id, [Bind(Prefix = "Form")] ExitPlanForm form, CancellationToken ct)
    {
        var activity = await mediator.Send(new GetActivityQuery(id), ct);
        if (activity is null)
        {
            return NotFound();
        }
        var plan = form.ToPlan(ModelState);
        if (plan is null)
        {
            return View(new ExitPlanPage(form, activity));
        }
        var result = await mediator.Send(new SaveExitPlanCommand(id, form.Version, plan), ct);
        if (!result.Succeeded)
        {
            ModelState.AddErrors(result);
            return View(new ExitPlanPage(form, activity));
        }
        var missing = plan.Check();
        TempData["Message"] = missing.Count == 0
            ? "Exitbudgeten är sparad och komplett."
            : "Exitbudgeten är sparad men inte komplett: " + string.Join(" ", missing.Select(m => m.Message));
        return RedirectToAction(nameof(Details), new { id });
    }

    [HttpPost("{id:int}/status")]
    [Authorize(Policy = Policies.EditActivities)]
    public async Task<IActionResult> ChangeStatus(int id, ActivityStep step, long version, string? note, string? lateReason, CancellationToken ct)
    {
        var result = await mediator.Send(new ChangeActivityStatusCommand(id, version, step, note, lateReason), ct);
        if (step == ActivityStep.Prepare && !result.Succeeded && result.Errors.All(e => e.Field != nameof(Activity.Status)))
        {
            TempData.Refuse("Insatsen kan inte beredas för beslut än. " + string.Join(" ", result.Errors.Select(e => e.Message)), StatusSection);
            return BackToDetails(id, StatusSection);
        }
        TempData.Report(result, step switch
        {
            ActivityStep.Prepare => "Insatsen är beredd och väntar på beslut.",
            ActivityStep.ReturnToDraft => "Insatsen är återförd till utkast.",
            ActivityStep.Start => "Insatsen är startad.",
            ActivityStep.Complete => "Insatsen är avslutad.",
            _ => "Insatsen är avvecklad.",
        }, StatusSection);
        return BackToDetails(id, StatusSection);
    }

    /// <summary>The activity page's sections that forms post back to (issue 25): each shows its own form's outcome.</summary>
    public const string StatusSection = "status";
    public const string ProjectCodeSection = "projektkod";
    public const string EarmarkSection = "varav";

    private RedirectResult BackToDetails(int id, string section) => Redirect($"/insatser/{id}#{section}");

    [HttpGet("{id:int}/beslut")]
    [Authorize(Policy = Policies.DecideActivities)]
    public async Task<IActionResult> Decide(int id, CancellationToken ct)
    {
        var activity = await mediator.Send(new GetActivityQuery(id), ct);
        return activity is null
            ? NotFound()
            : View(new DecisionPage(new DecisionForm { DecisionDate = SwedishFormat.Today(clock), Version = activity.Version }, activity));
    }

    [HttpPost("{id:int}/beslut")]
    [Authorize(Policy = Policies.DecideActivities)]
    public async Task<IActionResult> Decide(int id, [Bind(Prefix = "Form")] DecisionForm form, CancellationToken ct)
    {
        var activity = await mediator.Send(new GetActivityQuery(id), ct);
        if (activity is null)
        {
            return NotFound();
        }
        if (!ModelState.IsValid)
        {
            return View(new DecisionPage(form, activity));
        }
        var result = await mediator.Send(new DecideActivityCommand(id, form.Version, form.Approve, form.DecisionDate!.Value, form.DecisionReference, form.Note, form.LateReason), ct);
        if (!result.Succeeded)
        {
            // The exit budget and the status are not fields of this form: show them above it.
            ModelState.AddErrors(result, fieldMap: DecisionFields);
            return View(new DecisionPage(form, activity));
        }
        TempData["Message"] = form.Approve ? "Insatsen är beslutad." : "Insatsen är avslagen.";
        return RedirectToAction(nameof(Details), new { id });
    }

    private static readonly Dictionary<string, string> DecisionFields = new()
    {
        [nameof(Activity.ExitPlan)] = "",
        [nameof(Activity.Status)] = "",
    };

    private static string Warn(string? warning) => warning is null ? "" : " Observera: " + warning;
}
