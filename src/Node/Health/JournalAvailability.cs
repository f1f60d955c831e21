using System.Data.Common;
using Digipoort.Node.Composition;

namespace Digipoort.Node.Health;

/// <summary>
/// Asks the journal's database every <see cref="Interval"/> whether it answers, and keeps the answer. Intake refuses new
/// submissions at once (503 ALS150, Retry-After) while it does not, rather than letting each wait for a write that cannot
/// succeed; readiness reports it; and both recover by themselves on the first answer after the database is back.
/// </summary>
public sealed class JournalAvailability(JournalDatabase database, ILogger<JournalAvailability> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>A load balancer polls readiness every few seconds: an unreachable database must not hold one check longer.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    private volatile string? _problem;

    /// <summary>Why the journal is unavailable now, or null while it answers.</summary>
    public string? Problem => _problem;

    public bool IsUnavailable => _problem is not null;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
            var problem = await CheckAsync(stoppingToken);
            if (problem != _problem)
            {
                if (problem is null) logger.LogWarning("The journal's database answers again");
                else logger.LogError("The journal's database does not answer: {Problem}", problem);
            }
            _problem = problem;
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task<string?> CheckAsync(CancellationToken stoppingToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        deadline.CancelAfter(Timeout);
        try
        {
            await database.PingAsync(deadline.Token);
            return null;
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            return $"no answer within {Timeout.TotalSeconds:0} s";
        }
        catch (Exception ex) when (ex is DbException or TimeoutException or IOException or InvalidOperationException)
        {
            return ex.GetType().Name;
        }
    }
}
