namespace Digipoort.LoadTest.Generation;

/// <summary>One submission to send: a document variant under its own aanleverkenmerk.</summary>
/// <param name="Sequence">0-based position in the run; also decides which node it goes to.</param>
public sealed record OutgoingMessage(long Sequence, string Aanleverkenmerk, DocumentVariant Variant);

/// <summary>A sample padded to one of the run's sizes: the bytes every message of this variant carries.</summary>
public sealed class DocumentVariant(string berichtsoort, string sampleName, bool expectValid, byte[] document)
{
    private string? _base64;

    public string Berichtsoort => berichtsoort;
    public string SampleName => sampleName;
    public bool ExpectValid => expectValid;
    public byte[] Document => document;

    /// <summary>The document as base64, computed once per variant rather than once per message.</summary>
    public string Base64 => _base64 ??= Convert.ToBase64String(document);
}
