using Digipoort.Actors.Domain;
using Digipoort.Actors.Processing.Authorisation;

namespace Digipoort.Tests.Lifecycle;

public class AuthorisationTableTests
{
    private static readonly AuthorisationTable Table = new(new Dictionary<string, IReadOnlyCollection<string>>
    {
        ["00000003111111110000"] = ["Omzetbelasting"],
        ["00000003222222220000"] = [AuthorisationTable.AnyBerichtsoort],
    });

    [Fact]
    public void A_sender_may_submit_the_berichtsoorten_it_is_listed_for() =>
        Assert.True(Table.Decide(SenderIdentity.From("00000003111111110000"), "Omzetbelasting").Allowed);

    [Fact]
    public void A_sender_may_not_submit_other_berichtsoorten()
    {
        var decision = Table.Decide(SenderIdentity.From("00000003111111110000"), "Aangifte_LH");
        Assert.False(decision.Allowed);
        Assert.Contains("Aangifte_LH", decision.Reason);
    }

    [Fact]
    public void A_wildcard_allows_every_berichtsoort() =>
        Assert.True(Table.Decide(SenderIdentity.From("00000003222222220000"), "Anything").Allowed);

    [Fact]
    public void An_unlisted_sender_may_submit_nothing() =>
        Assert.False(Table.Decide(SenderIdentity.From("00000003999999990000"), "Omzetbelasting").Allowed);
}
