using System.Xml;
using System.Xml.Schema;
using Digipoort.Actors.Domain;
using Digipoort.Actors.Processing.Catalogue;

namespace Digipoort.Actors.Processing.Validation;

/// <summary>
/// Validates a document against its berichtsoort's compiled schema set, streaming, and collects every
/// finding rather than stopping at the first, so a sender gets the whole list at once: also after a
/// structural error (see <see cref="ResynchronisingValidation"/> for exactly what is checked then).
/// </summary>
public static class SchemaValidator
{
    /// <summary>
    /// Validates <paramref name="document"/> (left open) against <paramref name="type"/>'s schemas. Schema
    /// errors, a root element that is not one of the berichtsoort's roots, malformed XML, a DTD and excessive nesting make
    /// it invalid; warnings alone do not. After <paramref name="maxFindings"/> findings validation stops
    /// with one more finding saying so, and the document counts as invalid because it was not checked to
    /// its end.
    /// </summary>
    public static ValidationReport Validate(MessageType type, Stream document, int maxFindings = 1000,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(document);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFindings, 1);

        var findings = new FindingCollector(maxFindings);
        try
        {
            // The set is compiled once and shared across threads; validators only read it.
            using var reader = XmlReader.Create(document, SafeXml.CreateReaderSettings());
            reader.MoveToContent();
            if (UndeclaredRoot(type, reader) is { } wrongKind)
                return new ValidationReport(false, [wrongKind]);
            if (new ResynchronisingValidation(type.Schemas, reader, findings).Run(SafeXml.DefaultMaxDepth, ct) is { } tooDeep)
                findings.AddFinal(tooDeep);
        }
        catch (XmlException e)
        {
            findings.AddFinal(XmlFindings.FromXmlException(e));
        }
        catch (FindingCollector.FullException)
        {
            // The collector has recorded why it stopped.
        }

        var list = findings.ToList();
        return new ValidationReport(list.All(f => f.Code == FindingCodes.SchemaWarning), list);
    }

    // .NET reports an element it has no declaration for only as a warning and then skips it, and it accepts
    // every global element of the set as a document, which in a standard like UBL includes every component.
    // The root must be one the berichtsoort names; if it is not, the document is of another kind and nothing
    // inside it is worth reporting.
    private static Finding? UndeclaredRoot(MessageType type, XmlReader reader)
    {
        var root = new XmlQualifiedName(reader.LocalName, reader.NamespaceURI);
        if (type.Roots.Contains(root))
            return null;
        var (line, position) = XmlFindings.PositionOf(reader);
        var ns = root.Namespace.Length == 0 ? "no namespace" : $"namespace '{root.Namespace}'";
        var allowed = string.Join(", ", type.Roots.Select(DocumentRoots.Clark).Order(StringComparer.Ordinal));
        return new Finding(FindingCodes.Schema,
            XmlFindings.Shorten($"The root element '{root.Name}' in {ns} is not a document of berichtsoort '{type.Berichtsoort}' "
                + $"(its documents are: {allowed})."),
            line, position);
    }
}
