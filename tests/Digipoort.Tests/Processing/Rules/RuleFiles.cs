using System.Xml.XPath;
using Digipoort.Actors.Processing.Rules;

namespace Digipoort.Tests.Processing.Rules;

/// <summary>Schematron files written into a temporary berichtsoort folder, and documents to check with them.</summary>
internal sealed class RuleFiles : IDisposable
{
    public const string InvoiceNamespace = "urn:test:invoice";

    private readonly TempCatalogue _catalogue = new();

    public string Folder => Path.Combine(_catalogue.Root, "Test");

    /// <summary>A schema with <paramref name="body"/> (patterns) and the prefix <c>i</c> for <see cref="InvoiceNamespace"/>.</summary>
    public static string Schema(string body, string attributes = "") => $"""
        <sch:schema xmlns:sch="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt1" {attributes}>
          <sch:ns prefix="i" uri="{InvoiceNamespace}"/>
        {body}
        </sch:schema>
        """;

    public BusinessRules Load(string schematron, IReadOnlyDictionary<string, string>? namespaces = null)
    {
        _catalogue.Write("Test/rules/rules.sch", schematron);
        return BusinessRules.Load(Folder, "rules/rules.sch", namespaces);
    }

    public void Write(string relativePath, string content) => _catalogue.Write(relativePath, content);

    public static IReadOnlyList<RuleViolation> Evaluate(BusinessRules rules, string xml)
    {
        using var stream = DemoCatalogue.Utf8(xml);
        return rules.Evaluate(BusinessRules.LoadDocument(stream).CreateNavigator(), CancellationToken.None);
    }

    public static XPathNavigator Navigator(string xml)
    {
        using var stream = DemoCatalogue.Utf8(xml);
        return BusinessRules.LoadDocument(stream).CreateNavigator();
    }

    public void Dispose() => _catalogue.Dispose();
}
