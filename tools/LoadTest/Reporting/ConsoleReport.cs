using System.Globalization;
using Spectre.Console;

namespace Digipoort.LoadTest.Reporting;

/// <summary>The report as a human reads it at the end of a run.</summary>
public static class ConsoleReport
{
    public static void Write(IAnsiConsole console, LoadReport report)
    {
        var s = report.Settings;
        console.Write(new Rule("[bold]Digipoort load test[/]").LeftJustified());
        console.MarkupLineInterpolated($"{s.Driver} (batch {s.BatchSize}), {s.Profile}; sizes {string.Join(", ", s.SizesBytes.Select(b => b == 0 ? "samples as they are" : Bytes(b)))}, invalid share {s.InvalidShare:0.##}");
        console.MarkupLineInterpolated($"berichtsoorten {string.Join(", ", s.Berichtsoorten)}; nodes {string.Join(", ", report.Targets)}");

        var t = report.Totals;
        var figures = new Table().AddColumns("figure", "value").HideHeaders();
        figures.AddRow("messages sent / accepted", $"{t.Messages:N0} / {t.Accepted:N0} ({t.AlreadySubmitted:N0} already submitted)");
        figures.AddRow("refused / no answer", $"{t.Refused:N0} / {t.Failed:N0}");
        figures.AddRow("429/503 answers (retried)", $"{t.Throttled:N0}");
        figures.AddRow("accepted/s", $"{report.Throughput.AcceptedPerSecond:N1} (over {report.Throughput.AcceptWindowSeconds:0.0} s)");
        figures.AddRow("completed/s", report.Throughput.CompletedPerSecond is { } c ? $"{c:N1} (over {report.Throughput.CompletionWindowSeconds:0.0} s)" : "not verified");
        if (report.Throughput.ItemsCompletedPerSecond is { } items)
            figures.AddRow("batch items completed/s", $"{items:N1} (over {report.Throughput.ItemsCompletionWindowSeconds:0.0} s)");
        var l = report.LatencyMs;
        figures.AddRow("accept latency p50 / p90 / p99 / p99.9 / max",
            $"{Ms(l.P50)} / {Ms(l.P90)} / {Ms(l.P99)} / {Ms(l.P999)} / {Ms(l.Max)} ms");
        figures.AddRow("accepted per second", Markup.Escape(Sparkline.Render(report.Timeline.AcceptedPerSecond)));
        if (report.Timeline.CompletedPerSecond.Count > 0)
            figures.AddRow("completed per second", Markup.Escape(Sparkline.Render(report.Timeline.CompletedPerSecond)));
        if (report.Node is { } node)
            figures.AddRow("node RSS peak / over time", $"{Bytes(node.PeakRssBytes ?? 0)} / {Markup.Escape(Sparkline.Render([.. node.Rss.Select(r => r.Bytes)]))}");
        console.Write(figures);
        PerNode(console, report);

        Counts(console, "refused, by fault code", report.RefusedByFaultCode, report.Samples);
        Counts(console, "no answer, by kind", report.ErrorsByKind, report.Samples);
        Counts(console, "throttled (429/503, retried)", report.ThrottledByAnswer, null);

        if (report.Verification is { } v)
        {
            console.Write(new Rule("end-to-end verification").LeftJustified());
            console.WriteLine($"followed {v.Followed:N0} kenmerken for up to {v.TimeoutSeconds:0} s: {v.Final:N0} final; " +
                $"{string.Join(", ", v.Outcomes.Select(o => $"{o.Key} {o.Value:N0}"))}");
            if (v.FirstRound is { } round)
                console.WriteLine($"first look-up of each: {round.Lookups:N0} in {round.Seconds:0.0} s = {round.PerSecond:N0}/s " +
                    $"({round.AnsweredFinal:N0} answered final)");
            if (v.Batches is { } b)
                console.WriteLine($"batches: {b.Batches:N0}, followed into {b.Items:N0} items: {b.ItemsFinal:N0} final, {b.ItemsLost:N0} lost; " +
                    $"{string.Join(", ", b.ItemOutcomes.Select(o => $"{o.Key} {o.Value:N0}"))}");
            Verdict(console, "lost (accepted or batch item, never final)", v.Lost, v.LostSample);
            if (v.RecipientCounted) Verdict(console, "duplicated (delivered twice to a recipient)", v.Duplicated, v.DuplicatedSample);
            else console.MarkupLine("duplicates: [grey]not checked (no counting recipient)[/]");
            Verdict(console, "wrong final outcome", v.WrongFinal, v.WrongFinalSample);
            if (v.RecipientCounted)
                console.WriteLine($"recipient: {v.RecipientDeliveries:N0} deliveries, {v.RecipientLaterAttempts:N0} retried attempts, " +
                    $"{v.DeliveredUnacknowledged:N0} kenmerken without an acceptance, {v.NotSeenByRecipient:N0} node deliveries it never saw");
        }
        console.MarkupLineInterpolated($"exit code {report.ExitCode}");
    }

