using Digipoort.Node.Authorisation;

namespace Digipoort.Tests.Node;

public class AuthorisationMatrixBuilderTests
{
    [Fact]
    public void Every_problem_of_an_invalid_matrix_is_named()
    {
        var settings = new AuthorisationSettings
        {
            Senders =
            {
                ["a"] = new SenderSettings { Role = "Koning" },
                ["b"] = new SenderSettings { Mandates = [new MandateSettings { Belanghebbende = "1", Berichtsoorten = ["X"] }] },
                ["c"] = new SenderSettings
                {
                    Role = "Intermediair",
                    Mandates = [new MandateSettings { Berichtsoorten = [], ValidFrom = new DateOnly(2027, 1, 1), ValidUntil = new DateOnly(2026, 1, 1) }],
                },
            },
        };

        var error = Assert.Throws<InvalidOperationException>(() => AuthorisationMatrixBuilder.Build(settings)).Message;

        Assert.Contains("sender 'a': unknown role 'Koning'", error);
        Assert.Contains("sender 'b': only an Intermediair holds mandates", error);
        Assert.Contains("sender 'c' mandate 0: Belanghebbende is required", error);
        Assert.Contains("sender 'c' mandate 0: Berichtsoorten is empty", error);
        Assert.Contains("sender 'c' mandate 0: ValidFrom is after ValidUntil", error);
    }
}
