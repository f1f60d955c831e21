using Digipoort.Actors.Delivery;
using Digipoort.Actors.SenderViews;
using Digipoort.Api.Identity;

namespace Digipoort.Node.Configuration;

/// <summary>
/// Every setting of a node, bound from section <c>Digipoort</c> (appsettings.json, environment
/// variables <c>Digipoort__…</c>, command line <c>--Digipoort:…</c>).
/// </summary>
public sealed class NodeOptions
{
    public const string Section = "Digipoort";

    /// <summary>Where the journal, blobs and catalogue live; relative paths are taken from the working directory.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>The message-type catalogue; by default <c>&lt;data&gt;/catalogue</c>, seeded with the demo catalogue on first run.</summary>
    public string? CatalogueDirectory { get; set; }

    public ClusterSettings Cluster { get; set; } = new();
    public JournalSettings Journal { get; set; } = new();
    public SubmissionSettings Submission { get; set; } = new();
    public DeliverySettings Delivery { get; set; } = new();
    public ValidationSettings Validation { get; set; } = new();
    public CatalogueSettings Catalogue { get; set; } = new();
    public BatchSettings Batches { get; set; } = new();
    public MessageSettings Messages { get; set; } = new();
    public RateLimitSettings RateLimit { get; set; } = new();
    public TlsSettings Tls { get; set; } = new();
    public ReceiptSettings Receipts { get; set; } = new();
    public BlobStoreSettings Blobs { get; set; } = new();
    public BlobEncryptionSettings BlobEncryption { get; set; } = new();

    /// <summary>Recipients by id; a relative endpoint is resolved against the node's own address.</summary>
    public Dictionary<string, RecipientSettings> Recipients { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// A JSON file holding the authorisation matrix (<c>{ "Senders": { … } }</c>), reloaded when it
    /// changes; without it the matrix is section <c>Digipoort:Authorisation</c> of the configuration.
    /// </summary>
    public string? AuthorisationFile { get; set; }

    public DevelopmentIdentitySettings Development { get; set; } = new();

    /// <summary>Serve the built-in demo recipient at <c>POST /demo/recipient/{id}</c>.</summary>
    public bool DemoRecipient { get; set; } = true;
}

public sealed class ClusterSettings
{
    public string ActorSystemName { get; set; } = "digipoort";
    public string Hostname { get; set; } = "127.0.0.1";

    /// <summary>Akka.Remote port; 0 picks a free one (fine for a single node that joins itself).</summary>
    public int Port { get; set; }

    /// <summary>
    /// The address other nodes reach this one at, when it differs from <see cref="Hostname"/> (a container that binds
    /// 0.0.0.0 and is known to the others by its service name).
    /// </summary>
    public string? PublicHostname { get; set; }

    /// <summary>
    /// The most a graceful stop (SIGTERM, Ctrl+C) takes: finishing in-flight HTTP requests, then leaving the cluster with
    /// the shards handed over. The process exits when both are done, at the latest after this.
    /// </summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Seed node addresses (akka.tcp://digipoort@host:port); none means a single node that joins itself.</summary>
    public string[] SeedNodes { get; set; } = [];

    /// <summary>
    /// The Akka settings that the typed options do not cover (relative paths: beside the binaries). Its values give way
    /// to the typed options, so a setting made in <c>appsettings.json</c>, the environment or the command line wins.
    /// </summary>
    public string HoconFile { get; set; } = "cluster.hocon";
}

public sealed class JournalSettings
{
    /// <summary>
    /// Sqlite (default): an embedded file in the data folder, for a single node. PostgreSql: a database
    /// every node of a cluster shares (<see cref="ConnectionString"/> required).
    /// </summary>
    public JournalProvider Provider { get; set; } = JournalProvider.Sqlite;

    /// <summary>
    /// SQLite: by default <c>Data Source=&lt;data&gt;/journal.db</c>. PostgreSQL (required): an Npgsql connection
    /// string, e.g. <c>Host=db;Port=5432;Database=digipoort;Username=digipoort;Password=…</c>.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// SQLite only. Full: every commit is synced (survives power loss). Normal: synced at checkpoints
    /// (survives a process crash, not a machine crash), for more throughput.
    /// </summary>
    public Composition.SqliteSynchronous Synchronous { get; set; } = Composition.SqliteSynchronous.Full;

    /// <summary>PostgreSQL only: how long a starting node waits for the database to answer before it gives up.</summary>
    public TimeSpan StartupTimeout { get; set; } = TimeSpan.FromSeconds(60);
}

/// <summary>Where a node keeps its journal (see <see cref="JournalSettings.Provider"/>).</summary>
public enum JournalProvider
{
    Sqlite = 0,
    PostgreSql,
}

public sealed class SubmissionSettings
{
    /// <summary>The largest document or attachment, decoded (koppelvlak: 20 MiB).</summary>
    public long MaxContentBytes { get; set; } = 20 * 1024 * 1024;

