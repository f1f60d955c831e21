using System.Diagnostics;
using Digipoort.Actors.Processing.Validation;

namespace Digipoort.Tests.Processing;

/// <summary>Large documents and many threads over one shared schema set.</summary>
public sealed class SchemaValidatorLoadTests : IDisposable
{
    private const string BulkSchema = """
        <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:test:bulk"
                   xmlns:b="urn:test:bulk" elementFormDefault="qualified">
          <xs:element name="Regels">
            <xs:complexType>
              <xs:sequence>
                <xs:element name="Regel" maxOccurs="unbounded">
                  <xs:complexType>
                    <xs:sequence>
                      <xs:element name="Omschrijving">
                        <xs:simpleType><xs:restriction base="xs:string"><xs:maxLength value="100"/></xs:restriction></xs:simpleType>
                      </xs:element>
                      <xs:element name="Bedrag">
                        <xs:simpleType><xs:restriction base="xs:decimal"><xs:fractionDigits value="2"/></xs:restriction></xs:simpleType>
                      </xs:element>
                    </xs:sequence>
                    <xs:attribute name="nr" type="xs:positiveInteger" use="required"/>
                  </xs:complexType>
                </xs:element>
              </xs:sequence>
            </xs:complexType>
            <xs:unique name="RegelNummer">
              <xs:selector xpath="b:Regel"/>
              <xs:field xpath="@nr"/>
            </xs:unique>
          </xs:element>
        </xs:schema>
        """;

    private readonly TempCatalogue _catalogue = new();

    public void Dispose() => _catalogue.Dispose();

    [Fact]
    public void Twenty_megabyte_document_validates_streaming()
    {
        _catalogue.AddBerichtsoort("Bulk", "Bulk", BulkSchema);
        Assert.True(_catalogue.Load().TryGet("Bulk", out var bulk));
        var path = Path.Combine(_catalogue.Outside, "bulk.xml");
        WriteBulkDocument(path, minimumBytes: 20 * 1024 * 1024);

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024);
        var report = SchemaValidator.Validate(bulk, stream);

        Assert.True(report.IsValid, string.Join("\n", report.Findings));
        Assert.True(stream.Length >= 20 * 1024 * 1024);
        // Read to its end: every byte was checked. Speed and memory are the benchmarks' (bench/Digipoort.Microbench).
        Assert.Equal(stream.Length, stream.Position);
    }

    [Fact]
    public void Concurrent_validation_over_the_shared_set_gives_the_same_results()
    {
        var type = DemoCatalogue.Omzetbelasting;
        var samples = new[] { DemoCatalogue.Sample("omzetbelasting-valid.xml"), DemoCatalogue.Sample("omzetbelasting-invalid.xml") };
        var expected = samples.Select(s => SchemaValidator.Validate(type, new MemoryStream(s))).ToArray();
        Assert.True(expected[0].IsValid);
        Assert.False(expected[1].IsValid);

        const int threadCount = 4, rounds = 200;
        var mismatches = 0;
        using var start = new Barrier(threadCount);
        var threads = Enumerable.Range(0, threadCount).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            for (var i = 0; i < rounds; i++)
            {
                var which = (i + t) % 2;
                var report = SchemaValidator.Validate(type, new MemoryStream(samples[which]));
                if (report.IsValid != expected[which].IsValid || !report.Findings.SequenceEqual(expected[which].Findings))
                    Interlocked.Increment(ref mismatches);
            }
        })).ToList();

        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        Assert.Equal(0, mismatches);
    }

    private static void WriteBulkDocument(string path, long minimumBytes)
    {
        using var writer = new StreamWriter(path);
        writer.Write("<Regels xmlns=\"urn:test:bulk\">\n");
        for (var nr = 1; writer.BaseStream.Position < minimumBytes; nr++)
            writer.Write($"  <Regel nr=\"{nr}\"><Omschrijving>Regel {nr} van de bulkaangifte</Omschrijving><Bedrag>{nr % 100_000}.{nr % 100:00}</Bedrag></Regel>\n");
        writer.Write("</Regels>\n");
    }
}
