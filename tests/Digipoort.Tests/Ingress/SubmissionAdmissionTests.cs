using Akka.TestKit.Xunit2;
using Digipoort.Actors.Domain;
using Digipoort.Actors.Ingress;
using Digipoort.Actors.Messages;

namespace Digipoort.Tests.Ingress;

public sealed class SubmissionAdmissionTests : TestKit
{
    private static readonly AdmissionSettings Tight = new(QueueCapacity: 1, MaxInFlight: 1, AskTimeout: TimeSpan.FromSeconds(30),
        RetryAfter: TimeSpan.FromSeconds(2), UnreachableAskTimeout: TimeSpan.FromMilliseconds(300));

    private static readonly Func<bool> AllReachable = () => false;
    private static readonly Func<bool> JournalAnswers = () => false;

    private static NodeCapacity Unlimited => new(int.MaxValue, TimeSpan.FromDays(1));

    private static SubmitMessage Submission(int i) => new(Kenmerk.New().Value, SenderIdentity.From("00000003123456780000"),
        new MessageEnvelope("Omzetbelasting", $"ref-{i}", null, new Identiteit("1", "Fi"), "Bedrijf", null, null,
            new Document("text/xml", "a.xml", new BlobRef(new string('a', 64), 1)), [], null));

    [Fact]
    public async Task A_full_admission_queue_refuses_at_once_and_admits_again_once_work_drains()
    {
        var entities = CreateTestProbe();
        var admission = new SubmissionAdmission(Sys, entities.Ref, Tight, Unlimited, AllReachable, JournalAnswers);

        var admitted = new List<Task<SubmitReply>>();
        GatewayOverloadedException? refused = null;
        for (var i = 0; i < 20 && refused is null; i++)
        {
            try
            {
                admitted.Add(admission.SubmitAsync(Submission(i), CancellationToken.None));
            }
            catch (GatewayOverloadedException ex)
            {
                refused = ex;
            }
        }

        Assert.NotNull(refused);
        Assert.Equal(TimeSpan.FromSeconds(2), refused.RetryAfter);
        Assert.InRange(admitted.Count, 1, 4); // one in flight, one queued, at most a stage's read-ahead

        foreach (var _ in admitted)
        {
            var command = entities.ExpectMsg<SubmitMessage>();
            entities.Reply(new SubmitReply(SubmitOutcome.Accepted, command.Kenmerk, DateTimeOffset.UtcNow, []));
        }
        Assert.All(await Task.WhenAll(admitted), reply => Assert.Equal(SubmitOutcome.Accepted, reply.Outcome));

        var later = admission.SubmitAsync(Submission(99), CancellationToken.None);
        var next = entities.ExpectMsg<SubmitMessage>();
        entities.Reply(new SubmitReply(SubmitOutcome.Accepted, next.Kenmerk, DateTimeOffset.UtcNow, []));
        Assert.Equal(next.Kenmerk, (await later).Kenmerk);
    }

