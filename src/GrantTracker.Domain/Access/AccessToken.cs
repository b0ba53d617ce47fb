using GrantTracker.Domain.Common;

namespace GrantTracker.Domain.Access;

/// <summary>The state a token is in, as the list on /konto/token shows it.</summary>
public enum AccessTokenStatus
{
    Active,
    Expired,
    Revoked,
}

/// <summary>
/// A personal access token (issue 27): the secret with which a user's Excel or Power BI reads the OData feed as that user, with
/// that user's role and scope. The database keeps only the secret's SHA-256 and a short prefix the user recognises it by; the
/// secret itself is shown once, when it is created. A token has a name, an expiry of at most a year, and may be revoked; once
/// revoked it never works again.
/// </summary>
/// <remarks>
/// <see cref="LastUsedOn"/> is a date, not a time, on purpose: it changes at most once a day, so using a token costs one audited
/// write a day, not one per request (every audited write empties every cached page).
/// </remarks>
public sealed class AccessToken
{
    public const int MaxNameLength = 100;

    /// <summary>Every token starts with this, so a secret pasted in the wrong place (a log, a chat) is recognisable as ours.</summary>
    public const string SecretPrefix = "gt_";

    /// <summary>How much of the secret the list shows: "gt_" and five characters, 30 of its 256 random bits.</summary>
    public const int PrefixLength = 8;

    public const int MaxLifetimeYears = 1;

    private AccessToken() { }

    public int Id { get; private set; }
    public string UserId { get; private set; } = "";
    public string Name { get; private set; } = "";

    /// <summary>SHA-256 of the secret, lower-case hex. Never shown and never written to the audit trail.</summary>
    public string TokenHash { get; private set; } = "";

    public string Prefix { get; private set; } = "";
    public DateTime CreatedAtUtc { get; private set; }

    /// <summary>The moment it stops working: the start of the day after its last valid day, in Swedish time.</summary>
    public DateTime ExpiresAtUtc { get; private set; }

    public DateTime? RevokedAtUtc { get; private set; }

    /// <summary>The last day (Swedish date) the token was used; null before its first use.</summary>
    public DateOnly? LastUsedOn { get; private set; }

    /// <summary>The last day the token works, as the user chose it.</summary>
    public DateOnly LastValidDay =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(ExpiresAtUtc, DateTimeKind.Utc), SwedishFormat.Zone)).AddDays(-1);

    public AccessTokenStatus StatusAt(DateTime nowUtc) =>
        RevokedAtUtc is not null ? AccessTokenStatus.Revoked
        : nowUtc >= ExpiresAtUtc ? AccessTokenStatus.Expired
        : AccessTokenStatus.Active;

    /// <summary>
    /// A new token for <paramref name="userId"/>, valid through <paramref name="lastValidDay"/>: a day after today and at most a
    /// year ahead. Every refusal at once, each saying what to do.
    /// </summary>
    public static Result<AccessToken> Create(string userId, string? name, DateOnly? lastValidDay, string secret, string secretHash, DateOnly today, DateTime nowUtc)
    {
        var errors = new ErrorList();
        var trimmed = name?.Trim() ?? "";
        if (trimmed.Length == 0)
        {
            errors.Add(nameof(Name), "Ge token ett namn, till exempel \"Power BI uppföljning\", så att du känner igen den i listan.");
        }
        else if (trimmed.Length > MaxNameLength)
        {
            errors.Add(nameof(Name), $"Namnet får vara högst {MaxNameLength} tecken. Korta det.");
        }
        var latest = today.AddYears(MaxLifetimeYears);
        if (lastValidDay is not { } day)
        {
            errors.Add(nameof(LastValidDay), $"Ange till och med vilket datum token ska gälla (ÅÅÅÅ-MM-DD), senast {SwedishFormat.Date(latest)}.");
        }
        else if (day <= today)
        {
            errors.Add(nameof(LastValidDay), $"Sista giltighetsdag måste vara efter i dag ({SwedishFormat.Date(today)}). Välj ett senare datum, senast {SwedishFormat.Date(latest)}.");
        }
        else if (day > latest)
        {
            errors.Add(nameof(LastValidDay), $"En token får gälla högst ett år. Välj ett datum till och med {SwedishFormat.Date(latest)}.");
        }
        if (string.IsNullOrEmpty(userId))
        {
            errors.Add("", "En token hör till en inloggad användare. Logga in och försök igen.");
        }
        return errors.ToResult(() => new AccessToken
        {
            UserId = userId,
            Name = trimmed,
            TokenHash = secretHash,
            Prefix = secret[..Math.Min(PrefixLength, secret.Length)],
            CreatedAtUtc = nowUtc,
            ExpiresAtUtc = SwedishFormat.StartOfDayUtc(lastValidDay!.Value.AddDays(1)),
        });
    }

    /// <summary>Revokes the token at <paramref name="nowUtc"/>; revoking it again changes nothing (it keeps the first time).</summary>
    public void Revoke(DateTime nowUtc) => RevokedAtUtc ??= nowUtc;
}

public static class AccessTokenStatusText
{
    public static string Swedish(this AccessTokenStatus status) => status switch
    {
        AccessTokenStatus.Active => "Aktiv",
        AccessTokenStatus.Expired => "Utgången",
        AccessTokenStatus.Revoked => "Återkallad",
        _ => status.ToString(),
    };
}
