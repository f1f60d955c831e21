using Digipoort.Actors.Processing.Catalogue;
using Digipoort.Actors.Processing.Rules;
using Digipoort.Actors.Processing.Validation;
using Digipoort.Tests.Support;

namespace Digipoort.Tests.Processing.Standards;

/// <summary>
/// A catalogue entry as an operator installs SI-UBL 2.0 (NLCIUS): the OASIS UBL 2.1 schemas and the SI-UBL 2.0
/// Schematron (with the CEN EN 16931 rules it includes), both as published, Invoice and CreditNote as roots.
/// </summary>
public sealed class SiUblEntry : IDisposable
{
    public const string Berichtsoort = "SI-UBL-2.0";

    public static readonly string Manifest = $$"""
        {
          "berichtsoort": "{{Berichtsoort}}",
          "description": "NLCIUS / SI-UBL 2.0 e-invoice (UBL 2.1 Invoice or CreditNote) with the official business rules",
          "version": "2.0.3.12",
          "schemas": ["ubl-2.1/maindoc/UBL-Invoice-2.1.xsd", "ubl-2.1/maindoc/UBL-CreditNote-2.1.xsd"],
          "roots": [
            "{urn:oasis:names:specification:ubl:schema:xsd:Invoice-2}Invoice",
            "{urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2}CreditNote"
          ],
          "rules": ["si-ubl-2.0/si-ubl-2.0.sch"],
          "recipients": ["ontvanger"]
        }
        """;

    private readonly TempCatalogue _catalogue = new();

    public SiUblEntry()
    {
        Install(Path.Combine(_catalogue.Root, "SiUbl"));
        Type = Assert.Single(_catalogue.Load().All);
    }

    public MessageType Type { get; }

    /// <summary>Installs the entry, as shipped, into <paramref name="folder"/>.</summary>
    public static void Install(string folder)
    {
        OfficialStandards.InstallUbl(folder);
        OfficialStandards.InstallSiUblRules(folder);
        File.WriteAllText(Path.Combine(folder, "manifest.json"), Manifest);
    }

    /// <summary>Schema validation, then (as the gateway does) the business rules only for a schema-valid document.</summary>
    public (ValidationReport Schema, IReadOnlyList<RuleViolation> Rules) Check(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var schema = SchemaValidator.Validate(Type, new MemoryStream(bytes));
        if (!schema.IsValid)
            return (schema, []);
        var navigator = BusinessRules.LoadDocument(new MemoryStream(bytes)).CreateNavigator();
        return (schema, Type.Rules.SelectMany(r => r.Evaluate(navigator, CancellationToken.None)).ToList());
    }

    public void Dispose() => _catalogue.Dispose();
}

/// <summary>What an SI-UBL 2.0 test file's name says it must give: ok, warning or error, and for which rule.</summary>
public sealed record SiUblExpectation(string File, string Outcome, string? RuleId)
{
    /// <summary>
    /// Test files (SI-UBL 2.0.3.2) whose named rule the published rule set (2.0.3.12) does not report, and the rule
    /// it reports instead, as an XSLT implementation of it does too. The outcome (warning, error) is the named one.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, (string Rule, string Why)> RuleGivenInstead = new Dictionary<string, (string, string)>
    {
        // The BR-NL-34 rules have the same contexts as the BR-NL-32 rules before them in the same pattern, so by ISO
        // Schematron's "a node is checked by the first rule of a pattern that matches it" they never fire.
        ["SI-UBL-2.0_BR-NL-34_warning_reasoncode.xml"] = ("BR-NL-32", "BR-NL-32 shadows BR-NL-34 (same rule contexts, earlier in the pattern)"),
        ["SI-UBL-2.0_BR-NL-34_warning_reasoncode_line.xml"] = ("BR-NL-32", "BR-NL-32 shadows BR-NL-34 (same rule contexts, earlier in the pattern)"),
        // 381 (credit note) is among BR-NL-7's allowed type codes in 2.0.3.12; on an Invoice it breaks BR-NL-8 instead.
        ["SI-UBL-2.0_BR-NL-7_error_381_invoice.xml"] = ("BR-NL-8", "381 passes BR-NL-7 in 2.0.3.12; an Invoice with 381 breaks BR-NL-8"),
    };

    /// <summary>The rule the findings must name: the file's, or what <see cref="RuleGivenInstead"/> says.</summary>
    public string? ExpectedRule => RuleGivenInstead.TryGetValue(File, out var instead) ? instead.Rule : RuleId;

    /// <summary>
    /// Whether <paramref name="ruleId"/> or <paramref name="message"/> is about the expected rule: the rule set gives some
    /// asserts ids of their own ("BR-NL-28-2") and names the business rule at the start of the message ("[BR-NL-28] …").
    /// </summary>
    public bool IsAboutExpectedRule(string ruleId, string message) =>
        ExpectedRule is { } rule && (ruleId == rule || message.Contains($"[{rule}]", StringComparison.Ordinal));

    public static SiUblExpectation FromFileName(string path)
    {
        // SI-UBL-2.0[_rule]_<ok|warning|error>[_description].xml
        var parts = Path.GetFileNameWithoutExtension(path)["SI-UBL-2.0_".Length..].Split('_');
        var outcomeAt = Array.FindIndex(parts, p => p is "ok" or "warning" or "error");
        Assert.True(outcomeAt >= 0, $"{path}: no outcome in the name");
        return new SiUblExpectation(Path.GetFileName(path)!, parts[outcomeAt], outcomeAt == 0 ? null : string.Join("_", parts[..outcomeAt]));
    }

    public static IEnumerable<string> All() =>
        Directory.GetFiles(OfficialStandards.SiUblTestFiles, "SI-UBL-2.0*.xml").Order(StringComparer.Ordinal);
}
