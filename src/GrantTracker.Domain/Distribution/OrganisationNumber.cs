namespace GrantTracker.Domain.Distribution;

/// <summary>A Swedish organisation number (organisationsnummer), NNNNNN-NNNN, its last digit a Luhn check digit.</summary>
public static class OrganisationNumber
{
    /// <summary>The number as <c>NNNNNN-NNNN</c>, or null when it is not ten digits with a valid check digit.</summary>
    public static string? Normalize(string? text)
    {
        if (text is null)
        {
            return null;
        }
        var digits = new string([.. text.Where(char.IsAsciiDigit)]);
        // A twelve-digit form starts with the century "16" for legal persons.
        if (digits.Length == 12 && digits.StartsWith("16", StringComparison.Ordinal))
        {
            digits = digits[2..];
        }
        if (digits.Length != 10 || text.Any(c => !char.IsAsciiDigit(c) && c != '-' && c != ' ') || !LuhnValid(digits))
        {
            return null;
        }
        return $"{digits[..6]}-{digits[6..]}";
    }

    /// <summary>The Luhn (mod 10) check over all ten digits: every other digit from the first doubled.</summary>
    public static bool LuhnValid(string digits)
    {
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var d = digits[i] - '0';
            if (i % 2 == 0)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }
            sum += d;
        }
        return sum % 10 == 0;
    }
}
