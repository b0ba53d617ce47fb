using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace GrantTracker.Web.Infrastructure;

/// <summary>
/// <c>&lt;table region-label="Insatser"&gt;</c>: the table in a box of its own that scrolls sideways when the table is
/// wider than the screen, so the page around it never does (WCAG 2.1, 1.4.10 reflow, issue 25). The box is a labelled
/// region a keyboard can reach (<c>tabindex="0"</c>, <c>role="region"</c>, <c>aria-label</c>): without focus, a
/// keyboard user could not scroll it (axe's <c>scrollable-region-focusable</c>), and the label tells a screen reader
/// which table the stop is. Every table on the pages is written this way, so they all behave alike.
/// </summary>
[HtmlTargetElement("table", Attributes = LabelAttribute)]
public sealed class TableRegionTagHelper : TagHelper
{
    private const string LabelAttribute = "region-label";

    /// <summary>What the table holds, in Swedish, as a screen reader names the region: "Insatser", "Bokförda kostnader 2023".</summary>
    [HtmlAttributeName(LabelAttribute)]
    public string Label { get; set; } = "";

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        // TagBuilder encodes the label with the app's encoder when the page is written (Swedish letters stay letters).
        var region = new TagBuilder("div");
        region.AddCssClass("table-region");
        region.Attributes["role"] = "region";
        region.Attributes["tabindex"] = "0";
        region.Attributes["aria-label"] = string.IsNullOrWhiteSpace(Label) ? "Tabell" : Label;
        output.PreElement.AppendHtml(region.RenderStartTag());
        output.PostElement.AppendHtml(region.RenderEndTag());
    }
}
