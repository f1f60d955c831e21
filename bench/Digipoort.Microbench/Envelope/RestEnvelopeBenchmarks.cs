using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Digipoort.Actors.Processing.Validation;
using Digipoort.Api.Ingress;
using Digipoort.Api.Rest;

namespace Digipoort.Microbench.Envelope;

/// <summary>
/// The CPU part of taking in a JSON REST submission before anything is stored: read the aanleverRequest
/// JSON (the options of JsonSubmissionReader: web defaults, depth 16), apply the envelope rules, decode
/// the base64 content and check that it is well-formed XML without a DTD (the intake's own check). The
/// staging write, blob commit and journal are I/O and measured end to end by the load test instead.
/// </summary>
[MemoryDiagnoser]
public class RestEnvelopeBenchmarks
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { MaxDepth = 16 };

    private byte[] _body = [];

    /// <summary>Document size in bytes (the demo return padded with a comment, as the load test does).</summary>
    [Params(4 * 1024, 256 * 1024)]
    public int DocumentBytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var document = DemoDocument.Padded(DocumentBytes);
        _body = JsonSerializer.SerializeToUtf8Bytes(new SubmitMessageRequest("Omzetbelasting", "bench-1", null, new IdentiteitDto("001000044B37", "Fi"),
            "Bedrijf", null, null, new BerichtInhoudDto("text/xml", "aangifte.xml", Convert.ToBase64String(document)), null, "http://geenausp.nl"), Options);
    }

    [Benchmark(Description = "JSON aanleverRequest → checked envelope + well-formed document")]
    public bool ParseJsonSubmission()
    {
        var dto = JsonSerializer.Deserialize<SubmitMessageRequest>(_body, Options)!;
        var (envelope, errors) = EnvelopeRules.Check(new EnvelopeFields(dto.Berichtsoort, dto.Aanleverkenmerk, dto.EerderAanleverkenmerk,
            dto.IdentiteitBelanghebbende?.Nummer, dto.IdentiteitBelanghebbende?.Type, dto.RolBelanghebbende, dto.IdentiteitOntvanger?.Nummer,
            dto.IdentiteitOntvanger?.Type, dto.RolOntvanger, dto.AutorisatieAdres));
        var (mime, _, documentErrors) = EnvelopeRules.CheckDocument(new DocumentFields(dto.BerichtInhoud!.MimeType, dto.BerichtInhoud.Bestandsnaam), "berichtInhoud");
        using var content = new MemoryStream(Convert.FromBase64String(dto.BerichtInhoud.Inhoud!), writable: false);
        return envelope is not null && errors.Count == 0 && documentErrors.Count == 0 && EnvelopeRules.IsXml(mime!)
            && WellFormednessCheck.Check(content) is null;
    }
}

/// <summary>The demo catalogue's valid Omzetbelasting return, padded before its closing tag (comments keep it valid).</summary>
internal static class DemoDocument
{
    public static byte[] Padded(int bytes)
    {
        var sample = File.ReadAllText(Path.Combine(RepoRoot(), "src", "Node", "catalogue", "Omzetbelasting", "samples", "omzetbelasting-valid.xml"));
        var closing = sample.LastIndexOf("</", StringComparison.Ordinal);
        var room = Math.Max(0, bytes - Encoding.UTF8.GetByteCount(sample) - 10);
        return Encoding.UTF8.GetBytes(sample[..closing] + "<!-- " + new string('x', room) + " -->" + sample[closing..]);
    }

    /// <summary>BenchmarkDotNet runs the benchmarks from a generated project under bin/, so look upwards for the repository.</summary>
    private static string RepoRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "Digipoort.sln"))) return folder.FullName;
        throw new InvalidOperationException("Digipoort.sln not found above " + AppContext.BaseDirectory);
    }
}
