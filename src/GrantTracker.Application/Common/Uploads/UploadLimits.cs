using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace GrantTracker.Application.Common.Uploads;

/// <summary>
/// How much may be kept in one place (section <c>App:Uploads</c>): a unit's report (<c>MaxFilesPerReport</c>,
/// <c>MaxMegabytesPerReport</c>) and a requirement's evidence for a year (<c>MaxFilesPerRequirement</c>,
/// <c>MaxMegabytesPerRequirement</c>). Defaults: 20 files and 100 MB each. Each file is at most
/// <see cref="UploadRule.MaxFileBytes"/> whatever the totals.
/// </summary>
public sealed record UploadLimits(int MaxFilesPerReport, int MaxMegabytesPerReport, int MaxFilesPerRequirement, int MaxMegabytesPerRequirement)
{
    public static readonly UploadLimits Default = new(20, 100, 20, 100);

    public static UploadLimits From(IConfiguration configuration)
    {
        var s = configuration.GetSection("App:Uploads");
        var d = Default;
        return new UploadLimits(Positive(s["MaxFilesPerReport"], d.MaxFilesPerReport), Positive(s["MaxMegabytesPerReport"], d.MaxMegabytesPerReport),
            Positive(s["MaxFilesPerRequirement"], d.MaxFilesPerRequirement), Positive(s["MaxMegabytesPerRequirement"], d.MaxMegabytesPerRequirement));
    }

    /// <summary>
    /// The refusal when <paramref name="adding"/> files of <paramref name="addingBytes"/> on top of what is kept would pass a
    /// limit, or null. <paramref name="what"/> names the place ("Återrapporten", "Kravet"), <paramref name="advice"/> what to do.
    /// </summary>
    public static string? Refusal(int keptFiles, long keptBytes, int adding, long addingBytes, int maxFiles, int maxMegabytes, string what, string advice)
    {
        if (adding == 0)
        {
            return null;
        }
        var limit = $"högst {maxFiles} filer och {maxMegabytes} MB";
        if (keptFiles + adding > maxFiles)
        {
            return $"{what} har redan {keptFiles} filer och kan ta {limit}: {adding} till ryms inte. {advice}";
        }
        if (keptBytes + addingBytes > maxMegabytes * 1024L * 1024L)
        {
            return $"{what} har redan {Megabytes(keptBytes)} MB i filer och kan ta {limit}: {Megabytes(addingBytes)} MB till ryms inte. {advice}";
        }
        return null;
    }

    private static string Megabytes(long bytes) => (bytes / (1024m * 1024m)).ToString("0.#", CultureInfo.GetCultureInfo("sv-SE"));

    private static int Positive(string? value, int fallback) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : fallback;
}
