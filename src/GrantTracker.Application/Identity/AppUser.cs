using Microsoft.AspNetCore.Identity;

namespace GrantTracker.Application.Identity;

public sealed class AppUser : IdentityUser
{
    public string DisplayName { get; set; } = "";
}
