using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Digipoort.Actors.Domain;
using Digipoort.Tests.Support;

namespace Digipoort.Tests.Api;

/// <summary>
/// The served OpenAPI document describes what the endpoints read: a client that builds its request from the document
/// alone, as a generated client does, gets it accepted, and the document requires no more and no less than the gateway.
/// </summary>
[Collection(NodeCollection.Name)]
public sealed class OpenApiContractTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    /// <summary>What this "client" fills in for each field the document asks for; a required field without a value here fails the test.</summary>
    private static readonly Dictionary<string, string> Values = new(StringComparer.Ordinal)
    {
        ["berichtsoort"] = "Omzetbelasting",
        ["identiteitBelanghebbende.nummer"] = "001000044B37",
        ["identiteitBelanghebbende.type"] = "Fi",
        ["rolBelanghebbende"] = "Bedrijf",
    };

    [Fact]
    public async Task A_form_with_exactly_the_documents_required_multipart_fields_is_accepted_and_each_one_left_out_is_refused()
    {
        var form = Submission(await DocumentAsync()).GetProperty("content").GetProperty("multipart/form-data").GetProperty("schema");
        var required = form.GetProperty("required").EnumerateArray().Select(r => r.GetString()!).ToList();
        var properties = form.GetProperty("properties");

        using (var accepted = await SubmitAsync(properties, required))
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);

        Assert.Equal(["berichtInhoud", "berichtsoort", "identiteitBelanghebbende.nummer", "identiteitBelanghebbende.type", "rolBelanghebbende"],
            required.Order(StringComparer.Ordinal));
        foreach (var left in required)
        {
            using var refused = await SubmitAsync(properties, [.. required.Where(r => r != left)]);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal(FaultCodes.AanleverRequestInvalid, (await refused.ProblemAsync()).GetProperty("faultCode").GetString());
        }
    }

    [Fact]
    public async Task The_json_request_requires_only_what_the_koppelvlak_requires_and_marks_the_content_as_base64()
    {
        var document = await DocumentAsync();
        var json = Submission(document).GetProperty("content").GetProperty("application/json").GetProperty("schema");
        var request = Resolve(document, json);
        var inhoud = Resolve(document, request.GetProperty("properties").GetProperty("berichtInhoud"));

        Assert.Equal(["berichtInhoud", "berichtsoort", "identiteitBelanghebbende", "rolBelanghebbende"], Required(request));
        Assert.Equal(["nummer", "type"], Required(Resolve(document, request.GetProperty("properties").GetProperty("identiteitBelanghebbende"))));
        Assert.Equal(["bestandsnaam", "inhoud", "mimeType"], Required(inhoud));
        Assert.Equal("byte", inhoud.GetProperty("properties").GetProperty("inhoud").GetProperty("format").GetString());
    }

    [Fact]
    public async Task Answer_fields_the_gateway_leaves_out_when_null_are_not_required()
    {
        var schemas = (await DocumentAsync()).GetProperty("components").GetProperty("schemas");

        var message = Required(schemas.GetProperty("MessageResponse"));
        var status = Required(schemas.GetProperty("StatusDto"));

        Assert.Contains("kenmerk", message);
        Assert.DoesNotContain("laatsteStatus", message);
        Assert.DoesNotContain("aanleverkenmerk", message);
        Assert.Contains("statuscode", status);
        Assert.DoesNotContain("statusFoutcode", status);
    }

    [Fact]
    public async Task The_overviews_phases_and_delivery_states_are_listed_with_their_wire_values()
    {
        var schemas = (await DocumentAsync()).GetProperty("components").GetProperty("schemas");

        Assert.Contains("AwaitingItems", Enum(schemas.GetProperty("MessageFase")));
        Assert.Contains("NotTransformed", Enum(schemas.GetProperty("AfleverToestand")));
    }

    private async Task<JsonElement> DocumentAsync() => JsonDocument.Parse(await gateway.Node.Client.GetStringAsync("/openapi/v1.json")).RootElement;

    private static JsonElement Submission(JsonElement document) =>
        document.GetProperty("paths").EnumerateObject().Single(p => p.Name.TrimEnd('/') == "/api/v1/messages").Value
            .GetProperty("post").GetProperty("requestBody");

    /// <summary>The schema a reference (or a nullable reference: oneOf/anyOf with null) points at.</summary>
    private static JsonElement Resolve(JsonElement document, JsonElement schema)
    {
        if (schema.TryGetProperty("$ref", out var reference))
            return document.GetProperty("components").GetProperty("schemas").GetProperty(reference.GetString()!.Split('/')[^1]);
        foreach (var keyword in new[] { "oneOf", "anyOf", "allOf" })
            if (schema.TryGetProperty(keyword, out var alternatives))
                return Resolve(document, alternatives.EnumerateArray().First(a => a.TryGetProperty("$ref", out _)));
        return schema;
    }

    private static List<string> Required(JsonElement schema) =>
        [.. schema.GetProperty("required").EnumerateArray().Select(r => r.GetString()!).Order(StringComparer.Ordinal)];

    private static List<string> Enum(JsonElement schema) => [.. schema.GetProperty("enum").EnumerateArray().Select(v => v.GetString()!)];

    /// <summary>A form of the <paramref name="fields"/>, each filled in as its schema says: text, or the sample document for a binary part.</summary>
    private async Task<HttpResponseMessage> SubmitAsync(JsonElement properties, IReadOnlyList<string> fields)
    {
        using var form = new MultipartFormDataContent();
        foreach (var field in fields)
        {
            var schema = properties.GetProperty(field);
            if (schema.TryGetProperty("format", out var format) && format.GetString() == "binary")
            {
                var file = new ByteArrayContent(GatewayClient.ValidDocument);
                file.Headers.ContentType = MediaTypeHeaderValue.Parse("text/xml");
                form.Add(file, field, "aangifte.xml");
            }
            else
            {
                Assert.True(Values.TryGetValue(field, out var value), $"The document requires '{field}', which this client cannot fill in.");
                form.Add(new StringContent(value), field);
            }
        }
        return await gateway.Node.Client.PostAsync("/api/v1/messages", form);
    }
}
