using System.Xml;
using System.Xml.Schema;

namespace Digipoort.Actors.Processing.Validation;

/// <summary>
/// Streams a document through .NET's <see cref="XmlSchemaValidator"/> and keeps checking after a structural
/// error. When a child element breaks its parent's content model (unexpected, out of order, one too many),
/// .NET reports it and then skips the rest of that parent's content: directly under the root, the rest of
/// the document. Here the validator is re-synchronised instead: the offending child and each following
/// sibling are validated on their own, against their declaration in the parent's type (or a global one), so
/// independent faults further on are each reported.
/// <para>
/// What is then not checked, for that parent only: the order and number of its remaining children (one
/// finding already says its content is wrong), and the identity constraints (<c>xs:key</c>,
/// <c>xs:keyref</c>, <c>xs:unique</c>) that span those children. A child with no declaration anywhere is
/// reported and its content not checked. Everything inside the re-synchronised children is checked as usual.
/// </para>
/// </summary>
internal sealed class ResynchronisingValidation
{
    private const string XsiNamespace = "http://www.w3.org/2001/XMLSchema-instance";
    private const string XmlnsNamespace = "http://www.w3.org/2000/xmlns/";

    // How many nodes are read between two looks at the cancellation token.
    private const int CancellationCheckInterval = 1024;

    private readonly XmlSchemaSet _schemas;
    private readonly XmlReader _reader;
    private readonly FindingCollector _findings;
    private readonly Stack<Frame> _open = new();
    private int _errors;

    // One per walk, reset before each use: a new one per element costs more than the validation of a small one.
    private readonly XmlSchemaInfo _info = new();

    // Above zero while errors that would be false are being swallowed (see EndElement).
    private int _quiet;

    public ResynchronisingValidation(XmlSchemaSet schemas, XmlReader reader, FindingCollector findings)
    {
        _schemas = schemas;
        _reader = reader;
        _findings = findings;
    }

    /// <summary>
    /// Validates from the root element, on which <see cref="_reader"/> stands, to the end of the document.
    /// Returns the finding that stopped it (nesting deeper than <paramref name="maxDepth"/>) or null.
    /// </summary>
    public Domain.Finding? Run(int maxDepth, CancellationToken ct)
    {
        var nodes = 0;
        do
        {
            if (++nodes % CancellationCheckInterval == 0)
                ct.ThrowIfCancellationRequested();
            switch (_reader.NodeType)
            {
                case XmlNodeType.Element:
                    // reader.Depth counts from 0 at the root element.
                    if (_reader.Depth >= maxDepth)
                        return XmlFindings.TooDeep(_reader, maxDepth);
                    StartElement();
                    break;
                case XmlNodeType.EndElement:
                    EndElement();
                    break;
                case XmlNodeType.Text or XmlNodeType.CDATA:
                    Current?.ValidateText(_reader.Value);
                    break;
                case XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace:
                    Current?.ValidateWhitespace(_reader.Value);
                    break;
            }
        }
        while (_reader.Read());
        return null;
    }

    private XmlSchemaValidator? Current => _open.Count == 0 ? null : _open.Peek().Validator;

    private void StartElement()
    {
        var empty = _reader.IsEmptyElement;
        var name = new XmlQualifiedName(_reader.LocalName, _reader.NamespaceURI);
        Frame frame;
        if (!_open.TryPeek(out var parent))
        {
            frame = Fresh(name, null);
        }
        else if (parent.Validator is null)
        {
            frame = new Frame(null, null, OwnsValidator: false);
        }
        else if (!parent.LostSync)
        {
            var errorsBefore = _errors;
            var info = Enter(parent.Validator);
            if (_errors > errorsBefore && info.SchemaElement is null)
            {
                // The child does not fit the parent's content model: the validator now skips the rest of the
                // parent's content. Close the child there and check it, and each sibling after it, on its own.
                parent.Validator.ValidateEndElement(null);
                parent.LostSync = true;
                foreach (var ancestor in _open.TakeWhile(f => f.Validator == parent.Validator))
                    ancestor.SubtreeLostSync = true;
                frame = Fresh(name, parent, reported: true);
            }
            else
            {
                frame = new Frame(parent.Validator, info.SchemaElement, OwnsValidator: false);
            }
        }
        else
        {
            frame = Fresh(name, parent);
        }
        _open.Push(frame);
        if (empty)
            EndElement();
    }

