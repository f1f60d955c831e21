using Digipoort.Actors.Processing.Validation;

namespace Digipoort.Tests.Processing;

public sealed class SchemaValidatorTests
{
    private static ValidationReport Validate(string xml, int maxFindings = 1000)
    {
        using var stream = DemoCatalogue.Utf8(xml);
        return SchemaValidator.Validate(DemoCatalogue.Omzetbelasting, stream, maxFindings);
    }

    [Fact]
    public void Valid_sample_validates()
    {
        using var stream = DemoCatalogue.ValidSample();

        var report = SchemaValidator.Validate(DemoCatalogue.Omzetbelasting, stream);

        Assert.True(report.IsValid, string.Join("\n", report.Findings));
        Assert.Empty(report.Findings);
    }

    [Fact]
    public void Invalid_sample_yields_every_finding_with_code_text_and_position()
    {
        using var stream = DemoCatalogue.InvalidSample();

        var report = SchemaValidator.Validate(DemoCatalogue.Omzetbelasting, stream);

        Assert.False(report.IsValid);
        Assert.All(report.Findings, f =>
        {
            Assert.Equal(FindingCodes.Schema, f.Code);
            Assert.False(string.IsNullOrWhiteSpace(f.Description));
            Assert.True(f.Line > 0);
            Assert.True(f.Position > 0);
        });
        // One finding per planted mistake, on its line of the sample: nummer pattern, 31 February,
        // negative turnover, three decimals, rubriek 1a twice (xs:unique), unknown rubriek code.
        Assert.Equal([13, 18, 27, 32, 48, 53], report.Findings.Select(f => f.Line));
    }

    [Fact]
    public void Minimal_return_validates()
    {
        var report = Validate(DemoCatalogue.Aangifte());
        Assert.True(report.IsValid, string.Join("\n", report.Findings));
    }

    [Fact]
    public void Document_with_another_root_element_is_invalid()
    {
        var report = Validate($"<Factuur xmlns=\"{DemoCatalogue.Namespace}\"><Bedrag>1.00</Bedrag></Factuur>");

        Assert.False(report.IsValid);
        var finding = Assert.Single(report.Findings);
        Assert.Equal(FindingCodes.Schema, finding.Code);
        Assert.Contains("Factuur", finding.Description, StringComparison.Ordinal);
        Assert.Contains("Omzetbelasting", finding.Description, StringComparison.Ordinal);
        Assert.Equal((1, 2), (finding.Line, finding.Position));
    }

