using Digipoort.Actors.Processing.Authorisation;

namespace Digipoort.Node.Authorisation;

/// <summary>Turns configured settings into a matrix, refusing anything ambiguous with every problem named.</summary>
public static class AuthorisationMatrixBuilder
{
    public static AuthorisationMatrix Build(AuthorisationSettings settings)
    {
        var problems = new List<string>();
        var senders = new Dictionary<string, SenderEntitlement>(StringComparer.Ordinal);
        foreach (var (sender, entry) in settings.Senders)
        {
            if (!Enum.TryParse<SenderRole>(entry.Role, ignoreCase: true, out var role) || !Enum.IsDefined(role))
            {
                problems.Add($"sender '{sender}': unknown role '{entry.Role}' (Aanleveraar or Intermediair)");
                continue;
            }
            var mandates = new List<Mandate>();
            foreach (var (m, i) in entry.Mandates.Select((m, i) => (m, i)))
            {
                var where = $"sender '{sender}' mandate {i}";
                if (string.IsNullOrWhiteSpace(m.Belanghebbende)) problems.Add($"{where}: Belanghebbende is required");
                if (m.Berichtsoorten.Length == 0) problems.Add($"{where}: Berichtsoorten is empty");
                if (m.ValidFrom > m.ValidUntil) problems.Add($"{where}: ValidFrom is after ValidUntil");
                mandates.Add(new Mandate(m.Belanghebbende?.Trim() ?? "", string.IsNullOrWhiteSpace(m.Type) ? null : m.Type.Trim(),
                    m.Berichtsoorten.ToHashSet(StringComparer.Ordinal), m.ValidFrom, m.ValidUntil));
            }
            if (mandates.Count > 0 && role != SenderRole.Intermediair)
                problems.Add($"sender '{sender}': only an Intermediair holds mandates");
            senders[sender] = new SenderEntitlement(role, entry.Berichtsoorten.ToHashSet(StringComparer.Ordinal), mandates);
        }
        return problems.Count == 0
            ? new AuthorisationMatrix(senders)
            : throw new InvalidOperationException("The authorisation matrix is invalid: " + string.Join("; ", problems) + ".");
    }
}
