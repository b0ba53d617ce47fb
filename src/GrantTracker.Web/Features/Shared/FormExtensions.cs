using GrantTracker.Domain.Common;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace GrantTracker.Web.Features.Shared;

public static class FormExtensions
{
    /// <summary>The outcome of a command for the page the user is sent back to: the success text, or every error message.</summary>
    public static void Report(this ITempDataDictionary tempData, Result result, string success) =>
        tempData[result.Succeeded ? "Message" : "Error"] = result.Succeeded ? success : string.Join(" ", result.Errors.Select(e => e.Message));

    /// <summary>
    /// Copies a use case's refusals into ModelState, under the form's field names, next to what the form itself found. A form
    /// shows every error at once: its own (a required field, an amount that is no amount) and the use case's, run on what
    /// parsed (the commands' <c>CheckOnly</c>). A field the form already refused keeps the form's message: the use case only
    /// saw a stand-in for it, and a second message about the same field would say the same or mislead. Two refusals of one
    /// field are joined into one message, since the message next to a field shows one.
    /// </summary>
    public static void AddErrors(this ModelStateDictionary modelState, Result result, string prefix = "Form", IReadOnlyDictionary<string, string>? fieldMap = null)
    {
        var refused = modelState.Where(e => e.Key.Length > 0 && e.Value is { Errors.Count: > 0 }).Select(e => e.Key).ToHashSet(StringComparer.Ordinal);
        var byField = result.Errors
            .Select(e => (Key: Key(fieldMap is not null && fieldMap.TryGetValue(e.Field, out var mapped) ? mapped : e.Field), e.Message))
            .Where(e => !refused.Contains(e.Key))
            .GroupBy(e => e.Key, StringComparer.Ordinal);
        foreach (var field in byField)
        {
            var messages = field.Select(e => e.Message).Distinct(StringComparer.Ordinal);
            if (field.Key.Length == 0)
            {
                // Above the form, as a list: each refusal that belongs to no field is its own item.
                foreach (var message in messages)
                {
                    modelState.AddModelError("", message);
                }
            }
            else
            {
                modelState.AddModelError(field.Key, string.Join(" ", messages));
            }
        }

        string Key(string field) => string.IsNullOrEmpty(field) ? "" : $"{prefix}.{field}";
    }

    /// <summary>Parses an amount typed in Swedish ("41 247 254", "1 234,50 kr"); adds a Swedish error when it is not one.</summary>
    public static decimal? ParseAmount(this ModelStateDictionary modelState, string? text, string field, string label, bool required)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            if (required)
            {
                modelState.AddModelError(field, $"Ange {label}.");
            }
            return null;
        }
        if (Money.TryParse(text, out var amount))
        {
            return amount;
        }
        if (Money.IsTooLarge(text))
        {
            modelState.AddModelError(field, Money.TooLargeMessage(text));
            return null;
        }
        modelState.AddModelError(field, $"{char.ToUpperInvariant(label[0])}{label[1..]} ska vara ett belopp i kronor, till exempel 41 247 254 eller 1 234,50.");
        return null;
    }

    /// <summary>
    /// Parses a percentage as typed ("1,259986", "1.259986 %") into a fraction (0,01259986); adds a Swedish error when it is no
    /// percentage or has more decimals than are kept (eight: the share is stored to 1/10 000 000 000).
    /// </summary>
    public static decimal? ParsePercent(this ModelStateDictionary modelState, string? text, string field, string label)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        var cleaned = new string(text.Trim().TrimEnd('%').Where(c => !char.IsWhiteSpace(c) && c != SwedishFormat.Space).ToArray()).Replace(',', '.');
        if (!decimal.TryParse(cleaned, System.Globalization.NumberStyles.AllowDecimalPoint | System.Globalization.NumberStyles.AllowLeadingSign,
                System.Globalization.CultureInfo.InvariantCulture, out var percent))
        {
            modelState.AddModelError(field, $"{char.ToUpperInvariant(label[0])}{label[1..]} ska anges i procent, till exempel 1,259986.");
            return null;
        }
        if (percent * 100_000_000m != decimal.Truncate(percent * 100_000_000m))
        {
            modelState.AddModelError(field, $"Ange {label} med högst åtta decimaler, till exempel 1,259986.");
            return null;
        }
        return percent / 100m;
    }

    /// <summary>A fraction as a percentage to type or read: 0,01259986 → "1,259986".</summary>
    public static string PercentText(decimal? fraction) =>
        fraction is { } f ? (f * 100m).ToString("0.00######", SwedishFormat.Numbers).Replace(SwedishFormat.Space, ' ') : "";

    public static string AmountText(decimal? amount) => amount is null ? "" : Money.FormatNumber(amount.Value).Replace(SwedishFormat.Space, ' ');
}
