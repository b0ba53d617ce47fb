using System.Reflection;
using GrantTracker.Web.Features.Account;
using GrantTracker.Web.Features.Deadlines;
using GrantTracker.Web.Features.Home;
using GrantTracker.Web.Infrastructure;
using GrantTracker.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace GrantTracker.Web.Tests.Security;

/// <summary>
/// Every action names the policy that guards it, so a new page cannot go live open to any signed-in
/// user (the fallback policy) or to anonymous visitors by accident.
/// </summary>
public sealed class AuthorizationCoverageTests(GrantTrackerFactory factory) : IClassFixture<GrantTrackerFactory>
{
    private static readonly HashSet<string> AnonymousAllowed =
    [
        $"{typeof(AccountController).FullName}",
        $"{typeof(HomeController).FullName}.{nameof(HomeController.Error)}",
        $"{typeof(HomeController).FullName}.{nameof(HomeController.Status)}", // the error page for a bare status code
        // Calendar programs send no cookie: the secret token in the URL is the credential (DeadlinesHttpTests).
        $"{typeof(CalendarFeedController).FullName}.{nameof(CalendarFeedController.Feed)}",
    ];

    [Fact]
    public void The_web_app_has_controller_actions_to_check()
    {
        Assert.Contains(Actions(), a => a.Controller == typeof(HomeController) && a.Method.Name == nameof(HomeController.Index));
    }

    [Fact]
    public void Every_controller_action_names_an_authorization_policy()
    {
        var offenders = Actions()
            .Where(a => !HasPolicy(a.Controller, a.Method) && !IsAllowedAnonymous(a.Controller, a.Method))
            .Select(Describe)
            .ToList();

        Assert.True(offenders.Count == 0, "Actions without [Authorize(Policy = …)]: " + string.Join(", ", offenders));
    }

    [Fact]
    public void Anonymous_access_is_limited_to_sign_in_the_error_page_and_the_calendar_feed()
    {
        var offenders = Actions()
            .Where(a => (a.Controller.IsDefined(typeof(AllowAnonymousAttribute), true) || a.Method.IsDefined(typeof(AllowAnonymousAttribute), true))
                        && !IsAllowedAnonymous(a.Controller, a.Method))
            .Select(Describe)
            .ToList();

        Assert.True(offenders.Count == 0, "[AllowAnonymous] where it is not allowed: " + string.Join(", ", offenders));
    }

    /// <summary>Endpoints that are not controller actions (the health probes) are anonymous only where listed.</summary>
    [Fact]
    public void Outside_the_controllers_only_the_health_probes_are_anonymous()
    {
        var anonymous = factory.Services.GetRequiredService<Microsoft.AspNetCore.Routing.EndpointDataSource>().Endpoints
            .OfType<Microsoft.AspNetCore.Routing.RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Mvc.Controllers.ControllerActionDescriptor>() is null)
            .Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is not null)
            .Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/'))
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.Equal([HealthChecks.Live, HealthChecks.Ready], anonymous);
    }

    [Fact]
    public async Task Every_policy_named_by_an_action_is_registered()
    {
        var named = Actions()
            .SelectMany(a => AuthorizeAttributes(a.Controller, a.Method))
            .Select(attribute => attribute.Policy)
            .OfType<string>()
            .Concat([Policies.Read, Policies.EditAgreements, Policies.ReadAudit])
            .Distinct()
            .ToList();
        var provider = factory.Services.GetRequiredService<IAuthorizationPolicyProvider>();

        var missing = new List<string>();
        foreach (var name in named)
        {
            if (await provider.GetPolicyAsync(name) is null)
            {
                missing.Add(name);
            }
        }

        Assert.True(missing.Count == 0, "Policies named but not registered: " + string.Join(", ", missing));
    }

    private static List<(Type Controller, MethodInfo Method)> Actions() =>
        typeof(Program).Assembly.GetTypes()
            .Where(t => t.IsClass && !t.IsAbstract && typeof(Controller).IsAssignableFrom(t) && !t.IsDefined(typeof(NonControllerAttribute), true))
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance)
                .Where(m => !m.IsSpecialName
                            && m.DeclaringType is not null
                            && m.DeclaringType.Assembly == typeof(Program).Assembly
                            && !m.IsDefined(typeof(NonActionAttribute), true))
                .Select(m => (t, m)))
            .ToList();

    private static IEnumerable<AuthorizeAttribute> AuthorizeAttributes(Type controller, MethodInfo method) =>
        method.GetCustomAttributes<AuthorizeAttribute>(true).Concat(controller.GetCustomAttributes<AuthorizeAttribute>(true));

    private static bool HasPolicy(Type controller, MethodInfo method) =>
        AuthorizeAttributes(controller, method).Any(a => !string.IsNullOrWhiteSpace(a.Policy));

    private static bool IsAllowedAnonymous(Type controller, MethodInfo method) =>
        (controller.IsDefined(typeof(AllowAnonymousAttribute), true) && AnonymousAllowed.Contains(controller.FullName!))
        || (method.IsDefined(typeof(AllowAnonymousAttribute), true) && AnonymousAllowed.Contains($"{controller.FullName}.{method.Name}"));

    private static string Describe((Type Controller, MethodInfo Method) action) => $"{action.Controller.Name}.{action.Method.Name}";
}
