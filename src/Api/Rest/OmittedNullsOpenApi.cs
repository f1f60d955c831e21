using Microsoft.AspNetCore.OpenApi;

namespace Digipoort.Api.Rest;

/// <summary>
/// The API leaves null properties out of its JSON (<c>WhenWritingNull</c>, see <see cref="ApiRegistration"/>), so a property that
/// can be null is not always there: the document must not list it as required, or a client generated from it demands
/// fields the gateway does not send. Runs before the transformers that say what a request requires.
/// </summary>
internal static class OmittedNullsOpenApi
{
    public static OpenApiOptions NullablePropertiesAreOptional(this OpenApiOptions options)
    {
        options.AddSchemaTransformer((schema, context, _) =>
        {
            if (schema.Required is { Count: > 0 } required)
                foreach (var property in context.JsonTypeInfo.Properties.Where(p => p.IsGetNullable))
                    required.Remove(property.Name);
            return Task.CompletedTask;
        });
        return options;
    }
}
