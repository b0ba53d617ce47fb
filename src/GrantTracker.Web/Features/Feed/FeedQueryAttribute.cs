using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.OData;
using Microsoft.AspNetCore.OData.Query;

namespace GrantTracker.Web.Features.Feed;

/// <summary>
/// The query options every entity set answers: $select, $filter, $orderby, $expand (one level), $count, $top and $skip, with
/// server-driven paging of <see cref="FeedModel.PageSize"/> (a stable order by key, so following @odata.nextLink reads every
/// entity once). A malformed option, an unknown property or a $top above the page size answers 400 with OData's message.
/// </summary>
public sealed class FeedQueryAttribute : EnableQueryAttribute
{
    public FeedQueryAttribute()
    {
        PageSize = FeedModel.PageSize;
        MaxTop = FeedModel.PageSize;
        MaxExpansionDepth = 1;
        MaxAnyAllExpressionDepth = 2;
        MaxNodeCount = 200;
        AllowedQueryOptions = AllowedQueryOptions.Select | AllowedQueryOptions.Filter | AllowedQueryOptions.OrderBy | AllowedQueryOptions.Expand
            | AllowedQueryOptions.Count | AllowedQueryOptions.Top | AllowedQueryOptions.Skip | AllowedQueryOptions.SkipToken | AllowedQueryOptions.Format;
        EnsureStableOrdering = true;
    }

    public override void OnActionExecuting(ActionExecutingContext context)
    {
        base.OnActionExecuting(context);
        context.Result = Plain(context.Result);
    }

    public override void OnActionExecuted(ActionExecutedContext context)
    {
        base.OnActionExecuted(context);
        context.Result = Plain(context.Result);
    }

    /// <summary>
    /// OData's 400 as the feed's error: what was wrong in OData's own words (the option, the position, the property), without the
    /// stack trace OData's default error carries.
    /// </summary>
    private static IActionResult? Plain(IActionResult? result)
    {
        if (result is not ObjectResult { StatusCode: StatusCodes.Status400BadRequest } bad)
        {
            return result;
        }
        var detail = bad.Value switch
        {
            ODataError e => e.Message,
            // OData's SerializableError also holds the exception's type and stack trace: only its message is the client's.
            SerializableError e => e.TryGetValue("Message", out var m) ? m?.ToString() ?? "" : "",
            { } other => other.ToString(),
            null => "",
        };
        return FeedController.Error(StatusCodes.Status400BadRequest, "BadRequest", $"Frågan i adressen är ogiltig: {detail}");
    }
}
