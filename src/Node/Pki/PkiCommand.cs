using System.Security.Cryptography;
using Digipoort.Node.Configuration;

namespace Digipoort.Node.Pki;

/// <summary>
/// <c>pki init [--data &lt;dir&gt;] [--force]</c> creates the development PKI in <c>&lt;data&gt;/pki</c>;
/// <c>pki revoke &lt;serial&gt; [--data &lt;dir&gt;]</c> adds a serial to its CRL. Runs without the web host.
/// </summary>
public static class PkiCommand
{
    public const int Success = 0;
    public const int UsageError = 2;

    private const string Usage = "usage: pki init [--data <dir>] [--force] | pki revoke <serial> [--data <dir>]";

    public static bool Matches(string[] args) => args.Length > 0 && args[0] == "pki";

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var parsed = PkiArguments.Parse(args);
        if (parsed is null)
        {
            error.WriteLine(Usage);
            return UsageError;
        }
        var folder = FirstRun.DataFolder.PkiDirectoryOf(parsed.DataDirectory);
        try
        {
            return parsed.Verb == "init" ? Init(folder, parsed.Force, output) : Revoke(folder, parsed.Serial!, output);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or FormatException)
        {
            error.WriteLine($"pki {parsed.Verb} failed: {e.Message}");
            return UsageError;
        }
    }

    private static int Init(string folder, bool force, TextWriter output)
    {
        var result = DevPki.Create(folder, overwrite: force);
        if (!result.Created)
        {
            output.WriteLine($"A development PKI already exists in {result.Layout.Root}; nothing created (use --force to replace it).");
            return Success;
        }
        output.WriteLine($"Created a development PKI in {result.Layout.Root}:");
        foreach (var file in result.Files)
            output.WriteLine("  " + Path.GetRelativePath(result.Layout.Root, file));
        output.WriteLine($"See {result.Layout.Readme} for what each file is and how to use it.");
        return Success;
    }

    private static int Revoke(string folder, string serial, TextWriter output)
    {
        DevPki.Revoke(folder, serial);
        output.WriteLine($"Revoked {serial}; re-issued {DevPkiLayout.For(folder).IssuingCrl}.");
        return Success;
    }

    /// <summary>The parsed command line; null when it does not match the usage.</summary>
    private sealed record PkiArguments(string Verb, string DataDirectory, bool Force, string? Serial)
    {
        public static PkiArguments? Parse(string[] args)
        {
            if (args.Length < 2 || args[1] is not ("init" or "revoke")) return null;
            var verb = args[1];
            var data = new NodeOptions().DataDirectory;
            var force = false;
            string? serial = null;
            for (var i = 2; i < args.Length; i++)
            {
                switch (args[i])
                {
                    case "--data" when i + 1 < args.Length:
                        data = args[++i];
                        break;
                    case "--force" when verb == "init":
                        force = true;
                        break;
                    case var value when verb == "revoke" && serial is null && !value.StartsWith("--", StringComparison.Ordinal):
                        serial = value;
                        break;
                    default:
                        return null;
                }
            }
            return verb == "revoke" && serial is null ? null : new PkiArguments(verb, data, force, serial);
        }
    }
}
