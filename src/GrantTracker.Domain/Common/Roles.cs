namespace GrantTracker.Domain.Common;

/// <summary>The six roles, named as the users know them.</summary>
public static class Roles
{
    public const string Administrator = "Administratör";
    public const string Officer = "Handläggare";
    public const string DecisionMaker = "Beslutsfattare";
    public const string Finance = "Ekonom";
    public const string Provider = "Utförare";
    public const string Auditor = "Revisor";

    public static readonly IReadOnlyList<string> All = [Administrator, Officer, DecisionMaker, Finance, Provider, Auditor];
}
