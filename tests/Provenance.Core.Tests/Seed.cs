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

    /// <summary>The seed's quarantine record, indented as YAML (the article prints it flattened), ending in a newline.</summary>
    public const string QuarantineRecord = """
        quarantine:
          source_record: support-chat-export@2026-05-22
          trigger: opt-out record found in model-review sample
          blocked_use: new training and benchmark publication
          allowed_use: incident reproduction in restricted environment
          exit_condition: opt-out-removal evidence and reviewer status attached

        """;
}
