using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace Digipoort.Tests.Support;

/// <summary>
/// A node as its own operating-system process (the node binary from this test's output folder),
/// for tests that need a real crash: <see cref="Kill"/> sends SIGKILL, nothing gets to shut down.
/// </summary>
public sealed class NodeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringWriter _output = new();

    private NodeProcess(Process process, Uri baseAddress, Uri tlsAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
        TlsAddress = tlsAddress;
        Client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        process.OutputDataReceived += (_, e) => Record(e.Data);
        process.ErrorDataReceived += (_, e) => Record(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Uri BaseAddress { get; }
    public HttpClient Client { get; }

    /// <summary>The mutual-TLS listener (senders' certificates, the operator API), with the run's shared development PKI.</summary>
    public Uri TlsAddress { get; }

    /// <summary>A client of <see cref="TlsAddress"/> presenting <paramref name="certificate"/> (e.g. the PKI's operator).</summary>
    public HttpClient TlsClient(X509Certificate2? certificate) => MutualTlsClient.Create(TlsAddress, TestNode.SharedPkiDirectory, certificate);

    /// <summary>What the process wrote, for failure messages.</summary>
    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    public static async Task<NodeProcess> StartAsync(string dataDirectory, int port, IReadOnlyDictionary<string, string> settings)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = dataDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Digipoort.Node.dll"));
        var tlsPort = FreePort();
        start.ArgumentList.Add($"--urls=http://127.0.0.1:{port};https://127.0.0.1:{tlsPort}");
        start.ArgumentList.Add($"--Digipoort:Tls:PkiDirectory={TestNode.SharedPkiDirectory}");
        start.ArgumentList.Add($"--Digipoort:DataDirectory={dataDirectory}");
        start.ArgumentList.Add("--Logging:LogLevel:Default=Warning");
        // Business-rule tests identify the sender without a certificate (development setting).
        start.ArgumentList.Add($"--Digipoort:Development:SenderIdentity={TestNode.Sender}");
        foreach (var (key, value) in TestJournal.SettingsFor(dataDirectory)) start.ArgumentList.Add($"--{key}={value}");
        foreach (var (key, value) in settings) start.ArgumentList.Add($"--{key}={value}");

        var node = new NodeProcess(Process.Start(start)!, new Uri($"http://127.0.0.1:{port}"), new Uri($"https://127.0.0.1:{tlsPort}"));
        try
        {
            await Eventually.UntilAsync(node.IsReadyAsync, TimeSpan.FromSeconds(60), "the node process is ready");
        }
        catch (TimeoutException ex)
        {
            node.Kill();
            throw new TimeoutException(ex.Message + Environment.NewLine + node.Output, ex);
        }
        return node;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>SIGKILL: the process gets no chance to flush, hand off or say goodbye.</summary>
    public void Kill()
    {
        if (_process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        Client.Dispose();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<bool> IsReadyAsync()
    {
        if (_process.HasExited) throw new InvalidOperationException("The node process exited:" + Environment.NewLine + Output);
        try
        {
            using var response = await Client.GetAsync("/health/ready");
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private void Record(string? line)
    {
        if (line is null) return;
        lock (_output) _output.WriteLine(line);
    }
}
