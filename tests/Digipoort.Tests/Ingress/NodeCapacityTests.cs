using Digipoort.Actors.Ingress;
using Digipoort.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Digipoort.Tests.Ingress;

public sealed class NodeCapacityTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan MaxWriteLatency = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Waiting_for_room_completes_once_a_message_leaves_and_not_before()
    {
        var clock = new FakeTimeProvider();
        var capacity = new NodeCapacity(maxInProgress: 2, MaxWriteLatency, clock);
        capacity.Enter();
        capacity.Enter();
        Assert.False(capacity.HasRoom);

        var room = capacity.WaitForRoomAsync(CancellationToken.None);
        capacity.Enter(); // a message resuming does not ask: the count passes the limit
        capacity.Leave();
        clock.Advance(TimeSpan.FromSeconds(1)); // the waiter looked again meanwhile
        Assert.False(room.IsCompleted);

        capacity.Leave();
        await room.WaitAsync(Patience);
        Assert.Equal(1, capacity.InProgress);
    }

    [Fact]
    public async Task After_a_slow_write_new_messages_wait_until_a_write_is_fast_again()
    {
        var clock = new FakeTimeProvider();
        var capacity = new NodeCapacity(maxInProgress: 100, MaxWriteLatency, clock);

        capacity.WriteTook(MaxWriteLatency);
        Assert.False(capacity.HasRoom);
        var room = capacity.WaitForRoomAsync(CancellationToken.None);
        capacity.WriteTook(MaxWriteLatency + TimeSpan.FromSeconds(1));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.False(room.IsCompleted);

        capacity.WriteTook(TimeSpan.FromMilliseconds(40));
        await room.WaitAsync(Patience);
        Assert.True(capacity.HasRoom);
    }

    [Fact]
    public async Task A_slow_reading_goes_stale_when_no_write_completes_for_as_long_again()
    {
        var clock = new FakeTimeProvider();
        var capacity = new NodeCapacity(maxInProgress: 100, MaxWriteLatency, clock);
        capacity.WriteTook(TimeSpan.FromSeconds(8));
        var room = capacity.WaitForRoomAsync(CancellationToken.None);

        clock.Advance(MaxWriteLatency - TimeSpan.FromMilliseconds(200));
        Assert.False(capacity.HasRoom);
        clock.Advance(TimeSpan.FromMilliseconds(200));

        Assert.True(capacity.HasRoom);
        // Nothing signals a reading going stale: the waiter sees it when it looks again.
        await Eventually.UntilAsync(() =>
        {
            clock.Advance(TimeSpan.FromMilliseconds(100));
            return Task.FromResult(room.IsCompleted);
        }, Patience, "the waiter sees the room");
    }

    [Fact]
    public async Task With_room_waiting_completes_at_once_and_a_cancelled_wait_ends()
    {
        var capacity = new NodeCapacity(maxInProgress: 1, MaxWriteLatency);
        await capacity.WaitForRoomAsync(CancellationToken.None).WaitAsync(Patience);

        capacity.Enter();
        using var cancel = new CancellationTokenSource();
        var room = capacity.WaitForRoomAsync(cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => room.WaitAsync(Patience));
    }
}
