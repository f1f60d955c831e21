using System.Diagnostics;
using System.Text;

namespace Digipoort.LoadTest.Machine;

/// <summary>Runs a short command (dotnet build, dotnet --version, git) to completion and returns its output.</summary>
public static class ExternalCommand
{
    public static async Task<(int ExitCode, string Output)> RunAsync(
        string fileName, IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        try
        {
            if (!process.Start()) throw new LoadTestException($"{fileName} did not start.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new LoadTestException($"{fileName} could not be started: {e.Message}", e);
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            cancellationToken.ThrowIfCancellationRequested();
            throw new LoadTestException($"{fileName} {string.Join(' ', start.ArgumentList)} did not finish within {timeout}.");
        }
        lock (output) return (process.ExitCode, output.ToString());

        void Append(string? line)
        {
            if (line is null) return;
            lock (output) output.AppendLine(line);
        }
    }
}