    private void EndElement()
    {
        var frame = _open.Pop();
        if (frame.Validator is null)
            return;
        // A parent whose children were checked on their own cannot judge its content as a whole, nor keyrefs
        // to keys that its validator never saw: those end-of-element errors would be false.
        var quiet = frame.LostSync || (frame.SubtreeLostSync && frame.Declaration?.Constraints.OfType<XmlSchemaKeyref>().Any() == true);
        if (quiet)
            _quiet++;
        try
        {
            frame.Validator.ValidateEndElement(null);
            if (frame.OwnsValidator)
                frame.Validator.EndValidation();
        }
        finally
        {
            if (quiet)
                _quiet--;
        }
    }

    /// <summary>
    /// A frame for an element checked by a validator of its own, started at its declaration: a local one in the
    /// parent's type, else a global one. Without either nothing inside it can be checked; that is reported
    /// unless the parent's validator already did.
    /// </summary>
    private Frame Fresh(XmlQualifiedName name, Frame? parent, bool reported = false)
    {
        var declaration = parent is null ? null : LocalDeclaration(parent, name);
        declaration ??= _schemas.GlobalElements[name] as XmlSchemaElement;
        if (declaration is null)
        {
            if (!reported)
                Report(new Domain.Finding(FindingCodes.Schema,
                    $"The element '{name.Name}' in {(name.Namespace.Length == 0 ? "no namespace" : $"namespace '{name.Namespace}'")} "
                    + "is not declared where it appears; its content was not checked.",
                    XmlFindings.PositionOf(_reader).Line, XmlFindings.PositionOf(_reader).Position));
            return new Frame(null, null, OwnsValidator: false);
        }

        var validator = NewValidator();
        if (parent is null)
            validator.Initialize();
        else
            validator.Initialize(declaration);
        var info = Enter(validator);
        return new Frame(validator, info.SchemaElement ?? declaration, OwnsValidator: true);
    }

    private static XmlSchemaElement? LocalDeclaration(Frame parent, XmlQualifiedName name) =>
        parent.Declaration?.ElementSchemaType is XmlSchemaComplexType type ? Find(type.ContentTypeParticle, name) : null;

    private static XmlSchemaElement? Find(XmlSchemaParticle? particle, XmlQualifiedName name) => particle switch
    {
        XmlSchemaElement element when element.QualifiedName == name => element,
        XmlSchemaGroupBase group => group.Items.OfType<XmlSchemaParticle>().Select(p => Find(p, name)).FirstOrDefault(e => e is not null),
        _ => null,
    };

    private XmlSchemaValidator NewValidator()
    {
        // Inline schemas and schemaLocation hints stay off: a document must not choose its own schema.
        var validator = new XmlSchemaValidator(_reader.NameTable, _schemas, (IXmlNamespaceResolver)_reader,
            XmlSchemaValidationFlags.ReportValidationWarnings | XmlSchemaValidationFlags.ProcessIdentityConstraints)
        {
            LineInfoProvider = _reader as IXmlLineInfo,
        };
        validator.ValidationEventHandler += OnEvent;
        return validator;
    }

    /// <summary>
    /// The element the reader stands on, with its attributes, to <paramref name="validator"/>; returns what the
    /// validator found for it (valid until the next call).
    /// </summary>
    private XmlSchemaInfo Enter(XmlSchemaValidator validator)
    {
        _info.SchemaElement = null;
        _info.SchemaType = null;
        var attributes = _reader.HasAttributes;
        validator.ValidateElement(_reader.LocalName, _reader.NamespaceURI, _info,
            attributes ? _reader.GetAttribute("type", XsiNamespace) : null, attributes ? _reader.GetAttribute("nil", XsiNamespace) : null,
            null, null);
        if (attributes && _reader.MoveToFirstAttribute())
        {
            do
            {
                if (_reader.NamespaceURI != XmlnsNamespace)
                    validator.ValidateAttribute(_reader.LocalName, _reader.NamespaceURI, _reader.Value, null);
            }
            while (_reader.MoveToNextAttribute());
            _reader.MoveToElement();
        }
        validator.ValidateEndOfAttributes(null);
        return _info;
    }

    private void OnEvent(object? sender, ValidationEventArgs e)
    {
        if (e.Severity == XmlSeverityType.Error)
            _errors++;
        if (_quiet > 0 && e.Severity == XmlSeverityType.Error)
            return;
        Report(XmlFindings.FromSchemaEvent(e));
    }

    private void Report(Domain.Finding finding) => _findings.Add(finding);

    /// <summary>An open element: the validator checking it (null: not checked) and its declaration.</summary>
    private sealed record Frame(XmlSchemaValidator? Validator, XmlSchemaElement? Declaration, bool OwnsValidator)
    {
        /// <summary>A child broke this element's content model; the following children are checked on their own.</summary>
        public bool LostSync { get; set; }

        /// <summary>Somewhere below, an element sharing this validator lost sync.</summary>
        public bool SubtreeLostSync { get; set; }
    }
}
