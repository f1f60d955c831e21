using System.Xml;
using Digipoort.Actors.Domain;

namespace Digipoort.Actors.Processing.Validation;

/// <summary>
/// Reading untrusted XML: reader settings that never process a DTD or reach outside the document, and
/// a read loop that enforces a nesting limit, which <see cref="XmlReader"/> itself does not have.
/// Untrusted XML must only ever be read through these (see spike-findings §6: XDocument and
/// XmlDocument parse DTDs on their own).
/// </summary>
public static class SafeXml
{
    public const int DefaultMaxDepth = 256;

    // How many nodes are read between two looks at the cancellation token.
    private const int CancellationCheckInterval = 1024;

    /// <summary>
    /// Settings for a non-validating reader over untrusted input. <paramref name="maxCharactersInDocument"/>
    /// is 0 (unlimited) by default because ingress already bounds the size in bytes.
    /// </summary>
    public static XmlReaderSettings CreateReaderSettings(bool closeInput = false, long maxCharactersInDocument = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxCharactersInDocument);
        return new XmlReaderSettings
        {
            // A DOCTYPE is refused outright: no internal subset, so no entity expansion (billion laughs)
            // and no external entities (XXE). MaxCharactersFromEntities keeps its default cap; with
            // DTDs prohibited no entity can be declared, so it never comes into play.
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = maxCharactersInDocument,
            IgnoreProcessingInstructions = false,
            CloseInput = closeInput,
            Async = false,
        };
    }

    /// <summary>
    /// Reads <paramref name="reader"/> to its end. Returns null when it got there, or a
    /// <see cref="FindingCodes.TooDeep"/> finding at the first element nested deeper than
    /// <paramref name="maxDepth"/> (the root element is at depth 1), where reading stops.
    /// Malformed input surfaces as the reader's <see cref="XmlException"/>.
    /// </summary>
    public static Finding? ReadAll(XmlReader reader, int maxDepth = DefaultMaxDepth, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDepth, 1);

        var nodes = 0;
        while (reader.Read())
        {
            if (++nodes % CancellationCheckInterval == 0)
                ct.ThrowIfCancellationRequested();

            // reader.Depth counts from 0 at the root element.
            if (reader.NodeType == XmlNodeType.Element && reader.Depth >= maxDepth)
                return XmlFindings.TooDeep(reader, maxDepth);
        }
        return null;
    }
}
