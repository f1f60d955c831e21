using Digipoort.Api.Ingress;

namespace Digipoort.Tests.Api;

public class EnvelopeRulesTests
{
    private static readonly EnvelopeFields Valid = new("Omzetbelasting", "ref-1", null, "001000044B37", "Fi", "Bedrijf",
        null, null, null, "http://geenausp.nl");

    [Fact]
    public void A_complete_envelope_passes_with_whitespace_collapsed()
    {
        var (envelope, errors) = EnvelopeRules.Check(Valid with { RolBelanghebbende = "  Bedrijf \n" });

        Assert.Empty(errors);
        Assert.Equal("Bedrijf", envelope!.RolBelanghebbende);
    }

    [Fact]
    public void Missing_required_fields_are_all_reported()
    {
        var (envelope, errors) = EnvelopeRules.Check(Valid with { Berichtsoort = null, BelanghebbendeNummer = " " });

        Assert.Null(envelope);
        Assert.Contains("berichtsoort is required.", errors);
        Assert.Contains("identiteitBelanghebbende.nummer is required.", errors);
    }

    [Fact]
    public void Values_over_the_koppelvlak_maximum_are_refused() =>
        Assert.Contains("aanleverkenmerk is longer than 40 characters.", EnvelopeRules.Check(Valid with { Aanleverkenmerk = new string('x', 41) }).Errors);

    [Fact]
    public void Control_characters_are_refused() =>
        Assert.Contains("berichtsoort contains control characters.", EnvelopeRules.Check(Valid with { Berichtsoort = "Omzet\u0000" }).Errors);

    [Fact]
    public void A_recipient_identity_needs_both_parts() =>
        Assert.Contains("identiteitOntvanger needs both nummer and type.", EnvelopeRules.Check(Valid with { OntvangerNummer = "1" }).Errors);

    [Theory]
    [InlineData("text/xml", true)]
    [InlineData("application/xml; charset=utf-8", true)]
    [InlineData("application/xbrl+xml", true)]
    [InlineData("application/pdf", false)]
    public void Xml_mime_types_are_recognised(string mime, bool isXml) => Assert.Equal(isXml, EnvelopeRules.IsXml(mime));
}
