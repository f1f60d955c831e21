using Digipoort.Actors.Domain;
using Digipoort.Actors.Processing.Authorisation;

namespace Digipoort.Tests.Lifecycle;

public class AuthorisationMatrixTests
{
    private static readonly SenderIdentity Direct = SenderIdentity.From("00000003111111110000");
    private static readonly SenderIdentity Everything = SenderIdentity.From("00000003222222220000");
    private static readonly SenderIdentity Intermediary = SenderIdentity.From("00000003333333330000");
    private static readonly SenderIdentity Stranger = SenderIdentity.From("00000003999999990000");
    private static readonly Identiteit Client = new("001000044B37", "Fi");
    private static readonly Identiteit OtherClient = new("001000099B01", "Fi");
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    private static readonly AuthorisationMatrix Matrix = new(new Dictionary<string, SenderEntitlement>
    {
        [Direct.Value] = new(SenderRole.Aanleveraar, new HashSet<string> { "Omzetbelasting" }, []),
        [Everything.Value] = new(SenderRole.Aanleveraar, new HashSet<string> { AuthorisationMatrix.AnyBerichtsoort }, []),
        [Intermediary.Value] = new(SenderRole.Intermediair, new HashSet<string>(),
        [
            new Mandate("001000044B37", "Fi", new HashSet<string> { "Omzetbelasting" }, new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31)),
            new Mandate("001000099B01", null, new HashSet<string> { "Omzetbelasting" }, null, new DateOnly(2025, 12, 31)),
        ]),
    });

    [Fact]
    public void A_sender_may_submit_the_berichtsoorten_listed_for_it_for_any_belanghebbende() =>
        Assert.True(Matrix.MaySubmit(Direct, "Omzetbelasting", OtherClient, Now).Allowed);

    [Fact]
    public void A_sender_may_not_submit_other_berichtsoorten()
    {
        var decision = Matrix.MaySubmit(Direct, "Aangifte_LH", Client, Now);
        Assert.False(decision.Allowed);
        Assert.Contains("not authorised for berichtsoort 'Aangifte_LH'", decision.Reason);
    }

    [Fact]
    public void A_wildcard_allows_every_berichtsoort() => Assert.True(Matrix.MaySubmit(Everything, "Anything", Client, Now).Allowed);

    [Fact]
    public void An_unregistered_sender_may_submit_nothing() =>
        Assert.Contains("not registered", Matrix.MaySubmit(Stranger, "Omzetbelasting", Client, Now).Reason);

    [Fact]
    public void An_intermediary_with_a_valid_mandate_may_submit_for_that_belanghebbende() =>
        Assert.True(Matrix.MaySubmit(Intermediary, "Omzetbelasting", Client, Now).Allowed);

    [Theory]
    [InlineData(2025, 12, 31)]
    [InlineData(2027, 1, 1)]
    public void An_intermediary_outside_its_mandates_validity_may_not_submit(int year, int month, int day)
    {
        var decision = Matrix.MaySubmit(Intermediary, "Omzetbelasting", Client, new DateTimeOffset(year, month, day, 12, 0, 0, TimeSpan.Zero));
        Assert.False(decision.Allowed);
        Assert.Contains("not valid on", decision.Reason);
    }

    [Fact]
    public void The_validity_dates_are_inclusive()
    {
        Assert.True(Matrix.MaySubmit(Intermediary, "Omzetbelasting", Client, new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)).Allowed);
        Assert.True(Matrix.MaySubmit(Intermediary, "Omzetbelasting", Client, new DateTimeOffset(2026, 12, 31, 23, 59, 59, TimeSpan.Zero)).Allowed);
    }

    [Fact]
    public void An_expired_mandate_is_no_mandate() =>
        Assert.False(Matrix.MaySubmit(Intermediary, "Omzetbelasting", OtherClient, Now).Allowed);

    [Theory]
    [InlineData("001000044B37", "BTW", "Omzetbelasting")]
    [InlineData("001000044B37", "Fi", "Aangifte_LH")]
    [InlineData("123", "Fi", "Omzetbelasting")]
    public void An_intermediary_without_a_matching_mandate_may_not_submit(string nummer, string type, string berichtsoort)
    {
        var decision = Matrix.MaySubmit(Intermediary, berichtsoort, new Identiteit(nummer, type), Now);
        Assert.False(decision.Allowed);
        Assert.Contains("holds no mandate", decision.Reason);
    }

    [Fact]
    public void A_message_may_be_read_by_its_sender_and_by_a_mandated_intermediary_only()
    {
        Assert.True(Matrix.MayRead(Direct, Direct, "Omzetbelasting", Client, Now));
        Assert.True(Matrix.MayRead(Intermediary, Direct, "Omzetbelasting", Client, Now));
        Assert.False(Matrix.MayRead(Intermediary, Direct, "Omzetbelasting", OtherClient, Now)); // mandate expired
        Assert.False(Matrix.MayRead(Stranger, Direct, "Omzetbelasting", Client, Now));
        Assert.False(Matrix.MayRead(Everything, Direct, "Omzetbelasting", Client, Now)); // may submit all, not read others'
    }
}
