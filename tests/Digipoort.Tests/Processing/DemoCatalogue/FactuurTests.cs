using System.Text;
using System.Text.Json;
using Digipoort.Actors.Processing.Catalogue;
using Digipoort.Actors.Processing.Rules;
using Digipoort.Actors.Processing.Transformation;
using Digipoort.Actors.Processing.Validation;

namespace Digipoort.Tests.Processing.Demo;

public sealed class FactuurTests
{
    private static DemoEntry Factuur => DemoEntry.Factuur;

    public static TheoryData<string> ValidSamples() => [.. DemoEntry.Factuur.Samples("*-valid.xml")];

    [Theory]
    [MemberData(nameof(ValidSamples))]
    public void Valid_samples_pass_schema_and_rules_with_no_errors(string sample)
    {
        var (schema, rules) = Factuur.Check(sample);

        Assert.True(schema.IsValid, string.Join("\n", schema.Findings));
        Assert.DoesNotContain(rules, v => v.Severity == RuleSeverity.Error);
    }

    [Fact]
    public void The_Utrecht_invoice_is_about_ten_kilobytes_and_draws_no_warning()
    {
        Assert.InRange(new FileInfo(Factuur.SamplePath("factuur-utrecht-valid.xml")).Length, 8_000, 14_000);
        Assert.Empty(Factuur.Check("factuur-utrecht-valid.xml").Rules);
    }

    [Fact]
    public void The_Rijkswaterstaat_invoice_passes_with_a_warning_for_its_missing_buyer_reference()
    {
        var violation = Assert.Single(Factuur.Check("factuur-rijkswaterstaat-valid.xml").Rules);

        Assert.Equal(("FAC-W-REFERENCE", RuleSeverity.Warning, 2), (violation.RuleId, violation.Severity, violation.Line));
    }

    [Fact]
    public void The_schema_invalid_sample_has_a_finding_per_planted_mistake()
    {
        var (schema, _) = Factuur.Check("factuur-invalid-schema.xml");

        Assert.False(schema.IsValid);
        Assert.All(schema.Findings, f => Assert.Equal(FindingCodes.Schema, f.Code));
        // Month 13, an amount without currencyID, an element UBL does not have here.
        Assert.Equal([9, 85, 106], schema.Findings.Select(f => f.Line));
        Assert.Contains("IssueDate", schema.Findings[0].Description, StringComparison.Ordinal);
        Assert.Contains("currencyID", schema.Findings[1].Description, StringComparison.Ordinal);
        Assert.Contains("Discount", schema.Findings[2].Description, StringComparison.Ordinal);
    }

    [Fact]
    public void The_totals_sample_breaks_the_line_amount_the_payable_amount_and_the_due_date()
    {
        var (schema, rules) = Factuur.Check("factuur-invalid-totals.xml");

        Assert.True(schema.IsValid, string.Join("\n", schema.Findings));
        Assert.Equal(
            [("FAC-LINE-AMOUNT", 117), ("FAC-SUM-PAYABLE", 81), ("FAC-DUE-DATE", 10)],
            rules.Select(v => (v.RuleId, v.Line)));
        Assert.All(rules, v => Assert.Equal(RuleSeverity.Error, v.Severity));
        Assert.Equal("Invoice line 003: the line amount 2170.00 is not the quantity 16 × the price 135.00 (per 1).", rules[0].Message);
        Assert.Equal("The due date 2026-11-01 is before the issue date 2026-11-06.", rules[2].Message);
    }

    [Fact]
    public void The_sample_without_a_buyer_endpoint_breaks_the_buyer_identifier_rule()
    {
        var (schema, rules) = Factuur.Check("factuur-invalid-buyer-identifier.xml");

        Assert.True(schema.IsValid, string.Join("\n", schema.Findings));
        var violation = Assert.Single(rules);
        Assert.Equal(("FAC-BUYER-ID", RuleSeverity.Error, 45, 6), (violation.RuleId, violation.Severity, violation.Line, violation.Position));
    }

    [Fact]
    public void The_unknown_buyer_passes_schema_and_rules_and_its_route_yields_an_OIN_no_recipient_has()
    {
        var (schema, rules) = Factuur.Check("factuur-unrouted-unknown-buyer.xml");

        Assert.True(schema.IsValid);
        Assert.Empty(rules);
        Assert.Equal("00000001999999999000", RouteValue("factuur-unrouted-unknown-buyer.xml"));
    }

