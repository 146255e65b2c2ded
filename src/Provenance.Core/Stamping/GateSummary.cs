using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Serialization;
using Provenance.Diagnostics;
using Provenance.Gate;
using Provenance.Manifests;

namespace Provenance.Stamping;

/// <summary>
/// What the gate saw, as the stamping steps need it: written by the gate to the intermediate folder and read by the
/// model-card and build-record writers, so a stamp never claims more than the gate verified. Deterministic: no times.
/// </summary>
public sealed class GateSummary
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    [JsonPropertyName("passed")] public bool Passed { get; set; }
    [JsonPropertyName("mode")] public string Mode { get; set; } = "enforce";
    [JsonPropertyName("use")] public string Use { get; set; } = "training";
    [JsonPropertyName("manifestPath")] public string? ManifestPath { get; set; }
    [JsonPropertyName("manifestHash")] public string? ManifestHash { get; set; }
    [JsonPropertyName("dataset")] public string? Dataset { get; set; }
    [JsonPropertyName("modelBuild")] public string? ModelBuild { get; set; }
    [JsonPropertyName("createdAt")] public string? CreatedAt { get; set; }
    [JsonPropertyName("description")] public string? Description { get; set; }
    [JsonPropertyName("rightsBasis")] public string? RightsBasis { get; set; }
    [JsonPropertyName("reviewerStatus")] public string? ReviewerStatus { get; set; }
    [JsonPropertyName("reviewedBy")] public string? ReviewedBy { get; set; }
    [JsonPropertyName("reviewedAt")] public string? ReviewedAt { get; set; }
    [JsonPropertyName("sources")] public List<SourceSummary> Sources { get; set; } = new();
    [JsonPropertyName("transforms")] public List<string> Transforms { get; set; } = new();
    [JsonPropertyName("exclusionReport")] public string? ExclusionReport { get; set; }
    [JsonPropertyName("unresolvedRisks")] public List<string> UnresolvedRisks { get; set; } = new();
    [JsonPropertyName("files")] public List<FileSummary> Files { get; set; } = new();
    [JsonPropertyName("quarantineHistory")] public List<QuarantineSummary> QuarantineHistory { get; set; } = new();
    [JsonPropertyName("openGaps")] public List<GapSummary> OpenGaps { get; set; } = new();
    [JsonPropertyName("suppressed")] public List<SuppressedSummary> Suppressed { get; set; } = new();
    [JsonPropertyName("baseline")] public string? Baseline { get; set; }
    [JsonPropertyName("changesSinceBaseline")] public List<ChangeSummary> Changes { get; set; } = new();

    public static GateSummary From(GateResult result)
    {
        var manifest = result.Manifest;
        return new GateSummary
        {
            Passed = result.Passed,
            Mode = result.Mode.ToName(),
            Use = result.Use,
            ManifestPath = result.ManifestPath,
            ManifestHash = result.ManifestHash,
            Dataset = manifest?.Dataset?.Value,
            ModelBuild = manifest?.ModelBuild?.Value,
            CreatedAt = manifest?.CreatedAt?.Value,
            Description = manifest?.Description?.Value,
            RightsBasis = manifest?.RightsBasis?.Value,
            ReviewerStatus = manifest?.ReviewerStatusText?.Value,
            ReviewedBy = manifest?.ReviewedBy?.Value,
            ReviewedAt = manifest?.ReviewedAt?.Value,
            Sources = manifest?.SourceRecords.Select(s => new SourceSummary
            {
                Id = s.Id.Value,
                Role = s.Role?.Value ?? (s.IsOptOutList ? "opt-out-list" : null),
                RightsBasis = s.RightsBasis?.Value,
                ReviewerStatus = s.ReviewerStatusText?.Value,
            }).ToList() ?? new(),
            Transforms = manifest?.Transforms.Select(t => t.ToString()).ToList() ?? new(),
            ExclusionReport = manifest?.ExclusionReport?.Path?.Value,
            UnresolvedRisks = manifest?.UnresolvedRisks.Select(r => r.Value).ToList() ?? new(),
            Files = result.VerifiedFiles.Select(f => new FileSummary
            {
                Role = f.Role,
                Path = f.ManifestPath,
                Sha256 = f.Sha256,
                Length = f.Length,
                Attestation = f.VouchedBy?.Attestation,
                AttestationKeyId = f.VouchedBy?.KeyId,
                AttestationTime = f.VouchedBy?.VerifiedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
            }).ToList(),
            QuarantineHistory = result.QuarantineHistory.Select(h => new QuarantineSummary
            {
                File = h.RelativePath,
                Id = h.Record.Id?.Value,
                SourceRecord = h.Record.SourceRecord?.Value,
                Status = h.Record.Status.ToString().ToLowerInvariant(),
                Trigger = h.Record.Trigger?.Value,
                BlockedUses = h.Record.BlockedUses.ToList(),
                AllowedUses = h.Record.AllowedUses.ToList(),
                ExitCondition = h.Record.ExitCondition?.Value,
                OpenedAt = h.Record.OpenedAt?.Value,
                OpenedBy = h.Record.OpenedBy?.Value,
                LiftedAt = h.Record.LiftedAt?.Value,
                LiftedBy = h.Record.LiftedBy?.Value,
                ExitEvidence = h.ExitEvidence.Select(f => new FileSummary { Role = f.Role, Path = f.ManifestPath, Sha256 = f.Sha256, Length = f.Length }).ToList(),
            }).ToList(),
            OpenGaps = result.OpenGaps.Select(d => new GapSummary { Code = d.Id, Message = d.Message, Line = d.Location.Line }).ToList(),
            Suppressed = result.Diagnostics.Where(d => d.IsSuppressed).Select(d => new SuppressedSummary
            {
                Code = d.Id,
                File = d.Location.File is null || result.ManifestPath is null ? d.Location.File : RelativeTo(d.Location.File, result.ManifestPath),
                Line = d.Location.Line,
                Column = d.Location.Column,
                Message = d.Message,
                Justification = d.SuppressionJustification!,
                Until = d.SuppressionUntil,
            }).ToList(),
            Baseline = result.Baseline,
            Changes = result.Changes.Select(c => new ChangeSummary { Kind = Drift.ChangeKinds.ToName(c.Kind), Subject = c.Subject, Before = c.Before, After = c.After, Description = c.Describe() }).ToList(),
        };
    }

    /// <summary>A diagnostic's file relative to the manifest's folder, '/' separated, so stamps do not carry machine paths.</summary>
    private static string RelativeTo(string file, string manifestPath)
    {
        var folder = System.IO.Path.GetDirectoryName(manifestPath) ?? string.Empty;
        var prefix = folder.TrimEnd(System.IO.Path.DirectorySeparatorChar) + System.IO.Path.DirectorySeparatorChar;
        return (file.StartsWith(prefix, System.StringComparison.Ordinal) ? file.Substring(prefix.Length) : System.IO.Path.GetFileName(file)).Replace('\\', '/');
    }

    /// <summary>The digest a stamping task compares the summary file with: SHA-256 of its UTF-8 text.</summary>
    public static string Digest(string json) => Verification.FileDigest.ComputeSha256(System.Text.Encoding.UTF8.GetBytes(json));

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    public static GateSummary FromJson(string json) =>
        JsonSerializer.Deserialize<GateSummary>(json, JsonOptions) ?? throw new JsonException("The gate summary is empty.");
}