    /// <summary>Each node's share, when there was more than one: a node that answers slower or refuses more stands out.</summary>
    private static void PerNode(IAnsiConsole console, LoadReport report)
    {
        if (report.PerTarget is not { Count: > 1 } perTarget) return;
        // A column per node (as host:port) and a row per figure: a cluster's three or four nodes fit 80 characters.
        var table = new Table().AddColumn("per node").AddColumns([.. perTarget.Select(n => Markup.Escape(HostAndPort(n.Target)))]);
        void Row(string figure, Func<TargetFigures, string> value) => table.AddRow([figure, .. perTarget.Select(value)]);
        Row("sent", n => $"{n.Totals.Messages:N0}");
        Row("requests", n => $"{n.Totals.Requests:N0}");
        Row("accepted", n => $"{n.Totals.Accepted:N0}");
        Row("accepted/s", n => $"{n.AcceptedPerSecond:N1}");
        Row("refused", n => $"{n.Totals.Refused:N0}");
        Row("no answer", n => $"{n.Totals.Failed:N0}");
        Row("429/503", n => $"{n.Totals.Throttled:N0}");
        Row("p50 / p99 ms", n => $"{Ms(n.LatencyMs.P50)} / {Ms(n.LatencyMs.P99)}");
        console.Write(table);
    }

    private static string HostAndPort(string target) => Uri.TryCreate(target, UriKind.Absolute, out var uri) ? uri.Authority : target;

    private static void Counts(IAnsiConsole console, string title, IReadOnlyDictionary<string, long> counts, IReadOnlyDictionary<string, string>? samples)
    {
        if (counts.Count == 0) return;
        console.MarkupLineInterpolated($"[yellow]{title}[/]:");
        foreach (var (key, count) in counts)
            console.MarkupLineInterpolated($"  {key} × {count:N0}{(samples?.GetValueOrDefault(key) is { } sample ? $" — {sample}" : "")}");
    }

    private static void Verdict(IAnsiConsole console, string what, int count, IReadOnlyList<string> sample)
    {
        if (count == 0)
        {
            console.MarkupLineInterpolated($"{what}: [green]0[/]");
            return;
        }
        console.MarkupLineInterpolated($"{what}: [red]{count:N0}[/]");
        foreach (var line in sample) console.MarkupLineInterpolated($"  {line}");
    }

    private static string Ms(double value) => double.IsNaN(value) ? "-" : value.ToString("0.0", CultureInfo.InvariantCulture);

    public static string Bytes(long bytes) => bytes switch
    {
        >= 1024 * 1024 => (bytes / 1024.0 / 1024.0).ToString("0.#", CultureInfo.InvariantCulture) + " MiB",
        >= 1024 => (bytes / 1024.0).ToString("0.#", CultureInfo.InvariantCulture) + " KiB",
        _ => bytes.ToString(CultureInfo.InvariantCulture) + " B",
    };
}
