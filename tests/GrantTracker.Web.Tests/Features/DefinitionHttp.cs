using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using GrantTracker.Application.Features.Agreements;
using GrantTracker.Domain.Agreements;
using GrantTracker.Web.Tests.Infrastructure;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace GrantTracker.Web.Tests.Features;

/// <summary>Helpers for the definition's forms over HTTP (issue 22, part 2: national keys, agreement files, errors at once).</summary>
internal static partial class DefinitionHttp
{
    public static async Task<T> SendAsync<T>(GrantTrackerFactory factory, ICommand<T> command)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(command);
    }

    public static async Task<T> SendAsync<T>(GrantTrackerFactory factory, IQuery<T> query)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(query);
    }

    /// <summary>A 2024 agreement with one area (4 mkr) and one line (3 mkr) on its own cost object.</summary>
    public static async Task<(int Id, int Area, int Line)> AgreementWithLineAsync(GrantTrackerFactory factory, string code, string costObject)
    {
        var details = new AgreementDetails($"Överenskommelse {code}", "Staten och SKR", null, null, new DateOnly(2024, 1, 1), new DateOnly(2024, 12, 31),
            null, 10_000_000m, null, null, null, null);
        var id = (await SendAsync(factory, new CreateAgreementCommand(code, details))).Value;
        var area = await SendAsync(factory, new AddAreaCommand(id, await VersionAsync(factory, id), "2.1", "Nära vård", 4_000_000m, null));
        var line = await SendAsync(factory, new AddLineCommand(id, await VersionAsync(factory, id), area.Value,
            new LineDetails("2.1.b", 2024, 3_000_000m, costObject, false, [], "Primärvård i landsbygd")));
        Assert.True(line.Succeeded, string.Join(" ", line.Errors.Select(e => e.Message)));
        return (id, area.Value, line.Value);
    }

    public static async Task<long> VersionAsync(GrantTrackerFactory factory, int id) => (await SendAsync(factory, new GetAgreementQuery(id)))!.Version;

    /// <summary>The message shown next to a field (its validation span), decoded; empty when there is none.</summary>
    public static string ErrorFor(string html, string field)
    {
        var match = Regex.Match(html, "data-valmsg-for=\"" + Regex.Escape(field) + "\"[^>]*>([^<]*)</span>");
        return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value) : "";
    }

    /// <summary>The value an input shows, decoded.</summary>
    public static string ValueOf(string html, string field)
    {
        var input = Regex.Match(html, "<input[^>]*name=\"" + Regex.Escape(field) + "\"[^>]*>");
        Assert.True(input.Success, $"No input {field} on the page.");
        return WebUtility.HtmlDecode(Regex.Match(input.Value, "value=\"([^\"]*)\"").Groups[1].Value);
    }

    /// <summary>GETs the form page for its token and posts the fields (and a file) as multipart/form-data, as the browser does.</summary>
    public static async Task<HttpResponseMessage> PostMultipartAsync(HttpClient client, string formPage, string action, IDictionary<string, string> fields,
        (string Field, string FileName, byte[] Bytes, string ContentType)? file = null)
    {
        var page = await client.GetStringAsync(formPage);
        using var content = new MultipartFormDataContent();
        foreach (var (name, value) in fields)
        {
            content.Add(new StringContent(value), name);
        }
        if (file is { } f)
        {
            var bytes = new ByteArrayContent(f.Bytes);
            bytes.Headers.ContentType = new MediaTypeHeaderValue(f.ContentType);
            content.Add(bytes, f.Field, f.FileName);
        }
        content.Add(new StringContent(HttpClientFormExtensions.AntiforgeryToken(page)), "__RequestVerificationToken");
        return await client.PostAsync(action, content);
    }

    public static string VersionOn(string html) => VersionField().Match(html) is { Success: true } m
        ? m.Groups[1].Value
        : throw new InvalidOperationException("No version on the page.");

    public static void Denied(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.StartsWith("/konto/nekad", location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString);
    }

    [GeneratedRegex("name=\"(?:Form|ShareForm).Version\" value=\"(\\d+)\"")]
    private static partial Regex VersionField();
}
