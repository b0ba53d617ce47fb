using System.Security.Cryptography;
using System.Text;
using GrantTracker.Application.Auditing;
using GrantTracker.Application.Features.Tokens;
using GrantTracker.Application.Identity;
using GrantTracker.Application.Tests.Infrastructure;
using GrantTracker.Domain.Access;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Tests.Tokens;

/// <summary>
/// Issue 27, part 2: personal access tokens. Created for oneself with a name and an expiry of at most a year, shown once, stored as
/// a hash; listed and revoked by their owner only; authenticated on the app's clock; the first use each day audited once.
/// </summary>
public sealed class AccessTokenTests : IAsyncLifetime
{
    private const string UserId = "test-user-id";
    private const string OtherUserId = "other-user-id";

    // The test database's clock: 2023-06-15 12:00 in Sweden.
    private static readonly DateOnly Today = new(2023, 6, 15);

    private TestDatabase _db = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync(seedAgreements: false);
        await _db.WithContextAsync(async db =>
        {
            db.Users.Add(new AppUser { Id = UserId, UserName = "test@demo.local", NormalizedUserName = "TEST@DEMO.LOCAL", Email = "test@demo.local", DisplayName = "Test", LockoutEnabled = true });
            db.Users.Add(new AppUser { Id = OtherUserId, UserName = "other@demo.local", NormalizedUserName = "OTHER@DEMO.LOCAL", Email = "other@demo.local", DisplayName = "Other" });
            await db.SaveChangesAsync();
        });
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private async Task<CreatedAccessToken> CreateAsync(string name = "Power BI", int days = 90)
    {
        var created = await _db.SendAsync(new CreateAccessTokenCommand(name, Today.AddDays(days)));
        Assert.True(created.Succeeded, string.Join(" ", created.Errors.Select(e => e.Message)));
        return created.Value;
    }

    private Task<List<AuditEntry>> AuditAsync() =>
        _db.WithContextAsync(db => db.AuditEntries.AsNoTracking().Where(a => a.EntityType == nameof(AccessToken)).OrderBy(a => a.Id).ToListAsync());

