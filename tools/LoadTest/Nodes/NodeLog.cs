namespace Digipoort.LoadTest.Nodes;

/// <summary>
/// What the node writes to its console. The tool starts it at log level Warning, so what arrives is
/// exactly what a load test should surface: warnings and errors are counted and the first few kept,
/// and the last lines are kept to explain a node that fails to start. Lines logged before the node was
/// ready are counted apart: the readiness check itself logs an error for every probe that comes too early.
/// </summary>
public sealed class NodeLog
{
    private const int SampleLimit = 8;
    private const int TailLimit = 40;
    private const int LineMaxChars = 400;

    private readonly Lock _gate = new();
    private readonly Queue<string> _tail = new();
    private readonly List<string> _samples = [];
    private int _warnings;
    private int _errors;
    private int _sampleAwaitingMessage = -1;
    private NodeLogSummary? _startup;

    public void Append(string? line)
    {
        if (line is null) return;
        if (line.Length > LineMaxChars) line = line[..LineMaxChars] + "…";
        lock (_gate)
        {
            _tail.Enqueue(line);
            if (_tail.Count > TailLimit) _tail.Dequeue();

            // The console logger writes "warn: Category[id]" and then the message on an indented line.
            var headline = line.StartsWith("warn:", StringComparison.Ordinal) ? 'w'
                : line.StartsWith("fail:", StringComparison.Ordinal) || line.StartsWith("crit:", StringComparison.Ordinal) ? 'e'
                : ' ';
            if (headline == 'w') _warnings++;
            if (headline == 'e') _errors++;
            if (headline != ' ')
            {
                _sampleAwaitingMessage = _samples.Count < SampleLimit ? _samples.Count : -1;
                if (_sampleAwaitingMessage >= 0) _samples.Add(line);
            }
            else if (_sampleAwaitingMessage >= 0)
            {
                _samples[_sampleAwaitingMessage] += " — " + line.Trim();
                _sampleAwaitingMessage = -1;
            }
        }
    }

    /// <summary>Closes the start-up part of the log; what follows is what happened under load.</summary>
    public void MarkReady()
    {
        lock (_gate)
        {
            _startup = new NodeLogSummary(_warnings, _errors, [.. _samples], Startup: null);
            _warnings = _errors = 0;
            _samples.Clear();
            _sampleAwaitingMessage = -1;
        }
    }

    public NodeLogSummary Summary()
    {
        lock (_gate) return new NodeLogSummary(_warnings, _errors, [.. _samples], _startup);
    }

    public string Tail()
    {
        lock (_gate) return string.Join(Environment.NewLine, _tail);
    }
}

/// <param name="Startup">What was logged before the node was ready, when that was marked.</param>
public sealed record NodeLogSummary(int Warnings, int Errors, IReadOnlyList<string> Samples, NodeLogSummary? Startup);
