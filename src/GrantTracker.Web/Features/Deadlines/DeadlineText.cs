namespace GrantTracker.Web.Features.Deadlines;

public static class DeadlineText
{
    /// <summary>Days left as a person says it: "i dag", "i morgon", "om 12 dagar", "3 dagar sedan".</summary>
    public static string DaysLeft(int days) => days switch
    {
        0 => "i dag",
        1 => "i morgon",
        -1 => "i går",
        < 0 => $"{-days} dagar sedan",
        _ => $"om {days} dagar",
    };
}
