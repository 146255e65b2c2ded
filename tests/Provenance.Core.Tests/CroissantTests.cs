using Provenance.Gate;

namespace Provenance.Tests;

/// <summary>Croissant import: FileObjects' digests are verified like any evidence.</summary>
public sealed class CroissantTests
{
    private static readonly string Real = Path.Combine(GatePolicyTests.RepoRoot(), "..", "shared", "real", "croissant");

    [Fact]
    public void FileObject_digests_are_verified_and_one_wrong_digest_is_PROV103()
    {
        using var dataset = new TestDataset();
        dataset.WriteData("croissant/data/passengers.csv", "id,survived\n1,0\n");
        var genders = dataset.WriteData("croissant/data/genders.csv", "label\nmale\nfemale\n");
        var metadata = $$"""
            {
              "@context": {"@vocab": "https://schema.org/", "cr": "http://mlcommons.org/croissant/", "md5": "cr:md5"},
              "@type": "sc:Dataset",
              "conformsTo": "http://mlcommons.org/croissant/1.1",
              "name": "tiny-titanic",
              "distribution": [
                {"@type": "cr:FileObject", "@id": "passengers.csv", "name": "passengers.csv", "contentUrl": "data/passengers.csv", "encodingFormat": "text/csv", "sha256": "{{dataset.TrainSha}}"},
                {"@type": "cr:FileObject", "@id": "genders.csv", "name": "genders.csv", "contentUrl": "data/genders.csv", "encodingFormat": "text/csv", "sha256": "{{genders}}"},
                {"@type": "cr:FileSet", "@id": "images", "includes": "images/*.jpg"}
              ]
            }
            """;
        dataset.Directory.Write("croissant/metadata.json", metadata);
        dataset.Set("croissant", "croissant: croissant/metadata.json");
        var result = dataset.Run();
        var mismatch = result.Single("PROV103");
        Assert.Contains("Croissant FileObject 'passengers.csv'", mismatch.Message);
        Assert.EndsWith("metadata.json", mismatch.Location.File);
        Assert.Equal(7, mismatch.Location.Line);
        Assert.Contains(result.VerifiedFiles, f => f.ManifestPath == "data/genders.csv" && f.Sha256 == genders);
    }

    [Fact]
    public void A_FileObject_with_md5_only_no_digest_or_a_remote_url_is_a_gap()
    {
        using var dataset = new TestDataset();
        dataset.Directory.Write("croissant/metadata.json", """
            {
              "@type": "sc:Dataset",
              "distribution": [
                {"@type": "cr:FileObject", "name": "a.csv", "contentUrl": "data/a.csv", "md5": "d41d8cd98f00b204e9800998ecf8427e"},
                {"@type": ["cr:FileObject"], "name": "b.csv", "contentUrl": "data/b.csv"},
                {"@type": "cr:FileObject", "name": "c.csv", "contentUrl": "https://example.org/c.csv", "sha256": "00"}
              ]
            }
            """);
        dataset.Set("croissant", "croissant: croissant/metadata.json");
        var result = dataset.Run();
        var gaps = result.Diagnostics.Where(d => d.Id == "PROV101").Select(d => d.Message).ToList();
        Assert.Contains(gaps, m => m.Contains("'a.csv'") && m.Contains("only an md5"));
        Assert.Contains(gaps, m => m.Contains("'b.csv'") && m.Contains("no digest"));
        Assert.Contains("remote URL", result.Single("PROV106").Message);
        Assert.False(result.Passed);
    }

    [Fact]
    public void A_missing_or_escaping_metadata_file_is_reported()
    {
        using var dataset = new TestDataset();
        dataset.Set("croissant", "croissant: croissant/missing.json");
        Assert.Contains("PROV104", dataset.Run().Codes());
        dataset.Set("croissant", "croissant: ../elsewhere/metadata.json");
        Assert.Contains("PROV105", dataset.Run().Codes());
    }

    [Theory]
    [InlineData("titanic-1.0", 0)]
    [InlineData("coco2014-mini-1.0", 0)]
    [InlineData("pass-mini-1.0", 0)]
    [InlineData("titanic-0.8", 2)] // upstream copied titanic.csv's digest onto two other files (shared/real/croissant/SOURCES.md)
    public void Real_Croissant_documents_verify_as_their_sources_say(string folder, int mismatches)
    {
        var source = Path.Combine(Real, folder);
        if (!Directory.Exists(source))
        {
            return; // the public corpora live beside the repository, not in it
        }

        using var dataset = new TestDataset();
        dataset.Set("croissant", $"croissant: '{Path.GetRelativePath(dataset.Directory.Path, Path.Combine(source, "metadata.json"))}'");
        var result = dataset.Run(o => o.DataRoots = new[] { dataset.Directory.Path, source });
        Assert.Equal(mismatches, result.Diagnostics.Count(d => d.Id == "PROV103"));
        Assert.Equal(mismatches == 0, result.Passed);
        Assert.True(result.VerifiedFiles.Count(f => f.Role.StartsWith("Croissant", StringComparison.Ordinal)) == 3 - mismatches, result.Describe());
    }
}
