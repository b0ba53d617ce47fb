using System.ComponentModel.DataAnnotations;
using GrantTracker.Application.Common.Uploads;
using GrantTracker.Application.Features.Agreements;
using GrantTracker.Application.Imports;
using GrantTracker.Domain.Agreements;
using GrantTracker.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace GrantTracker.Web.Features.NationalKeys;

/// <summary>
/// The national key behind an area's or a line's amount as the officer states it. Field names match <see cref="NationalKey"/>'s,
/// so the domain's refusals land next to their fields.
/// </summary>
public sealed class NationalKeyForm
{
    /// <summary>The choice "no key": the area's or line's key is removed.</summary>
    public const string None = "None";

    /// <summary>A distribution table is a few kilobytes; anything much larger is not one.</summary>
    public const int MaxTableBytes = 1024 * 1024;

    [Display(Name = "Nationell nyckel")]
    public string Rule { get; set; } = None;

    [Display(Name = "Nationellt belopp (kr)")]
    public string? NationalAmount { get; set; }

    [Display(Name = "Nyckelns befolkningsandel (%, valfritt)")]
    public string? Share { get; set; }

    [Display(Name = "Grundbelopp per region (kr)")]
    public string? BaseAmount { get; set; }

    [Display(Name = "Antal regioner")]
    [Range(1, 1000, ErrorMessage = "Antalet regioner är ett heltal, till exempel 21.")]
    public int? Regions { get; set; }

    [Display(Name = "Regionens rad i tabellen")]
    [StringLength(NationalKey.MaxRegionLength, ErrorMessage = "Regionens namn får vara högst 100 tecken.")]
    public string? Region { get; set; }

    [Display(Name = "Fördelningstabell (region;belopp, en rad per region)")]
    public string? Table { get; set; }

    [Display(Name = "Eller ladda upp tabellen (.csv eller .txt)")]
    public IFormFile? TableFile { get; set; }

    [Display(Name = "Beloppen är inte kända ännu: spara regeln och fyll i beloppen senare")]
    public bool Pending { get; set; }

    public long Version { get; set; }

    public static NationalKeyForm From(NationalKey? key, long version) => key is null
        ? new NationalKeyForm { Version = version }
        : new NationalKeyForm
        {
            Rule = key.Rule.ToString(),
            // A pending key's amounts are to be filled in: the form opens ready for them.
            NationalAmount = key.IsPending ? null : FormExtensions.AmountText(key.NationalAmount),
            Share = FormExtensions.PercentText(key.Share),
            BaseAmount = key.Rule == NationalRule.BasePlusShare ? FormExtensions.AmountText(key.BaseAmount) : null,
            Regions = key.Rule == NationalRule.BasePlusShare ? key.Regions : null,
            Region = key.Region,
            Table = key.Rows.Count == 0 ? null : string.Join("\n", key.Rows.Select(r => $"{r.Region};{FormExtensions.AmountText(r.Amount)}")),
            Version = version,
        };

    /// <summary>
    /// Reads an uploaded table into <see cref="Table"/>, so the page shows what was read and a refused save keeps it to correct.
    /// </summary>
    public async Task ReadTableFileAsync(ModelStateDictionary modelState, CancellationToken ct)
    {
        if (TableFile is not { Length: > 0 } file)
        {
            return;
        }
        var extension = Path.GetExtension(file.FileName);
        if (!extension.Equals(".csv", StringComparison.OrdinalIgnoreCase) && !extension.Equals(".txt", StringComparison.OrdinalIgnoreCase))
        {
            modelState.AddModelError("Form.TableFile", $"Filen {UploadRule.CleanName(file.FileName, "filen")} är ingen textfil. Spara tabellen som .csv eller .txt med region;belopp på varje rad, eller klistra in den i rutan.");
            return;
        }
        if (file.Length > MaxTableBytes)
        {
            modelState.AddModelError("Form.TableFile", $"Filen {UploadRule.CleanName(file.FileName, "filen")} är för stor för en fördelningstabell (högst 1 MB).");
            return;
        }
        using var buffer = new MemoryStream((int)file.Length);
        await file.CopyToAsync(buffer, ct);
        Table = TextFile.Decode(buffer.ToArray());
    }

