using System.Xml.Schema;

namespace Digipoort.Actors.Processing.Catalogue;

/// <summary>
/// One berichtsoort as the catalogue describes it: its documentation, the compiled XML Schema set
/// that documents of this kind must satisfy, and the recipients a message of this kind goes to.
/// The schema set is compiled once when the catalogue loads and shared by concurrent validations.
/// </summary>
public sealed record MessageType(
    string Berichtsoort,
    string Description,
    string Version,
    IReadOnlyList<string> Recipients,
    XmlSchemaSet Schemas);
