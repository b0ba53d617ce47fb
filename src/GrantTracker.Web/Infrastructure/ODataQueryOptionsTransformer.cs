using Microsoft.AspNetCore.OData;
using Microsoft.AspNetCore.OData.Edm;
using Microsoft.AspNetCore.OData.Query;
using Microsoft.AspNetCore.OData.Routing;
using Microsoft.AspNetCore.OData.Routing.Template;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OData.Edm;
using Microsoft.OpenApi;

namespace GrantTracker.Web.Infrastructure;

/// <summary>
/// Describes an OData operation as the feed answers it (ADR 29), from OData's own routing metadata, so that the feed's
/// controllers need no OpenAPI attributes:
/// <list type="bullet">
/// <item>the system query options as query parameters, on operations whose action has <see cref="EnableQueryAttribute"/> or
/// takes <see cref="ODataQueryOptions"/>: on an entity set <c>$filter</c>, <c>$select</c>, <c>$expand</c>, <c>$orderby</c>,
/// <c>$top</c>, <c>$skip</c>, <c>$count</c>; on one entity <c>$select</c> and <c>$expand</c>; on <c>/$count</c> <c>$filter</c>;
/// each only where the attribute's <see cref="EnableQueryAttribute.AllowedQueryOptions"/> and the app's OData settings
/// (<see cref="ODataOptions.QueryConfigurations"/>) allow it;</item>
/// <item>the answer's shape: an entity set is an object with <c>value</c> (the page of entities), <c>@odata.context</c>,
/// <c>@odata.count</c> and <c>@odata.nextLink</c>; one entity is the entity; <c>/$count</c> a number as text;
/// <c>$metadata</c> the model as CSDL XML; the service document the list of entity sets. One media type each, not the
/// thirty variants of <c>application/json</c> OData's formatters list.</item>
/// </list>
/// </summary>
internal sealed class ODataQueryOptionsTransformer(IOptions<ODataOptions> odata) : IOpenApiOperationTransformer
{
    private const string Json = "application/json";

    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var description = context.Description;
        var routing = description.ActionDescriptor.EndpointMetadata.OfType<IODataRoutingMetadata>().FirstOrDefault();
        if (routing is null)
        {
            return;
        }

        // An ODataQueryOptions parameter is bound by OData from the query string, not a body or a field of its own.
        operation.Parameters?.Where(p => IsQueryOptionsParameter(description, p.Name)).ToList().ForEach(p => operation.Parameters.Remove(p));
        var shape = ShapeOf(routing.Template);
        var queryable = description.ActionDescriptor.EndpointMetadata.OfType<EnableQueryAttribute>().LastOrDefault();
        var takesQueryOptions = description.ParameterDescriptions.Any(p => IsQueryOptions(p.Type));
        if (queryable is not null || takesQueryOptions)
        {
            AddQueryOptions(operation, shape, queryable);
        }

