namespace Digipoort.Actors.Processing.Validation;

/// <summary>
/// Codes of the findings ("constateringen") that well-formedness and schema checks produce. Each fits
/// constateringcodeType (at most 20 characters).
/// </summary>
public static class FindingCodes
{
    /// <summary>The document is not well-formed XML.</summary>
    public const string Malformed = "XML-WF";

    /// <summary>The document carries a DTD (and so possibly entity declarations); never processed.</summary>
    public const string Dtd = "XML-DTD";

    /// <summary>Elements are nested deeper than the limit.</summary>
    public const string TooDeep = "XML-DEPTH";

    /// <summary>A schema validation error.</summary>
    public const string Schema = "XSD";

    /// <summary>A schema validation warning; on its own it does not make a document invalid.</summary>
    public const string SchemaWarning = "XSD-WARNING";

    /// <summary>Validation stopped at the findings cap; the rest of the document was not checked.</summary>
    public const string TooManyFindings = "XSD-TRUNCATED";

    /// <summary>A batch breaks a limit (too many items, an item too large) and is refused as a whole.</summary>
    public const string BatchLimit = "BATCH-LIMIT";

    /// <summary>The document is too large to be held as a tree for business rules, routing or transformation.</summary>
    public const string TooLargeForRules = "XML-TREE-SIZE";
}
