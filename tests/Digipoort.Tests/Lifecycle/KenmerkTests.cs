using Digipoort.Actors.Domain;

namespace Digipoort.Tests.Lifecycle;

public class KenmerkTests
{
    private static readonly SenderIdentity Sender = SenderIdentity.From("00000003123456780000");

    [Fact]
    public void A_kenmerk_derived_from_sender_and_aanleverkenmerk_is_stable_and_a_uuid()
    {
        var first = Kenmerk.ForSubmission(Sender, "ref-1");

        Assert.Equal(first, Kenmerk.ForSubmission(Sender, "ref-1"));
        Assert.True(Guid.TryParse(first.Value, out var guid));
        Assert.Equal(8, guid.Version);
        Assert.True(first.Value.Length <= Kenmerk.MaxLength);
    }

    [Fact]
    public void Different_aanleverkenmerken_give_different_kenmerken() =>
        Assert.NotEqual(Kenmerk.ForSubmission(Sender, "ref-1"), Kenmerk.ForSubmission(Sender, "ref-2"));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not-a-uuid")]
    [InlineData("../../etc/passwd")]
    public void Anything_but_a_uuid_is_not_a_kenmerk(string? value) => Assert.False(Kenmerk.TryParse(value, out _));
}
