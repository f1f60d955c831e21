namespace Digipoort.LoadTest.Load;

/// <summary>A message the node accepted (202, or 200 for a repeat): what verification follows.</summary>
/// <param name="TargetIndex">The node that accepted it, which verification asks about it.</param>
/// <param name="AcceptedAtSecond">Whole seconds after the run started when the acceptance arrived.</param>
public sealed record AcceptedMessage(string Kenmerk, string Aanleverkenmerk, int TargetIndex, string Berichtsoort, string Sample,
    bool ExpectValid, bool AlreadySubmitted, int AcceptedAtSecond);
