using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Digipoort.Api.Rest;

/// <summary>
/// Makes the OpenAPI document describe a submission exactly as the endpoint reads it: the JSON aanleverRequest with only
/// the koppelvlak's required fields required and its content marked as base64, and the multipart form with its flat
/// fields (<c>identiteitBelanghebbende.nummer</c>, …) and binary file parts, which the JSON request's schema does not describe.
/// What is required follows <see cref="Ingress.EnvelopeRules"/>; a test submits a form built from this document.
/// </summary>
internal static class SubmissionOpenApi
{
    private static readonly string[] RequiredFields =
        ["berichtsoort", "identiteitBelanghebbende.nummer", "identiteitBelanghebbende.type", "rolBelanghebbende"];

    private static readonly string[] OptionalFields =
        ["aanleverkenmerk", "eerderAanleverkenmerk", "identiteitOntvanger.nummer", "identiteitOntvanger.type", "rolOntvanger", "autorisatieAdres"];

    public static OpenApiOptions DescribeSubmissions(this OpenApiOptions options)
    {
        options.AddSchemaTransformer((schema, context, _) =>
        {
            var type = context.JsonTypeInfo.Type;
            if (type == typeof(SubmitMessageRequest))
                schema.Required = new HashSet<string>(StringComparer.Ordinal) { "berichtsoort", "identiteitBelanghebbende", "rolBelanghebbende", "berichtInhoud" };
            else if (type == typeof(IdentiteitDto))
                schema.Required = new HashSet<string>(StringComparer.Ordinal) { "nummer", "type" };
            else if (type == typeof(BerichtInhoudDto))
            {
                schema.Required = new HashSet<string>(StringComparer.Ordinal) { "mimeType", "bestandsnaam", "inhoud" };
                if (schema.Properties?.TryGetValue("inhoud", out var inhoud) == true && inhoud is OpenApiSchema content)
                {
                    content.Format = "byte";
                    content.Description = "The document, base64 encoded.";
                }
            }
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            var isSubmission = context.Description.ActionDescriptor.EndpointMetadata.OfType<IEndpointNameMetadata>()
                .Any(n => n.EndpointName == MessagesEndpoints.SubmitEndpointName);
            if (isSubmission && operation.RequestBody?.Content is { } content)
            {
                content[MultipartForm] = new OpenApiMediaType { Schema = FormSchema() };
                if (operation.RequestBody is OpenApiRequestBody body) body.Required = true;
            }
            return Task.CompletedTask;
        });
        return options;
    }

    private const string MultipartForm = "multipart/form-data";

    private static OpenApiSchema FormSchema()
    {
        var properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal);
        foreach (var field in RequiredFields.Concat(OptionalFields)) properties[field] = new OpenApiSchema { Type = JsonSchemaType.String };
        properties[MultipartSubmissionReader.MainDocumentPart] = new OpenApiSchema
        {
            Type = JsonSchemaType.String,
            Format = "binary",
            Description = "The document (XML); its part's Content-Type is the mimeType and its file name the bestandsnaam.",
        };
        properties[MultipartSubmissionReader.AttachmentPart] = new OpenApiSchema
        {
            Type = JsonSchemaType.Array,
            Items = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" },
            Description = "Attachments, one part each, with their Content-Type and file name.",
        };
        return new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Properties = properties,
            Required = new HashSet<string>([.. RequiredFields, MultipartSubmissionReader.MainDocumentPart], StringComparer.Ordinal),
            AdditionalPropertiesAllowed = false,
        };
    }
}