    [Fact]
    public async Task A_new_token_is_returned_once_and_only_its_hash_and_prefix_are_stored_and_the_audit_trail_holds_neither_secret_nor_hash()
    {
        var created = await CreateAsync("Power BI uppföljning");

        Assert.Matches("^gt_[A-Za-z0-9_-]{43}$", created.Secret);
        Assert.Equal(Today.AddDays(90), created.LastValidDay);
        var row = await _db.WithContextAsync(db => db.AccessTokens.AsNoTracking().SingleAsync());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(created.Secret))), row.TokenHash);
        Assert.Equal(created.Secret[..8], row.Prefix);
        Assert.Equal(UserId, row.UserId);
        Assert.Equal("Power BI uppföljning", row.Name);
        Assert.Null(row.LastUsedOn);
        Assert.Equal(Today.AddDays(90), row.LastValidDay);
        // Valid through the chosen day in Swedish time: it ends at midnight there (22:00 UTC in summer).
        Assert.Equal(new DateTime(2023, 9, 13, 22, 0, 0), row.ExpiresAtUtc);
        var raw = await _db.WithContextAsync(db => db.Database.SqlQueryRaw<string>("SELECT Name || '|' || TokenHash || '|' || Prefix AS Value FROM AccessTokens").SingleAsync());
        Assert.DoesNotContain(created.Secret, raw);

        var entry = Assert.Single(await AuditAsync());
        Assert.Equal(AuditAction.Skapad, entry.Action);
        Assert.Equal("Power BI uppföljning", System.Text.Json.JsonDocument.Parse(entry.Changes).RootElement.GetProperty("Name").GetProperty("new").GetString());
        Assert.Contains(row.Prefix, entry.Changes);
        Assert.DoesNotContain(created.Secret, entry.Changes);
        Assert.DoesNotContain(row.TokenHash, entry.Changes);
        Assert.DoesNotContain(nameof(AccessToken.TokenHash), entry.Changes);
        Assert.DoesNotContain(created.Secret, created.ToString());
    }

    [Theory]
    [InlineData("", 30, "Name", "Ge token ett namn")]
    [InlineData("   ", 30, "Name", "Ge token ett namn")]
    [InlineData("Excel", 0, "LastValidDay", "Sista giltighetsdag måste vara efter i dag (2023-06-15)")]
    [InlineData("Excel", -5, "LastValidDay", "Sista giltighetsdag måste vara efter i dag (2023-06-15)")]
    [InlineData("Excel", 367, "LastValidDay", "En token får gälla högst ett år. Välj ett datum till och med 2024-06-15.")]
    public async Task A_token_without_a_name_or_with_an_expiry_not_after_today_or_over_a_year_ahead_is_refused_and_nothing_is_written(
        string name, int days, string field, string message)
    {
        var refused = await _db.SendAsync(new CreateAccessTokenCommand(name, Today.AddDays(days)));

        Assert.False(refused.Succeeded);
        Assert.Contains(refused.Errors, e => e.Field == field && e.Message.StartsWith(message, StringComparison.Ordinal));
        Assert.Equal(0, await _db.WithContextAsync(db => db.AccessTokens.CountAsync()));
        Assert.Empty(await AuditAsync());
    }

    [Fact]
    public async Task A_token_without_an_expiry_or_a_name_is_refused_with_both_reasons_at_once_and_a_year_ahead_exactly_is_allowed()
    {
        var refused = await _db.SendAsync(new CreateAccessTokenCommand(null, null));
        var tooLong = await _db.SendAsync(new CreateAccessTokenCommand(new string('x', 101), Today.AddDays(10)));
        var checkOnly = await _db.SendAsync(new CreateAccessTokenCommand("Excel", Today.AddDays(10), CheckOnly: true));

        Assert.Equal(["LastValidDay", "Name"], refused.Errors.Select(e => e.Field).Order());
        Assert.Contains(refused.Errors, e => e.Message == "Ange till och med vilket datum token ska gälla (ÅÅÅÅ-MM-DD), senast 2024-06-15.");
        Assert.Contains(tooLong.Errors, e => e.Message == "Namnet får vara högst 100 tecken. Korta det.");
        Assert.True(checkOnly.Succeeded);
        Assert.Equal(0, await _db.WithContextAsync(db => db.AccessTokens.CountAsync())); // a check writes nothing

        var yearAhead = await _db.SendAsync(new CreateAccessTokenCommand("Excel", new DateOnly(2024, 6, 15)));
        Assert.True(yearAhead.Succeeded);
    }

    [Fact]
    public async Task The_list_shows_only_the_users_own_tokens_newest_first_with_their_status_and_never_the_secret()
    {
        var first = await CreateAsync("Första", days: 10);
        _db.Clock.Set(_db.Clock.GetUtcNow().AddMinutes(5));
        var second = await CreateAsync("Andra");
        Assert.True((await _db.SendAsync(new RevokeAccessTokenCommand(second.Id))).Succeeded);
        await AddForOtherUserAsync("Någon annans");

        var list = await _db.SendAsync(new ListAccessTokensQuery());

        Assert.Equal(["Andra", "Första"], list.Select(t => t.Name));
        Assert.Equal([AccessTokenStatus.Revoked, AccessTokenStatus.Active], list.Select(t => t.Status));
        Assert.Equal(first.Secret[..8], list[1].Prefix);
        Assert.Equal(["Återkallad", "Aktiv"], list.Select(t => t.Status.Swedish()));

        _db.Clock.Set(new DateTimeOffset(2023, 6, 25, 22, 0, 0, TimeSpan.Zero)); // 2023-06-26 00:00 in Sweden: the day after its last
        Assert.Equal(AccessTokenStatus.Expired, (await _db.SendAsync(new ListAccessTokensQuery()))[1].Status);
    }

    private async Task<int> AddForOtherUserAsync(string name)
    {
        var secret = AccessTokenSecret.New();
        var token = AccessToken.Create(OtherUserId, name, Today.AddDays(30), secret, AccessTokenSecret.HashOf(secret), Today, _db.Clock.GetUtcNow().UtcDateTime).Value;
        return await _db.WithContextAsync(async db =>
        {
            db.AccessTokens.Add(token);
            await db.SaveChangesAsync();
            return token.Id;
        });
    }

    [Fact]
    public async Task A_user_cannot_revoke_another_users_token_and_revoking_ones_own_twice_keeps_the_first_time()
    {
        var others = await AddForOtherUserAsync("Någon annans");
        var own = await CreateAsync();
        var auditBefore = (await AuditAsync()).Count;

        var refused = await _db.SendAsync(new RevokeAccessTokenCommand(others));
        var unknown = await _db.SendAsync(new RevokeAccessTokenCommand(999_999));

        Assert.Equal(RevokeAccessTokenHandler.NotFound, Assert.Single(refused.Errors).Message);
        Assert.Equal(RevokeAccessTokenHandler.NotFound, Assert.Single(unknown.Errors).Message);
        Assert.Null(await _db.WithContextAsync(db => db.AccessTokens.Where(t => t.Id == others).Select(t => t.RevokedAtUtc).SingleAsync()));
        Assert.Equal(auditBefore, (await AuditAsync()).Count);

        Assert.True((await _db.SendAsync(new RevokeAccessTokenCommand(own.Id))).Succeeded);
        var revokedAt = await _db.WithContextAsync(db => db.AccessTokens.Where(t => t.Id == own.Id).Select(t => t.RevokedAtUtc).SingleAsync());
        _db.Clock.Set(_db.Clock.GetUtcNow().AddHours(1));
        Assert.True((await _db.SendAsync(new RevokeAccessTokenCommand(own.Id))).Succeeded);

        Assert.Equal(revokedAt, await _db.WithContextAsync(db => db.AccessTokens.Where(t => t.Id == own.Id).Select(t => t.RevokedAtUtc).SingleAsync()));
        var audit = await AuditAsync();
        Assert.Equal(auditBefore + 1, audit.Count);
        Assert.Contains("RevokedAtUtc", audit[^1].Changes);
    }

    [Fact]
    public async Task A_valid_token_authenticates_its_user_and_an_unknown_malformed_revoked_or_expired_token_or_a_locked_out_user_does_not()
    {
        var token = await CreateAsync(days: 10);

        var ok = await _db.SendAsync(new AuthenticateAccessTokenCommand(token.Secret));
        Assert.True(ok.Succeeded);
        Assert.Equal(UserId, ok.Value.User.Id);
        Assert.Equal(token.Id, ok.Value.TokenId);

        Assert.Equal(AuthenticateAccessTokenHandler.Unknown, Assert.Single((await _db.SendAsync(new AuthenticateAccessTokenCommand(AccessTokenSecret.New()))).Errors).Message);
        Assert.Equal(AuthenticateAccessTokenHandler.Unknown, Assert.Single((await _db.SendAsync(new AuthenticateAccessTokenCommand("not a token"))).Errors).Message);
        Assert.Equal(AuthenticateAccessTokenHandler.Unknown, Assert.Single((await _db.SendAsync(new AuthenticateAccessTokenCommand(token.Secret + "x"))).Errors).Message);

        // Through the last valid day (2023-06-25 in Sweden), not a minute more.
        _db.Clock.Set(new DateTimeOffset(2023, 6, 25, 21, 59, 0, TimeSpan.Zero));
        Assert.True((await _db.SendAsync(new AuthenticateAccessTokenCommand(token.Secret))).Succeeded);
        _db.Clock.Set(new DateTimeOffset(2023, 6, 25, 22, 0, 0, TimeSpan.Zero));
        Assert.Equal("Token gällde till och med 2023-06-25. Skapa en ny under Åtkomsttoken (/konto/token).",
            Assert.Single((await _db.SendAsync(new AuthenticateAccessTokenCommand(token.Secret))).Errors).Message);
        _db.Clock.Set(new DateTimeOffset(2023, 6, 15, 10, 0, 0, TimeSpan.Zero));

        await _db.WithContextAsync(async db =>
        {
            var user = await db.Users.SingleAsync(u => u.Id == UserId);
            user.LockoutEnd = new DateTimeOffset(2023, 6, 15, 11, 0, 0, TimeSpan.Zero);
            await db.SaveChangesAsync();
        });
        Assert.Equal(AuthenticateAccessTokenHandler.LockedOut, Assert.Single((await _db.SendAsync(new AuthenticateAccessTokenCommand(token.Secret))).Errors).Message);
        _db.Clock.Set(new DateTimeOffset(2023, 6, 15, 11, 1, 0, TimeSpan.Zero));
        Assert.True((await _db.SendAsync(new AuthenticateAccessTokenCommand(token.Secret))).Succeeded);

        Assert.True((await _db.SendAsync(new RevokeAccessTokenCommand(token.Id))).Succeeded);
        Assert.Equal(AuthenticateAccessTokenHandler.Revoked, Assert.Single((await _db.SendAsync(new AuthenticateAccessTokenCommand(token.Secret))).Errors).Message);
        Assert.DoesNotContain(token.Secret, new AuthenticateAccessTokenCommand(token.Secret).ToString());
    }

    [Fact]
    public async Task The_first_use_each_day_is_audited_once_as_the_tokens_user_and_later_uses_that_day_write_nothing()
    {
        var token = await CreateAsync();
        var created = (await AuditAsync()).Count;

        Assert.True((await _db.SendAsync(new AuthenticateAccessTokenCommand(token.Secret))).Succeeded);
        var stamp = await _db.WithContextAsync(db => db.AuditEntries.MaxAsync(a => a.Id));
        _db.Clock.Set(_db.Clock.GetUtcNow().AddHours(8)); // 20:00 in Sweden, the same day
        Assert.True((await _db.SendAsync(new AuthenticateAccessTokenCommand(token.Secret))).Succeeded);
        Assert.True((await _db.SendAsync(new AuthenticateAccessTokenCommand(token.Secret))).Succeeded);

        var audit = await AuditAsync();
        Assert.Equal(created + 1, audit.Count);
        var use = audit[^1];
        Assert.Equal(AuditAction.Ändrad, use.Action);
        Assert.Equal(UserId, use.UserId);
        Assert.Equal("test@demo.local", use.UserName);
        Assert.Equal(token.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), use.EntityId);
        Assert.Equal("{\"LastUsedOn\":{\"old\":null,\"new\":\"2023-06-15\"}}", use.Changes);
        Assert.Equal(stamp, await _db.WithContextAsync(db => db.AuditEntries.MaxAsync(a => a.Id))); // nothing written since
        Assert.Equal(Today, await _db.WithContextAsync(db => db.AccessTokens.Select(t => t.LastUsedOn).SingleAsync()));

        _db.Clock.Set(_db.Clock.GetUtcNow().AddHours(8)); // 04:00 the next day in Sweden
        Assert.True((await _db.SendAsync(new AuthenticateAccessTokenCommand(token.Secret))).Succeeded);
        Assert.True((await _db.SendAsync(new AuthenticateAccessTokenCommand(token.Secret))).Succeeded);

        audit = await AuditAsync();
        Assert.Equal(created + 2, audit.Count);
        Assert.Equal("{\"LastUsedOn\":{\"old\":\"2023-06-15\",\"new\":\"2023-06-16\"}}", audit[^1].Changes);
    }

    [Fact]
    public async Task Many_requests_of_one_token_at_once_on_a_new_day_write_one_audit_entry()
    {
        var token = await CreateAsync();
        var before = (await AuditAsync()).Count;

        var results = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => Task.Run(() => _db.SendAsync(new AuthenticateAccessTokenCommand(token.Secret)))));

        Assert.All(results, r => Assert.True(r.Succeeded));
        Assert.Equal(before + 1, (await AuditAsync()).Count);
    }

    [Fact]
    public async Task The_trail_shows_a_token_in_Swedish_words()
    {
        var token = await CreateAsync("Excel");
        Assert.True((await _db.SendAsync(new AuthenticateAccessTokenCommand(token.Secret))).Succeeded);

        var page = await _db.SendAsync(new GrantTracker.Application.Features.Audit.ListAuditEntriesQuery(EntityType: nameof(AccessToken)));

        Assert.All(page.Rows, r => Assert.Equal("Åtkomsttoken", r.Shown.Kind));
        Assert.Contains(page.Rows, r => r.Shown.Fields.Any(f => f is { Property: "Senast använd", New: "2023-06-15" }));
        Assert.Contains(page.Rows, r => r.Shown.Fields.Any(f => f is { Property: "Namn", New: "Excel" }));
        Assert.DoesNotContain(page.Rows, r => r.Shown.Fields.Any(f => f.New?.Contains(token.Secret[8..16], StringComparison.Ordinal) == true));
    }
}
