using System.Xml;
using System.Xml.Schema;
using Digipoort.Actors.Domain;

namespace Digipoort.Actors.Processing.Validation;

/// <summary>Turns what the XML stack reports into findings.</summary>
internal static class XmlFindings
{
    // Schema messages quote the offending value, which can be megabytes long; a cap keeps a report of
    // a thousand findings small.
    public const int MaxDescriptionLength = 1000;

    // A refused DTD comes without a position (0, 0), and the reader, in its error state by then, has
    // none either, so such a finding says "unknown".
    public static Finding FromXmlException(XmlException exception) => new(
        IsDtdRefusal(exception) ? FindingCodes.Dtd : FindingCodes.Malformed,
        Shorten(WithoutPositionSuffix(exception)),
        Math.Max(exception.LineNumber, 0),
        Math.Max(exception.LinePosition, 0));

    public static Finding FromSchemaEvent(ValidationEventArgs e) => new(
        e.Severity == XmlSeverityType.Warning ? FindingCodes.SchemaWarning : FindingCodes.Schema,
        Shorten(e.Message),
        Math.Max(e.Exception.LineNumber, 0),
        Math.Max(e.Exception.LinePosition, 0));

    public static Finding TooDeep(XmlReader reader, int maxDepth)
    {
        var (line, position) = PositionOf(reader);
        return new Finding(FindingCodes.TooDeep,
            $"Elements are nested more than {maxDepth} levels deep; the document was not read further.", line, position);
    }

    public static (int Line, int Position) PositionOf(XmlReader reader) =>
        reader is IXmlLineInfo info && info.HasLineInfo() ? (info.LineNumber, info.LinePosition) : (0, 0);

    // A prohibited DOCTYPE surfaces as a plain XmlException: no subtype or error code tells it apart.
    // The runtime's messages are not localised, and a test pins this recognition.
    private static bool IsDtdRefusal(XmlException exception) =>
        exception.Message.Contains("DTD", StringComparison.Ordinal);

    // XmlException.Message ends with " Line n, position m."; the finding carries those separately.
    private static string WithoutPositionSuffix(XmlException exception)
    {
        var suffix = $" Line {exception.LineNumber}, position {exception.LinePosition}.";
        var message = exception.Message;
        return message.EndsWith(suffix, StringComparison.Ordinal) ? message[..^suffix.Length] : message;
    }

    public static string Shorten(string text) =>
        text.Length <= MaxDescriptionLength ? text : string.Concat(text.AsSpan(0, MaxDescriptionLength - 1), "…");
}