    /// <summary>The largest request body (a JSON request carries base64, a third larger than its content).</summary>
    public long MaxRequestBytes { get; set; } = 100 * 1024 * 1024;

    /// <summary>Submission requests being read at once; more wait in a queue of <see cref="MaxQueuedRequests"/>.</summary>
    public int MaxConcurrentRequests { get; set; } = 128;

    /// <summary>Submission requests waiting to be read; beyond this the gateway answers 503 with Retry-After.</summary>
    public int MaxQueuedRequests { get; set; } = 1024;

    /// <summary>JSON submissions over 1 MiB decoded in memory at once (multipart streams and is not limited).</summary>
    public int MaxConcurrentLargeJson { get; set; } = 4;

    /// <summary>Submissions waiting for admission; beyond this the gateway answers 503 with Retry-After.</summary>
    public int QueueCapacity { get; set; } = 4096;

    /// <summary>Submissions being written at once (bounds the journal's pending writes).</summary>
    public int MaxInFlight { get; set; } = 256;

    /// <summary>
    /// Messages with work under way (processing, a delivery attempt) on this node; beyond this new submissions
    /// are refused with 503 and batches release no further items until some finish. Bounds the journal's
    /// pending writes.
    /// </summary>
    public int MaxMessagesInProgress { get; set; } = 256;

