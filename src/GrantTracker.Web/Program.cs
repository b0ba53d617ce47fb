using GrantTracker.Web.Infrastructure;

var builder = WebApplication.CreateBuilder(args);
builder.AddGrantTracker();

var app = builder.Build();
await app.InitializeDatabaseAsync();
app.UseGrantTracker();
app.Run();

/// <summary>Entry point, public so that WebApplicationFactory can start the app in tests.</summary>
public partial class Program;
