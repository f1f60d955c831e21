using System.Globalization;

namespace Digipoort.Tests.Pipeline;

/// <summary>
/// A catalogue written for the pipeline tests: an invoice with business rules, content routing by the
/// buyer's OIN, a transformation for one recipient and attachments sent separately to another; batches
/// of those invoices (unordered and ordered by invoice number); and a plain item type for large batches.
/// </summary>
internal static class PipelineCatalogue
{
    public const string GemeenteOin = "00000001009876543000";

    private const string FactuurSchema = """
        <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:test:factuur" xmlns="urn:test:factuur"
                   elementFormDefault="qualified">
          <xs:element name="Factuur">
            <xs:complexType>
              <xs:sequence>
                <xs:element name="Nummer" type="xs:string"/>
                <xs:element name="KoperOin" type="xs:string"/>
                <xs:element name="Regel" minOccurs="0" maxOccurs="unbounded">
                  <xs:complexType><xs:attribute name="bedrag" type="xs:decimal" use="required"/></xs:complexType>
                </xs:element>
                <xs:element name="Totaal" type="xs:decimal"/>
              </xs:sequence>
            </xs:complexType>
          </xs:element>
        </xs:schema>
        """;

    private const string FactuurRules = """
        <sch:schema xmlns:sch="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt1">
          <sch:ns prefix="f" uri="urn:test:factuur"/>
          <sch:pattern>
            <sch:rule context="f:Factuur">
              <sch:assert id="TF-01" test="number(f:Totaal) = sum(f:Regel/@bedrag)">Totaal <sch:value-of select="f:Totaal"/> is niet de som van de regels.</sch:assert>
              <sch:assert id="TF-02" role="warning" test="count(f:Regel) &gt; 1">Een factuur met minder dan twee regels.</sch:assert>
            </sch:rule>
          </sch:pattern>
        </sch:schema>
        """;

    private const string Samenvatting = """
        <xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:f="urn:test:factuur" exclude-result-prefixes="f">
          <xsl:output method="xml" indent="no"/>
          <xsl:template match="/f:Factuur">
            <xsl:if test="f:Nummer = 'STUK'"><xsl:message terminate="yes">Factuur STUK kan niet worden samengevat.</xsl:message></xsl:if>
            <Samenvatting nummer="{f:Nummer}" totaal="{f:Totaal}" regels="{count(f:Regel)}"/>
          </xsl:template>
        </xsl:stylesheet>
        """;

    private const string BatchSchema = """
        <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:test:batch" xmlns:f="urn:test:factuur"
                   elementFormDefault="qualified">
          <xs:import namespace="urn:test:factuur" schemaLocation="factuur.xsd"/>
          <xs:element name="Batch">
            <xs:complexType><xs:sequence><xs:element ref="f:Factuur" maxOccurs="unbounded"/></xs:sequence></xs:complexType>
          </xs:element>
        </xs:schema>
        """;

    private const string RegelSchema = """
        <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:test:regel" elementFormDefault="qualified">
          <xs:element name="Regel"><xs:complexType><xs:attribute name="n" type="xs:int" use="required"/></xs:complexType></xs:element>
          <xs:element name="Regels">
            <xs:complexType><xs:sequence><xs:element name="Regel" maxOccurs="unbounded">
              <xs:complexType><xs:attribute name="n" type="xs:int" use="required"/></xs:complexType>
            </xs:element></xs:sequence></xs:complexType>
          </xs:element>
        </xs:schema>
        """;

    public static void Write(string root)
    {
        WriteFile(root, "Testfactuur/factuur.xsd", FactuurSchema);
        WriteFile(root, "Testfactuur/rules/factuur.sch", FactuurRules);
        WriteFile(root, "Testfactuur/transforms/samenvatting.xsl", Samenvatting);
        WriteFile(root, "Testfactuur/manifest.json", """
            {
              "berichtsoort": "Testfactuur",
              "description": "Test invoice",
              "version": "1.0",
              "namespaces": { "f": "urn:test:factuur" },
              "schemas": ["factuur.xsd"],
              "rules": ["rules/factuur.sch"],
              "recipients": ["archief", "statistiek"],
              "routes": [ { "select": "/f:Factuur/f:KoperOin", "matchRecipientOin": true } ],
              "deliveries": {
                "statistiek": { "transform": "transforms/samenvatting.xsl", "mimeType": "application/xml" },
                "gemeente": { "attachments": "Separate" }
              }
            }
            """);
        foreach (var (folder, sortKey) in new[] { ("Testbatch", ""), ("Testbatch-gesorteerd", ", \"sortKey\": \"string(f:Nummer)\"") })
        {
            WriteFile(root, $"{folder}/factuur.xsd", FactuurSchema);
            WriteFile(root, $"{folder}/batch.xsd", BatchSchema);
            WriteFile(root, $"{folder}/manifest.json", $$"""
                {
                  "berichtsoort": "{{folder}}",
                  "description": "Test batch of invoices",
                  "version": "1.0",
                  "namespaces": { "b": "urn:test:batch", "f": "urn:test:factuur" },
                  "schemas": ["batch.xsd"],
                  "split": { "items": "/b:Batch/f:Factuur", "itemBerichtsoort": "Testfactuur"{{sortKey}} }
                }
                """);
        }
        WriteFile(root, "Testregel/regel.xsd", RegelSchema);
        WriteFile(root, "Testregel/manifest.json", """
            { "berichtsoort": "Testregel", "description": "One line", "version": "1.0",
              "schemas": ["regel.xsd"], "recipients": ["archief"] }
            """);
        WriteFile(root, "Testregels/regel.xsd", RegelSchema);
        WriteFile(root, "Testregels/manifest.json", """
            { "berichtsoort": "Testregels", "description": "Many lines", "version": "1.0",
              "namespaces": { "r": "urn:test:regel" },
              "schemas": ["regel.xsd"], "split": { "items": "/r:Regels/r:Regel", "itemBerichtsoort": "Testregel" } }
            """);
    }

    public static string Factuur(string nummer, string koperOin, params decimal[] regels) =>
        string.Create(CultureInfo.InvariantCulture,
            $"""<Factuur xmlns="urn:test:factuur"><Nummer>{nummer}</Nummer><KoperOin>{koperOin}</KoperOin>{string.Concat(regels.Select(r => string.Create(CultureInfo.InvariantCulture, $"<Regel bedrag=\"{r}\"/>")))}<Totaal>{regels.Sum()}</Totaal></Factuur>""");

    public static string Batch(params string[] facturen) =>
        $"""<Batch xmlns="urn:test:batch">{string.Concat(facturen)}</Batch>""";

    /// <summary>Streams a batch of <paramref name="count"/> lines to <paramref name="path"/> without building it in memory.</summary>
    public static void WriteRegels(string path, int count)
    {
        using var writer = new StreamWriter(path);
        writer.Write("""<Regels xmlns="urn:test:regel">""");
        for (var i = 1; i <= count; i++) writer.Write($"""<Regel n="{i}"/>""");
        writer.Write("</Regels>");
    }

    private static void WriteFile(string root, string relativePath, string content)
    {
        var path = Path.Combine(root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }
}
