using Digipoort.LoadTest.Generation;
using Digipoort.LoadTest.Transport;

namespace Digipoort.LoadTest.Drivers;

/// <summary>
/// A way of submitting messages to a node: REST single, REST bulk, WUS. A driver sends one request for a batch of messages and says what became of each; it
/// never retries or waits itself: Retry-After, latency and counting are the load engine's business, so
/// every driver is measured the same way.
/// </summary>
public interface ISubmissionDriver
{
    /// <summary>Name in the report, e.g. "rest", "rest-bulk", "wus".</summary>
    string Name { get; }

    /// <summary>How many messages go into one request (1 for single submissions).</summary>
    int BatchSize { get; }

    /// <returns>One outcome per message, in the order of <paramref name="messages"/>.</returns>
    Task<IReadOnlyList<SubmissionOutcome>> SubmitAsync(NodeTarget target, IReadOnlyList<OutgoingMessage> messages, CancellationToken cancellationToken);
}

/// <summary>What became of one submitted message.</summary>
public abstract record SubmissionOutcome
{
    private SubmissionOutcome() { }

    /// <param name="AlreadySubmitted">The node answered 200: the same message was accepted before (a repeat after a lost answer).</param>
    public sealed record Accepted(string Kenmerk, bool AlreadySubmitted) : SubmissionOutcome;

    /// <summary>The node refused it for good, with its Digipoort fault code (or "HTTP nnn" without one; WUS: the fault's foutcode).</summary>
    public sealed record Refused(int HttpStatus, string FaultCode, string Detail) : SubmissionOutcome;

    /// <summary>429 or 503 (WUS: fault ALS150 or ALS160): try again after <paramref name="RetryAfter"/>.</summary>
    public sealed record Throttled(int HttpStatus, string FaultCode, TimeSpan RetryAfter) : SubmissionOutcome;

    /// <summary>No usable answer: connection refused or reset, timeout, unreadable answer.</summary>
    public sealed record Failed(string Kind, string Detail) : SubmissionOutcome;
}