        switch (shape)
        {
            case Shape.Metadata:
                operation.Summary ??= "Datamodellen (CSDL)";
                operation.Description ??= "Flödets datamodell i OData:s CSDL-format (XML): entitetsmängder, egenskaper, typer och nycklar. Power BI och Excel läser den själva.";
                operation.Responses = Responses("Datamodellen som CSDL (XML).", "application/xml", new OpenApiSchema { Type = JsonSchemaType.String });
                break;
            case Shape.ServiceDocument:
                operation.Summary ??= "Tjänstedokumentet";
                operation.Description ??= "Flödets entitetsmängder med namn och adress.";
                operation.Responses = Responses("Entitetsmängderna.", Json, ServiceDocumentSchema());
                break;
            case Shape.Count:
                operation.Summary ??= $"Antal {EntitySetName(routing.Template)}";
                operation.Responses = Responses("Antalet entiteter (efter $filter), som text.", "text/plain", new OpenApiSchema { Type = JsonSchemaType.Integer });
                break;
            case Shape.Collection or Shape.Single when EntityClrType(routing) is { } clrType:
                var entity = await EntitySchemaAsync(clrType.Type, clrType.EdmName, context, cancellationToken);
                operation.Summary ??= shape == Shape.Collection ? $"{EntitySetName(routing.Template)}, sida för sida" : $"En entitet ur {EntitySetName(routing.Template)}";
                operation.Responses = shape == Shape.Collection
                    ? Responses("En sida entiteter; följ @odata.nextLink till nästa.", Json, CollectionSchema(entity))
                    : Responses("Entiteten.", Json, entity);
                if (shape == Shape.Single)
                {
                    operation.Responses.Add("404", new OpenApiResponse { Description = "Ingen entitet med den nyckeln (eller ingen som du får se)." });
                }
                break;
        }
        if (shape is not Shape.Metadata and not Shape.ServiceDocument)
        {
            operation.Responses ??= new OpenApiResponses();
            operation.Responses.TryAdd("400", new OpenApiResponse { Description = "Frågan går inte att tolka (ett felaktigt $filter, en okänd egenskap, för stort $top); svaret säger vad som är fel." });
        }
        operation.Responses ??= new OpenApiResponses();
        operation.Responses.TryAdd("401", new OpenApiResponse { Description = "Ingen token, eller en token som har gått ut eller återkallats." });
    }

    private enum Shape { Collection, Single, Count, Metadata, ServiceDocument, Other }

    /// <summary>What the route answers, from its last OData segment.</summary>
    private static Shape ShapeOf(ODataPathTemplate template) => template.LastOrDefault() switch
    {
        null => Shape.ServiceDocument,
        MetadataSegmentTemplate => Shape.Metadata,
        CountSegmentTemplate => Shape.Count,
        EntitySetSegmentTemplate => Shape.Collection,
        KeySegmentTemplate or SingletonSegmentTemplate => Shape.Single,
        NavigationSegmentTemplate n => n.NavigationProperty.Type.IsCollection() ? Shape.Collection : Shape.Single,
        _ => Shape.Other,
    };

    private static string EntitySetName(ODataPathTemplate template) =>
        template.OfType<EntitySetSegmentTemplate>().FirstOrDefault()?.EntitySet.Name ?? "entiteter";

    /// <summary>The CLR type of the entity the route answers with: the element type of its last navigation source.</summary>
    private static (Type Type, string EdmName)? EntityClrType(IODataRoutingMetadata routing)
    {
        IEdmEntityType? type = routing.Template.LastOrDefault(s => s is EntitySetSegmentTemplate or SingletonSegmentTemplate or NavigationSegmentTemplate) switch
        {
            EntitySetSegmentTemplate s => s.EntitySet.EntityType,
            SingletonSegmentTemplate s => s.Singleton.EntityType,
            NavigationSegmentTemplate n => n.NavigationProperty.ToEntityType(),
            _ => null,
        };
        return type is null || routing.Model.GetTypeMapper().GetClrType(routing.Model, new EdmEntityTypeReference(type, isNullable: true)) is not { } clr
            ? null : (clr, type.Name);
    }

    /// <summary>The entity's schema as a component (named as the EDM names the type), referenced from the operation.</summary>
    private static async Task<IOpenApiSchema> EntitySchemaAsync(Type clrType, string name, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var document = context.Document!;
        if (document.Components?.Schemas?.ContainsKey(name) != true)
        {
            document.AddComponent(name, await context.GetOrCreateSchemaAsync(clrType, null, cancellationToken));
        }
        return new OpenApiSchemaReference(name, document);
    }

    private static OpenApiSchema CollectionSchema(IOpenApiSchema entity) => new()
    {
        Type = JsonSchemaType.Object,
        Required = new HashSet<string> { "value" },
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["@odata.context"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "Adressen till svarets beskrivning i $metadata." },
            ["@odata.count"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Description = "Antalet entiteter som matchar frågan, med $count=true." },
            ["@odata.nextLink"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uri", Description = "Nästa sida; saknas på sista sidan." },
            ["value"] = new OpenApiSchema { Type = JsonSchemaType.Array, Items = entity, Description = "En sida entiteter." },
        },
    };

    private static OpenApiSchema ServiceDocumentSchema() => new()
    {
        Type = JsonSchemaType.Object,
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["@odata.context"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["value"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Array,
                Items = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Properties = new Dictionary<string, IOpenApiSchema>
                    {
                        ["name"] = new OpenApiSchema { Type = JsonSchemaType.String },
                        ["kind"] = new OpenApiSchema { Type = JsonSchemaType.String },
                        ["url"] = new OpenApiSchema { Type = JsonSchemaType.String },
                    },
                },
            },
        },
    };

    private static OpenApiResponses Responses(string description, string mediaType, IOpenApiSchema schema) => new()
    {
        ["200"] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType> { [mediaType] = new OpenApiMediaType { Schema = schema } },
        },
    };

    private void AddQueryOptions(OpenApiOperation operation, Shape shape, EnableQueryAttribute? queryable)
    {
        var settings = odata.Value.QueryConfigurations;
        var allowed = queryable?.AllowedQueryOptions ?? AllowedQueryOptions.All;
        var maxTop = queryable is { MaxTop: > 0 } ? queryable.MaxTop : settings.MaxTop is > 0 ? settings.MaxTop : null;
        var pageSize = queryable is { PageSize: > 0 } ? queryable.PageSize : (int?)null;

        IEnumerable<(AllowedQueryOptions Option, bool Enabled, OpenApiParameter Parameter)> candidates = shape switch
        {
            Shape.Collection =>
            [
                (AllowedQueryOptions.Filter, settings.EnableFilter, Query("$filter", "Villkor som entiteterna ska uppfylla, t.ex. `Year eq 2024` eller `contains(Name,'vård')`.", JsonSchemaType.String)),
                (AllowedQueryOptions.Select, settings.EnableSelect, Query("$select", "Egenskaperna att ta med, kommaseparerade, t.ex. `Id,Name`.", JsonSchemaType.String)),
                (AllowedQueryOptions.Expand, settings.EnableExpand, Query("$expand", "Relaterade entiteter att ta med, t.ex. `Lines`.", JsonSchemaType.String)),
                (AllowedQueryOptions.OrderBy, settings.EnableOrderBy, Query("$orderby", "Sortering, t.ex. `Name desc`.", JsonSchemaType.String)),
                (AllowedQueryOptions.Top, true, Query("$top", "Högst så många entiteter" + (maxTop is { } top ? $" (högst {top})." : "."), JsonSchemaType.Integer, minimum: 0, maximum: maxTop)),
                (AllowedQueryOptions.Skip, true, Query("$skip", "Hoppa över så många entiteter.", JsonSchemaType.Integer, minimum: 0)),
                (AllowedQueryOptions.Count, settings.EnableCount, Query("$count", "`true` lägger till @odata.count, antalet som matchar frågan.", JsonSchemaType.Boolean)),
            ],
            Shape.Single =>
            [
                (AllowedQueryOptions.Select, settings.EnableSelect, Query("$select", "Egenskaperna att ta med, kommaseparerade.", JsonSchemaType.String)),
                (AllowedQueryOptions.Expand, settings.EnableExpand, Query("$expand", "Relaterade entiteter att ta med.", JsonSchemaType.String)),
            ],
            Shape.Count =>
            [
                (AllowedQueryOptions.Filter, settings.EnableFilter, Query("$filter", "Räkna bara entiteter som uppfyller villkoret.", JsonSchemaType.String)),
            ],
            _ => [],
        };

        operation.Parameters ??= [];
        foreach (var (option, enabled, parameter) in candidates)
        {
            if (enabled && allowed.HasFlag(option) && !operation.Parameters.Any(p => p.Name == parameter.Name))
            {
                operation.Parameters.Add(parameter);
            }
        }
        if (shape == Shape.Collection && pageSize is { } size)
        {
            operation.Description = ((operation.Description ?? "") + $"\n\nSvaret kommer i sidor om högst {size} entiteter; följ `@odata.nextLink` tills den saknas.").Trim();
        }
    }

    private static OpenApiParameter Query(string name, string description, JsonSchemaType type, int? minimum = null, int? maximum = null) => new()
    {
        Name = name,
        In = ParameterLocation.Query,
        Required = false,
        Description = description,
        Schema = new OpenApiSchema
        {
            Type = type,
            Minimum = minimum?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Maximum = maximum?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        },
    };

    private static bool IsQueryOptions(Type? type) => type is not null && typeof(ODataQueryOptions).IsAssignableFrom(type);

    private static bool IsQueryOptionsParameter(Microsoft.AspNetCore.Mvc.ApiExplorer.ApiDescription description, string? name) =>
        description.ParameterDescriptions.Any(p => p.Name == name && IsQueryOptions(p.Type));
}
