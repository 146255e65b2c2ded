namespace Provenance.Build.IntegrationTests;

/// <summary>A small training repo on Provenance.Build.Sdk: a command, its model artifacts, a config, one data file and its manifest.</summary>
public static class TrainingRepo
{
    public const string DataLine = "{\"label\":\"billing\",\"text\":\"charged twice\"}\n";

    public static TestProject Write(TestProject project, string? trainCommand, IReadOnlyList<string> artifacts, string rightsBasis = "internal-use-policy-2026-04", string? sdkReference = null)
    {
        var items = string.Concat(artifacts.Select(a => $"<ProvenanceModelArtifact Include=\"{a}\" />"));
        project.Write("training.proj", $"""
            <Project Sdk="{sdkReference ?? "Provenance.Build.Sdk/" + PackageFeed.Version}">
              <PropertyGroup>
                <ProvenanceTrainCommand>{trainCommand}</ProvenanceTrainCommand>
                <ProvenanceTrainingConfig>train-config.json</ProvenanceTrainingConfig>
              </PropertyGroup>
              <ItemGroup>{items}</ItemGroup>
            </Project>
            """);
        project.Write("train-config.json", "{\"alpha\": 1.0}\n");
        project.Write("data/train.jsonl", DataLine);
        project.Write("provenance.yaml", $"""
            dataset: support-classifier-training
            source_records:
              - support-chat-export@2026-05-22
            rights_basis: {rightsBasis}
            transforms:
              - pii-redaction-v3
            reviewer_status: accepted
            artifact: data/train.jsonl
            sha256: {TestProject.Sha256(DataLine)}
            model_build: support-classifier-v9

            """);
        return project;
    }
}
