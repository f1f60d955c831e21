using System.Diagnostics;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using Digipoort.Actors.Domain;
using Digipoort.Actors.Entities;
using Digipoort.Actors.Messages;
using Digipoort.Actors.SenderViews;
using Digipoort.Api.Identity;
using Digipoort.Api.Ingress;
using Digipoort.Api.Problems;
using Microsoft.Extensions.Options;

namespace Digipoort.Api.Gateway;

/// <summary>
/// The one way from the edge to the message actors: REST, WUS, bulk and the operator API submit and ask through here,
/// with one query timeout (<see cref="GatewaySettings"/>), the request's cancellation, and typed results. Who may see a
/// message is decided here too: a message the requester may not read is answered exactly like an unknown one.
/// Lists over many messages come from the read model (<see cref="MessageLists"/>), never from one message per row; a
/// message that has ended is answered from its journal (<see cref="MessageJournalReader"/>) without waking it, a message
/// in progress by its actor, both through <see cref="MessageViews"/>, so the answer is the same either way.
/// </summary>
public sealed class MessageGateway(IRequiredActor<MessageActor> messages, SubmissionIntake intake, MessageReadAccess access,
    MessageJournalReader journal, IOptions<GatewaySettings> options)
{
    private GatewaySettings Settings => options.Value;

    /// <summary>Takes in a submission (<see cref="SubmissionIntake"/>); a refusal of any kind is an outcome, not an exception.</summary>
    public async Task<IntakeOutcome> SubmitAsync(SenderIdentity sender, SubmissionParts parts, CancellationToken cancellationToken)
    {
        try
        {
            return await intake.SubmitAsync(sender, parts.Fields, parts.Main, parts.Attachments, cancellationToken);
        }
        catch (Exception e) when (Faults.Expected(e, GatewayService.Aanlever) is { } fault)
        {
            return new IntakeOutcome.Refused(fault);
        }
    }

    /// <summary>A message's statuses in [<paramref name="from"/>, <paramref name="to"/>], when <paramref name="requester"/> may read it.</summary>
    public async Task<GatewayResult<MessageStatusesReply>> StatusesAsync(SenderIdentity requester, Kenmerk kenmerk, DateTimeOffset? from,
        DateTimeOffset? to, CancellationToken cancellationToken)
    {
        var reply = await QueryAsync(kenmerk, state => MessageViews.Statuses(kenmerk.Value, state, from, to),
            new GetMessageStatuses(kenmerk.Value, from, to), cancellationToken);
        if (reply is null) return Fault.NotAnsweredInTime(GatewayService.Statusinformatie);
        return access.MayRead(requester, reply.Owner) ? reply : Fault.UnknownKenmerk(kenmerk.Value);
    }

    /// <summary>A message's overview, when <paramref name="requester"/> may read it.</summary>
    public async Task<GatewayResult<MessageSummaryReply>> SummaryAsync(SenderIdentity requester, Kenmerk kenmerk, CancellationToken cancellationToken)
    {
        var summary = await SummaryAsync(kenmerk, cancellationToken);
        if (summary is null) return Fault.NotAnsweredInTime(GatewayService.Statusinformatie);
        var owner = summary is { Found: true, Sender: { } sender, Envelope: { } envelope }
            ? new MessageOwner(sender, envelope.Berichtsoort, envelope.IdentiteitBelanghebbende)
            : null;
        return access.MayRead(requester, owner) ? summary : Fault.UnknownKenmerk(kenmerk.Value);
    }

    /// <summary>Any message's overview, whoever sent it: for operators (the caller has checked the role).</summary>
    public async Task<GatewayResult<MessageSummaryReply>> SummaryForOperatorAsync(Kenmerk kenmerk, CancellationToken cancellationToken)
    {
        var summary = await SummaryAsync(kenmerk, cancellationToken);
        if (summary is null) return Fault.NotAnsweredInTime(GatewayService.Statusinformatie);
        return summary.Found ? summary : Fault.UnknownKenmerk(kenmerk.Value);
    }

    /// <summary>The message region's shard statistics over the cluster; null when the coordinator did not gather them in time.</summary>
    public async Task<ClusterShardingStats?> ShardStatisticsAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await messages.ActorRef.Ask<ClusterShardingStats>(new GetClusterShardingStats(Settings.ShardStatisticsTimeout),
                Settings.ShardStatisticsTimeout + TimeSpan.FromSeconds(1), cancellationToken);
        }
        catch (AskTimeoutException)
        {
            // No coordinator to answer (it is moving, or its node is unreachable): the members still tell why.
            return null;
        }
    }

    private Task<MessageSummaryReply?> SummaryAsync(Kenmerk kenmerk, CancellationToken cancellationToken) =>
        QueryAsync(kenmerk, state => MessageViews.Summary(kenmerk.Value, state), new GetMessageSummary(kenmerk.Value), cancellationToken);

    /// <summary>
    /// The answer to <paramref name="query"/>, or null when none came within the query timeout: from the journal for a
    /// message that has ended, else from its actor. A journal that cannot be read leaves the question to the actor, with
    /// what is left of the timeout, so that the answer (or its absence) is what it would have been without the journal.
    /// </summary>
    private async Task<T?> QueryAsync<T>(Kenmerk kenmerk, Func<MessageState, T> view, IMessageQuery query,
        CancellationToken cancellationToken) where T : class
    {
        var started = Stopwatch.GetTimestamp();
        using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            deadline.CancelAfter(Settings.QueryTimeout);
            try
            {
                if (await journal.EndedAsync(kenmerk.Value, deadline.Token) is { } ended) return view(ended);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is not OutOfMemoryException)
            {
                // Unreadable or too slow: the actor answers, or its timeout does.
            }
        }
        var left = Settings.QueryTimeout - Stopwatch.GetElapsedTime(started);
        return left > TimeSpan.Zero ? await AskAsync<T>(query, left, cancellationToken) : null;
    }

    /// <summary>The message's answer, or null when it did not come within the query timeout.</summary>
    private async Task<T?> AskAsync<T>(IMessageQuery query, TimeSpan timeout, CancellationToken cancellationToken) where T : class
    {
        try
        {
            return await messages.ActorRef.Ask<T>(query, timeout, cancellationToken);
        }
        catch (AskTimeoutException)
        {
            return null;
        }
    }
}
