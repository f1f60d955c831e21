using System.Runtime.InteropServices;

namespace Digipoort.Actors.Storage;

/// <summary>
/// Makes files written and renamed on one file system durable for many writers with one flush: on Linux, callers
/// that ask while no flush is running share the next <c>syncfs</c>, which writes every dirty page and directory entry
/// of the file system and flushes the device once. A caller's task completes only after a flush that began after it
/// asked, so whatever it wrote and renamed before asking is on disk.
/// </summary>
/// <remarks>
/// Why not an fsync per file: a blob is durable only when its bytes and its name (the rename to its content address)
/// are, which is two fsyncs per document (the file, then its folder), each a device flush; under a flood of
/// submissions those flushes, each blocking a thread-pool worker, were a sizeable share of a node's CPU. Elsewhere
/// than on Linux the file itself is flushed (directories cannot be flushed there).
/// </remarks>
public sealed class FileSystemSync : IDisposable
{
    private readonly Lock _gate = new();
    private readonly SafeHandle? _anchor;
    private TaskCompletionSource? _next;
    private bool _flushing;
    private long _flushes;

    /// <param name="directory">A folder on the file system to keep durable (held open while this lives).</param>
    public FileSystemSync(string directory)
    {
        if (!OperatingSystem.IsLinux()) return;
        var anchor = Path.Combine(directory, ".sync");
        _anchor = File.OpenHandle(anchor, FileMode.OpenOrCreate, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
    }

    /// <summary>Completes once what was written (and renamed) to <paramref name="path"/> before this call is durable.</summary>
    public Task SyncAsync(string path)
    {
        if (_anchor is null)
        {
            using var file = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
            RandomAccess.FlushToDisk(file);
            return Task.CompletedTask;
        }
        lock (_gate)
        {
            _next ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var flushed = _next.Task;
            if (!_flushing)
            {
                _flushing = true;
                _ = Task.Run(FlushWhileAsked);
            }
            return flushed;
        }
    }

    /// <summary>Flushes for everyone who asked before the flush began, again while more ask meanwhile.</summary>
    private void FlushWhileAsked()
    {
        while (true)
        {
            TaskCompletionSource waiting;
            lock (_gate)
            {
                if (_next is null)
                {
                    _flushing = false;
                    return;
                }
                waiting = _next;
                _next = null;
            }
            var referenced = false;
            try
            {
                _anchor!.DangerousAddRef(ref referenced);
                if (syncfs(_anchor.DangerousGetHandle().ToInt32()) != 0)
                    throw new IOException($"syncfs failed: {Marshal.GetLastPInvokeErrorMessage()}");
                Interlocked.Increment(ref _flushes);
                waiting.SetResult();
            }
            catch (Exception e)
            {
                waiting.SetException(e);
            }
            finally
            {
                if (referenced) _anchor!.DangerousRelease();
            }
        }
    }

    /// <summary>The flushes made so far (for tests: many callers share few).</summary>
    internal long Flushes => Interlocked.Read(ref _flushes);

    public void Dispose() => _anchor?.Dispose();

    [DllImport("libc", SetLastError = true)]
    private static extern int syncfs(int fd);
}
