using System.Text.Json;
using GrantTracker.Application.Features.Agreements.Definition;
using GrantTracker.Application.Tests.Infrastructure;
using Json.Schema;

namespace GrantTracker.Application.Tests.Agreements;

/// <summary>The JSON Schema in docs/ describes the files the import reads and the export writes: the seeds, the example, an export.</summary>
public sealed class DefinitionSchemaTests
{
    private static readonly JsonSchema Schema = JsonSchema.FromText(DefinitionFiles.Schema());

    private static EvaluationResults Evaluate(byte[] file)
    {
        using var document = JsonDocument.Parse(file);
        return Schema.Evaluate(document.RootElement.Clone(), new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
    }

    private static string Describe(EvaluationResults results) =>
        string.Join("\n", (results.Details ?? []).Where(d => d.Errors is { Count: > 0 }).Select(d => $"{d.InstanceLocation}: {string.Join("; ", d.Errors!.Values)}"));

    [Theory]
    [InlineData("gnv2023")]
    [InlineData("patientmiljarden")]
    public void The_seed_files_are_valid_by_the_schema(string code)
    {
        var results = Evaluate(DefinitionFiles.Seed(code));

        Assert.True(results.IsValid, Describe(results));
    }

    [Fact]
    public void The_example_is_valid_by_the_schema()
    {
        var results = Evaluate(DefinitionFiles.Example());

        Assert.True(results.IsValid, Describe(results));
    }

    [Theory]
    [InlineData("gnv2023")]
    [InlineData("naravard2024")]
    public async Task An_export_is_valid_by_the_schema(string code)
    {
        await using var db = await TestDatabase.CreateAsync();
        Assert.True((await db.SendAsync(new ImportAgreementDefinitionCommand(DefinitionFiles.Example()))).Succeeded);
        var file = await db.SendAsync(new ExportAgreementDefinitionQuery(Code: code));

        var results = Evaluate(file!.Content);

        Assert.True(results.IsValid, Describe(results));
    }

    [Fact]
    public void The_schema_refuses_what_the_import_refuses_by_shape()
    {
        var file = DefinitionFiles.EditedExample(root =>
        {
            root["areas"]![0]!["lines"]![0]!["amount"] = "8 819 902";
            root["obligations"]![0]!.AsObject().Remove("dueDate");
            root["areas"]![0]!["lines"]![1]!["national"]!["rule"] = "equal";
        });

        var results = Evaluate(file);

        Assert.False(results.IsValid);
        var locations = Describe(results);
        Assert.Contains("/areas/0/lines/0/amount", locations);
        Assert.Contains("/obligations/0", locations);
    }
}