public sealed class SourceSummary
{
    [JsonPropertyName("id")] public string Id { get; set; } = string.Empty;
    [JsonPropertyName("role")] public string? Role { get; set; }
    [JsonPropertyName("rightsBasis")] public string? RightsBasis { get; set; }
    [JsonPropertyName("reviewerStatus")] public string? ReviewerStatus { get; set; }
}

public sealed class FileSummary
{
    [JsonPropertyName("role")] public string Role { get; set; } = string.Empty;
    [JsonPropertyName("path")] public string Path { get; set; } = string.Empty;
    [JsonPropertyName("sha256")] public string Sha256 { get; set; } = string.Empty;
    [JsonPropertyName("length")] public long Length { get; set; }
    [JsonPropertyName("attestation")] public string? Attestation { get; set; }
    [JsonPropertyName("attestationKeyId")] public string? AttestationKeyId { get; set; }
    [JsonPropertyName("attestationTime")] public string? AttestationTime { get; set; }
}

public sealed class QuarantineSummary
{
    [JsonPropertyName("file")] public string File { get; set; } = string.Empty;
    [JsonPropertyName("id")] public string? Id { get; set; }
    [JsonPropertyName("sourceRecord")] public string? SourceRecord { get; set; }
    [JsonPropertyName("status")] public string Status { get; set; } = "active";
    [JsonPropertyName("trigger")] public string? Trigger { get; set; }
    [JsonPropertyName("blockedUses")] public List<string> BlockedUses { get; set; } = new();
    [JsonPropertyName("allowedUses")] public List<string> AllowedUses { get; set; } = new();
    [JsonPropertyName("exitCondition")] public string? ExitCondition { get; set; }
    [JsonPropertyName("openedAt")] public string? OpenedAt { get; set; }
    [JsonPropertyName("openedBy")] public string? OpenedBy { get; set; }
    [JsonPropertyName("liftedAt")] public string? LiftedAt { get; set; }
    [JsonPropertyName("liftedBy")] public string? LiftedBy { get; set; }
    [JsonPropertyName("exitEvidence")] public List<FileSummary> ExitEvidence { get; set; } = new();
}

public sealed class GapSummary
{
    [JsonPropertyName("code")] public string Code { get; set; } = string.Empty;
    [JsonPropertyName("message")] public string Message { get; set; } = string.Empty;
    [JsonPropertyName("line")] public int Line { get; set; }
}

public sealed class SuppressedSummary
{
    [JsonPropertyName("code")] public string Code { get; set; } = string.Empty;
    [JsonPropertyName("file")] public string? File { get; set; }
    [JsonPropertyName("line")] public int Line { get; set; }
    [JsonPropertyName("column")] public int Column { get; set; }
    [JsonPropertyName("message")] public string Message { get; set; } = string.Empty;
    [JsonPropertyName("justification")] public string Justification { get; set; } = string.Empty;
    [JsonPropertyName("until")] public string? Until { get; set; }
}

public sealed class ChangeSummary
{
    [JsonPropertyName("kind")] public string Kind { get; set; } = string.Empty;
    [JsonPropertyName("subject")] public string Subject { get; set; } = string.Empty;
    [JsonPropertyName("before")] public string? Before { get; set; }
    [JsonPropertyName("after")] public string? After { get; set; }
    [JsonPropertyName("description")] public string Description { get; set; } = string.Empty;
}