    /// <summary>
    /// The key to save (null: none), always, with the form's own errors added to ModelState. What did not parse gets a stand-in
    /// that passes the domain's checks, so the use case checks the rest in the same answer (<see cref="SetNationalKeyCommand.CheckOnly"/>).
    /// </summary>
    public NationalKey? ToKey(ModelStateDictionary modelState)
    {
        if (Rule == None)
        {
            return null;
        }
        if (!Enum.TryParse<NationalRule>(Rule, out var rule) || !Enum.IsDefined(rule))
        {
            modelState.AddModelError("Form.Rule", "Välj hur det nationella beloppet fördelas: ingen nyckel, befolkningsandel, grundbelopp plus andel eller tabell.");
            return null;
        }
        var share = rule == NationalRule.Table ? null : modelState.ParsePercent(Share, "Form.Share", "befolkningsandelen");
        var baseAmount = 0m;
        var regions = 0;
        if (rule == NationalRule.BasePlusShare)
        {
            // A pending key keeps what is known of the rule; the amounts may all be next year's.
            baseAmount = modelState.ParseAmount(BaseAmount, "Form.BaseAmount", "grundbeloppet per region", required: !Pending) ?? 0m;
            var regionsRefused = modelState.TryGetValue("Form.Regions", out var entry) && entry.Errors.Count > 0;
            if (Regions is null && !regionsRefused && !Pending)
            {
                modelState.AddModelError("Form.Regions", "Ange hur många regioner som får grundbeloppet, till exempel 21.");
                regionsRefused = true;
            }
            // A count not given stands in as one region, so the base amount is still checked against the national amount.
            regions = regionsRefused ? 1 : Regions ?? 0;
        }
        var table = rule == NationalRule.Table ? Blank(Table) : null;
        var region = rule == NationalRule.Table ? Blank(Region) : null;
        if (table is not null && NationalKey.ParseTable(table) is { Succeeded: true } rows)
        {
            // Kept in the canonical form, header and spacing gone; a table that cannot be read is kept as typed, so the
            // refusal's line numbers are the lines the officer sees.
            table = NationalKey.FormatTable(rows.Value);
        }
        if (Pending)
        {
            if (Blank(NationalAmount) is not null || table is not null)
            {
                modelState.AddModelError("Form.Pending",
                    "Beloppen fylls i senare, så töm det nationella beloppet och tabellen – eller ta bort bocken och spara nyckeln med beloppen.");
            }
            return new NationalKey(0m, rule, baseAmount, regions, share, region, null);
        }
        // An amount that does not parse stands in as one large enough for any base amount, so the other fields are still checked.
        var national = modelState.ParseAmount(NationalAmount, "Form.NationalAmount", "det nationella beloppet", required: true) ?? 1_000_000_000_000m;
        return new NationalKey(national, rule, baseAmount, regions, share, region, table);
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}

/// <summary>The agreement's own population share, which every key without one of its own is checked at.</summary>
public sealed class PopulationShareForm
{
    [Display(Name = "Regionens befolkningsandel (%)")]
    public string? Share { get; set; }

    public long Version { get; set; }
}

/// <param name="Row">The area or line, with its key and how it compares.</param>
public sealed record NationalKeyFormPage(NationalKeysView Keys, NationalKeyRow Row, NationalKeyForm Form, string Action);

/// <param name="CanEdit">Handläggare and Administratör: edit links and the population share form.</param>
public sealed record NationalKeysPage(NationalKeysView Keys, bool CanEdit, PopulationShareForm ShareForm);

/// <summary>The keys' table, as the agreement page and the keys' own page show it.</summary>
/// <param name="EditLinks">Link each row to its key's form.</param>
public sealed record NationalKeysTable(NationalKeysView Keys, IReadOnlyList<NationalKeyRow> Rows, bool EditLinks);
