namespace Provenance.Tests;

/// <summary>The manifests of ../shared/seed/training-data-provenance-article.txt, as written there.</summary>
public static class Seed
{
    public const string IncidentManifest = """
        dataset: support-classifier-training
        created_at: 2026-05-22T18:10:00Z
        source: support-chat-export
        rights_basis: internal
        transforms:
        - normalize
        - dedupe-v1
        sha256: 9f2277aa...
        model_build: support-classifier-v7
        """;
}
