using System.Text;
using Digipoort.Api.Receipts;

namespace Digipoort.Tests.Receipts;

public sealed class ReceiptCanonicalFormTests
{
    private static readonly string MainHash = new('a', 64);
    private static readonly string AttachmentHash = new('b', 64);

    internal static readonly Receipt Sample = new(
        "0190a3b4-5c6d-7e8f-9a0b-1c2d3e4f5a6b", "Omzetbelasting", "ref-1", "00000003123456780000", "2026-03-07T11:37:39.702Z",
        [new PayloadHash(Receipt.MainDocument, MainHash), new PayloadHash(Receipt.AttachmentName(0), AttachmentHash)]);

    [Fact]
    public void The_canonical_form_is_compact_json_in_a_fixed_order_with_kenmerk_timestamp_sender_and_hashes()
    {
        var json = Encoding.UTF8.GetString(ReceiptCanonicalForm.Serialize(Sample));

        Assert.Equal(
            $$"""{"type":"digipoort-ontvangstbewijs/1","kenmerk":"0190a3b4-5c6d-7e8f-9a0b-1c2d3e4f5a6b","berichtsoort":"Omzetbelasting","aanleverkenmerk":"ref-1","afzender":"00000003123456780000","tijdstempelAangeleverd":"2026-03-07T11:37:39.702Z","hashes":[{"naam":"berichtInhoud","sha256":"{{MainHash}}"},{"naam":"berichtBijlagen[0]","sha256":"{{AttachmentHash}}"}]}""",
            json);
    }

    [Fact]
    public void The_same_receipt_gives_the_same_bytes_whatever_the_current_culture()
    {
        var before = ReceiptCanonicalForm.Serialize(Sample);
        var culture = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            // The build uses invariant globalization; a culture with other separators is still set where it can be.
            System.Globalization.CultureInfo.CurrentCulture = System.Globalization.CultureInfo.InvariantCulture.Clone() is System.Globalization.CultureInfo c
                ? WithOddSeparators(c) : culture;
            Assert.Equal(before, ReceiptCanonicalForm.Serialize(Sample with { Hashes = [.. Sample.Hashes] }));
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = culture;
        }
    }

    [Fact]
    public void A_canonical_receipt_parses_back_to_the_same_fields()
    {
        Assert.True(ReceiptCanonicalForm.TryParse(ReceiptCanonicalForm.Serialize(Sample), out var parsed));

        Assert.Equal(Sample.Kenmerk, parsed!.Kenmerk);
        Assert.Equal(Sample.Aanleverkenmerk, parsed.Aanleverkenmerk);
        Assert.Equal(Sample.Hashes, parsed.Hashes);
    }

    [Fact]
    public void Json_with_the_same_fields_but_other_whitespace_or_order_is_not_a_receipt()
    {
        var json = Encoding.UTF8.GetString(ReceiptCanonicalForm.Serialize(Sample));

        Assert.False(ReceiptCanonicalForm.TryParse(Encoding.UTF8.GetBytes(json.Replace(",", ", ", StringComparison.Ordinal)), out _));
        Assert.False(ReceiptCanonicalForm.TryParse(Encoding.UTF8.GetBytes(json + " "), out _));
        Assert.False(ReceiptCanonicalForm.TryParse("{}"u8, out _));
        Assert.False(ReceiptCanonicalForm.TryParse("not json"u8, out _));
    }

    private static System.Globalization.CultureInfo WithOddSeparators(System.Globalization.CultureInfo culture)
    {
        culture.NumberFormat.NumberDecimalSeparator = ",";
        culture.DateTimeFormat.DateSeparator = ".";
        culture.DateTimeFormat.TimeSeparator = ".";
        return culture;
    }
}
