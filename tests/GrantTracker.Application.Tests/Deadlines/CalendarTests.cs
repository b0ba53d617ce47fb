using System.Text;
using GrantTracker.Application.Features.Deadlines;
using GrantTracker.Application.Identity;
using GrantTracker.Application.Tests.Infrastructure;
using GrantTracker.Domain.Common;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Tests.Deadlines;

/// <summary>The iCalendar writer's escaping and folding, and the token's life: shown once, stored hashed, revoked at once.</summary>
public sealed class CalendarTests
{
    private static IReadOnlyList<string> PhysicalLines(string ics)
    {
        Assert.EndsWith("\r\n", ics);
        Assert.DoesNotContain("\n", ics.Replace("\r\n", "", StringComparison.Ordinal));
        Assert.DoesNotContain("\r", ics.Replace("\r\n", "", StringComparison.Ordinal));
        return ics[..^2].Split("\r\n");
    }

    private static IReadOnlyList<string> Unfolded(string ics)
    {
        var lines = new List<string>();
        foreach (var line in PhysicalLines(ics))
        {
            if (line.StartsWith(' '))
            {
                lines[^1] += line[1..];
            }
            else
            {
                lines.Add(line);
            }
        }
        return lines;
    }

    [Fact]
    public void Text_values_escape_backslash_semicolon_comma_and_newlines()
    {
        Assert.Equal(@"a\\b\;c\,d\ne\nf\ng", ICalendarWriter.Escape("a\\b;c,d\ne\r\nf\rg"));
    }

    [Fact]
    public void Long_lines_are_folded_at_75_octets_without_splitting_a_character_and_unfold_to_the_original()
    {
        var summary = string.Concat(Enumerable.Repeat("Återrapportering för åtgärder i Östersund, ", 6)) + "😀 slut";
        var ics = ICalendarWriter.Write("Test", new DateTime(2026, 12, 1, 8, 0, 0, DateTimeKind.Utc),
            [new CalendarEvent("obligation-1@granttracker", new DateOnly(2024, 3, 31), summary, "Rad ett\nRad två", null)]);

        var physical = PhysicalLines(ics);
        Assert.All(physical, line => Assert.True(Encoding.UTF8.GetByteCount(line) <= 75, $"{Encoding.UTF8.GetByteCount(line)} octets: {line}"));
        Assert.Contains(physical, line => Encoding.UTF8.GetByteCount(line) >= 73);
        // A fold never falls inside a UTF-8 sequence: each physical line is valid text on its own.
        Assert.All(physical, line => Assert.DoesNotContain('\uFFFD', line));
        var unfolded = Unfolded(ics);
        Assert.Contains("SUMMARY:" + ICalendarWriter.Escape(summary), unfolded);
        Assert.Contains(@"DESCRIPTION:Rad ett\nRad två", unfolded);
        Assert.Contains("DTSTART;VALUE=DATE:20240331", unfolded);
        Assert.Contains("DTEND;VALUE=DATE:20240401", unfolded);
        Assert.Contains("DTSTAMP:20261201T080000Z", unfolded);
        Assert.Equal("BEGIN:VCALENDAR", unfolded[0]);
        Assert.Equal("END:VCALENDAR", unfolded[^1]);
    }

    [Fact]
    public void Reminders_are_display_alarms_before_the_day_and_a_met_deadline_has_none()
    {
        var ics = ICalendarWriter.Write("Test", new DateTime(2026, 12, 1, 8, 0, 0, DateTimeKind.Utc),
        [
            new CalendarEvent("a@granttracker", new DateOnly(2024, 3, 31), "Slutredovisning", "", null, [3, 14]),
            new CalendarEvent("b@granttracker", new DateOnly(2023, 3, 31), "Inskickad: VFU", "", null),
        ]);

        var lines = Unfolded(ics).ToList();
        Assert.Equal(2, lines.Count(l => l == "BEGIN:VALARM"));
        Assert.Equal(["TRIGGER:-P14D", "TRIGGER:-P3D"], lines.Where(l => l.StartsWith("TRIGGER", StringComparison.Ordinal)));
        Assert.Contains("DESCRIPTION:Om 3 dagar: Slutredovisning", lines);
        // Both alarms sit inside the first event, before its END.
        Assert.True(lines.LastIndexOf("END:VALARM") < lines.IndexOf("END:VEVENT"));
    }

