using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Digipoort.LoadTest.Machine;

namespace Digipoort.LoadTest.Nodes;

/// <summary>
/// A node as a separate process (<c>dotnet Digipoort.Node.dll</c>) on free loopback ports, with its own data folder
/// and its recipients pointed where the caller says: the load tool's node under test, and the tests' nodes that must
/// really crash (<see cref="Kill"/> sends SIGKILL: nothing gets to shut down). Disposing kills the whole process tree,
/// whatever state the run ended in.
/// </summary>
public sealed class NodeProcess : IAsyncDisposable
{
    private static readonly TimeSpan ReadyPollInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan ReadyProbeTimeout = TimeSpan.FromSeconds(2);

    private readonly Process _process;
    private readonly CancellationTokenSource _exited;

    private NodeProcess(Process process, CancellationTokenSource exited, Uri baseAddress, Uri tlsAddress, Uri apiAddress, string pkiDirectory,
        NodeLog log)
    {
        TlsAddress = tlsAddress;
        ApiAddress = apiAddress;
        Client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        PkiDirectory = pkiDirectory;
        _process = process;
        _exited = exited;
        BaseAddress = baseAddress;
        Log = log;
    }

    /// <summary>The plain HTTP listener: health and operational endpoints.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Where senders submit: the mutual-TLS listener, or plain HTTP without TLS.</summary>
    public Uri ApiAddress { get; }

    /// <summary>The mutual-TLS listener.</summary>
    public Uri TlsAddress { get; }

    /// <summary>A client of the plain HTTP listener (<see cref="BaseAddress"/>), disposed with the node.</summary>
    public HttpClient Client { get; }

    /// <summary>The last lines the process wrote, for failure messages.</summary>
    public string Output => Log.Tail();

    /// <summary>The node's development PKI (created on its first run).</summary>
    public string PkiDirectory { get; }

    public int Pid => _process.Id;

    public NodeLog Log { get; }

    /// <summary>Cancelled when the process ends, so that nothing waits for deliveries from a dead node.</summary>
    public CancellationToken Exited => _exited.Token;

    /// <summary>How the process ended, for the error message, or "still running".</summary>
    public string ExitDescription => _process.HasExited ? $"exit code {_process.ExitCode}" : "still running";

    /// <param name="recipientEndpoints">Recipient id → endpoint, each given to the node as <c>Digipoort:Recipients:&lt;id&gt;:Endpoint</c>.</param>
    /// <param name="tls">Senders use the mutual-TLS listener; otherwise plain HTTP with the development sender identity.</param>
    /// <param name="extraArguments">More node arguments (e.g. a journal backend's settings); later ones win.</param>
    /// <param name="httpPort">The plain HTTP listener's port (a node restarted on its old port); by default a free one.</param>
    public static NodeProcess Start(string nodeDll, string dataDirectory, IReadOnlyDictionary<string, Uri> recipientEndpoints, bool tls,
        IEnumerable<string> extraArguments, int? httpPort = null)
    {
        var baseAddress = new Uri($"http://127.0.0.1:{(httpPort ?? FreePort()).ToString(CultureInfo.InvariantCulture)}");
        var tlsAddress = new Uri($"https://localhost:{FreePort().ToString(CultureInfo.InvariantCulture)}");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = dataDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var arguments = new List<string>
        {
            Path.GetFullPath(nodeDll),
            "--urls", $"{baseAddress.ToString().TrimEnd('/')};https://127.0.0.1:{tlsAddress.Port.ToString(CultureInfo.InvariantCulture)}",
            // Plain-HTTP senders need an identity without a certificate (a development setting).
            $"--Digipoort:Development:SenderIdentity={(tls ? "" : "00000003123456780000")}",
            $"--Digipoort:DataDirectory={dataDirectory}",
            "--Logging:LogLevel:Default=Warning",
        };
        arguments.AddRange(recipientEndpoints.Select(r => $"--Digipoort:Recipients:{r.Key}:Endpoint={r.Value}"));
        arguments.AddRange(extraArguments);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);

        var log = new NodeLog();
        var exited = new CancellationTokenSource();
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => log.Append(e.Data);
        process.ErrorDataReceived += (_, e) => log.Append(e.Data);
        process.Exited += (_, _) => exited.Cancel();
        if (!process.Start()) throw new LoadTestException("dotnet did not start.");
        // Read both pipes from the start: a full pipe would block the node's logging, and so the node.
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new NodeProcess(process, exited, baseAddress, tlsAddress, tls ? tlsAddress : baseAddress, Path.Combine(dataDirectory, "pki"), log);
    }

    /// <summary>Polls GET /health/ready until it answers 200; throws if the node exits or the deadline passes.</summary>
    public async Task<TimeSpan> WaitUntilReadyAsync(HttpClient http, TimeSpan deadline, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var readyUri = new Uri(BaseAddress, "/health/ready");
        var exited = _process.WaitForExitAsync(cancellationToken);
        string last = "no answer yet";
        while (Stopwatch.GetElapsedTime(started) < deadline)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_process.HasExited) throw new LoadTestException($"The node exited with code {_process.ExitCode} while starting:{Environment.NewLine}{Log.Tail()}");
            try
            {
                using var probe = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                probe.CancelAfter(ReadyProbeTimeout);
                using var response = await http.GetAsync(readyUri, probe.Token);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    Log.MarkReady();
                    return Stopwatch.GetElapsedTime(started);
                }
                last = $"HTTP {(int)response.StatusCode}";
            }
            catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                // Not listening yet, or not answering yet: both are expected while the node starts.
                last = e.Message;
            }
            // Readiness has no push signal; poll, but stop waiting at once if the process dies.
            await Task.WhenAny(Task.Delay(ReadyPollInterval, cancellationToken), exited);
        }
        throw new LoadTestException($"The node was not ready within {deadline.TotalSeconds:0} s (last probe: {last}):{Environment.NewLine}{Log.Tail()}");
    }

    /// <summary>SIGKILL: the process gets no chance to flush, hand off or say goodbye.</summary>
    public void Kill()
    {
        if (_process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (Exception e) when (e is InvalidOperationException or OperationCanceledException or System.ComponentModel.Win32Exception)
        {
            Console.Error.WriteLine($"warning: could not confirm that node process {_process.Id} ended: {e.Message}");
        }
        finally
        {
            // _exited is not disposed: the Exited event may still be on its way and would cancel a disposed
            // source; a CancellationTokenSource without timers holds nothing that needs releasing.
            _process.Dispose();
        }
    }

    /// <summary>
    /// A port nobody listens on right now. Another program could take it before the node binds it; the
    /// node would then fail to start, which <see cref="WaitUntilReadyAsync"/> reports with the node's log.
    /// </summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
