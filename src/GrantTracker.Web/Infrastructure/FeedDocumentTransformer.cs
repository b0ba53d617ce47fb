using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace GrantTracker.Web.Infrastructure;

/// <summary>
/// The document's title and description (Swedish, for the region's analysts), its server (relative: the address the
/// document was read at, so it is right behind the region's proxy and on any host name), and the two ways a personal access
/// token is sent (issue 27, part 2): as a Bearer token, or as the password of Basic authentication, which is what Excel's and
/// Power BI's OData connectors offer. Either one authenticates every operation.
/// </summary>
internal sealed class FeedDocumentTransformer(IHttpContextAccessor http) : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = ApiDocumentation.Title,
            Version = ApiDocumentation.DocumentName,
            Description =
                "Ett läs-API över GrantTrackers siffror (överenskommelser, rader, månadssiffror, insatser, fördelningar, deadlines) " +
                "för regionens egen uppföljning i Power BI och Excel. Det är ett OData v4-flöde under `/odata`: öppna det i Excel med " +
                "*Från OData-feed* eller i Power BI med *OData-feed*. Allt är skrivskyddat.\n\n" +
                "**Inloggning:** en personlig åtkomsttoken som du skapar på sidan *Åtkomsttoken* (`/konto/token`). Skicka den som " +
                "`Authorization: Bearer <token>`, eller som lösenord med Basic-autentisering (det Excel och Power BI erbjuder). " +
                "Inloggningskakan från webbsidorna gäller inte här. En token ser det som dess användare ser på sidorna.\n\n" +
                "**Frågor:** `$select`, `$filter`, `$orderby`, `$top`, `$skip`, `$count` och `$expand` enligt OData v4. " +
                "Svaren kommer sida för sida: följ `@odata.nextLink` tills den saknas. Belopp är kronor med decimaler, datum ISO 8601.",
        };

        var request = http.HttpContext?.Request;
        document.Servers = [new OpenApiServer { Url = request is { PathBase.HasValue: true } ? request.PathBase.Value! : "/" }];

        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[ApiDocumentation.BasicScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "basic",
            Description = "Personlig åtkomsttoken som lösenord (Excel och Power BI: Grundläggande/Basic).",
        };
        document.Components.SecuritySchemes[ApiDocumentation.BearerScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "Personlig åtkomsttoken i huvudet Authorization: Bearer <token>.",
        };
        // Two requirement objects: either scheme alone is enough (OpenAPI's "or").
        document.Security =
        [
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiDocumentation.BasicScheme, document)] = [] },
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiDocumentation.BearerScheme, document)] = [] },
        ];
        RemoveUnreferencedSchemas(document);
        return Task.CompletedTask;
    }

    /// <summary>
    /// The schemas of what the actions return in C# (<c>SingleResult&lt;T&gt;</c>, <c>IEdmModel</c> for <c>$metadata</c>) stay in
    /// the components after <see cref="ODataQueryOptionsTransformer"/> has described the answers as OData writes them; only the
    /// schemas something still refers to are kept.
    /// </summary>
    private static void RemoveUnreferencedSchemas(OpenApiDocument document)
    {
        if (document.Components?.Schemas is not { Count: > 0 } schemas)
        {
            return;
        }
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in document.Paths.Values)
        {
            foreach (var operation in path.Operations?.Values.AsEnumerable() ?? [])
            {
                foreach (var parameter in operation.Parameters ?? [])
                {
                    Collect(parameter.Schema, used, schemas);
                }
                foreach (var media in operation.RequestBody?.Content?.Values.AsEnumerable() ?? [])
                {
                    Collect(media.Schema, used, schemas);
                }
                foreach (var response in operation.Responses?.Values.AsEnumerable() ?? [])
                {
                    foreach (var media in response.Content?.Values.AsEnumerable() ?? [])
                    {
                        Collect(media.Schema, used, schemas);
                    }
                }
            }
        }
        foreach (var name in schemas.Keys.Where(k => !used.Contains(k)).ToList())
        {
            schemas.Remove(name);
        }
    }

    /// <summary>The names of the component schemas a schema refers to, and those they refer to in turn.</summary>
    private static void Collect(IOpenApiSchema? schema, HashSet<string> used, IDictionary<string, IOpenApiSchema> components)
    {
        switch (schema)
        {
            case null:
                return;
            case OpenApiSchemaReference reference:
                if (reference.Reference.Id is { } id && used.Add(id) && components.TryGetValue(id, out var target))
                {
                    Collect(target, used, components);
                }
                return;
        }
        foreach (var child in (schema.Properties?.Values ?? []).Concat(schema.AllOf ?? []).Concat(schema.AnyOf ?? []).Concat(schema.OneOf ?? [])
                     .Append(schema.Items).Append(schema.AdditionalProperties).Append(schema.Not))
        {
            Collect(child, used, components);
        }
    }
}
