using System.Text.Json.Serialization;

namespace Digipoort.Api.Rest;

// The values of the message overview's enums as they go on the wire. Each member names its wire value explicitly, so
// that a rename in code cannot change the contract; the OpenAPI document lists them.

/// <summary>Where a message is in its lifecycle (<c>fase</c> in the message overview).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<MessageFase>))]
public enum MessageFase
{
    /// <summary>Taken in; authorisation follows.</summary>
    [JsonStringEnumMemberName("Submitted")] Submitted,
    /// <summary>Authorised (200); being validated.</summary>
    [JsonStringEnumMemberName("Validating")] Validating,
    /// <summary>Being delivered to one or more recipients.</summary>
    [JsonStringEnumMemberName("Delivering")] Delivering,
    /// <summary>A batch cut into item messages, waiting for them to end.</summary>
    [JsonStringEnumMemberName("AwaitingItems")] AwaitingItems,
    /// <summary>Final: the sender may not submit this berichtsoort (210).</summary>
    [JsonStringEnumMemberName("Refused")] Refused,
    /// <summary>Final: the document breaks its specification (311).</summary>
    [JsonStringEnumMemberName("Rejected")] Rejected,
    /// <summary>Final: validation could not be carried out (321, VAS400).</summary>
    [JsonStringEnumMemberName("ValidationAborted")] ValidationAborted,
    /// <summary>Final: no recipient could be determined (410, AFS100).</summary>
    [JsonStringEnumMemberName("Undeliverable")] Undeliverable,
    /// <summary>Final: every delivery ended, or every item of the batch did.</summary>
    [JsonStringEnumMemberName("Completed")] Completed,
}

/// <summary>Where the delivery of one part to one recipient is (<c>toestand</c> of a delivery).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AfleverToestand>))]
public enum AfleverToestand
{
    /// <summary>The (next) attempt may start now.</summary>
    [JsonStringEnumMemberName("Pending")] Pending,
    /// <summary>The last attempt failed technically; the next is at <c>volgendePoging</c>.</summary>
    [JsonStringEnumMemberName("Waiting")] Waiting,
    /// <summary>Final: delivered (400).</summary>
    [JsonStringEnumMemberName("Delivered")] Delivered,
    /// <summary>Final: the recipient refused it (410).</summary>
    [JsonStringEnumMemberName("Refused")] Refused,
    /// <summary>Final: failed until the delivery deadline and returned to the sender (420, AFS600).</summary>
    [JsonStringEnumMemberName("Expired")] Expired,
    /// <summary>Final: the document could not be transformed into this recipient's format (321).</summary>
    [JsonStringEnumMemberName("NotTransformed")] NotTransformed,
}