    [Fact]
    public void Document_with_the_right_root_name_in_another_namespace_is_invalid()
    {
        var xml = DemoCatalogue.Aangifte().Replace(DemoCatalogue.Namespace, "urn:somebody:else", StringComparison.Ordinal);

        var report = Validate(xml);

        Assert.False(report.IsValid);
        Assert.Contains("urn:somebody:else", Assert.Single(report.Findings).Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Document_without_a_namespace_is_invalid()
    {
        var report = Validate("<Aangifte/>");

        Assert.False(report.IsValid);
        Assert.Contains("no namespace", Assert.Single(report.Findings).Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Document_cannot_bring_its_own_schema()
    {
        // A schemaLocation hint and an inline schema that would loosen the rules: both are ignored (the
        // inline one would also have been added to the shared set).
        var xml = $"""
            <Aangifte xmlns="{DemoCatalogue.Namespace}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                      xsi:schemaLocation="{DemoCatalogue.Namespace} file:///tmp/eigen.xsd">
              <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:eigen">
                <xs:element name="Anders"/>
              </xs:schema>
            </Aangifte>
            """;
        var schemasBefore = DemoCatalogue.Omzetbelasting.Schemas.Count;

        var report = Validate(xml);

        Assert.False(report.IsValid);
        Assert.Equal(schemasBefore, DemoCatalogue.Omzetbelasting.Schemas.Count);
    }

    [Fact]
    public void Malformed_document_adds_a_malformed_finding_to_those_before_it()
    {
        var xml = DemoCatalogue.Aangifte(nummer: "fout");
        xml = xml[..xml.IndexOf("<TeBetalen>", StringComparison.Ordinal)] + "<TeBetalen>1.00</Aangifte>";

        var report = Validate(xml);

        Assert.False(report.IsValid);
        Assert.Equal([FindingCodes.Schema, FindingCodes.Malformed], report.Findings.Select(f => f.Code));
        Assert.True(report.Findings[^1].Line > 0);
    }

    [Fact]
    public void Empty_document_is_malformed()
    {
        using var stream = new MemoryStream();

        var report = SchemaValidator.Validate(DemoCatalogue.Omzetbelasting, stream);

        Assert.False(report.IsValid);
        Assert.Equal(FindingCodes.Malformed, Assert.Single(report.Findings).Code);
    }

    [Fact]
    public void Findings_stop_at_the_cap_with_a_note_that_more_were_omitted()
    {
        // Twelve rubrieken, each with two negative amounts: 24 errors plus the bad nummer.
        var codes = new[] { "1a", "1b", "1c", "1d", "1e", "2a", "3a", "3b", "3c", "4a", "4b", "5b" };
        var rubrieken = string.Concat(codes.Select(c => $"<Rubriek code=\"{c}\"><Omzet>-1.00</Omzet><Belasting>-1.00</Belasting></Rubriek>"));
        var xml = DemoCatalogue.Aangifte(nummer: "fout", rubrieken: rubrieken);

        var uncapped = Validate(xml);
        var capped = Validate(xml, maxFindings: 5);

        Assert.Equal(25, uncapped.Findings.Count);
        Assert.False(capped.IsValid);
        Assert.Equal(6, capped.Findings.Count);
        Assert.Equal(uncapped.Findings.Take(5), capped.Findings.Take(5));
        Assert.Equal(FindingCodes.TooManyFindings, capped.Findings[^1].Code);
        Assert.Contains("5", capped.Findings[^1].Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Huge_offending_value_gives_a_short_description()
    {
        var report = Validate(DemoCatalogue.Aangifte(nummer: new string('9', 100_000)));

        var finding = Assert.Single(report.Findings);
        Assert.True(finding.Description.Length <= XmlFindings.MaxDescriptionLength, $"{finding.Description.Length} characters");
    }

    [Fact]
    public void Cancellation_is_honoured()
    {
        var xml = DemoCatalogue.Aangifte().Replace("<TeBetalen>", string.Concat(Enumerable.Repeat("<!-- x -->", 5000)) + "<TeBetalen>",
            StringComparison.Ordinal);
        using var stream = DemoCatalogue.Utf8(xml);

        Assert.Throws<OperationCanceledException>(() =>
            SchemaValidator.Validate(DemoCatalogue.Omzetbelasting, stream, ct: new CancellationToken(true)));
    }

    [Fact]
    public void Warnings_alone_leave_a_document_valid()
    {
        // Lax content the schemas know nothing about draws a warning from .NET, not an error.
        using var catalogue = new TempCatalogue();
        catalogue.AddBerichtsoort("Open", "Open", """
            <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
              <xs:element name="Bericht">
                <xs:complexType><xs:sequence><xs:any processContents="lax"/></xs:sequence></xs:complexType>
              </xs:element>
            </xs:schema>
            """);
        Assert.True(catalogue.Load().TryGet("Open", out var open));
        using var stream = DemoCatalogue.Utf8("<Bericht><Onbekend/></Bericht>");

        var report = SchemaValidator.Validate(open, stream);

        Assert.True(report.IsValid);
        var warning = Assert.Single(report.Findings);
        Assert.Equal(FindingCodes.SchemaWarning, warning.Code);
        Assert.Equal((1, 11), (warning.Line, warning.Position));
    }
}
