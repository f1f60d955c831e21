using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Event;
using Akka.Persistence;
using Digipoort.Actors.Domain;
using Digipoort.Actors.Messages;
using Digipoort.Actors.Processing;
using Digipoort.Actors.Processing.Validation;

namespace Digipoort.Actors.Entities;

/// <summary>
/// One message (one Digipoort "proces"), event-sourced and sharded by kenmerk. A thin shell around
/// <see cref="MessageDecisions"/>, <see cref="MessageState.Apply"/> and <see cref="MessageWork"/>:
/// it gathers inputs, persists the decided events, replies once they are durable, and runs
/// validation and delivery as tasks whose results come back as messages.
/// </summary>
public sealed class MessageActor : ReceivePersistentActor, IWithTimers
{
    private readonly MessageServices _services;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly CancellationTokenSource _stopping = new();
    private readonly HashSet<string> _deliveriesRunning = new(StringComparer.Ordinal);
    private MessageState _state = MessageState.Empty;
    private bool _validationRunning;

    public MessageActor(string kenmerk, MessageServices services)
    {
        _services = services;
        PersistenceId = PersistenceIdFor(kenmerk);

        Recover<IMessageEvent>(e => _state = MessageState.Apply(_state, e));

        Command<SubmitMessage>(Submit);
        Command<GetMessageStatuses>(q => ReplyAndMaybeRest(MessageViews.Statuses(q.Kenmerk, _state, q.From, q.To)));
        Command<GetMessageSummary>(q => ReplyAndMaybeRest(MessageViews.Summary(q.Kenmerk, _state)));
        Command<ValidationFinished>(OnValidationFinished);
        Command<DeliveryFinished>(OnDeliveryFinished);
        Command<WakeUp>(_ => Resume());
        Command<ReceiveTimeout>(_ => PassivateIfIdle());
    }

    public static string PersistenceIdFor(string kenmerk) => "message-" + kenmerk;

    public override string PersistenceId { get; }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>
    /// Messages are short-lived and write a handful of events, so they never snapshot. Skipping the
    /// snapshot query leaves one round trip (the highest sequence number) to start a new message,
    /// which is what bounds how fast new messages can be taken in.
    /// </summary>
    public override Recovery Recovery => new(SnapshotSelectionCriteria.None);

    protected override void OnReplaySuccess() => Resume();

    protected override void PostStop()
    {
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
        var now = Now();
        var authorisation = _services.Authorisation.MaySubmit(command.Sender, command.Envelope.Berichtsoort,
            command.Envelope.IdentiteitBelanghebbende, now);
        var (outcome, events) = MessageDecisions.Submit(_state, command, authorisation, now, _services.Settings.DeliveryWindow);

        var replyTo = Sender;
        PersistThen(events, () =>
        {
            replyTo.Tell(new SubmitReply(outcome, _state.Kenmerk ?? command.Kenmerk, _state.AcceptedAt ?? now, _state.History));
            Resume();
        });
    }

    private void OnValidationFinished(ValidationFinished finished)
    {
        _validationRunning = false;
        var now = Now();
        var events = finished.Result switch
        {
            DocumentValidationResult.Completed c =>
                MessageDecisions.ValidationCompleted(_state, c.IsValid, c.Findings, RouteCurrentMessage(), now),
            DocumentValidationResult.CouldNotRun f => MessageDecisions.ValidationCouldNotRun(_state, f.Detail, now,
                _services.Settings.ValidationRetry, _services.Settings.MaxValidationAttempts, _services.Random()),
            _ => [],
        };
        PersistThen(events, Resume);
    }

    private void OnDeliveryFinished(DeliveryFinished finished)
    {
        _deliveriesRunning.Remove(finished.Recipient);
        var events = MessageDecisions.DeliveryAttempted(_state, finished.Recipient, finished.Outcome,
            Now(), _services.Settings.DeliveryRetry, _services.Random());
        PersistThen(events, Resume);
    }

    /// <summary>Starts or schedules whatever the state says is outstanding; rests when nothing is.</summary>
    private void Resume()
    {
        var now = Now();
        foreach (var work in MessageWork.Outstanding(_state, now))
        {
            switch (work)
            {
                case WorkItem.Validate when !_validationRunning:
                    StartValidation();
                    break;
                case WorkItem.Deliver d when _deliveriesRunning.Add(d.Recipient):
                    StartDelivery(d.Recipient);
                    break;
                case WorkItem.WakeAt w:
                    Timers.StartSingleTimer(w.Key, WakeUp.Instance, w.At - now);
                    break;
            }
        }
        if (IsIdle) Context.SetReceiveTimeout(_services.Settings.IdleBeforePassivation);
    }

    private void StartValidation()
    {
        _validationRunning = true;
        var envelope = _state.Envelope!;
        var validation = _services.Validation;
        var token = _stopping.Token;
        Task.Run(() => validation.ValidateAsync(envelope, token), token).PipeTo(Self,
            success: result => new ValidationFinished(result),
            failure: ex => new ValidationFinished(new DocumentValidationResult.CouldNotRun(ex.GetType().Name)));
    }

    private void StartDelivery(string recipient)
    {
        var kenmerk = Kenmerk.Parse(_state.Kenmerk!);
        var sender = _state.Sender!.Value;
        var envelope = _state.Envelope!;
        var attempt = (_state.DeliveryTo(recipient)?.Attempts ?? 0) + 1;
        var delivery = _services.Delivery;
        var token = _stopping.Token;
        Task.Run(() => delivery.DeliverAsync(kenmerk, sender, envelope, recipient, attempt, token), token).PipeTo(Self,
            success: outcome => new DeliveryFinished(recipient, outcome),
            failure: ex => new DeliveryFinished(recipient, new Delivery.DeliveryOutcome.TechnicalFailure(ex.GetType().Name)));
    }

    private IReadOnlyList<string> RouteCurrentMessage() =>
        _services.Catalogue.TryGet(_state.Envelope!.Berichtsoort, out var messageType)
            ? MessageRouting.RecipientsFor(messageType, _services.Recipients)
            : [];

    /// <summary>Statuses are recorded to the millisecond, as Digipoort reports them, so queries by time match what is shown.</summary>
    private DateTimeOffset Now() => Timestamps.TruncateToMilliseconds(_services.Clock.GetUtcNow());

    private void PersistThen(IReadOnlyList<IMessageEvent> events, Action afterAll)
    {
        if (events.Count == 0)
        {
            afterAll();
            return;
        }
        var remaining = events.Count;
        PersistAll(events, e =>
        {
            _state = MessageState.Apply(_state, e);
            if (--remaining == 0) afterAll();
        });
    }

    private void ReplyAndMaybeRest(object reply)
    {
        Sender.Tell(reply);
        if (_state.Phase == MessagePhase.Empty) PassivateIfIdle(); // a query for an unknown kenmerk: don't linger
    }

    private bool IsIdle => (_state.IsFinal || _state.Phase == MessagePhase.Empty)
        && !_validationRunning && _deliveriesRunning.Count == 0;

    private void PassivateIfIdle()
    {
        if (!IsIdle) return;
        Context.SetReceiveTimeout(null);
        Context.Parent.Tell(new Passivate(PoisonPill.Instance));
    }
}
