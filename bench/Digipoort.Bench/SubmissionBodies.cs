using System.Text;
using System.Text.Json;

namespace Digipoort.Bench;

/// <summary>
/// The JSON submission bodies: identical but for the aanleverkenmerk. The body is serialised once with a
/// placeholder and each request only splices its kenmerk in, so the load generator, which shares the
/// machine with the node, spends as little CPU per request as possible.
/// </summary>
internal sealed class SubmissionBodies
{
    /// <summary>Sender-chosen reference; the koppelvlak allows at most 40 characters.</summary>
    public const int AanleverkenmerkMaxLength = 40;

    private const string Placeholder = "AANLEVERKENMERK_PLACEHOLDER";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly byte[] _prefix;
    private readonly byte[] _suffix;
    private readonly string _runId;

    public SubmissionBodies(byte[] document)
    {
        // The same envelope as the integration tests' JSON submissions (tests/.../GatewayClient.cs).
        var request = new SubmitMessageRequest("Omzetbelasting", Placeholder, new IdentiteitDto("001000044B37", "Fi"), "Bedrijf",
            new BerichtInhoudDto("text/xml", "aangifte.xml", Convert.ToBase64String(document)), "http://geenausp.nl");
        var template = JsonSerializer.SerializeToUtf8Bytes(request, Json);
        var marker = Encoding.UTF8.GetBytes(Placeholder);
        var at = template.AsSpan().IndexOf(marker);
        if (at < 0 || template.AsSpan(at + marker.Length).IndexOf(marker) >= 0)
            throw new InvalidOperationException("The placeholder must occur exactly once in the serialised request.");
        _prefix = template[..at];
        _suffix = template[(at + marker.Length)..];
        // Kenmerken derive from sender + aanleverkenmerk, so a per-process id keeps runs from ever colliding.
        _runId = Guid.NewGuid().ToString("N")[..8];
    }

    /// <summary>The size of one body, for the report.</summary>
    public int BodyBytes => _prefix.Length + _suffix.Length + Aanleverkenmerk("m", 0).Length;

    /// <summary>Unique per run, phase and index: e.g. <c>bench-1a2b3c4d-r1-m000042</c>, well within 40 characters.</summary>
    public string Aanleverkenmerk(string phase, int index)
    {
        var kenmerk = $"bench-{_runId}-{phase}{index:D6}";
        return kenmerk.Length <= AanleverkenmerkMaxLength ? kenmerk
            : throw new InvalidOperationException($"aanleverkenmerk {kenmerk} is longer than {AanleverkenmerkMaxLength} characters.");
    }

    public byte[] Body(string aanleverkenmerk)
    {
        // The kenmerk is [a-z0-9-] only, so it needs no JSON escaping.
        var body = new byte[_prefix.Length + aanleverkenmerk.Length + _suffix.Length];
        _prefix.CopyTo(body, 0);
        Encoding.ASCII.GetBytes(aanleverkenmerk, body.AsSpan(_prefix.Length));
        _suffix.CopyTo(body, _prefix.Length + aanleverkenmerk.Length);
        return body;
    }
}