    /// <summary>
    /// While the journal's latest write took longer than this, new messages are refused and held back as if
    /// the node were full: far below the journal's and sharding's timeouts (60 s), which a write must never reach.
    /// </summary>
    public TimeSpan MaxWriteLatency { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan AskTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a submission waits for its message entity while a cluster member is unreachable (its shard may be on
    /// it); then it is refused with 503 ALS150 and Retry-After instead of holding the sender until <see cref="AskTimeout"/>.
    /// </summary>
    public TimeSpan UnreachableAskTimeout { get; set; } = TimeSpan.FromSeconds(3);
}

public sealed class DeliverySettings
{
    /// <summary>How long delivery is retried before the message is returned to the sender (AFS600).</summary>
    public TimeSpan Deadline { get; set; } = TimeSpan.FromHours(72);
    public TimeSpan InitialRetryDelay { get; set; } = TimeSpan.FromSeconds(30);
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The share of each delay (0–1) that is randomly taken off, to spread retries.</summary>
    public double Jitter { get; set; } = 0.5;

    public int MaxConcurrentPerRecipient { get; set; } = 32;
}

public sealed class ValidationSettings
{
    /// <summary>Attempts before a technical validation problem ends the process (321 + VAS400).</summary>
    public int MaxAttempts { get; set; } = 5;
    public TimeSpan InitialRetryDelay { get; set; } = TimeSpan.FromSeconds(5);
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Validations at once on this node; 0 means one per processor.</summary>
    public int MaxConcurrency { get; set; }

    /// <summary>
    /// The largest document that business rules, content routing and transformations take (they hold it as
    /// a tree, several times its size in memory); larger ones are refused with 311. Schema validation streams.
    /// </summary>
    public long MaxTreeBytes { get; set; } = Digipoort.Actors.Processing.DocumentProcessing.DefaultMaxTreeBytes;
}

public sealed class CatalogueSettings
{
    /// <summary>How often the catalogue folder is checked for changes; a changed folder is reloaded. Zero turns it off.</summary>
    public TimeSpan ReloadInterval { get; set; } = TimeSpan.FromSeconds(2);
}

/// <summary>Limits and pacing of batches (berichtsoorten that are split into items).</summary>
public sealed class BatchSettings
{
    public int MaxItems { get; set; } = 100_000;
    public long MaxItemBytes { get; set; } = 50L * 1024 * 1024;

    /// <summary>Items submitted to their own messages at once on this node, over all batches.</summary>
    public int ReleaseParallelism { get; set; } = 64;

    /// <summary>How long an ended item waits for its batch to answer before telling it again.</summary>
    public TimeSpan NotificationRetry { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>
/// Mutual TLS on every <c>https://</c> address in <c>Urls</c>: a client certificate is required and
/// checked against the trust anchors and CRLs below. Without a configured server certificate the node
/// uses (and on first run creates) the development PKI in <see cref="PkiDirectory"/>.
/// </summary>
public sealed class TlsSettings
{
    /// <summary>The development PKI; by default <c>&lt;data&gt;/pki</c>.</summary>
    public string? PkiDirectory { get; set; }

    /// <summary>PEM certificate of this node (with <see cref="ServerKeyPath"/>); by default the development PKI's.</summary>
    public string? ServerCertificatePath { get; set; }

    public string? ServerKeyPath { get; set; }

    /// <summary>Trusted roots and intermediates for client certificates; by default the development PKI's trust folder.</summary>
    public string? TrustDirectory { get; set; }

    /// <summary>CRL files or loopback URLs; by default the development PKI's CRL.</summary>
    public string[]? CrlSources { get; set; }

    /// <summary>Refuse (default) or Allow client certificates when their CRL is stale or unavailable.</summary>
    public Digipoort.Api.Security.StaleCrlPolicy StaleCrl { get; set; } = Digipoort.Api.Security.StaleCrlPolicy.Refuse;
}

/// <summary>A token bucket per sender over the sender-facing API (submissions and status queries).</summary>
public sealed class RateLimitSettings
{
    /// <summary>The burst a sender may send at once.</summary>
    public int TokenLimit { get; set; } = 2000;

    /// <summary>Requests a sender may make per <see cref="ReplenishmentPeriod"/>, sustained.</summary>
    public int TokensPerPeriod { get; set; } = 1000;

    public TimeSpan ReplenishmentPeriod { get; set; } = TimeSpan.FromSeconds(1);
}

public sealed class MessageSettings
{
    /// <summary>How long a finished message's actor stays in memory for status queries.</summary>
    public TimeSpan IdleBeforePassivation { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// A message that has written nothing this long is woken (a no-op when it is running), so that one whose node crashed,
    /// stopped or handed it over resumes by itself; it bounds how long that takes.
    /// </summary>
    public TimeSpan ResumeAfter { get; set; } = WakeUpSettings.Default.ResumeAfter;

    /// <summary>How often the node that runs the waker looks for messages due.</summary>
    public TimeSpan WakeUpInterval { get; set; } = WakeUpSettings.Default.Interval;
}

/// <summary>
/// The certificate acceptance receipts are signed with. Without <see cref="CertificatePath"/> the node
/// creates a self-signed development certificate in <c>&lt;data&gt;/receipts</c> on first run; the PKI's
/// server certificate is meant to replace it.
/// </summary>
public sealed class ReceiptSettings
{
    /// <summary>A PKCS#12 file (.pfx/.p12) or a PEM certificate; its private key must be usable for signing.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The PEM private key when it is not in the <see cref="CertificatePath"/> file itself.</summary>
    public string? KeyPath { get; set; }

    /// <summary>The PKCS#12 password, or the password of an encrypted PEM key.</summary>
    public string? CertificatePassword { get; set; }
}

/// <summary>Where payloads and attachments are kept. Every node of a cluster must reach the same store.</summary>
public sealed class BlobStoreSettings
{
    public BlobStoreKind Store { get; set; } = BlobStoreKind.Folder;

    /// <summary>
    /// The <see cref="BlobStoreKind.Folder"/> store's folder; by default <c>&lt;data&gt;/blobs</c>. For a cluster,
    /// a mount every node shares (its <c>staging</c> subfolder must be on the same volume, which it is).
    /// </summary>
    public string? Directory { get; set; }

    /// <summary>The <see cref="BlobStoreKind.PostgreSql"/> store's database (an Npgsql connection string).</summary>
    public string? ConnectionString { get; set; }
}

public enum BlobStoreKind
{
    /// <summary>Files in <see cref="BlobStoreSettings.Directory"/>: one node, or a cluster on a shared file system.</summary>
    Folder,

    /// <summary>Chunks in a PostgreSQL database, with uploads staged in <c>&lt;data&gt;/blob-staging</c> on each node.</summary>
    PostgreSql,
}

/// <summary>
/// Where the blob store's keys come from. By default the key file <c>&lt;data&gt;/keys/blob-keys.json</c>,
/// created on first run and rotated with <c>keys rotate</c>. Operators who keep keys outside the data
/// folder set <see cref="AddressKey"/>, <see cref="CurrentKeyId"/> and <see cref="Keys"/> instead
/// (e.g. <c>Digipoort__BlobEncryption__Keys__k2=&lt;base64&gt;</c>); then no key file is read or created.
/// </summary>
public sealed class BlobEncryptionSettings
{
    /// <summary>The key file; by default <c>&lt;data&gt;/keys/blob-keys.json</c>. Ignored when keys are configured.</summary>
    public string? KeyFile { get; set; }

    /// <summary>
    /// Base64 of the 256-bit HMAC key of the content addresses. Do not rotate it: a new one gives the same
    /// content a new address, so deduplication with earlier blobs is lost (they stay readable).
    /// </summary>
    public string? AddressKey { get; set; }

    /// <summary>The id (in <see cref="Keys"/>) of the key new blobs are encrypted with.</summary>
    public string? CurrentKeyId { get; set; }

    /// <summary>Key id → base64 of a 256-bit content key; keep every key that blobs are still encrypted with.</summary>
    public Dictionary<string, string> Keys { get; set; } = new(StringComparer.Ordinal);

    public bool IsConfigured => AddressKey is not null || CurrentKeyId is not null || Keys.Count > 0;
}
