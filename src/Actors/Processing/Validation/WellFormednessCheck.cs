using System.Xml;
using Digipoort.Actors.Domain;

namespace Digipoort.Actors.Processing.Validation;

/// <summary>
/// Checks that a document is well-formed XML without a DTD, streaming through it once; no DOM is
/// built, so memory stays flat whatever the size.
/// </summary>
public static class WellFormednessCheck
{
    /// <summary>
    /// Null when <paramref name="document"/> is well-formed, else the first problem: <see cref="FindingCodes.Malformed"/>,
    /// <see cref="FindingCodes.Dtd"/> or <see cref="FindingCodes.TooDeep"/>. The stream is left open.
    /// </summary>
    public static Finding? Check(Stream document, int maxDepth = SafeXml.DefaultMaxDepth, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(document);
        try
        {
            using var reader = XmlReader.Create(document, SafeXml.CreateReaderSettings());
            return SafeXml.ReadAll(reader, maxDepth, ct);
        }
        catch (XmlException e)
        {
            return XmlFindings.FromXmlException(e);
        }
    }
}
