using System.Net;
using System.Net.Http.Headers;
using Digipoort.Actors.Domain;
using Digipoort.Tests.Support;

namespace Digipoort.Tests.Api;

[Collection(NodeCollection.Name)]
public sealed class IngressLimitTests : IDisposable
{
    private readonly TempDirectory _data = new();

    [Fact]
    public async Task When_every_submission_slot_is_taken_a_further_submission_gets_503_ALS150_with_retry_after()
    {
        await using var node = await TestNode.StartAsync(_data.Path, new Dictionary<string, string>
        {
            ["Digipoort:Submission:MaxConcurrentRequests"] = "1",
            ["Digipoort:Submission:MaxQueuedRequests"] = "0",
        });
        // With Expect: 100-continue the body is sent only once the handler starts reading it, that
        // is, once the request holds the one submission slot.
        using var patient = new HttpClient(new SocketsHttpHandler { Expect100ContinueTimeout = TimeSpan.FromMinutes(1) })
        {
            BaseAddress = node.BaseAddress,
        };
        var slowBody = new HeldContent();
        var holding = patient.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/v1/messages")
        {
            Content = slowBody,
            Headers = { ExpectContinue = true },
        });
        await slowBody.Started.Task.WaitAsync(TimeSpan.FromSeconds(10));

        using var refused = await node.Client.SubmitMultipartAsync(GatewayClient.ValidDocument);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Equal(FaultCodes.Overloaded, (await refused.ProblemAsync()).GetProperty("faultCode").GetString());

        slowBody.Release.SetResult();
        using var held = await holding;
        Assert.Equal(HttpStatusCode.BadRequest, held.StatusCode); // it was never a valid submission
        await node.Client.SubmitMultipartAsync(GatewayClient.ValidDocument).AcceptedAsync(); // the slot is free again
    }

    public void Dispose() => _data.Dispose();

    /// <summary>A multipart body that sends its first bytes, then waits until released.</summary>
    private sealed class HeldContent : HttpContent
    {
        public HeldContent() => Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=held");

        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync("--held\r\nContent-Disposition: form-data; name=\"berichtsoort\"\r\n\r\n"u8.ToArray());
            await stream.FlushAsync();
            Started.SetResult();
            await Release.Task;
            await stream.WriteAsync("Omzetbelasting\r\n--held--\r\n"u8.ToArray());
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
