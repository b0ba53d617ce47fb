using GrantTracker.Application.Features.Agreements;
using GrantTracker.Domain.Common;
using GrantTracker.Web.Features.Shared;
using GrantTracker.Web.Infrastructure;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace GrantTracker.Web.Features.NationalKeys;

/// <summary>
/// The national keys behind an agreement's areas and lines, and the population share they are checked at. Every role that
/// reads the region's money reads them; Handläggare and Administratör state them.
/// </summary>
[Route("overenskommelser/{id:int}/nationella-nycklar")]
public sealed class NationalKeysController(IMediator mediator, IAuthorizationService authorization) : Controller
{
    [HttpGet("")]
    [Authorize(Policy = Policies.ReadFinance)]
    public async Task<IActionResult> Index(int id, CancellationToken ct)
    {
        var keys = await mediator.Send(new GetNationalKeysQuery(id), ct);
        return keys is null ? NotFound() : await IndexView(keys, new PopulationShareForm { Share = FormExtensions.PercentText(keys.PopulationShare), Version = keys.Version });
    }

    [HttpPost("befolkningsandel")]
    [Authorize(Policy = Policies.EditAgreements)]
    public async Task<IActionResult> PopulationShare(int id, [Bind(Prefix = "ShareForm")] PopulationShareForm form, CancellationToken ct)
    {
        var keys = await mediator.Send(new GetNationalKeysQuery(id), ct);
        if (keys is null)
        {
            return NotFound();
        }
        var share = ModelState.ParsePercent(form.Share, "ShareForm.Share", "befolkningsandelen");
        if (!ModelState.IsValid)
        {
            return await IndexView(keys, form);
        }
        var result = await mediator.Send(new SetPopulationShareCommand(id, form.Version, share), ct);
        if (!result.Succeeded)
        {
            ModelState.AddErrors(result, prefix: "ShareForm", fieldMap: new Dictionary<string, string> { ["PopulationShare"] = "Share" });
            return await IndexView(keys, form);
        }
        TempData["Message"] = share is null
            ? "Befolkningsandelen är borttagen. Nycklar utan egen andel jämförs inte längre med överenskommelsens belopp."
            : $"Befolkningsandelen {FormExtensions.PercentText(share)} % är sparad.";
        return Redirect(IndexUrl(id));
    }

    [HttpGet("omraden/{areaId:int}")]
    [Authorize(Policy = Policies.EditAgreements)]
    public Task<IActionResult> Area(int id, int areaId, CancellationToken ct) => Edit(id, NationalKeyTarget.Area, areaId, ct);

    [HttpPost("omraden/{areaId:int}")]
    [Authorize(Policy = Policies.EditAgreements)]
    [RequestSizeLimit(2 * NationalKeyForm.MaxTableBytes)]
    public Task<IActionResult> Area(int id, int areaId, [Bind(Prefix = "Form")] NationalKeyForm form, CancellationToken ct) =>
        Save(id, NationalKeyTarget.Area, areaId, form, ct);

    [HttpGet("rader/{lineId:int}")]
    [Authorize(Policy = Policies.EditAgreements)]
    public Task<IActionResult> Line(int id, int lineId, CancellationToken ct) => Edit(id, NationalKeyTarget.Line, lineId, ct);

    [HttpPost("rader/{lineId:int}")]
    [Authorize(Policy = Policies.EditAgreements)]
    [RequestSizeLimit(2 * NationalKeyForm.MaxTableBytes)]
    public Task<IActionResult> Line(int id, int lineId, [Bind(Prefix = "Form")] NationalKeyForm form, CancellationToken ct) =>
        Save(id, NationalKeyTarget.Line, lineId, form, ct);

    private async Task<IActionResult> Edit(int id, NationalKeyTarget target, int targetId, CancellationToken ct)
    {
        var keys = await mediator.Send(new GetNationalKeysQuery(id), ct);
        var row = keys?.Find(target, targetId);
        return keys is null || row is null ? NotFound() : FormView(keys, row, NationalKeyForm.From(row.Key, keys.Version));
    }

    private async Task<IActionResult> Save(int id, NationalKeyTarget target, int targetId, NationalKeyForm form, CancellationToken ct)
    {
        var keys = await mediator.Send(new GetNationalKeysQuery(id), ct);
        var row = keys?.Find(target, targetId);
        if (keys is null || row is null)
        {
            return NotFound();
        }
        await form.ReadTableFileAsync(ModelState, ct);
        var key = form.ToKey(ModelState);
        var result = await mediator.Send(new SetNationalKeyCommand(id, form.Version, target, targetId, key, CheckOnly: !ModelState.IsValid), ct);
        if (!result.Succeeded || !ModelState.IsValid)
        {
            ModelState.AddErrors(result);
            return FormView(keys, row, form);
        }
        var saved = (await mediator.Send(new GetNationalKeysQuery(id), ct))?.Find(target, targetId);
        TempData["Message"] = key is null ? $"{row.Label} har ingen nationell nyckel längre." : $"Den nationella nyckeln för {row.Label} är sparad. {Outcome(saved)}";
        return Redirect(IndexUrl(id));
    }

    /// <summary>What the saved key gives, in words: a difference is told as it is, never corrected.</summary>
    internal static string Outcome(NationalKeyRow? row)
    {
        if (row?.Key is not { } key)
        {
            return "";
        }
        if (key.IsPending)
        {
            return "Beloppen är att fylla i.";
        }
        var parts = new List<string>();
        if (row.ByRule is null)
        {
            parts.Add("Vad nyckeln ger regionen går inte att räkna ut förrän befolkningsandelen är angiven.");
        }
        else if (row.Difference == 0)
        {
            parts.Add($"Den ger regionen {Money.Format(row.ByRule)}, samma som i överenskommelsen.");
        }
        else
        {
            parts.Add($"Den ger regionen {Money.Format(row.ByRule)}, men överenskommelsen anger {Money.Format(row.Agreed)}: {Money.Format(Math.Abs(row.Difference!.Value))} {(row.Difference > 0 ? "mer" : "mindre")} i överenskommelsen.");
        }
        if (row.TableDifference is { } tableDifference)
        {
            parts.Add(tableDifference == 0
                ? $"Tabellen summerar till det nationella beloppet, {Money.Format(key.NationalAmount)}."
                : $"Tabellen summerar till {Money.Format(row.TableTotal)}, {Money.Format(Math.Abs(tableDifference))} {(tableDifference > 0 ? "mer" : "mindre")} än det nationella beloppet {Money.Format(key.NationalAmount)}.");
        }
        return string.Join(" ", parts);
    }

    private static string IndexUrl(int id) => $"/overenskommelser/{id}/nationella-nycklar";

    private async Task<IActionResult> IndexView(NationalKeysView keys, PopulationShareForm form)
    {
        var canEdit = (await authorization.AuthorizeAsync(User, Policies.EditAgreements)).Succeeded;
        return View("Index", new NationalKeysPage(keys, canEdit, form));
    }

    private ViewResult FormView(NationalKeysView keys, NationalKeyRow row, NationalKeyForm form)
    {
        var segment = row.Target == NationalKeyTarget.Area ? "omraden" : "rader";
        return View("Edit", new NationalKeyFormPage(keys, row, form, $"{IndexUrl(keys.AgreementId)}/{segment}/{row.Id}"));
    }
}
