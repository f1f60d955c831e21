using Digipoort.Actors.Delivery;
using Digipoort.Actors.Processing.Authorisation;
using Digipoort.Actors.Processing.Catalogue;
using Digipoort.Actors.Processing.Validation;

namespace Digipoort.Actors.Entities;

/// <summary>
/// What a message actor needs from the node: the clock, the rules and the services that do the
/// slow work off its mailbox. One instance per node, shared by all message actors.
/// </summary>
public sealed class MessageServices(
    TimeProvider clock,
    AuthorisationMatrixProvider authorisation,
    CatalogueProvider catalogue,
    RecipientDirectory recipients,
    DocumentValidation validation,
    DeliveryService delivery,
    MessageLifecycleSettings settings,
    Func<double>? random = null)
{
    public TimeProvider Clock { get; } = clock;
    public AuthorisationMatrix Authorisation => authorisation.Current;
    public IMessageTypeCatalogue Catalogue => catalogue.Current;
    public RecipientDirectory Recipients { get; } = recipients;
    public DocumentValidation Validation { get; } = validation;
    public DeliveryService Delivery { get; } = delivery;
    public MessageLifecycleSettings Settings { get; } = settings;

    /// <summary>A draw from [0, 1) for retry jitter.</summary>
    public Func<double> Random { get; } = random ?? System.Random.Shared.NextDouble;
}
