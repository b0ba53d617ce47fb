using Microsoft.AspNetCore.Mvc;
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

    /// <summary>
    /// 400 with what was wrong (OData's own words: the option, position and property) and never the stack trace OData's default
    /// error carries.
    /// </summary>
    public override IActionResult CreateErrorResponse(string message, Exception exception)
    {
        var detail = exception is Microsoft.OData.ODataException or ArgumentException && !string.IsNullOrWhiteSpace(exception.Message) ? exception.Message : message;
        return FeedController.Error(StatusCodes.Status400BadRequest, "BadRequest", $"Frågan i adressen är ogiltig: {detail}");
    }
}
