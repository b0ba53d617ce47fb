using GrantTracker.Application.Data;
using GrantTracker.Domain.Common;
using GrantTracker.Domain.Distribution;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Features.Users;

/// <summary>The local accounts with their roles and, for an Utförare, the organisation numbers it acts for.</summary>
public sealed record ListUsersQuery : IQuery<IReadOnlyList<UserSummary>>;

public sealed record UserSummary(string Id, string Email, string DisplayName, IReadOnlyList<string> Roles, IReadOnlyList<string> OrganisationNumbers)
{
    public bool IsProvider => Roles.Contains(Domain.Common.Roles.Provider);
}

/// <summary>The organisation numbers a local Utförare acts for (none: it sees no unit).</summary>
public sealed record GetProviderOrganisationsQuery(string UserId) : IQuery<IReadOnlyList<string>>;

/// <summary>
/// An administrator sets the organisation numbers an Utförare acts for: the whole set, written as the numbers separated by
/// commas, semicolons or new lines (empty removes them all). Each is Luhn-checked; a refusal changes nothing.
/// </summary>
public sealed record SetProviderOrganisationsCommand(string UserId, string? Numbers) : ICommand<Result>;

public sealed class ListUsersHandler(AppDbContext db) : IQueryHandler<ListUsersQuery, IReadOnlyList<UserSummary>>
{
    public async ValueTask<IReadOnlyList<UserSummary>> Handle(ListUsersQuery query, CancellationToken ct)
    {
        var users = await db.Users.AsNoTracking().Select(u => new { u.Id, u.Email, u.DisplayName }).ToListAsync(ct);
        var roles = (await db.UserRoles.AsNoTracking().Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name }).ToListAsync(ct))
            .ToLookup(r => r.UserId, r => r.Name!);
        var organisations = (await db.ProviderOrganisations.AsNoTracking().ToListAsync(ct)).ToLookup(p => p.UserId, p => p.OrganisationNumber);
        return [.. users
            .Select(u => new UserSummary(u.Id, u.Email ?? "", u.DisplayName, [.. roles[u.Id].Order(StringComparer.Ordinal)],
                [.. organisations[u.Id].Order(StringComparer.Ordinal)]))
            .OrderBy(u => u.Email, StringComparer.Ordinal)];
    }
}

public sealed class GetProviderOrganisationsHandler(AppDbContext db) : IQueryHandler<GetProviderOrganisationsQuery, IReadOnlyList<string>>
{
    public async ValueTask<IReadOnlyList<string>> Handle(GetProviderOrganisationsQuery query, CancellationToken ct) =>
        await db.ProviderOrganisations.AsNoTracking().Where(p => p.UserId == query.UserId).Select(p => p.OrganisationNumber).ToListAsync(ct);
}

public sealed class SetProviderOrganisationsHandler(AppDbContext db) : ICommandHandler<SetProviderOrganisationsCommand, Result>
{
    public async ValueTask<Result> Handle(SetProviderOrganisationsCommand command, CancellationToken ct)
    {
        var isProvider = await db.UserRoles.Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name })
            .AnyAsync(x => x.UserId == command.UserId && x.Name == Roles.Provider, ct);
        if (!await db.Users.AnyAsync(u => u.Id == command.UserId, ct))
        {
            return Result.Fail("", "Användaren finns inte. Läs in sidan igen.");
        }
        if (!isProvider)
        {
            return Result.Fail("Numbers", "Organisationsnummer anges bara för utförare: de styr vilka vårdenheters fördelningar användaren ser.");
        }
        var parsed = ParseNumbers(command.Numbers);
        if (!parsed.Succeeded)
        {
            return parsed;
        }
        var wanted = parsed.Value;
        var current = await db.ProviderOrganisations.Where(p => p.UserId == command.UserId).ToListAsync(ct);
        db.ProviderOrganisations.RemoveRange(current.Where(c => !wanted.Contains(c.OrganisationNumber)));
        db.ProviderOrganisations.AddRange(wanted.Where(w => current.All(c => c.OrganisationNumber != w))
            .Select(w => new ProviderOrganisation { UserId = command.UserId, OrganisationNumber = w }));
        await db.SaveChangesAsync(ct);
        return Result.Ok();
    }

    /// <summary>The numbers, normalized to NNNNNN-NNNN and without duplicates; every invalid one named.</summary>
    public static Result<IReadOnlyList<string>> ParseNumbers(string? text)
    {
        var parts = (text ?? "").Split([',', ';', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var bad = parts.Where(p => OrganisationNumber.Normalize(p) is null).ToList();
        if (bad.Count > 0)
        {
            return Result.Fail<IReadOnlyList<string>>("Numbers",
                $"{string.Join(", ", bad)} är inte {(bad.Count == 1 ? "ett giltigt organisationsnummer" : "giltiga organisationsnummer")}: skriv tio siffror, NNNNNN-NNNN, och kontrollera sista siffran.");
        }
        return Result.Ok<IReadOnlyList<string>>([.. parts.Select(p => OrganisationNumber.Normalize(p)!).Distinct(StringComparer.Ordinal)]);
    }
}
