using Digipoort.Actors.Processing.Catalogue;
using Digipoort.Actors.Processing.Transformation;

namespace Digipoort.Actors.Processing.Routing;

/// <summary>
/// How one recipient takes a berichtsoort: transformed (with the media type the transformation produces)
/// or as submitted, and with the attachments inline or as separate deliveries.
/// </summary>
public sealed record RecipientFormat(DocumentTransform? Transform, string? MimeType, AttachmentMode Attachments);
