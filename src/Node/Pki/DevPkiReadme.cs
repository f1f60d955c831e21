namespace Digipoort.Node.Pki;

/// <summary>The README.txt written into a development PKI folder: what each file is and how to use it.</summary>
internal static class DevPkiReadme
{
    public static string Text(DevPkiLayout layout)
    {
        var clients = string.Join("\n", DevPkiNames.Clients.Select(c =>
            $"clients/{c.Name}.pem/.key ".PadRight(25) + $"OIN {c.Oin}, O={c.Organisation}{(c.Role is null ? "" : $", OU={c.Role} (role)")}"));
        return $"""
            Digipoort development PKI — FOR TESTS ONLY, never trust these certificates elsewhere.
            Created by `dotnet run --project src/Node -- pki init [--data <dir>] [--force]` in
            {layout.Root}

            Hierarchy (RSA-3072, SHA-256, shaped like PKIoverheid Private Services):
              {DevPkiNames.RootCa}
                -> {DevPkiNames.DomainCa}
                  -> {DevPkiNames.IssuingCa}
                    -> server and client certificates

            trust/root-ca.pem        the root CA: the only trust anchor
            trust/domain-ca.pem      intermediate CA (domain)
            trust/issuing-ca.pem     intermediate CA that issues the leaf certificates
                                     (the trust folder holds certificates only; point the client
                                     certificate validator's trust folder here)
            ca/*.key                 CA private keys (PKCS#8 PEM, unencrypted) for issuing and revoking
            server/server.pem/.key   localhost server certificate (SAN localhost, 127.0.0.1, ::1;
                                     EKU serverAuth + clientAuth; serialNumber={DevPkiNames.ServerOin},
                                     test prefix 00000099 + the digits of Logius's Digipoort OIN)
            {clients}
            crl/issuing-ca.crl       the issuing CA's CRL (DER), valid 7 days; revoking re-issues it

            The OIN is in the subject serialNumber (2.5.4.5); the role, if any, in the subject OU.
            Client .pem files hold the leaf only; servers complete the chain from trust/.
            Private keys are 0600 and folders 0700 (Unix).

            Try it (server on https://localhost:5443):
              curl --cert clients/sender.pem --key clients/sender.key --cacert trust/root-ca.pem https://localhost:5443/health/live

            """.Replace("\r\n", "\n", StringComparison.Ordinal);
    }
}
