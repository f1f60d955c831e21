using LinqToDB.Mapping;

namespace Digipoort.Actors.SenderViews;

// The sender-side read model's tables. Times are Unix milliseconds (UTC), which every SQL database
// compares the same way. Table names carry the prefix "sv_" so that they never meet the journal's.

/// <summary>One process (message) as its sender and mandated intermediaries look it up.</summary>
[Table("sv_process")]
public sealed class ProcessRow
{
    [PrimaryKey, Column("kenmerk", Length = 40)] public string Kenmerk { get; set; } = "";
    [Column("sender", Length = 35), NotNull] public string Sender { get; set; } = "";
    [Column("berichtsoort", Length = 80), NotNull] public string Berichtsoort { get; set; } = "";
    [Column("belanghebbende_nummer", Length = 35), NotNull] public string BelanghebbendeNummer { get; set; } = "";
    [Column("belanghebbende_type", Length = 20), NotNull] public string BelanghebbendeType { get; set; } = "";
    [Column("accepted_at")] public long AcceptedAt { get; set; }

    /// <summary>When the last event of the process happened: "new statuses" look only at processes that moved since.</summary>
    [Column("last_event_at")] public long LastEventAt { get; set; }
}

/// <summary>An item in the Ophaal mailbox: for now the return-to-sender notice of one recipient's expired delivery.</summary>
[Table("sv_mailbox")]
public sealed class MailboxRow
{
    [PrimaryKey, Identity, Column("id")] public long Id { get; set; }
    [Column("kenmerk", Length = 40), NotNull] public string Kenmerk { get; set; } = "";
    [Column("recipient", Length = 80), NotNull] public string Recipient { get; set; } = "";
    [Column("reason"), NotNull] public string Reason { get; set; } = "";
    [Column("at")] public long At { get; set; }
    [Column("sender", Length = 35), NotNull] public string Sender { get; set; } = "";
    [Column("berichtsoort", Length = 80), NotNull] public string Berichtsoort { get; set; } = "";
    [Column("belanghebbende_nummer", Length = 35), NotNull] public string BelanghebbendeNummer { get; set; } = "";
    [Column("belanghebbende_type", Length = 20), NotNull] public string BelanghebbendeType { get; set; } = "";
}

/// <summary>
/// One status of a process (StatusResultaat without the findings), as the message's own history has it at
/// <see cref="Seq"/>: lists of statuses over many processes are read here instead of from each message.
/// </summary>
[Table("sv_status")]
public sealed class StatusRow
{
    [PrimaryKey(0), Column("kenmerk", Length = 40)] public string Kenmerk { get; set; } = "";
    [PrimaryKey(1), Column("seq")] public int Seq { get; set; }
    [Column("at")] public long At { get; set; }
    [Column("code", Length = 10), NotNull] public string Code { get; set; } = "";
    [Column("description"), NotNull] public string Description { get; set; } = "";
    [Column("fault_code", Length = 10)] public string? FaultCode { get; set; }
    [Column("details")] public string? Details { get; set; }
    [Column("recipient", Length = 80)] public string? Recipient { get; set; }
}

/// <summary>
/// The envelope of a process that has something in the Ophaal mailbox: what a fetched item (BerichtResultaat) shows,
/// and where its document is, so that fetching reads the blob store and not the message.
/// </summary>
[Table("sv_envelope")]
public sealed class EnvelopeRow
{
    [PrimaryKey, Column("kenmerk", Length = 40)] public string Kenmerk { get; set; } = "";
    [Column("accepted_at")] public long AcceptedAt { get; set; }
    [Column("aanleverkenmerk", Length = 40)] public string? Aanleverkenmerk { get; set; }
    [Column("eerder_aanleverkenmerk", Length = 40)] public string? EerderAanleverkenmerk { get; set; }
    [Column("rol_belanghebbende", Length = 40), NotNull] public string RolBelanghebbende { get; set; } = "";
    [Column("ontvanger_nummer", Length = 35)] public string? OntvangerNummer { get; set; }
    [Column("ontvanger_type", Length = 20)] public string? OntvangerType { get; set; }
    [Column("rol_ontvanger", Length = 40)] public string? RolOntvanger { get; set; }
    [Column("mime_type", Length = 255), NotNull] public string MimeType { get; set; } = "";
    [Column("bestandsnaam", Length = 80), NotNull] public string Bestandsnaam { get; set; } = "";
    [Column("content_address", Length = 64), NotNull] public string ContentAddress { get; set; } = "";
    [Column("content_length")] public long ContentLength { get; set; }
}

/// <summary>Up to when a requester has been handed the statuses of a scope (one process, or a berichtsoort and belanghebbende).</summary>
[Table("sv_read_mark")]
public sealed class ReadMarkRow
{
    [PrimaryKey(0), Column("requester", Length = 35)] public string Requester { get; set; } = "";
    [PrimaryKey(1), Column("scope", Length = 200)] public string Scope { get; set; } = "";
    [Column("until_at")] public long Until { get; set; }
}

/// <summary>A mailbox item a requester has fetched (with its content): it is no longer new for that requester.</summary>
[Table("sv_fetched")]
public sealed class FetchedRow
{
    [PrimaryKey(0), Column("requester", Length = 35)] public string Requester { get; set; } = "";
    [PrimaryKey(1), Column("item_id")] public long ItemId { get; set; }
    [Column("fetched_at")] public long FetchedAt { get; set; }
}

/// <summary>How far the projection has read the journal; written in the same transaction as what it applied.</summary>
[Table("sv_offset")]
public sealed class OffsetRow
{
    [PrimaryKey, Column("name", Length = 80)] public string Name { get; set; } = "";
    [Column("offset_value")] public long Offset { get; set; }
}

/// <summary>
/// A message that is not over yet, and when to wake it (see <see cref="MessageWakeUps"/>). Kept by the projection from
/// the journal, so every accepted message has one until its <c>MessageEnded</c> is read, whatever happened to its node.
/// </summary>
[Table("mw_wakeup")]
public sealed class WakeUpRow
{
    [PrimaryKey, Column("kenmerk", Length = 40)] public string Kenmerk { get; set; } = "";

    /// <summary>When to wake the message next.</summary>
    [Column("wake_at")] public long WakeAt { get; set; }

    /// <summary>When the message last wrote something (what the projection last read of it).</summary>
    [Column("last_event_at")] public long LastEventAt { get; set; }
}
