using System.Text;
using GrantTracker.Cli;

// Swedish letters and non-breaking spaces must survive a Windows console too.
Console.OutputEncoding = Encoding.UTF8;
return await CliApp.RunAsync(args, Console.Out, Console.Error);
