using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using GrantTracker.Domain.Access;

namespace GrantTracker.Application.Features.Tokens;

/// <summary>
/// An access token's secret is "gt_" and 32 random bytes in base64url (256 bits: not guessable); the database keeps only its
/// SHA-256 in hex. A copy of the database therefore reads no feed; a slow password hash is not needed for a random secret of that
/// length, and the plain hash can be found by index on every request (as for calendar tokens, <see cref="Deadlines.CalendarTokenHash"/>).
/// </summary>
public static class AccessTokenSecret
{
    /// <summary>"gt_" and 43 base64url characters.</summary>
    public const int Length = 46;

    public static string New() => AccessToken.SecretPrefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public static string HashOf(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>Anything that cannot be a token is refused before it reaches the database.</summary>
    public static bool LooksLikeToken(string? secret) =>
        secret is { Length: Length } && secret.StartsWith(AccessToken.SecretPrefix, StringComparison.Ordinal)
        && secret.AsSpan(AccessToken.SecretPrefix.Length).ContainsAnyExcept(Base64UrlAlphabet) is false;

    private static readonly System.Buffers.SearchValues<char> Base64UrlAlphabet =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");
}
