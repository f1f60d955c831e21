namespace Digipoort.Actors.Processing.Authorisation;

/// <summary>
/// Holds the matrix in force; the node replaces it when its configuration changes, so grants and
/// revocations take effect without a restart. Readers take <see cref="Current"/> once per decision.
/// </summary>
public sealed class AuthorisationMatrixProvider(AuthorisationMatrix initial)
{
    private volatile AuthorisationMatrix _current = initial;

    public AuthorisationMatrix Current => _current;

    public void Replace(AuthorisationMatrix matrix) => _current = matrix;
}
