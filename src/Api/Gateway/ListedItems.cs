using Digipoort.Actors.Domain;

namespace Digipoort.Api.Gateway;

// What the read model lists, as the edge uses it: never its rows, so that a table can change without the protocols noticing.

/// <summary>A process (message) a requester may see.</summary>
public sealed record ListedProcess(string Kenmerk, string Berichtsoort, Identiteit Belanghebbende);

/// <summary>One status of a listed process.</summary>
public sealed record ListedStatus(string Kenmerk, Identiteit Belanghebbende, StatusEntry Status);

/// <summary>An item in the Ophaal mailbox: the return-to-sender notice of one recipient's expired delivery.</summary>
/// <param name="Sender">Who submitted the message that came back.</param>
public sealed record MailboxItem(long Id, string Kenmerk, string Recipient, string Reason, SenderIdentity Sender, string Berichtsoort,
    Identiteit Belanghebbende);

/// <summary>A mailbox item with what fetching it hands over: the original envelope and where its document is.</summary>
public sealed record MailboxDocument(MailboxItem Item, DateTimeOffset AcceptedAt, MessageEnvelope Envelope);
