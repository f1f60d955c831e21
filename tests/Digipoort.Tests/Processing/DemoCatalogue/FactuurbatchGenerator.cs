using System.Globalization;
using System.Xml;

namespace Digipoort.Tests.Processing.Demo;

/// <summary>
/// Writes a Factuurbatch of any size that satisfies the demo schemas and the Factuurbatch and Factuur rules,
/// streaming: every invoice is a pure function of its index, so nothing is held in memory (the header's
/// total comes from a first pass over the amounts alone). Issue dates are not in document order, so a
/// split sorted by issue date visibly reorders. Compiled into the tests and (linked) into the microbenchmarks.
/// </summary>
internal static class FactuurbatchGenerator
{
    public const string BatchNamespace = "urn:digipoort:demo:factuurbatch:1.0";
    public const string InvoiceNamespace = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2";
    public const string CacNamespace = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2";
    public const string CbcNamespace = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2";

    /// <summary>The buyers the invoices alternate between: Gemeente Utrecht and Rijkswaterstaat.</summary>
    public static readonly string[] BuyerOins = ["00000001002220647000", "00000001003214369000"];

    private static readonly DateOnly FirstIssueDate = new(2026, 11, 1);
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Writes a batch of <paramref name="items"/> invoices to <paramref name="output"/> (left open).</summary>
    public static void Write(Stream output, int items, string batchId = "DV-BATCH-GEN")
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(items, 1);
        var total = 0m;
        for (var i = 0; i < items; i++)
            total += Payable(i);

