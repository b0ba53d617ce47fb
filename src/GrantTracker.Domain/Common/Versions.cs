using System.Globalization;

namespace GrantTracker.Domain.Common;

/// <summary>
/// The version a form carries (a hidden field) against the row it edits. A form opened before its row existed (the first
/// unit report, the first answer to a requirement, the first note on an exception) carries <see cref="None"/>, so that a
/// second client's first save cannot silently overwrite the row the first client created in between.
/// </summary>
public static class Versions
{
    /// <summary>"There was no row when the form was opened."</summary>
    public const long None = -1;

    /// <summary>
    /// The hidden field's text: invariant, since a Swedish page would write <see cref="None"/> with the Unicode minus sign (U+2212).
    /// </summary>
    public static string Field(long? version) => (version ?? None).ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// True when the row has changed since the form was opened: it was created, changed or removed in between. Null
    /// <paramref name="expected"/> asks for no check (the CLI and the seed, which hold no form).
    /// </summary>
    public static bool IsStale(long? expected, IVersioned? current) => expected switch
    {
        null => false,
        None => current is not null,
        { } version => current is null || current.Version != version,
    };
}
