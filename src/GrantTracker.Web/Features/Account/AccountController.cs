using System.ComponentModel.DataAnnotations;
using GrantTracker.Application.Identity;
using GrantTracker.Web.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

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
public sealed class AccountController(SignInManager<AppUser> signIn) : Controller
{
    [HttpGet("logga-in")]
    public async Task<IActionResult> Login(string? returnUrl) =>
        View(new LoginPage(new LoginForm { ReturnUrl = returnUrl }, await ExternalSchemes()));

    [HttpPost("logga-in")]
    public async Task<IActionResult> Login([Bind(Prefix = "Form")] LoginForm form)
    {
        if (!ModelState.IsValid)
        {
            return View(new LoginPage(form, await ExternalSchemes()));
        }
        var result = await signIn.PasswordSignInAsync(form.Email, form.Password, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            return LocalRedirect(Url.IsLocalUrl(form.ReturnUrl) ? form.ReturnUrl : "/");
        }
        ModelState.AddModelError("", result.IsLockedOut
            ? "Kontot är låst efter för många misslyckade inloggningar. Vänta 15 minuter och försök igen, eller kontakta administratören."
            : "Fel e-post eller lösenord. Kontrollera uppgifterna och försök igen.");
        return View(new LoginPage(form, await ExternalSchemes()));
    }

    /// <summary>Starts sign-in at the region's identity provider (when configured).</summary>
    [HttpPost("extern")]
    public IActionResult External(string scheme, string? returnUrl)
    {
        var redirect = Url.IsLocalUrl(returnUrl) ? returnUrl : "/";
        return Challenge(new AuthenticationProperties { RedirectUri = redirect }, scheme);
    }

    [HttpPost("logga-ut")]
    public async Task<IActionResult> Logout()
    {
        await signIn.SignOutAsync();
        return Redirect("/konto/logga-in");
    }

    [HttpGet("nekad")]
    public IActionResult AccessDenied() => View();

    private async Task<IReadOnlyList<AuthenticationScheme>> ExternalSchemes() =>
        (await signIn.GetExternalAuthenticationSchemesAsync()).ToList();
}
