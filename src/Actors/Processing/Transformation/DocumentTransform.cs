using System.Text;
using System.Xml;
using System.Xml.XPath;
using System.Xml.Xsl;
using Digipoort.Actors.Processing.Catalogue;
using Digipoort.Actors.Processing.Validation;

namespace Digipoort.Actors.Processing.Transformation;

/// <summary>
/// An XSLT 1.0 stylesheet of a catalogue entry, compiled once when the catalogue loads and shared by every
/// transformation (<see cref="XslCompiledTransform"/> is thread-safe once loaded). Scripts and
/// <c>document()</c> are off, and <c>xsl:include</c>/<c>xsl:import</c> resolve inside the folder only, so a
/// stylesheet can neither run code nor read anything but the document it is given.
/// </summary>
public sealed class DocumentTransform
{
    private readonly XslCompiledTransform _transform;
    private readonly XmlWriterSettings _output;

    private DocumentTransform(string source, XslCompiledTransform transform)
    {
        Source = source;
        _transform = transform;
        // The stylesheet's xsl:output decides method and indentation, but never a byte order mark: JSON must
        // not start with one (RFC 8259), and recipients parsing XML do not need it.
        _output = transform.OutputSettings!.Clone();
        if (_output.Encoding is UTF8Encoding)
            _output.Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        _output.CloseOutput = false;
    }

    /// <summary>The stylesheet's path relative to its folder, for messages.</summary>
    public string Source { get; }

    /// <summary>Compiles <paramref name="relativePath"/> inside <paramref name="folder"/>; throws <see cref="CatalogueException"/>.</summary>
    public static DocumentTransform Load(string folder, string relativePath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        ArgumentException.ThrowIfNullOrWhiteSpace(relativePath);
        var resolver = new StylesheetResolver(folder);
        try
        {
            var uri = new Uri(Path.GetFullPath(Path.Combine(folder, relativePath)));
            using var stream = (Stream)resolver.GetEntity(uri, null, typeof(Stream));
            using var reader = XmlReader.Create(stream, SafeXml.CreateReaderSettings(), uri.AbsoluteUri);
            var transform = new XslCompiledTransform();
            transform.Load(reader, new XsltSettings(enableDocumentFunction: false, enableScript: false), resolver);
            return new DocumentTransform(relativePath, transform);
        }
        catch (Exception e) when (e is XsltException or XmlException or IOException or UnauthorizedAccessException
            or ArgumentException)
        {
            var detail = e.InnerException is null ? e.Message : $"{e.Message} {e.InnerException.Message}";
            throw new CatalogueException(folder, $"stylesheet '{relativePath}' could not be loaded: {detail}", e);
        }
    }

    /// <summary>
    /// Transforms <paramref name="input"/> (read with the SafeXml settings) into <paramref name="output"/>, both
    /// left open. A runtime failure, such as <c>xsl:message terminate="yes"</c> or malformed input, throws
    /// <see cref="TransformationException"/>; cancellation throws <see cref="OperationCanceledException"/>.
    /// </summary>
    public void Apply(Stream input, Stream output, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        Run(writer =>
        {
            using var reader = XmlReader.Create(new CancellingStream(input, ct), SafeXml.CreateReaderSettings());
            _transform.Transform(reader, null, writer);
        }, output, ct);
    }

    /// <summary>
    /// Transforms a document that is already loaded (the tree business rules and routes read), so it is not
    /// read and parsed again; otherwise as <see cref="Apply(Stream, Stream, CancellationToken)"/>.
    /// </summary>
    public void Apply(IXPathNavigable document, Stream output, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(document);
        Run(writer => _transform.Transform(document, null, writer), output, ct);
    }

    private void Run(Action<XmlWriter> transform, Stream output, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(output);
        ct.ThrowIfCancellationRequested();
        try
        {
            using (var writer = XmlWriter.Create(new CancellingStream(output, ct), _output))
                transform(writer);
            output.Flush();
        }
        catch (Exception e) when (e is XsltException or XmlException)
        {
            throw new TransformationException($"Transformation '{Source}' failed: {e.Message}", e);
        }
    }
}
