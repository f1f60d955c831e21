using System.Xml.XPath;
using Digipoort.Actors.Delivery;
using Digipoort.Actors.Domain;
using Digipoort.Actors.Processing.Catalogue;
using Digipoort.Actors.Processing.Routing;
using Digipoort.Actors.Processing.Rules;
using Digipoort.Actors.Processing.Splitting;
using Digipoort.Actors.Processing.Transformation;
using Digipoort.Actors.Processing.Validation;
using Digipoort.Actors.Storage;

namespace Digipoort.Actors.Processing;

/// <summary>
/// Processes a message's document as its berichtsoort says, in order: schema validation (streaming),
/// business rules, then either cutting a batch into items, or routing and transforming for each
/// recipient. Each step's output is a blob or a finding; nothing is decided here that the message's
/// events do not record. At most <c>maxConcurrency</c> documents at a time on this node: the work is
/// CPU-bound, and more would only queue on the thread pool while holding files open.
/// </summary>
public sealed class DocumentProcessing(
    CatalogueProvider catalogue,
    IBlobStore blobs,
    RecipientDirectory recipients,
    BatchSplitter splitter,
    int maxConcurrency,
    long maxTreeBytes = DocumentProcessing.DefaultMaxTreeBytes)
{
    /// <summary>
    /// Business rules, routes and transformations need the document as a tree, several times its size in
    /// memory; larger documents are refused instead of risking the node's memory. Schema validation and
    /// splitting stream and have no such limit.
    /// </summary>
    public const long DefaultMaxTreeBytes = 64L * 1024 * 1024;

    private readonly SemaphoreSlim _gate = new(maxConcurrency);

    public async Task<DocumentProcessingResult> ProcessAsync(MessageEnvelope envelope, CancellationToken ct)
    {
        // Read once: a reload in the middle must not mix two versions of the berichtsoort.
        if (!catalogue.Current.TryGet(envelope.Berichtsoort, out var type))
            return new DocumentProcessingResult.CouldNotRun($"Berichtsoort '{envelope.Berichtsoort}' is not in the catalogue.");

        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            return await ProcessAsync(type, envelope, ct).ConfigureAwait(false);
        }
        catch (BlobNotFoundException)
        {
            return new DocumentProcessingResult.CouldNotRun("The document is not available in the blob store.");
        }
        catch (IOException ex)
        {
            return new DocumentProcessingResult.CouldNotRun($"The document could not be read: {ex.GetType().Name}.");
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<DocumentProcessingResult> ProcessAsync(MessageType type, MessageEnvelope envelope, CancellationToken ct)
    {
        var document = envelope.BerichtInhoud;
        ValidationReport report;
        await using (var content = blobs.OpenRead(document.Content))
            report = SchemaValidator.Validate(type, content, ct: ct);
        if (!report.IsValid)
            return new DocumentProcessingResult.Rejected(report.Findings);

        var findings = report.Findings.ToList(); // warnings only
        XPathNavigator? tree = null;
        if (type.NeedsDocumentTree && document.Content.Length > maxTreeBytes)
            return new DocumentProcessingResult.Rejected([.. findings, new Finding(FindingCodes.TooLargeForRules,
                $"The document ({document.Content.Length:N0} bytes) is larger than the {maxTreeBytes:N0} bytes that business rules, "
                + $"content routing and transformation of berichtsoort '{type.Berichtsoort}' can take.", 0, 0)]);
        if (type.NeedsDocumentTree)
        {
            await using (var content = blobs.OpenRead(document.Content))
                tree = BusinessRules.LoadDocument(content).CreateNavigator();
            var violations = type.Rules.SelectMany(rules => rules.Evaluate(tree, ct)).ToList();
            findings.AddRange(violations.Select(v => v.ToFinding()));
            if (violations.Any(v => v.Severity == RuleSeverity.Error))
                return new DocumentProcessingResult.Rejected(findings);
        }

        if (type.Split is { } split)
            return await SplitAsync(split, document, findings, ct).ConfigureAwait(false);

        var routing = MessageRouter.Route(type, tree, recipients);
        if (routing.Recipients.Count == 0)
            return new DocumentProcessingResult.Unroutable(findings, routing.NoRecipientDetail(type.Berichtsoort));

        var plans = new List<DeliveryPlan>();
        var failures = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var recipient in routing.Recipients)
        {
            if (!type.Formats.TryGetValue(recipient, out var format)) continue;
            Document? transformed = null;
            if (format.Transform is { } transform)
            {
                try
                {
                    // A transform makes NeedsDocumentTree true, so the tree is there.
                    transformed = await TransformAsync(transform, format.MimeType!, tree!, document, ct).ConfigureAwait(false);
                }
                catch (TransformationException e)
                {
                    failures[recipient] = e.Message;
                    continue;
                }
            }
            plans.Add(new DeliveryPlan(recipient, transformed, format.Attachments == AttachmentMode.Separate));
        }
        return new DocumentProcessingResult.Routed(findings, routing.Recipients, plans, failures);
    }

    private async Task<DocumentProcessingResult> SplitAsync(BatchSpec split, Document document, List<Finding> findings,
        CancellationToken ct)
    {
        await using var content = blobs.OpenRead(document.Content);
        var outcome = await splitter.SplitAsync(content, split, ct).ConfigureAwait(false);
        return outcome switch
        {
            SplitOutcome.Split s => new DocumentProcessingResult.Split(findings, s.Items, split.ItemBerichtsoort, s.Index, split.Ordered),
            SplitOutcome.TooLarge t => new DocumentProcessingResult.Rejected([.. findings, new Finding(FindingCodes.BatchLimit, t.Detail, 0, 0)]),
            _ => throw new InvalidOperationException($"Unknown split outcome {outcome}."),
        };
    }

    /// <summary>
    /// Transforms the already loaded document (no second read of the blob) and stores the result as a blob of
    /// its own, named after the original.
    /// </summary>
    private async Task<Document> TransformAsync(DocumentTransform transform, string mimeType, XPathNavigator tree, Document original,
        CancellationToken ct)
    {
        using var output = new MemoryStream();
        transform.Apply(tree, output, ct);
        output.Position = 0;
        await using var staged = await blobs.StageAsync(output, long.MaxValue, ct).ConfigureAwait(false);
        var stored = await staged.CommitAsync(ct).ConfigureAwait(false);
        var name = Path.GetFileNameWithoutExtension(original.Bestandsnaam);
        var extension = mimeType.Contains("json", StringComparison.OrdinalIgnoreCase) ? ".json" : ".xml";
        var fileName = name.Length + extension.Length > Document.BestandsnaamMaxLength
            ? name[..(Document.BestandsnaamMaxLength - extension.Length)] + extension
            : name + extension;
        return new Document(mimeType, fileName, stored);
    }
}
