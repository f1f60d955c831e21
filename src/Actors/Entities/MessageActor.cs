using System.Diagnostics;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Event;
using Akka.Persistence;
using Digipoort.Actors.Domain;
using Digipoort.Actors.Messages;
using Digipoort.Actors.Processing;
using Digipoort.Actors.Processing.Authorisation;

namespace Digipoort.Actors.Entities;

/// <summary>
/// One message (one Digipoort "proces"), event-sourced and sharded by kenmerk. A thin shell around
/// <see cref="MessageDecisions"/>, <see cref="MessageState.Apply"/> and <see cref="MessageWork"/> (where the
/// order of a message's steps is written down): it gathers inputs, persists the decided events, replies once they
/// are durable, and runs processing and delivery as tasks whose results come back as messages. What a message does
/// as part of a batch is <see cref="BatchCoordination"/>'s.
/// </summary>
public sealed class MessageActor : ReceivePersistentActor, IWithTimers
{
    private readonly MessageServices _services;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly CancellationTokenSource _stopping = new();
    private readonly HashSet<(string Recipient, int Part)> _deliveriesRunning = [];
    // First attempts this incarnation's routing counted as started and that it has not made yet; after a
    // restart the set is empty, so an attempt that may have been under way is followed by a recorded new one.
    private readonly HashSet<(string Recipient, int Part)> _firstAttemptsNotMade = [];
    private BatchCoordination? _batch;
    private MessageState _state = MessageState.Empty;
    private bool _processingRunning;
    private bool _countedInProgress;
    private bool _passivating;
    private bool _handingOff;

    public MessageActor(string kenmerk, MessageServices services)
    {
        _services = services;
        PersistenceId = PersistenceIdFor(kenmerk);

        Recover<IMessageEvent>(e => _state = MessageState.Apply(_state, e));
        // Not OnReplaySuccess: resuming may record an attempt's start, and nothing can be written during replay.
        Recover<RecoveryCompleted>(_ => Resume());

        Command<SubmitMessage>(Submit);
        Command<GetMessageStatuses>(q => ReplyAndMaybeRest(MessageViews.Statuses(q.Kenmerk, _state, q.From, q.To)));
        Command<GetMessageSummary>(q => ReplyAndMaybeRest(MessageViews.Summary(q.Kenmerk, _state)));
        Command<ProcessingFinished>(OnProcessingFinished);
        Command<DeliveryFinished>(OnDeliveryFinished);
        // A batch's items and an item's batch: see BatchCoordination.
        Command<ItemsReleaseFinished>(finished =>
        {
            if (Batch.ReleaseFinished(finished, _state, Now()) is { } released) PersistThen(released, Resume);
        });
        Command<BatchItemEnded>(ended =>
        {
            if (!HandedOverWhilePassivating(ended)) Batch.ItemEnded(ended, Sender);
        });
        Command<RecordEndedItems>(_ =>
        {
            var (events, answerItems) = Batch.TakeEndedItems(_state, Now());
            PersistThen(events, () =>
            {
                answerItems();
                Resume();
            });
        });
        Command<BatchItemEndedAck>(_ => PersistThen(MessageDecisions.BatchAcknowledged(_state, Now()), Resume));
        Command<RetryBatchNotification>(_ =>
        {
            Batch.NotificationUnanswered();
            Resume();
        });
        Command<WakeUp>(_ => Resume());
        Command<WakeMessage>(_ =>
        {
            Resume();
            if (_state.Phase == MessagePhase.Empty) PassivateIfIdle(); // woken for a kenmerk with no journal: don't linger
        });
        Command<StopAfterRunningWork>(_ =>
        {
            _handingOff = true;
            Resume();
        });
        Command<ReceiveTimeout>(_ => PassivateIfIdle());
    }

    public static string PersistenceIdFor(string kenmerk) => "message-" + kenmerk;

    public override string PersistenceId { get; }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Made on first use: <see cref="Timers"/> is set only after the constructor has run.</summary>
    private BatchCoordination Batch => _batch ??= new BatchCoordination(_services.BatchRelease, _services.MessageRegion,
        _services.Settings, _services.Random, Self, Timers, _log, _stopping.Token);

