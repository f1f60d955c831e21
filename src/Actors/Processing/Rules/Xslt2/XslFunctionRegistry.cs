using System.Xml;
using Wmhelp.XPath2;

namespace Digipoort.Actors.Processing.Rules.Xslt2;

/// <summary>
/// The one place where rule sets meet the XPath 2.0 library's function table, which is process-global
/// (<c>FunctionTable.Inst</c>, a plain dictionary that <c>Add</c> writes and every compilation reads: a call is bound
/// when its expression is compiled). Two catalogue entries, or two versions of one during a hot reload, may declare
/// the same function name differently, so each rule set's functions are registered under namespaces of their own
/// (<see cref="UniqueNamespace"/>: the declared namespace plus a hash of the definitions) and its expressions are
/// compiled with its function prefixes bound to those. Identical definitions loaded again reuse the first
/// registration, so reloading a rule set does not grow the table; each changed version adds its functions once.
/// </summary>
internal static class XslFunctionRegistry
{
    // Compilations read the table, registrations write it; the lock is re-entrant because bodies are compiled
    // while their functions are being registered.
    private static readonly ReaderWriterLockSlim Gate = new(LockRecursionPolicy.SupportsRecursion);

    static XslFunctionRegistry()
    {
        // XPath2's character table (XmlCharType) is published before it is filled, so a tokenizer on another thread
        // can see no letters at all and report a syntax error in a valid expression. The first compilation runs
        // here, once, before any other can start (the runtime runs a static constructor on one thread only).
        XPath2Expression.Compile("a");
    }

    // Hashes whose functions are registered and whose bodies all compiled, with the namespaces they registered.
    private static readonly Dictionary<string, string[]> Complete = new(StringComparer.Ordinal);

    /// <summary>The namespace under which the functions of <paramref name="declaredNamespace"/> with definitions <paramref name="hash"/> are registered.</summary>
    public static string UniqueNamespace(string declaredNamespace, string hash) => $"{declaredNamespace}#{hash}";

    /// <summary>How many definitions of functions in <paramref name="declaredNamespace"/> are registered (each complete, once).</summary>
    public static int Registrations(string declaredNamespace)
    {
        Gate.EnterReadLock();
        try
        {
            return Complete.Values.Count(namespaces => namespaces.Any(ns => ns.StartsWith(declaredNamespace + "#", StringComparison.Ordinal)));
        }
        finally
        {
            Gate.ExitReadLock();
        }
    }

    /// <summary>Compiles <paramref name="expression"/>; every compilation in the process goes through here.</summary>
    public static XPath2Expression Compile(string expression, IXmlNamespaceResolver namespaces)
    {
        Gate.EnterReadLock();
        try
        {
            return XPath2Expression.Compile(expression, namespaces);
        }
        finally
        {
            Gate.ExitReadLock();
        }
    }

    /// <summary>
    /// Registers <paramref name="functions"/> (all of one rule set, identified by <paramref name="hash"/>) and then
    /// runs <paramref name="compileBodies"/>, unless identical definitions were registered and compiled before. If
    /// compiling a body throws, the rule set is refused and the hash stays incomplete: a later load of the same
    /// definitions registers afresh (replacing these entries, not adding to them) and fails the same way.
    /// </summary>
    public static void Register(string hash, IReadOnlyList<XslFunction> functions, Action compileBodies)
    {
        Gate.EnterWriteLock();
        try
        {
            if (Complete.ContainsKey(hash))
                return;
            foreach (var function in functions)
                FunctionTable.Inst.Add(function.NamespaceUri, function.LocalName, function.Arity, function.ResultType, function.Invoke,
                    overwriteExistingEntry: true);
            compileBodies();
            Complete.Add(hash, functions.Select(f => f.NamespaceUri).Distinct(StringComparer.Ordinal).ToArray());
        }
        finally
        {
            Gate.ExitWriteLock();
        }
    }
}
