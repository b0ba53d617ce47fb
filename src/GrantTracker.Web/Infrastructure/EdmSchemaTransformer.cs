using System.Reflection;
using Microsoft.AspNetCore.OData;
using Microsoft.AspNetCore.OData.Edm;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OData.Edm;
using Microsoft.OpenApi;

namespace GrantTracker.Web.Infrastructure;

/// <summary>
/// The schema of a type the feed serves, as OData writes it rather than as System.Text.Json would (ADR 29): properties named
/// as the EDM model names them (<c>Name</c>, not the web defaults' <c>name</c>); numbers as numbers only (OData writes
/// <c>Edm.Decimal</c> and <c>Edm.Int64</c> as JSON numbers unless the client asks for IEEE754Compatible, so the web defaults'
/// "or a numeric string" does not apply); kronor as <c>decimal</c>; navigation properties, which OData writes only when
/// <c>$expand</c>ed, are left as they are.
/// </summary>
internal sealed class EdmSchemaTransformer(IOptions<ODataOptions> odata) : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = context.JsonTypeInfo.Type;
        if (context.JsonPropertyInfo is null && schema.Properties is { Count: > 0 } properties && StructuredType(type) is var (model, edmType))
        {
            var renamed = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal);
            foreach (var json in context.JsonTypeInfo.Properties)
            {
                if (!properties.TryGetValue(json.Name, out var propertySchema))
                {
                    continue;
                }
                var clrName = (json.AttributeProvider as MemberInfo)?.Name;
                var edmProperty = edmType.Properties().FirstOrDefault(p => model.GetClrPropertyName(p) == clrName);
                if (edmProperty is null)
                {
                    continue; // not in the model (ignored by the model builder): OData never writes it
                }
                renamed[edmProperty.Name] = propertySchema;
                if (propertySchema is OpenApiSchema { Type: { } jsonType } numberOrString && jsonType.HasFlag(JsonSchemaType.String)
                    && (jsonType.HasFlag(JsonSchemaType.Number) || jsonType.HasFlag(JsonSchemaType.Integer)))
                {
                    numberOrString.Type = jsonType & ~JsonSchemaType.String;
                    numberOrString.Pattern = null;
                    if ((Nullable.GetUnderlyingType(json.PropertyType) ?? json.PropertyType) == typeof(decimal))
                    {
                        numberOrString.Format = "decimal";
                    }
                }
            }
            schema.Properties = renamed;
            schema.Required = schema.Required is null
                ? null
                : new HashSet<string>(schema.Required.Select(r => renamed.Keys.FirstOrDefault(k => string.Equals(k, r, StringComparison.OrdinalIgnoreCase)) ?? r));
        }

        return Task.CompletedTask;
    }

    /// <summary>The EDM structured type a CLR type is mapped to in one of the app's OData models, if any.</summary>
    private (IEdmModel Model, IEdmStructuredType Type)? StructuredType(Type clrType)
    {
        foreach (var (_, (model, _)) in odata.Value.RouteComponents)
        {
            if (model.GetTypeMapper().GetEdmType(model, clrType) is IEdmStructuredType structured)
            {
                return (model, structured);
            }
        }
        return null;
    }
}