    [Fact]
    public async Task A_submission_that_fails_unexpectedly_is_refused_as_retryable_and_admission_goes_on()
    {
        var entities = CreateTestProbe();
        var admission = new SubmissionAdmission(Sys, entities.Ref, Tight with { QueueCapacity = 10 }, Unlimited, AllReachable, JournalAnswers);

        var failing = admission.SubmitAsync(Submission(1), CancellationToken.None);
        entities.ExpectMsg<SubmitMessage>();
        entities.Reply(new Akka.Actor.Status.Failure(new InvalidOperationException("not an ask timeout")));
        // Bounded: when the failure escapes the admission stage, nobody ever answers this submission.
        var refused = await Assert.ThrowsAsync<SubmissionNotConfirmedException>(() => failing.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.IsType<InvalidOperationException>(refused.InnerException);

        // The stage survived: the next submission still reaches the entities and gets their answer.
        var next = admission.SubmitAsync(Submission(2), CancellationToken.None);
        var command = entities.ExpectMsg<SubmitMessage>();
        entities.Reply(new SubmitReply(SubmitOutcome.Accepted, command.Kenmerk, DateTimeOffset.UtcNow, []));
        Assert.Equal(command.Kenmerk, (await next.WaitAsync(TimeSpan.FromSeconds(10))).Kenmerk);
    }

    [Fact]
    public void Never_more_than_the_in_flight_limit_reaches_the_entities()
    {
        var entities = CreateTestProbe();
        var admission = new SubmissionAdmission(Sys, entities.Ref, Tight with { QueueCapacity = 10, MaxInFlight = 2 }, Unlimited, AllReachable, JournalAnswers);

        var submissions = Enumerable.Range(0, 5).Select(i => admission.SubmitAsync(Submission(i), CancellationToken.None)).ToList();

        entities.ExpectMsg<SubmitMessage>();
        var second = entities.ExpectMsg<SubmitMessage>();
        var asker = entities.LastSender;
        entities.ExpectNoMsg(TimeSpan.FromMilliseconds(300));

        asker.Tell(new SubmitReply(SubmitOutcome.Accepted, second.Kenmerk, DateTimeOffset.UtcNow, []), entities.Ref);
        entities.ExpectMsg<SubmitMessage>(); // one slot freed: exactly one more comes in
        entities.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        Assert.Equal(5, submissions.Count);
    }

    [Fact]
    public async Task While_a_member_is_unreachable_an_unconfirmed_submission_is_refused_promptly_as_retryable_and_frees_its_slot()
    {
        var entities = CreateTestProbe();
        var unreachable = true;
        var admission = new SubmissionAdmission(Sys, entities.Ref, Tight with { QueueCapacity = 4 }, Unlimited, () => unreachable, JournalAnswers);

        var stuck = admission.SubmitAsync(Submission(1), CancellationToken.None);
        entities.ExpectMsg<SubmitMessage>(); // its shard lived on the lost node: no answer comes

        var refused = await Assert.ThrowsAsync<SubmissionNotConfirmedException>(() => stuck.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(TimeSpan.FromSeconds(2), refused.RetryAfter);

        // The slot it held serves the next submission, which (everything reachable again) is confirmed as usual.
        unreachable = false;
        var next = admission.SubmitAsync(Submission(2), CancellationToken.None);
        var command = entities.ExpectMsg<SubmitMessage>();
        entities.Reply(new SubmitReply(SubmitOutcome.Accepted, command.Kenmerk, DateTimeOffset.UtcNow, []));
        Assert.Equal(command.Kenmerk, (await next).Kenmerk);
    }

    [Fact]
    public void While_the_journal_does_not_answer_a_submission_is_refused_at_once_and_never_reaches_an_entity()
    {
        var entities = CreateTestProbe();
        var admission = new SubmissionAdmission(Sys, entities.Ref, Tight, Unlimited, AllReachable, journalUnavailable: () => true);

        // Refused before anything is queued: the call itself throws, no task is handed out.
        var refused = Assert.Throws<GatewayOverloadedException>(() => { _ = admission.SubmitAsync(Submission(1), CancellationToken.None); });

        Assert.Equal(TimeSpan.FromSeconds(2), refused.RetryAfter);
        entities.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public async Task While_the_node_has_no_room_new_submissions_are_refused_and_queued_ones_wait()
    {
        var entities = CreateTestProbe();
        var capacity = new NodeCapacity(maxInProgress: 1, TimeSpan.FromDays(1));
        var admission = new SubmissionAdmission(Sys, entities.Ref, Tight with { QueueCapacity = 10 }, capacity, AllReachable, JournalAnswers);
        var first = admission.SubmitAsync(Submission(1), CancellationToken.None);
        var firstCommand = entities.ExpectMsg<SubmitMessage>();
        var firstAsker = entities.LastSender;
        var queued = admission.SubmitAsync(Submission(2), CancellationToken.None); // behind the one in flight

        capacity.Enter(); // a message starts work: the node is full
        Assert.Throws<GatewayOverloadedException>(() => { _ = admission.SubmitAsync(Submission(3), CancellationToken.None); });
        firstAsker.Tell(new SubmitReply(SubmitOutcome.Accepted, firstCommand.Kenmerk, DateTimeOffset.UtcNow, []), entities.Ref);
        await first;
        // The queued one was taken in before the node filled up: it waits for room instead of passing the limit.
        entities.ExpectNoMsg(TimeSpan.FromMilliseconds(300));

        capacity.Leave();
        var admitted = entities.ExpectMsg<SubmitMessage>();
        entities.Reply(new SubmitReply(SubmitOutcome.Accepted, admitted.Kenmerk, DateTimeOffset.UtcNow, []));
        Assert.Equal(admitted.Kenmerk, (await queued).Kenmerk);
    }
}
