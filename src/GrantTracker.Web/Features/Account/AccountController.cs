using System.ComponentModel.DataAnnotations;
using GrantTracker.Application.Auditing;
using GrantTracker.Application.Features.Audit;
using GrantTracker.Application.Identity;
using GrantTracker.Web.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Mediator;

namespace GrantTracker.Web.Features.Account;

public sealed class LoginForm
{
    [Required(ErrorMessage = "Ange din e-postadress.")]
    [EmailAddress(ErrorMessage = "Ange en giltig e-postadress.")]
    [Display(Name = "E-post")]
    public string Email { get; set; } = "";

    [Required(ErrorMessage = "Ange ditt lösenord.")]
    [DataType(DataType.Password)]
    [Display(Name = "Lösenord")]
    public string Password { get; set; } = "";

    public string? ReturnUrl { get; set; }
}

public sealed record LoginPage(LoginForm Form, IReadOnlyList<AuthenticationScheme> ExternalSchemes);

/// <summary>Sign-in and sign-out: the only actions open to anonymous users.</summary>
[Route("konto")]
[AllowAnonymous]
/// <remarks>
/// The sign-in manager is asked for only by the actions that sign in or out: building it builds the user manager and
/// its stores, a tenth of the sign-in page's CPU, which the page itself does not need.
/// </remarks>
public sealed class AccountController(IAuthenticationSchemeProvider schemes, IMediator mediator) : Controller
{
    /// <summary>
    /// One message for a wrong password, an unknown account and a locked account: the page must not tell a stranger
    /// which accounts exist. It still tells a locked-out user what to do.
    /// </summary>
    public const string SignInRefused =
        "Fel e-post eller lösenord, eller så är kontot tillfälligt låst efter för många misslyckade försök. Kontrollera uppgifterna och försök igen om en stund, eller kontakta administratören.";

    [HttpGet("logga-in")]
    public async Task<IActionResult> Login(string? returnUrl) =>
        View(new LoginPage(new LoginForm { ReturnUrl = returnUrl }, await ExternalSchemes()));

    [HttpPost("logga-in")]
    public async Task<IActionResult> Login([Bind(Prefix = "Form")] LoginForm form, [FromServices] SignInManager<AppUser> signIn)
    {
        if (!ModelState.IsValid)
        {
            return View(new LoginPage(form, await ExternalSchemes()));
        }
        var result = await signIn.PasswordSignInAsync(form.Email, form.Password, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            // The sign-in itself is recorded when its cookie is issued (Sessions), for every way of signing in.
            return LocalRedirect(Url.IsSafeLocalUrl(form.ReturnUrl) ? form.ReturnUrl : "/");
        }
        await mediator.Send(new RecordSignInEventCommand(result.IsLockedOut ? AuditAction.LockedOut : AuditAction.SignInFailed,
            form.Email, null, null, SignInMethods.Password, Sessions.RemoteAddress(HttpContext)));
        ModelState.AddModelError("", SignInRefused);
        return View(new LoginPage(form, await ExternalSchemes()));
    }

    /// <summary>Starts sign-in at the region's identity provider (when configured).</summary>
    /// <remarks>Only a scheme the sign-in page offers: anything else is a bad request, not a server error.</remarks>
    [HttpPost("extern")]
    public async Task<IActionResult> External(string? scheme, string? returnUrl)
    {
        if (string.IsNullOrEmpty(scheme) || !(await ExternalSchemes()).Any(s => s.Name == scheme))
        {
            return BadRequest();
        }
        var redirect = Url.IsSafeLocalUrl(returnUrl) ? returnUrl : "/";
        return Challenge(new AuthenticationProperties { RedirectUri = redirect }, scheme);
    }

    /// <summary>Ends the session for good: a copy of the cookie taken before opens nothing afterwards (<see cref="Sessions"/>).</summary>
    [HttpPost("logga-ut")]
    public async Task<IActionResult> Logout([FromServices] SignInManager<AppUser> signIn)
    {
        await Sessions.SignOutAsync(HttpContext, signIn);
        return Redirect("/konto/logga-in");
    }

    [HttpGet("nekad")]
    public IActionResult AccessDenied() => View();

    // As SignInManager.GetExternalAuthenticationSchemesAsync: the schemes with a name to show.
    private async Task<IReadOnlyList<AuthenticationScheme>> ExternalSchemes() =>
        (await schemes.GetAllSchemesAsync()).Where(s => !string.IsNullOrEmpty(s.DisplayName)).ToList();
}
