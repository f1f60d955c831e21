using Digipoort.Actors.Domain;

namespace Digipoort.Actors.Messages;

// The facts in a message's journal. Each carries its own timestamp so Apply never reads a clock.
// Statuses are derived from these events (see MessageState.Apply), never stored separately.

/// <summary>The submission was taken (statuses 105, 100, 110).</summary>
public sealed record MessageSubmitted(
    string Kenmerk,
    SenderIdentity Sender,
    MessageEnvelope Envelope,
    DateTimeOffset DeliveryDeadline,
    DateTimeOffset At) : IMessageEvent;

/// <summary>The sender may submit this berichtsoort (status 200).</summary>
public sealed record SenderAuthorised(DateTimeOffset At) : IMessageEvent;

/// <summary>The sender may not submit this berichtsoort (status 210, final).</summary>
public sealed record SenderRefused(string Reason, DateTimeOffset At) : IMessageEvent;

/// <summary>The document satisfies its specification (status 301); warnings are reported, not fatal.</summary>
public sealed record DocumentValidated(IReadOnlyList<Finding> Warnings, DateTimeOffset At) : IMessageEvent;

/// <summary>The document breaks its specification (status 311, VAS500, final).</summary>
public sealed record DocumentRejected(IReadOnlyList<Finding> Findings, DateTimeOffset At) : IMessageEvent;

/// <summary>
/// Validation could not be carried out (status 321). With <see cref="RetryAt"/> it will be tried again;
/// without it the process ends (VAS400).
/// </summary>
public sealed record ValidationFailedTechnically(int Attempt, string Detail, DateTimeOffset? RetryAt, DateTimeOffset At)
    : IMessageEvent;

/// <summary>The recipients the message goes to were decided (status 405 for each).</summary>
public sealed record MessageRouted(IReadOnlyList<string> Recipients, DateTimeOffset At) : IMessageEvent;

/// <summary>No recipient could be determined (status 410, AFS100, final).</summary>
public sealed record RoutingFailed(string Detail, DateTimeOffset At) : IMessageEvent;

/// <summary>The recipient accepted the message (status 400).</summary>
public sealed record DeliverySucceeded(string Recipient, int Attempt, int HttpStatus, DateTimeOffset At) : IMessageEvent;

/// <summary>The recipient refused the message (status 410, AFS400, final for that recipient).</summary>
public sealed record DeliveryRefused(string Recipient, int Attempt, int HttpStatus, string Detail, DateTimeOffset At)
    : IMessageEvent;

/// <summary>An attempt failed technically; the next one is due at <see cref="NextAttemptAt"/> (status 420).</summary>
public sealed record DeliveryAttemptFailed(
    string Recipient,
    int Attempt,
    string Detail,
    DateTimeOffset NextAttemptAt,
    DateTimeOffset At) : IMessageEvent;

/// <summary>
/// Delivery kept failing until the deadline (status 420 with AFS600, final for that recipient); a
/// return-to-sender notice is kept for the sender.
/// </summary>
public sealed record DeliveryExpired(string Recipient, int Attempts, string LastDetail, DateTimeOffset At) : IMessageEvent;
