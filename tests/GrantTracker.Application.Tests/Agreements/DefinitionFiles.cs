using System.Text.Json.Nodes;
using GrantTracker.Application.Seeding;

namespace GrantTracker.Application.Tests.Agreements;

/// <summary>The definition files the tests read: the example and the schema in docs/, the seeds as embedded, and edits of them.</summary>
internal static class DefinitionFiles
{
    /// <summary>A file of the repository, found from the test's output folder upwards (the folder that holds GrantTracker.sln).</summary>
    public static string RepositoryPath(params string[] parts)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "GrantTracker.sln")))
            {
                return Path.Combine([dir.FullName, .. parts]);
            }
        }
        throw new InvalidOperationException("The repository's root (GrantTracker.sln) was not found above " + AppContext.BaseDirectory);
    }

    public static byte[] Example() => File.ReadAllBytes(RepositoryPath("docs", "agreement-definition.example.json"));

    public static string Schema() => File.ReadAllText(RepositoryPath("docs", "agreement-definition.schema.json"));

    public static byte[] Seed(string code) => SeedAgreements.EmbeddedFiles().Single(f => f.Name == $"seed.agreements.{code}.json").Content;

    /// <summary>The example with changes made to its JSON tree, as an officer would edit the file.</summary>
    public static byte[] EditedExample(Action<JsonObject> edit)
    {
        var root = JsonNode.Parse(Example())!.AsObject();
        edit(root);
        return System.Text.Encoding.UTF8.GetBytes(root.ToJsonString());
    }
}
