using Microsoft.AspNetCore.Mvc.ModelBinding.Metadata;

namespace GrantTracker.Web.Infrastructure;

/// <summary>
/// What model binding says when a typed value cannot be read (a year of "tjugo", a category of "2,5"): in Swedish, with the
/// field's label, like every other message the forms show, instead of the framework's English.
/// </summary>
public static class SwedishBindingMessages
{
    public static void Configure(DefaultModelBindingMessageProvider messages)
    {
        messages.SetAttemptedValueIsInvalidAccessor((value, field) => $"”{value}” går inte att läsa som {Lower(field)}. Skriv om värdet.");
        messages.SetValueIsInvalidAccessor(value => $"”{value}” går inte att läsa. Skriv om värdet.");
        messages.SetValueMustBeANumberAccessor(field => $"{field} ska vara ett tal.");
        messages.SetNonPropertyAttemptedValueIsInvalidAccessor(value => $"”{value}” går inte att läsa. Skriv om värdet.");
        messages.SetNonPropertyValueMustBeANumberAccessor(() => "Värdet ska vara ett tal.");
        messages.SetUnknownValueIsInvalidAccessor(field => $"Värdet i {Lower(field)} går inte att läsa. Skriv om det.");
        messages.SetNonPropertyUnknownValueIsInvalidAccessor(() => "Värdet går inte att läsa. Skriv om det.");
        messages.SetValueMustNotBeNullAccessor(_ => "Fältet får inte vara tomt.");
        messages.SetMissingBindRequiredValueAccessor(field => $"{field} saknas.");
        messages.SetMissingKeyOrValueAccessor(() => "Ett värde saknas.");
        messages.SetMissingRequestBodyRequiredValueAccessor(() => "Formuläret kom fram tomt. Skicka det igen.");
    }

    private static string Lower(string field) => field.Length == 0 ? field : char.ToLowerInvariant(field[0]) + field[1..];
}
