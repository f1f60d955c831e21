using System.Diagnostics;
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
/// <para>
/// A submission whose shard lived on a node that has just become unreachable waits for the failure detector, the
/// split-brain resolver and the shard's move (seconds). It must neither hold the sender for the full ask timeout nor
/// hold an admission slot that submissions to healthy shards could use: while shards may be moving (a member is
/// unreachable, or one was just removed: <see cref="ClusterSettling"/>) the entity gets
/// <see cref="AdmissionSettings.UnreachableAskTimeout"/>, and a submission not confirmed by then is refused as
/// retryable (<see cref="SubmissionNotConfirmedException"/>: 503 with Retry-After). Retrying is safe: the same
/// aanleverkenmerk and content finds the same message if the first attempt was stored after all.
/// </para>
/// </summary>
public sealed class SubmissionAdmission
{
    private readonly Channel<Admitted> _queue;
    private readonly AdmissionSettings _settings;
    private static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(1);

    private readonly NodeCapacity _capacity;
    private readonly Func<bool> _shardsMayBeMoving;
    private readonly Func<bool> _journalUnavailable;

    /// <param name="capacity">Whether the node has room for one more message in progress.</param>
    /// <param name="shardsMayBeMoving">Whether shards may be moving now (see <see cref="ClusterSettling"/>).</param>
    /// <param name="journalUnavailable">Whether the journal's database is known not to answer now: nothing could be stored.</param>
    public SubmissionAdmission(ActorSystem system, IActorRef messages, AdmissionSettings settings, NodeCapacity capacity,
        Func<bool> shardsMayBeMoving, Func<bool> journalUnavailable)
    {
        _settings = settings;
        _capacity = capacity;
        _shardsMayBeMoving = shardsMayBeMoving;
        _journalUnavailable = journalUnavailable;
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
    /// Queues the submission; throws <see cref="GatewayOverloadedException"/> when the queue is full, the node has no
    /// room, or the journal cannot store it now.
    /// </summary>
    public Task<SubmitReply> SubmitAsync(SubmitMessage command, CancellationToken cancellationToken)
    {
        if (_journalUnavailable())
            throw new GatewayOverloadedException(_settings.RetryAfter, "The gateway cannot store submissions right now; try again shortly.");
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
            admitted.Reply.TrySetResult(await ConfirmedAsync(messages.Ask<SubmitReply>(admitted.Command, _settings.AskTimeout)).ConfigureAwait(false));
        }
        catch (Exception ex)
        {
            // Every failure ends here, not only the expected ones: an exception out of this stage fails the stream for good, and every
            // later submission would then wait on a queue nobody reads while the node still reports ready. Not confirmed is the
            // safe answer whatever happened: a retry with the same aanleverkenmerk and content finds the same message.
            admitted.Reply.TrySetException(ex as SubmissionNotConfirmedException ?? new SubmissionNotConfirmedException(_settings.RetryAfter, ex));
        }
        return NotUsed.Instance;
    }

    /// <summary>
    /// The entity's answer; but once the ask is older than <see cref="AdmissionSettings.UnreachableAskTimeout"/> while shards
    /// may be moving, not confirmed. Checked as time passes, not only when the ask starts: the asks sent between a node's
    /// death and its detection would otherwise wait the full timeout.
    /// </summary>
    private async Task<SubmitReply> ConfirmedAsync(Task<SubmitReply> ask)
    {
        var started = Stopwatch.GetTimestamp();
        var check = _settings.UnreachableAskTimeout < CheckInterval ? _settings.UnreachableAskTimeout : CheckInterval;
        while (true)
        {
            try
            {
                // WaitAsync drops its timer as soon as the answer comes: the usual, fast case costs no pending timer.
                return await ask.WaitAsync(check).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // Not filtered on the ask being unfinished: it can finish between the timer and this handler (on a busy machine the
                // handler runs late), and the next WaitAsync then returns its answer at once.
                if (Stopwatch.GetElapsedTime(started) >= _settings.UnreachableAskTimeout && _shardsMayBeMoving())
                    throw new SubmissionNotConfirmedException(_settings.RetryAfter, new TimeoutException("Shards are moving between cluster members."));
            }
        }
    }

    private sealed record Admitted(SubmitMessage Command, TaskCompletionSource<SubmitReply> Reply);
}

/// <param name="UnreachableAskTimeout">The ask timeout while a cluster member is unreachable (see <see cref="SubmissionAdmission"/>).</param>
public sealed record AdmissionSettings(int QueueCapacity, int MaxInFlight, TimeSpan AskTimeout, TimeSpan RetryAfter,
    TimeSpan UnreachableAskTimeout);

/// <summary>The gateway cannot take the submission now: the caller should retry after <see cref="RetryAfter"/>.</summary>
public class GatewayOverloadedException(TimeSpan retryAfter, string message = "The gateway is at capacity; try again shortly.",
    Exception? inner = null) : Exception(message, inner)
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}

/// <summary>
/// The message entity did not confirm the submission in time (its shard is moving, or the journal is slow): retryable, and
/// the same aanleverkenmerk and content finds the same message if it was stored after all.
/// </summary>
public sealed class SubmissionNotConfirmedException(TimeSpan retryAfter, Exception inner)
    : GatewayOverloadedException(retryAfter, "The submission was not confirmed in time; try again shortly.", inner);
