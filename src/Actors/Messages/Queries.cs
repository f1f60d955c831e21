namespace Digipoort.Actors.Messages;

/// <summary>The status history of one message, optionally limited to [From, To] (getStatussenProces).</summary>
public sealed record GetMessageStatuses(string Kenmerk, DateTimeOffset? From = null, DateTimeOffset? To = null) : IMessageQuery;

/// <summary>An overview of one message: envelope, deliveries per recipient, return-to-sender notice.</summary>
public sealed record GetMessageSummary(string Kenmerk) : IMessageQuery;
