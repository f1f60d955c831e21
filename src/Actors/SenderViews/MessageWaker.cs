using Akka.Actor;
using Akka.Event;
using Digipoort.Actors.Messages;

namespace Digipoort.Actors.SenderViews;

/// <summary>
/// Wakes the messages <see cref="MessageWakeUps"/> says are due, through the message region, so that a message resumes
/// wherever its shard now lives. A cluster singleton: one look at a time, every <see cref="WakeUpSettings.Interval"/>.
/// Waking a running message is a no-op, so a look that finds nothing amiss costs a query and a few messages.
/// </summary>
public sealed class MessageWaker : ReceiveActor, IWithTimers
{
    private const string TickKey = "tick";

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly TimeSpan _interval;
    private bool _looking;

    public MessageWaker(MessageWakeUps wakeUps, IActorRef messages)
    {
        var self = Self;
        Receive<Tick>(_ =>
        {
            if (_looking) return; // the look in progress covers this tick
            _looking = true;
            LookAsync(wakeUps, messages).PipeTo(self, success: woken => new Looked(woken, null), failure: ex => new Looked(0, ex));
        });
        Receive<Looked>(looked =>
        {
            _looking = false;
            // Before the projection has created the table (a fresh database) the look fails; the next one is soon.
            if (looked.Failure is { } failure) _log.Debug("Waking due messages failed, trying again: {0}", failure.Message);
            else if (looked.Woken > 0) _log.Debug("Woke {0} messages", looked.Woken);
        });
        _interval = wakeUps.Settings.Interval;
    }

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart() => Timers.StartPeriodicTimer(TickKey, Tick.Instance, _interval);

    private static async Task<int> LookAsync(MessageWakeUps wakeUps, IActorRef messages)
    {
        var due = await wakeUps.DueAsync(CancellationToken.None);
        if (due.Count == 0) return 0;
        foreach (var row in due) messages.Tell(new WakeMessage(row.Kenmerk), ActorRefs.NoSender);
        await wakeUps.RewakeAsync(due, CancellationToken.None);
        return due.Count;
    }

    private sealed class Tick
    {
        public static readonly Tick Instance = new();
    }

    private sealed record Looked(int Woken, Exception? Failure);
}