    /// <summary>
    /// Messages are short-lived and write a handful of events, so they never snapshot. Skipping the
    /// snapshot query leaves one round trip (the highest sequence number) to start a new message,
    /// which is what bounds how fast new messages can be taken in.
    /// </summary>
    public override Recovery Recovery => new(SnapshotSelectionCriteria.None);

    protected override void PostStop()
    {
        CountInProgress(false);
        _stopping.Cancel();
        _stopping.Dispose();
        base.PostStop();
    }

    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        _log.Error(cause, "Message {Kenmerk}: writing {Event} (seq {SequenceNr}) failed", _state.Kenmerk, @event.GetType().Name, sequenceNr);
        base.OnPersistFailure(cause, @event, sequenceNr);
    }

    private void Submit(SubmitMessage command)
    {
        if (HandedOverWhilePassivating(command)) return;
        var now = Now();
        // An item of a batch was authorised with its batch: the batch's berichtsoort names the items' one.
        var authorisation = command.Batch is null
            ? _services.Authorisation.MaySubmit(command.Sender, command.Envelope.Berichtsoort,
                command.Envelope.IdentiteitBelanghebbende, now)
            : AuthorisationDecision.Allow;
        var (outcome, events) = MessageDecisions.Submit(_state, command, authorisation, now, _services.Settings.DeliveryWindow);

        var replyTo = Sender;
        PersistThen(events, () =>
        {
            // Resumed first, so the message counts as in progress before its submitter may admit the next one.
            Resume();
            replyTo.Tell(new SubmitReply(outcome, _state.Kenmerk ?? command.Kenmerk, _state.AcceptedAt ?? now, _state.History));
        });
    }

    private void OnProcessingFinished(ProcessingFinished finished)
    {
        _processingRunning = false;
        var now = Now();
        var events = finished.Result is DocumentProcessingResult.CouldNotRun f
            ? MessageDecisions.ValidationCouldNotRun(_state, f.Detail, now,
                _services.Settings.ValidationRetry, _services.Settings.MaxValidationAttempts, _services.Random())
            : MessageDecisions.ProcessingCompleted(_state, finished.Result, now);
        PersistThen(events, Resume);
    }

    private void OnDeliveryFinished(DeliveryFinished finished)
    {
        _deliveriesRunning.Remove((finished.Recipient, finished.Part));
        var events = MessageDecisions.DeliveryAttempted(_state, finished.Recipient, finished.Part, finished.Attempt,
            finished.Outcome, Now(), _services.Settings.DeliveryRetry, _services.Random());
        PersistThen(events, Resume);
    }

    /// <summary>Starts or schedules whatever the state says is outstanding; rests when nothing is.</summary>
    private void Resume()
    {
        if (_handingOff)
        {
            // Whatever is still outstanding starts again on the node that takes this message over.
            if (NothingRunning) Context.Stop(Self);
            return;
        }
        if (_state.MustRecordEnd)
        {
            // Ended before MessageEnded existed: record it, so the durable wake-up stops watching this message.
            PersistThen([], Resume);
            return;
        }
        var now = Now();
        foreach (var work in MessageWork.Outstanding(_state, now))
        {
            switch (work)
            {
                case WorkItem.Validate when !_processingRunning:
                    StartProcessing();
                    break;
                case WorkItem.Deliver d when _deliveriesRunning.Add((d.Recipient, d.Part)):
                    BeginAttempt(d.Recipient, d.Part);
                    break;
                case WorkItem.ReleaseItems r:
                    Batch.Release(r, _state);
                    break;
                case WorkItem.NotifyBatch:
                    Batch.NotifyBatch(_state);
                    break;
                case WorkItem.WakeAt w:
                    Timers.StartSingleTimer(w.Key, WakeUp.Instance, w.At - now);
                    break;
            }
        }
        // Resume runs once the outcome of finished work is durable, so the count covers that write too.
        CountInProgress(_processingRunning || _deliveriesRunning.Count > 0 || _state.MustNotifyBatch);
        if (IsIdle) Context.SetReceiveTimeout(_services.Settings.IdleBeforePassivation);
    }

    /// <summary>
    /// Counts this message among the node's messages in progress while it has work under way, so that new
    /// messages wait while the journal has as many writes coming as it takes (see <see cref="Ingress.NodeCapacity"/>).
    /// Releasing a batch's items does not count: the items count themselves, and the release waits for room.
    /// </summary>
    private void CountInProgress(bool inProgress)
    {
        if (inProgress == _countedInProgress) return;
        _countedInProgress = inProgress;
        if (inProgress) _services.Capacity.Enter();
        else _services.Capacity.Leave();
    }

    private void StartProcessing()
    {
        _processingRunning = true;
        var envelope = _state.Envelope!;
        var processing = _services.Processing;
        var token = _stopping.Token;
        Task.Run(() => processing.ProcessAsync(envelope, token), token).PipeTo(Self,
            success: result => new ProcessingFinished(result),
            failure: ex => new ProcessingFinished(new DocumentProcessingResult.CouldNotRun(ex.GetType().Name)));
    }

    /// <summary>Records the attempt's start where it must be durable first (see <see cref="MessageDecisions.StartAttempt"/>), then makes it.</summary>
    private void BeginAttempt(string recipient, int part)
    {
        var start = MessageDecisions.StartAttempt(_state, recipient, part, _firstAttemptsNotMade.Remove((recipient, part)), Now());
        if (start is null)
        {
            _deliveriesRunning.Remove((recipient, part));
            return;
        }
        PersistThen(start.RecordFirst, () => StartDelivery(recipient, part, start.Attempt));
    }

    private void StartDelivery(string recipient, int part, int attempt)
    {
        var kenmerk = Kenmerk.Parse(_state.Kenmerk!);
        var sender = _state.Sender!.Value;
        var envelope = _state.Envelope!;
        var plan = _state.PlanFor(recipient);
        var delivery = _services.Delivery;
        var token = _stopping.Token;
        Task.Run(() => delivery.DeliverAsync(kenmerk, sender, envelope, plan, part, attempt, token), token).PipeTo(Self,
            success: outcome => new DeliveryFinished(recipient, part, attempt, outcome),
            failure: ex => new DeliveryFinished(recipient, part, attempt, new Delivery.DeliveryOutcome.TechnicalFailure(ex.GetType().Name)));
    }

    /// <summary>Statuses are recorded to the millisecond, as Digipoort reports them, so queries by time match what is shown.</summary>
    private DateTimeOffset Now() => Timestamps.TruncateToMilliseconds(_services.Clock.GetUtcNow());

    private void PersistThen(IReadOnlyList<IMessageEvent> decided, Action afterAll)
    {
        var events = MessageDecisions.WithEnding(_state, decided, Now());
        if (events.Count == 0)
        {
            afterAll();
            return;
        }
        var remaining = events.Count;
        var requested = Stopwatch.GetTimestamp();
        PersistAll(events, e =>
        {
            _state = MessageState.Apply(_state, e);
            _firstAttemptsNotMade.UnionWith(MessageWork.FirstAttemptsStartedBy(e, _state));
            if (--remaining > 0) return;
            // How long the journal took tells the node whether to take in more (see NodeCapacity).
            _services.Capacity.WriteTook(Stopwatch.GetElapsedTime(requested));
            afterAll();
        });
    }

    private void ReplyAndMaybeRest(object reply)
    {
        Sender.Tell(reply);
        if (_state.Phase == MessagePhase.Empty) PassivateIfIdle(); // a query for an unknown kenmerk: don't linger
    }

    private bool IsIdle => (_state.IsFinal || _state.Phase == MessagePhase.Empty) && !_state.MustNotifyBatch && NothingRunning;

    private bool NothingRunning => !_processingRunning && _deliveriesRunning.Count == 0 && _batch?.IsBusy != true;

    private void PassivateIfIdle()
    {
        if (!IsIdle || _passivating) return;
        _passivating = true;
        Context.SetReceiveTimeout(null);
        Context.Parent.Tell(new Passivate(PoisonPill.Instance));
    }

    /// <summary>
    /// A command that reached this actor after it asked to passivate, but before the stop, would start work the stop
    /// then cuts off: a submission to a kenmerk just queried while unknown had its deliveries cancelled mid-call and
    /// made again by the next incarnation. Sent back through the region, the shard holds it for that incarnation.
    /// </summary>
    private bool HandedOverWhilePassivating(object command)
    {
        if (!_passivating) return false;
        _services.MessageRegion().Forward(command);
        return true;
    }
}
