using GrantTracker.Application.Features.Feed;
using Microsoft.OData.Edm;
using Microsoft.OData.ModelBuilder;

namespace GrantTracker.Web.Features.Feed;

/// <summary>
/// The feed's entity data model (ADR 28): the entity sets under /odata, named in English for the tools that read them, in the
/// namespace GrantTracker. Navigation is kept to what is cheap and cannot widen a scope: an agreement's areas, lines, cost
/// objects and obligations, and a distribution's unit amounts (both built by <see cref="FeedScope"/> for the reader).
/// </summary>
public static class FeedModel
{
    public const string Prefix = "odata";

    /// <summary>The most entities one answer holds; a client follows @odata.nextLink for the rest. Also the largest $top.</summary>
    public const int PageSize = 1000;

    public static IEdmModel Build()
    {
        var builder = new ODataConventionModelBuilder { Namespace = "GrantTracker", ContainerName = "GrantTracker" };
        builder.EntitySet<FeedAgreement>("Agreements");
        builder.EntitySet<FeedArea>("Areas");
        builder.EntitySet<FeedLine>("Lines");
        builder.EntitySet<FeedCostObject>("CostObjects");
        builder.EntitySet<FeedActivity>("Activities");
        builder.EntitySet<FeedMonthFigure>("MonthFigures");
        builder.EntitySet<FeedException>("Exceptions");
        builder.EntitySet<FeedDistribution>("Distributions");
        builder.EntitySet<FeedUnitAmount>("UnitAmounts");
        builder.EntitySet<FeedObligation>("Obligations");
        builder.EntitySet<FeedRequirementAnswer>("RequirementAnswers");
        builder.ComplexType<FeedBudgetYear>();
        foreach (var type in builder.StructuralTypes)
        {
            type.Name = EdmName(type.ClrType);
            type.Namespace = "GrantTracker";
        }
        return builder.GetEdmModel();
    }

    /// <summary>A feed type's name in the model and in the OpenAPI document: "Agreement", not "FeedAgreement".</summary>
    public static string EdmName(Type type) =>
        type.Namespace == typeof(FeedAgreement).Namespace && type.Name.StartsWith("Feed", StringComparison.Ordinal) ? type.Name["Feed".Length..] : type.Name;
}
