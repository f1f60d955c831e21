using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;
using Digipoort.Api.Security;

namespace Digipoort.Tests.Security;

public sealed class OinTests
{
    [Theory]
    [InlineData("00000003123456780000")]
    [InlineData("00000004003214345001")]
    [InlineData("00000002003214394002")]
    [InlineData("00000099000000000001")]
    public void Oins_from_known_registers_are_accepted(string value)
    {
        Assert.True(Oin.TryParse(value, out var oin, out var reason), reason);
        Assert.Equal(value, oin.Value);
    }

    [Theory]
    [InlineData("0000000312345678000", "19 characters")]
    [InlineData("000000031234567800000", "21 characters")]
    [InlineData("0000000312345678000A", "other than digits")]
    [InlineData("00000005123456780000", "not a known OIN register")]
    [InlineData("00000011123456780000", "not a known OIN register")]
    [InlineData("00000003123456781234", "KvK")]
    [InlineData("", "empty")]
    public void Malformed_oins_are_refused_with_a_reason(string value, string expectedReason)
    {
        Assert.False(Oin.TryParse(value, out _, out var reason));
        Assert.Contains(expectedReason, reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_oin_is_read_from_the_subject_serial_number()
    {
        var subject = Subject("00000003123456780000");
        Assert.True(Oin.TryRead(subject, out var oin, out _));
        Assert.Equal("00000003123456780000", oin.Value);
    }

    [Fact]
    public void A_subject_with_two_serial_numbers_is_ambiguous()
    {
        var subject = Subject("00000003123456780000", "00000003876543210000");
        Assert.False(Oin.TryRead(subject, out _, out var reason));
        Assert.Contains("more than one", reason, StringComparison.Ordinal);
    }

    private static X500DistinguishedName Subject(params string[] serialNumbers)
    {
        var builder = new X500DistinguishedNameBuilder();
        builder.AddOrganizationName("Voorbeeld BV");
        foreach (var serial in serialNumbers) builder.Add("2.5.4.5", serial, UniversalTagNumber.PrintableString);
        builder.AddCommonName("voorbeeld");
        return builder.Build();
    }
}
