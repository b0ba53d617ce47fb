using GrantTracker.Domain.Common;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace GrantTracker.Web.Features.Shared;

public static class FormExtensions
{
    /// <summary>The outcome of a command for the page the user is sent back to: the success text, or every error message.</summary>
    public static void Report(this ITempDataDictionary tempData, Result result, string success) =>
        tempData[result.Succeeded ? "Message" : "Error"] = result.Succeeded ? success : string.Join(" ", result.Errors.Select(e => e.Message));

    /// <summary>Copies a use case's refusals into ModelState, under the form's field names.</summary>
    public static void AddErrors(this ModelStateDictionary modelState, Result result, string prefix = "Form", IReadOnlyDictionary<string, string>? fieldMap = null)
    {
        foreach (var error in result.Errors)
        {
            var field = error.Field;
            if (fieldMap is not null && fieldMap.TryGetValue(field, out var mapped))
            {
                field = mapped;
            }
            modelState.AddModelError(string.IsNullOrEmpty(field) ? "" : $"{prefix}.{field}", error.Message);
        }
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
        modelState.AddModelError(field, $"{char.ToUpperInvariant(label[0])}{label[1..]} ska vara ett belopp i kronor, till exempel 41 247 254 eller 1 234,50.");
        return null;
    }

    public static string AmountText(decimal? amount) => amount is null ? "" : Money.FormatNumber(amount.Value).Replace(SwedishFormat.Space, ' ');
}
