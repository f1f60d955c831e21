using System.Threading.Channels;
using Akka;
using Akka.Actor;
using Akka.Streams;
using Akka.Streams.Dsl;
using Digipoort.Actors.Messages;

namespace Digipoort.Actors.Ingress;

/// <summary>
/// The one admission stage every ingress path goes through: a bounded queue drained by an
/// Akka.Streams stage that keeps at most <see cref="AdmissionSettings.MaxInFlight"/> submissions at
/// the message entities at once, and lets one in only while the node has room (<see cref="NodeCapacity"/>:
/// not too many messages in progress, the journal keeping up). That bounds the journal's pending writes (its buffer fails writes
/// rather than pushing back, and a write slower than its timeouts fails too) and memory; when the queue is
/// full or the node has no room the caller is told at once (<see cref="GatewayOverloadedException"/>)
/// instead of waiting in an unbounded queue.
/// </summary>
public sealed class SubmissionAdmission
{
    private readonly Channel<Admitted> _queue;
    private readonly AdmissionSettings _settings;
    private readonly NodeCapacity _capacity;

    public SubmissionAdmission(ActorSystem system, IActorRef messages, AdmissionSettings settings, NodeCapacity capacity)
    {
        _settings = settings;
        _capacity = capacity;
        _queue = Channel.CreateBounded<Admitted>(new BoundedChannelOptions(settings.QueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait, // TryWrite then fails at once when full
        });

        ChannelSource.FromReader(_queue.Reader)
            .SelectAsyncUnordered(settings.MaxInFlight, admitted => AdmitAsync(messages, admitted))
            .RunWith(Sink.Ignore<NotUsed>(), system.Materializer());
    }

    /// <summary>
    /// Queues the submission; throws <see cref="GatewayOverloadedException"/> when the queue is full or the node
    /// has no room.
    /// </summary>
    public Task<SubmitReply> SubmitAsync(SubmitMessage command, CancellationToken cancellationToken)
    {
        var admitted = new Admitted(command, new TaskCompletionSource<SubmitReply>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_capacity.HasRoom || !_queue.Writer.TryWrite(admitted))
            throw new GatewayOverloadedException(_settings.RetryAfter);
        return admitted.Reply.Task.WaitAsync(cancellationToken);
    }

    private async Task<NotUsed> AdmitAsync(IActorRef messages, Admitted admitted)
    {
        try
        {
            // Queued before the node filled up: waits here, so at most MaxInFlight get past a full node.
            await _capacity.WaitForRoomAsync(CancellationToken.None).ConfigureAwait(false);
            admitted.Reply.TrySetResult(await messages.Ask<SubmitReply>(admitted.Command, _settings.AskTimeout).ConfigureAwait(false));
        }
        catch (Exception ex) when (ex is AskTimeoutException or TaskCanceledException)
        {
            admitted.Reply.TrySetException(new TimeoutException("The message entity did not confirm the submission in time.", ex));
        }
        return NotUsed.Instance;
    }

    private sealed record Admitted(SubmitMessage Command, TaskCompletionSource<SubmitReply> Reply);
}

public sealed record AdmissionSettings(int QueueCapacity, int MaxInFlight, TimeSpan AskTimeout, TimeSpan RetryAfter);

/// <summary>The admission queue is full: the caller should retry after <see cref="RetryAfter"/>.</summary>
public sealed class GatewayOverloadedException(TimeSpan retryAfter)
    : Exception("The gateway is at capacity; try again shortly.")
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}
