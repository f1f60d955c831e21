using System.Diagnostics;
using System.Globalization;
using Digipoort.LoadTest.Nodes;
using Npgsql;

namespace Digipoort.Tests.Support;

/// <summary>
/// A PostgreSQL server of one test's own (Debian's binaries, a fresh data folder, a free loopback port), which the test may
/// stop and start again without disturbing the shared server that other tests use. Needs the binaries and root (the server
/// runs as user postgres); <see cref="SkipReason"/> says when they are missing.
/// </summary>
public sealed class PrivatePostgres : IAsyncDisposable
{
    private readonly string _bin;
    private readonly string _folder;

    private PrivatePostgres(string bin, string folder, int port)
    {
        _bin = bin;
        _folder = folder;
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = "postgres",
        Database = database,
    }.ConnectionString;

    private static string? Bin => Directory.Exists("/usr/lib/postgresql")
        ? Directory.GetDirectories("/usr/lib/postgresql").Select(v => Path.Combine(v, "bin"))
            .Where(b => File.Exists(Path.Combine(b, "initdb"))).OrderBy(b => b, StringComparer.Ordinal).LastOrDefault()
        : null;

    public static string? SkipReason =>
        Bin is null ? "No PostgreSQL binaries under /usr/lib/postgresql (apt-get install postgresql)."
        : Environment.UserName != "root" ? "Starting a private PostgreSQL server needs root (it runs as user postgres)."
        : null;

    public static async Task<PrivatePostgres> StartAsync()
    {
        var bin = Bin ?? throw new InvalidOperationException(SkipReason);
        var folder = Path.Combine(Path.GetTempPath(), "digipoort-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        await RunAsync("chown", "postgres:postgres", folder);
        await RunAsync("chmod", "700", folder);
        var server = new PrivatePostgres(bin, folder, NodeProcess.FreePort());
        await server.AsPostgresAsync("initdb", "-D", Path.Combine(folder, "data"), "-U", "postgres", "--auth=trust", "-E", "UTF8");
        await server.StartAgainAsync();
        return server;
    }

    /// <summary>Starts the server (again) and waits until it accepts connections.</summary>
    public Task StartAgainAsync() => AsPostgresAsync("pg_ctl", "-D", Path.Combine(_folder, "data"), "-l", Path.Combine(_folder, "log"), "-w",
        "-o", $"-p {Port.ToString(CultureInfo.InvariantCulture)} -k {_folder} -c listen_addresses=127.0.0.1 -c max_connections=200", "start");

    /// <summary>Stops the server at once (fast shutdown: clients are disconnected).</summary>
    public Task StopAsync() => AsPostgresAsync("pg_ctl", "-D", Path.Combine(_folder, "data"), "-m", "fast", "-w", "stop");

    public async ValueTask DisposeAsync()
    {
        try { await StopAsync(); }
        catch (InvalidOperationException) { /* already stopped */ }
        try { Directory.Delete(_folder, recursive: true); }
        catch (IOException) { /* best effort: under the temp folder */ }
    }

    private Task AsPostgresAsync(string tool, params string[] arguments) =>
        RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(_bin, tool), .. arguments]);

    private static async Task RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(deadline.Token);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited {process.ExitCode}: {await output}{await error}");
    }
}

/// <summary>A test that starts a <see cref="PrivatePostgres"/>; skipped with the reason where that cannot be done.</summary>
public sealed class PrivatePostgresFactAttribute : FactAttribute
{
    public PrivatePostgresFactAttribute()
    {
        if (PrivatePostgres.SkipReason is { } reason) Skip = reason;
    }
}