    [Fact]
    public async Task A_token_opens_the_feed_until_it_is_revoked_or_replaced_and_only_its_hash_is_stored()
    {
        await using var db = await TestDatabase.CreateAsync();
        await AddUserWithRoleAsync(db);
        Assert.False((await db.SendAsync(new GetCalendarTokenQuery())).Active);

        var first = await db.SendAsync(new CreateCalendarTokenCommand());
        Assert.True(first.Succeeded);
        var token = first.Value;
        Assert.Equal(43, token.Length);
        Assert.True((await db.SendAsync(new GetCalendarTokenQuery())).Active);
        var stored = await db.WithContextAsync(c => c.CalendarTokens.Select(t => t.TokenHash).ToListAsync());
        Assert.Equal([CalendarTokenHash.Of(token)], stored);
        var audit = await db.WithContextAsync(c => c.AuditEntries.Select(e => e.Changes).ToListAsync());
        Assert.DoesNotContain(audit, changes => changes.Contains(token, StringComparison.Ordinal));

        var feed = await db.SendAsync(new GetCalendarFeedQuery(token, "https://granttracker.example/"));
        Assert.NotNull(feed);
        Assert.Equal(17, Unfolded(feed!).Count(l => l == "BEGIN:VEVENT"));
        Assert.Contains("URL:https://granttracker.example/deadlines/", feed);

        var second = (await db.SendAsync(new CreateCalendarTokenCommand())).Value;
        Assert.Null(await db.SendAsync(new GetCalendarFeedQuery(token, null)));
        Assert.NotNull(await db.SendAsync(new GetCalendarFeedQuery(second, null)));

        Assert.True((await db.SendAsync(new RevokeCalendarTokenCommand())).Succeeded);
        Assert.Null(await db.SendAsync(new GetCalendarFeedQuery(second, null)));
        Assert.False((await db.SendAsync(new GetCalendarTokenQuery())).Active);
        var again = await db.SendAsync(new RevokeCalendarTokenCommand());
        Assert.Equal("Du har ingen aktiv kalenderlänk att återkalla.", Assert.Single(again.Errors).Message);
    }

    [Fact]
    public async Task A_token_whose_user_has_no_role_left_opens_nothing_and_neither_does_a_malformed_one()
    {
        await using var db = await TestDatabase.CreateAsync();
        var token = (await db.SendAsync(new CreateCalendarTokenCommand())).Value;

        Assert.Null(await db.SendAsync(new GetCalendarFeedQuery(token, null)));
        Assert.Null(await db.SendAsync(new GetCalendarFeedQuery("../../etc/passwd", null)));
        Assert.Null(await db.SendAsync(new GetCalendarFeedQuery("", null)));
    }

    /// <summary>The test actor ("test-user-id") as an Identity user holding a role, as the web app's users do.</summary>
    private static Task AddUserWithRoleAsync(TestDatabase db) =>
        db.WithContextAsync(async c =>
        {
            c.Users.Add(new AppUser { Id = "test-user-id", UserName = "test@demo.local", NormalizedUserName = "TEST@DEMO.LOCAL", Email = "test@demo.local" });
            c.Roles.Add(new IdentityRole(Roles.Officer) { Id = "role-officer", NormalizedName = Roles.Officer.ToUpperInvariant() });
            c.UserRoles.Add(new IdentityUserRole<string> { UserId = "test-user-id", RoleId = "role-officer" });
            await c.SaveChangesAsync();
        });
}
