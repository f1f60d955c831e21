using Digipoort.Tests.Support;

namespace Digipoort.Tests.Api;

/// <summary>One node with a recipient that accepts everything, shared by the REST tests of a class.</summary>
public sealed class GatewayFixture : IAsyncLifetime
{
    public const long MaxContentBytes = 256 * 1024;

    private readonly TempDirectory _data = new();

    public TestNode Node { get; private set; } = null!;
    public LoopbackRecipient Recipient { get; private set; } = null!;
    public string DataDirectory => _data.Path;

    public async Task InitializeAsync()
    {
        Recipient = await LoopbackRecipient.StartAsync();
        Node = await TestNode.StartAsync(_data.Path, new Dictionary<string, string>
        {
            ["Digipoort:Recipients:belastingdienst:Endpoint"] = Recipient.Endpoint.ToString(),
            ["Digipoort:Submission:MaxContentBytes"] = MaxContentBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
    }

    public async Task DisposeAsync()
    {
        await Node.DisposeAsync();
        await Recipient.DisposeAsync();
        _data.Dispose();
    }
}
