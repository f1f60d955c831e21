using System.Collections.Concurrent;
using Digipoort.Actors.Storage.Journal;

namespace Digipoort.Tests.Storage.Journal;

/// <summary>How recovering entities' questions for their highest sequence number are gathered into queries.</summary>
public sealed class HighestSequenceNrBatcherTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    /// <summary>A query that waits until the test lets it answer, and records what it was asked.</summary>
    private sealed class HeldQuery(IReadOnlyDictionary<string, long> journal)
    {
        public readonly ConcurrentQueue<IReadOnlyCollection<string>> Asked = new();
        public readonly SemaphoreSlim Started = new(0);
        private readonly SemaphoreSlim _release = new(0);

        public async Task<IReadOnlyDictionary<string, long>> RunAsync(IReadOnlyCollection<string> ids, CancellationToken _)
        {
            Asked.Enqueue([.. ids]);
            Started.Release();
            await _release.WaitAsync(Deadline);
            return journal.Where(e => ids.Contains(e.Key)).ToDictionary();
        }

        public void Answer() => _release.Release();
    }

    [Fact]
    public async Task A_question_alone_is_answered_by_a_query_of_its_own_and_an_id_without_events_is_at_zero()
    {
        var query = new HeldQuery(new Dictionary<string, long> { ["message-a"] = 7 });
        var batcher = new HighestSequenceNrBatcher(query.RunAsync);

        var a = batcher.HighestAsync("message-a");
        Assert.True(await query.Started.WaitAsync(Deadline));
        query.Answer();
        Assert.Equal(7, await a.WaitAsync(Deadline));

        var unknown = batcher.HighestAsync("message-unknown");
        Assert.True(await query.Started.WaitAsync(Deadline));
        query.Answer();
        Assert.Equal(0, await unknown.WaitAsync(Deadline));
        Assert.Equal([["message-a"], ["message-unknown"]], query.Asked);
    }

    [Fact]
    public async Task Questions_that_arrive_while_a_query_runs_are_answered_together_by_the_next_one()
    {
        var query = new HeldQuery(new Dictionary<string, long> { ["message-a"] = 3, ["message-b"] = 5, ["message-c"] = 9 });
        var batcher = new HighestSequenceNrBatcher(query.RunAsync);

        var first = batcher.HighestAsync("message-a");
        Assert.True(await query.Started.WaitAsync(Deadline));
        var waiting = new[] { "message-b", "message-c", "message-d" }.Select(id => batcher.HighestAsync(id)).ToList();
        var twice = batcher.HighestAsync("message-b"); // the same entity asking again shares the answer

        query.Answer();
        Assert.True(await query.Started.WaitAsync(Deadline));
        query.Answer();

        Assert.Equal(3, await first.WaitAsync(Deadline));
        var answers = await Task.WhenAll(waiting).WaitAsync(Deadline);
        Assert.Equal(new long[] { 5, 9, 0 }, answers);
        Assert.Equal(5, await twice.WaitAsync(Deadline));
        Assert.Equal(2, query.Asked.Count);
        Assert.Equal(["message-b", "message-c", "message-d"], query.Asked.Last().Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task No_query_names_more_ids_than_the_batch_allows()
    {
        var journal = Enumerable.Range(0, 7).ToDictionary(i => $"message-{i}", i => (long)i + 1);
        var asked = new ConcurrentQueue<int>();
        var gate = new TaskCompletionSource();
        var batcher = new HighestSequenceNrBatcher(async (ids, _) =>
        {
            asked.Enqueue(ids.Count);
            await gate.Task;
            return journal.Where(e => ids.Contains(e.Key)).ToDictionary();
        }, maxBatch: 3);

        var answers = journal.Keys.Select(id => batcher.HighestAsync(id)).ToList();
        gate.SetResult();

        Assert.Equal(journal.Values, await Task.WhenAll(answers).WaitAsync(Deadline));
        Assert.All(asked, count => Assert.InRange(count, 1, 3));
        Assert.Equal(7, asked.Sum());
    }

    [Fact]
    public async Task A_failed_query_fails_every_question_it_held_and_the_next_question_queries_again()
    {
        var fail = true;
        var batcher = new HighestSequenceNrBatcher((ids, _) => fail
            ? Task.FromException<IReadOnlyDictionary<string, long>>(new TimeoutException("database gone"))
            : Task.FromResult<IReadOnlyDictionary<string, long>>(ids.ToDictionary(id => id, _ => 4L)));

        var failed = await Assert.ThrowsAsync<TimeoutException>(() => batcher.HighestAsync("message-a").WaitAsync(Deadline));
        Assert.Equal("database gone", failed.Message);

        fail = false;
        Assert.Equal(4, await batcher.HighestAsync("message-a").WaitAsync(Deadline));
    }

    [Fact]
    public async Task A_cancelled_question_stops_waiting_while_the_query_still_answers_the_others()
    {
        var query = new HeldQuery(new Dictionary<string, long> { ["message-a"] = 2, ["message-b"] = 6 });
        var batcher = new HighestSequenceNrBatcher(query.RunAsync);
        using var cancel = new CancellationTokenSource();

        var a = batcher.HighestAsync("message-a", cancel.Token);
        Assert.True(await query.Started.WaitAsync(Deadline));
        var b = batcher.HighestAsync("message-b");
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => a);
        query.Answer();
        Assert.True(await query.Started.WaitAsync(Deadline));
        query.Answer();
        Assert.Equal(6, await b.WaitAsync(Deadline));
    }
}
