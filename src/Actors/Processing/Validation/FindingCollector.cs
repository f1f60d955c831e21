using Digipoort.Actors.Domain;

namespace Digipoort.Actors.Processing.Validation;

/// <summary>
/// Collects findings up to a cap. One more than the cap is not kept: it is replaced by a note that
/// validation stopped, and <see cref="FullException"/> unwinds the reader, since a document with
/// millions of errors must not cost millions of findings.
/// </summary>
internal sealed class FindingCollector(int max)
{
    private readonly List<Finding> _findings = [];

    public void Add(Finding finding)
    {
        if (_findings.Count < max)
        {
            _findings.Add(finding);
            return;
        }
        _findings.Add(new Finding(FindingCodes.TooManyFindings,
            $"Validation stopped after {max} findings; the rest of the document was not checked.",
            finding.Line, finding.Position));
        throw new FullException();
    }

    /// <summary>Adds the finding that ended reading; it is kept even at the cap.</summary>
    public void AddFinal(Finding finding) => _findings.Add(finding);

    public List<Finding> ToList() => [.. _findings];

    /// <summary>Thrown out of the validation event handler to stop reading; never leaves the validator.</summary>
    internal sealed class FullException : Exception;
}
