namespace GrantTracker.Application.Auditing;

/// <summary>Who is changing data: the signed-in user in the web app, the operating-system user in the CLI.</summary>
public interface IAuditActor
{
    string? UserId { get; }

    string UserName { get; }
}

public sealed class FixedAuditActor(string userName, string? userId = null) : IAuditActor
{
    public static readonly FixedAuditActor System = new("system");

    public string? UserId { get; } = userId;

    public string UserName { get; } = userName;
}

/// <summary>
/// Who the current scope acts for when there is no HTTP request: the user who uploaded a file (the import worker), or the
/// demo user a step of demo mode's year is taken as (<see cref="Seeding.DemoYear"/>).
/// </summary>
public sealed class ScopedActor
{
    public IAuditActor? Actor { get; set; }
}