        var settings = new XmlWriterSettings { Indent = true, CloseOutput = false };
        using var writer = XmlWriter.Create(output, settings);
        writer.WriteStartElement("Factuurbatch", BatchNamespace);
        writer.WriteStartElement("Kop", BatchNamespace);
        writer.WriteElementString("BatchID", BatchNamespace, batchId);
        writer.WriteElementString("Aanmaakdatum", BatchNamespace, "2026-11-30");
        writer.WriteElementString("Leverancier", BatchNamespace, "12345678");
        writer.WriteElementString("AantalFacturen", BatchNamespace, items.ToString(Invariant));
        writer.WriteStartElement("TotaalTeBetalen", BatchNamespace);
        writer.WriteAttributeString("valuta", "EUR");
        writer.WriteString(Money(total));
        writer.WriteEndElement();
        writer.WriteEndElement();
        writer.WriteStartElement("Facturen", BatchNamespace);
        for (var i = 0; i < items; i++)
            WriteInvoice(writer, i, batchId);
        writer.WriteEndElement();
        writer.WriteEndElement();
    }

    /// <summary>Writes invoice <paramref name="index"/> on its own, as a Factuur document.</summary>
    public static void WriteInvoice(Stream output, int index)
    {
        using var writer = XmlWriter.Create(output, new XmlWriterSettings { Indent = true, CloseOutput = false });
        WriteInvoice(writer, index, "DV-GEN");
    }

    /// <summary>How many invoices make a batch of about <paramref name="bytes"/> bytes.</summary>
    public static int ItemsFor(long bytes)
    {
        using var sample = new MemoryStream();
        Write(sample, 100);
        return (int)Math.Max(1, bytes * 100 / sample.Length);
    }

    /// <summary>The issue date of invoice <paramref name="index"/>: spread over four weeks, out of document order.</summary>
    public static DateOnly IssueDate(int index) => FirstIssueDate.AddDays(index * 11 % 28);

    private static int LineCount(int index) => 1 + index % 3;

    private static int Quantity(int index, int line) => 1 + (index + line) % 17;

    private static decimal Price(int index, int line) => 10.00m + (index * 7 + line) % 50 * 1.25m;

    private static decimal LineTotal(int index) =>
        Enumerable.Range(1, LineCount(index)).Sum(line => Quantity(index, line) * Price(index, line));

    private static decimal Tax(int index) => Math.Round(LineTotal(index) * 0.21m, 2, MidpointRounding.AwayFromZero);

    private static decimal Payable(int index) => LineTotal(index) + Tax(index);

    private static string Money(decimal amount) => amount.ToString("0.00", Invariant);

    private static void WriteInvoice(XmlWriter w, int index, string batchId)
    {
        var issued = IssueDate(index);
        w.WriteStartElement("Invoice", InvoiceNamespace);
        w.WriteAttributeString("xmlns", "cac", null, CacNamespace);
        w.WriteAttributeString("xmlns", "cbc", null, CbcNamespace);
        Cbc(w, "CustomizationID", "urn:cen.eu:en16931:2017#compliant#urn:fdc:nen.nl:nlcius:v1.0");
        Cbc(w, "ID", $"{batchId}-{index:D6}");
        Cbc(w, "IssueDate", issued.ToString("yyyy-MM-dd", Invariant));
        Cbc(w, "DueDate", issued.AddDays(30).ToString("yyyy-MM-dd", Invariant));
        Cbc(w, "InvoiceTypeCode", "380");
        Cbc(w, "DocumentCurrencyCode", "EUR");
        Cbc(w, "BuyerReference", $"INK-{index % 1000:D4}");

        w.WriteStartElement("AccountingSupplierParty", CacNamespace);
        w.WriteStartElement("Party", CacNamespace);
        w.WriteStartElement("PartyTaxScheme", CacNamespace);
        Cbc(w, "CompanyID", "NL123456789B01");
        TaxScheme(w);
        w.WriteEndElement();
        w.WriteStartElement("PartyLegalEntity", CacNamespace);
        Cbc(w, "RegistrationName", "Ingenieursbureau De Vaart B.V.");
        Cbc(w, "CompanyID", "12345678");
        w.WriteEndElement();
        w.WriteEndElement();
        w.WriteEndElement();

        w.WriteStartElement("AccountingCustomerParty", CacNamespace);
        w.WriteStartElement("Party", CacNamespace);
        w.WriteStartElement("EndpointID", CbcNamespace);
        w.WriteAttributeString("schemeID", "0190");
        w.WriteString(BuyerOins[index % BuyerOins.Length]);
        w.WriteEndElement();
        w.WriteEndElement();
        w.WriteEndElement();

        w.WriteStartElement("PaymentMeans", CacNamespace);
        Cbc(w, "PaymentMeansCode", "30");
        w.WriteStartElement("PayeeFinancialAccount", CacNamespace);
        Cbc(w, "ID", "NL91ABNA0417164300");
        w.WriteEndElement();
        w.WriteEndElement();

        var lineTotal = LineTotal(index);
        var tax = Tax(index);
        w.WriteStartElement("TaxTotal", CacNamespace);
        Amount(w, "TaxAmount", tax);
        w.WriteStartElement("TaxSubtotal", CacNamespace);
        Amount(w, "TaxableAmount", lineTotal);
        Amount(w, "TaxAmount", tax);
        TaxCategory(w, "TaxCategory");
        w.WriteEndElement();
        w.WriteEndElement();

        w.WriteStartElement("LegalMonetaryTotal", CacNamespace);
        Amount(w, "LineExtensionAmount", lineTotal);
        Amount(w, "TaxExclusiveAmount", lineTotal);
        Amount(w, "TaxInclusiveAmount", lineTotal + tax);
        Amount(w, "PayableAmount", lineTotal + tax);
        w.WriteEndElement();

        for (var line = 1; line <= LineCount(index); line++)
        {
            w.WriteStartElement("InvoiceLine", CacNamespace);
            Cbc(w, "ID", line.ToString(Invariant));
            w.WriteStartElement("InvoicedQuantity", CbcNamespace);
            w.WriteAttributeString("unitCode", "HUR");
            w.WriteString(Quantity(index, line).ToString(Invariant));
            w.WriteEndElement();
            Amount(w, "LineExtensionAmount", Quantity(index, line) * Price(index, line));
            w.WriteStartElement("Item", CacNamespace);
            Cbc(w, "Name", $"Advieswerk werkpakket {(index + line) % 40 + 1}");
            TaxCategory(w, "ClassifiedTaxCategory");
            w.WriteEndElement();
            w.WriteStartElement("Price", CacNamespace);
            Amount(w, "PriceAmount", Price(index, line));
            w.WriteEndElement();
            w.WriteEndElement();
        }
        w.WriteEndElement();
    }

    private static void Cbc(XmlWriter w, string name, string value) => w.WriteElementString(name, CbcNamespace, value);

    private static void Amount(XmlWriter w, string name, decimal value)
    {
        w.WriteStartElement(name, CbcNamespace);
        w.WriteAttributeString("currencyID", "EUR");
        w.WriteString(Money(value));
        w.WriteEndElement();
    }

    private static void TaxCategory(XmlWriter w, string element)
    {
        w.WriteStartElement(element, CacNamespace);
        Cbc(w, "ID", "S");
        Cbc(w, "Percent", "21");
        TaxScheme(w);
        w.WriteEndElement();
    }

    private static void TaxScheme(XmlWriter w)
    {
        w.WriteStartElement("TaxScheme", CacNamespace);
        Cbc(w, "ID", "VAT");
        w.WriteEndElement();
    }
}