    [Theory]
    [InlineData("factuur-utrecht-valid.xml", "00000001002220647000")]
    [InlineData("factuur-utrecht-bijlage-valid.xml", "00000001002220647000")]
    [InlineData("factuur-rijkswaterstaat-valid.xml", "00000001003214369000")]
    [InlineData("factuur-invalid-buyer-identifier.xml", "")]
    public void The_route_selects_the_buyers_OIN(string sample, string oin) => Assert.Equal(oin, RouteValue(sample));

    [Fact]
    public void The_attachment_sample_references_the_attachment_file_shipped_beside_it()
    {
        var navigator = BusinessRules.LoadDocument(File.OpenRead(Factuur.SamplePath("factuur-utrecht-bijlage-valid.xml"))).CreateNavigator();
        var id = navigator.Evaluate(Compile("string(/inv:Invoice/cac:AdditionalDocumentReference/cbc:ID)"));

        Assert.Equal("urenstaat-oktober-2026.csv", id);
        Assert.True(File.Exists(Factuur.SamplePath("urenstaat-oktober-2026.csv")));
        Assert.Equal(AttachmentMode.Separate, Factuur.Manifest.Deliveries!["gemeente-utrecht"].Attachments);
    }

    [Fact]
    public void The_cbs_summary_is_JSON_with_the_totals_and_escaped_strings()
    {
        var delivery = Factuur.Manifest.Deliveries!["cbs"];
        var transform = DocumentTransform.Load(Factuur.Folder, delivery.Transform!);
        // Quotes, a backslash, a tab and a line break in names must survive as JSON.
        var invoice = File.ReadAllText(Factuur.SamplePath("factuur-utrecht-valid.xml"))
            .Replace("<cbc:RegistrationName>Gemeente Utrecht", "<cbc:RegistrationName>Gemeente \"Utrecht\" \\ Stad&#9;&#10;Centrum", StringComparison.Ordinal);
        using var output = new MemoryStream();

        transform.Apply(new MemoryStream(Encoding.UTF8.GetBytes(invoice)), output, CancellationToken.None);

        Assert.Equal("application/json", delivery.MimeType);
        Assert.NotEqual(0xEF, output.ToArray()[0]);
        using var json = JsonDocument.Parse(output.ToArray());
        var root = json.RootElement;
        Assert.Equal("DV-2026-0412", root.GetProperty("factuurnummer").GetString());
        Assert.Equal("2026-12-02", root.GetProperty("vervaldatum").GetString());
        Assert.Equal("Gemeente \"Utrecht\" \\ Stad\t\nCentrum", root.GetProperty("afnemer").GetProperty("naam").GetString());
        Assert.Equal("00000001002220647000", root.GetProperty("afnemer").GetProperty("oin").GetString());
        Assert.Equal("12345678", root.GetProperty("leverancier").GetProperty("kvk").GetString());
        Assert.Equal(11, root.GetProperty("aantalRegels").GetInt32());
        var navigator = BusinessRules.LoadDocument(new MemoryStream(Encoding.UTF8.GetBytes(invoice))).CreateNavigator();
        Assert.Equal(navigator.Evaluate(Compile("string(/inv:Invoice/cac:LegalMonetaryTotal/cbc:PayableAmount)")),
            root.GetProperty("teBetalen").GetString());
    }

    [Fact]
    public void The_cbs_summary_refuses_a_document_that_is_no_invoice()
    {
        var transform = DocumentTransform.Load(Factuur.Folder, Factuur.Manifest.Deliveries!["cbs"].Transform!);

        var e = Assert.Throws<TransformationException>(() =>
            transform.Apply(DemoCatalogue.Utf8("<Aangifte/>"), new MemoryStream(), CancellationToken.None));

        Assert.Contains("Not a UBL invoice", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_manifest_routes_and_static_recipient_are_as_documented()
    {
        var manifest = Factuur.Manifest;

        Assert.Equal(["cbs"], manifest.Recipients!);
        var route = Assert.Single(manifest.Routes!);
        Assert.True(route.MatchRecipientOin);
        Assert.True(Factuur.Rules.AssertionCount >= 15);
    }

    private static System.Xml.XPath.XPathExpression Compile(string expression) =>
        CatalogueXPath.Compile(expression, CatalogueXPath.Namespaces(Factuur.Manifest.Namespaces), Factuur.Folder, "test");

    private static string RouteValue(string sample)
    {
        var select = Compile($"string({Assert.Single(Factuur.Manifest.Routes!).Select})");
        using var stream = File.OpenRead(Factuur.SamplePath(sample));
        return (string)BusinessRules.LoadDocument(stream).CreateNavigator().Evaluate(select);
    }
}
