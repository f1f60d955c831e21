using System.Collections.Frozen;
using System.Xml;
using System.Xml.Schema;
using Digipoort.Actors.Processing.Routing;
using Digipoort.Actors.Processing.Rules;
using Digipoort.Actors.Processing.Splitting;

namespace Digipoort.Actors.Processing.Catalogue;

/// <summary>
/// One berichtsoort as the catalogue describes it: its documentation, the compiled XML Schema set and
/// business rules that documents of this kind must satisfy, who receives them (static recipients and
/// content-based routes) in which format, or how a batch of this kind is cut into items. Everything is
/// compiled once when the catalogue loads and shared by concurrent messages.
/// </summary>
public sealed record MessageType(
    string Berichtsoort,
    string Description,
    string Version,
    IReadOnlyList<string> Recipients,
    XmlSchemaSet Schemas)
{
    /// <summary>The catalogue folder it was loaded from.</summary>
    public string Folder { get; init; } = "";

    /// <summary>
    /// The root elements a document of this kind may have (see <see cref="DocumentRoots"/>); a document with
    /// another root is of another kind. Empty: no document is of this kind.
    /// </summary>
    public IReadOnlySet<XmlQualifiedName> Roots { get; init; } = FrozenSet<XmlQualifiedName>.Empty;

    public IReadOnlyList<BusinessRules> Rules { get; init; } = [];

    public IReadOnlyList<ContentRoute> Routes { get; init; } = [];

    /// <summary>By recipient id; a recipient not listed gets the original document with its attachments inline.</summary>
    public IReadOnlyDictionary<string, RecipientFormat> Formats { get; init; } = new Dictionary<string, RecipientFormat>();

    /// <summary>Set for a batch: how it is cut into items.</summary>
    public BatchSpec? Split { get; init; }

    /// <summary>
    /// Rules, routes and transformations query the document as a tree; plain schema validation streams
    /// over it. Only a berichtsoort that needs the tree pays for loading one.
    /// </summary>
    public bool NeedsDocumentTree => Rules.Count > 0 || Routes.Count > 0 || Formats.Values.Any(f => f.Transform is not null);
}
