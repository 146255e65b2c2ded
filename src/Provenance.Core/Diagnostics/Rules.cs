namespace Provenance.Diagnostics;

/// <summary>Every diagnostic the gate can raise. Codes are stable; docs/rules/PROVnnn.md documents each.</summary>
public static class Rules
{
    // Codes that mean evidence could not be read or verified, or that a quarantine is in force, cannot be suppressed:
    // a suppression would turn "not verified" into "passed". Audit mode (ProvenanceMode=audit) reports them as warnings.
    // 0xx: reading the evidence, settings and suppressions.
    public static readonly DiagnosticDescriptor ManifestNotFound = new("PROV001", "Manifest not found", DiagnosticSeverity.Error, canBeSuppressed: false);
    public static readonly DiagnosticDescriptor NotParseable = new("PROV002", "Manifest or record is not parseable", DiagnosticSeverity.Error, canBeSuppressed: false);
    public static readonly DiagnosticDescriptor InvalidValue = new("PROV003", "Wrong type, invalid value or duplicate key", DiagnosticSeverity.Error);
    public static readonly DiagnosticDescriptor UnknownField = new("PROV004", "Unknown field", DiagnosticSeverity.Warning);
    public static readonly DiagnosticDescriptor LimitExceeded = new("PROV005", "Input exceeds a reading limit", DiagnosticSeverity.Error, canBeSuppressed: false);
    public static readonly DiagnosticDescriptor DatasetMissing = new("PROV006", "Dataset name missing", DiagnosticSeverity.Error);
    public static readonly DiagnosticDescriptor InvalidSetting = new("PROV008", "Invalid Provenance setting", DiagnosticSeverity.Error, canBeSuppressed: false);
    public static readonly DiagnosticDescriptor InvalidSuppression = new("PROV010", "Suppression is not valid", DiagnosticSeverity.Warning, canBeSuppressed: false);
    public static readonly DiagnosticDescriptor ExpiredSuppression = new("PROV011", "Suppression has expired", DiagnosticSeverity.Warning, canBeSuppressed: false);
    public static readonly DiagnosticDescriptor UnusedSuppression = new("PROV012", "Suppression matched nothing", DiagnosticSeverity.Warning, canBeSuppressed: false);

    // 1xx: digests and the bytes they name.
    public static readonly DiagnosticDescriptor NoDigest = new("PROV101", "No digest", DiagnosticSeverity.Error);
    public static readonly DiagnosticDescriptor MalformedDigest = new("PROV102", "Digest malformed or truncated", DiagnosticSeverity.Error, canBeSuppressed: false);
    public static readonly DiagnosticDescriptor DigestMismatch = new("PROV103", "Digest mismatch", DiagnosticSeverity.Error, canBeSuppressed: false);
    public static readonly DiagnosticDescriptor FileMissing = new("PROV104", "Referenced file does not exist", DiagnosticSeverity.Error, canBeSuppressed: false);
    public static readonly DiagnosticDescriptor PathOutsideDataRoot = new("PROV105", "Path leaves the data roots", DiagnosticSeverity.Error, canBeSuppressed: false);
    public static readonly DiagnosticDescriptor DigestWithoutBytes = new("PROV106", "Digest names no bytes to check", DiagnosticSeverity.Error);
    public static readonly DiagnosticDescriptor DuplicateFile = new("PROV107", "File listed twice", DiagnosticSeverity.Error);
    public static readonly DiagnosticDescriptor FileUnreadable = new("PROV108", "File cannot be read", DiagnosticSeverity.Error, canBeSuppressed: false);
    public static readonly DiagnosticDescriptor FileChangedWhileVerifying = new("PROV109", "File changed while it was being verified", DiagnosticSeverity.Error, canBeSuppressed: false);
    public static readonly DiagnosticDescriptor FileTooLarge = new("PROV110", "File exceeds the size limit", DiagnosticSeverity.Error, canBeSuppressed: false);

    // 2xx: sources and rights.
    public static readonly DiagnosticDescriptor NoSourceRecords = new("PROV201", "No source records", DiagnosticSeverity.Error);
    public static readonly DiagnosticDescriptor SourceNotPinned = new("PROV202", "Source not pinned to a version", DiagnosticSeverity.Error);
    public static readonly DiagnosticDescriptor RightsBasisMissing = new("PROV203", "Rights basis missing", DiagnosticSeverity.Error);
    public static readonly DiagnosticDescriptor RightsBasisVague = new("PROV204", "Rights basis vague", DiagnosticSeverity.Error);
    public static readonly DiagnosticDescriptor DuplicateSource = new("PROV205", "Source listed twice", DiagnosticSeverity.Error);

    // 3xx: transforms and exclusion.
    public static readonly DiagnosticDescriptor NoTransforms = new("PROV301", "No transforms", DiagnosticSeverity.Error);
    public static readonly DiagnosticDescriptor TransformNotVersioned = new("PROV302", "Transform without a version", DiagnosticSeverity.Error);
    public static readonly DiagnosticDescriptor OptOutNotRemoved = new("PROV303", "Opt-out list without an opt-out removal transform", DiagnosticSeverity.Error);
    public static readonly DiagnosticDescriptor ExclusionReportMissing = new("PROV304", "Exclusion report missing", DiagnosticSeverity.Error);
    public static readonly DiagnosticDescriptor TransformInputUnavailable = new("PROV305", "Transform input not available when it ran", DiagnosticSeverity.Error);
    public static readonly DiagnosticDescriptor DuplicateTransform = new("PROV306", "Transform listed twice", DiagnosticSeverity.Warning);

    // 4xx: review.
    public static readonly DiagnosticDescriptor ReviewerStatusMissing = new("PROV401", "Reviewer status missing", DiagnosticSeverity.Error);
    public static readonly DiagnosticDescriptor ReviewRejected = new("PROV402", "Reviewer rejected the data", DiagnosticSeverity.Error);
    public static readonly DiagnosticDescriptor ReviewQuarantined = new("PROV403", "Reviewer quarantined the data", DiagnosticSeverity.Error);
    public static readonly DiagnosticDescriptor LimitsWithoutRisks = new("PROV404", "Accepted with limits but no unresolved risks", DiagnosticSeverity.Error);

    // 5xx: quarantine records.
    public static readonly DiagnosticDescriptor QuarantineBlocksUse = new("PROV501", "Active quarantine blocks this use", DiagnosticSeverity.Error, canBeSuppressed: false);
    public static readonly DiagnosticDescriptor QuarantineRecordInvalid = new("PROV502", "Quarantine record not valid", DiagnosticSeverity.Error, canBeSuppressed: false);
    public static readonly DiagnosticDescriptor QuarantineLiftedWithoutEvidence = new("PROV503", "Quarantine lifted without verified exit evidence", DiagnosticSeverity.Error, canBeSuppressed: false);
    public static readonly DiagnosticDescriptor QuarantineStatusMismatch = new("PROV504", "Reviewer status and quarantine records disagree", DiagnosticSeverity.Error);
    public static readonly DiagnosticDescriptor QuarantineUnrelated = new("PROV505", "Quarantine record for a source the manifest does not use", DiagnosticSeverity.Info);
    public static readonly DiagnosticDescriptor QuarantineOtherVersion = new("PROV506", "Quarantine record for another version of a source", DiagnosticSeverity.Warning);

    // 6xx: drift against the baseline manifest.
    public static readonly DiagnosticDescriptor ByteDriftWithoutExplanation = new("PROV601", "Byte drift without a process change", DiagnosticSeverity.Warning);
    public static readonly DiagnosticDescriptor UnreviewedProcessChange = new("PROV602", "Process changed without a new review", DiagnosticSeverity.Error);
    public static readonly DiagnosticDescriptor RiskDroppedWithoutNote = new("PROV603", "Risk dropped without a resolution note", DiagnosticSeverity.Error);
    public static readonly DiagnosticDescriptor TransformRemovedOrMoved = new("PROV604", "Transform removed or moved since the baseline", DiagnosticSeverity.Warning);
    public static readonly DiagnosticDescriptor BaselineUnreadable = new("PROV605", "Baseline manifest cannot be read", DiagnosticSeverity.Error, canBeSuppressed: false);

    // 7xx: stamping the model card and build record.
    public static readonly DiagnosticDescriptor StampFailed = new("PROV701", "Model card or build record could not be written", DiagnosticSeverity.Error, canBeSuppressed: false);
    public static readonly DiagnosticDescriptor TemplateMarkersInvalid = new("PROV702", "Model card template markers are not valid", DiagnosticSeverity.Error);
    public static readonly DiagnosticDescriptor StampInputMissing = new("PROV703", "A model artifact, training configuration or evaluation set is missing", DiagnosticSeverity.Error);
    public static readonly DiagnosticDescriptor NoModelArtifact = new("PROV704", "Training command declares no model artifact", DiagnosticSeverity.Warning);
    public static readonly DiagnosticDescriptor SigningKeyUnusable = new("PROV706", "Signing key cannot be used", DiagnosticSeverity.Error, canBeSuppressed: false);
    public static readonly DiagnosticDescriptor StampOfAnotherProject = new("PROV705", "Another project's stamps are in the way", DiagnosticSeverity.Error, canBeSuppressed: false);

    // 8xx: the evidence chain (provenance trace): each code is a broken link.
    public static readonly DiagnosticDescriptor SignatureInvalid = new("PROV801", "Signature does not verify with a trusted key", DiagnosticSeverity.Error, canBeSuppressed: false);
    public static readonly DiagnosticDescriptor SignatureMissing = new("PROV802", "Record is not signed", DiagnosticSeverity.Error, canBeSuppressed: false);
    public static readonly DiagnosticDescriptor ArtifactInNoRecord = new("PROV803", "Artifact is in no build record", DiagnosticSeverity.Error, canBeSuppressed: false);
    public static readonly DiagnosticDescriptor ManifestNotFoundByHash = new("PROV804", "No manifest has the recorded hash", DiagnosticSeverity.Error, canBeSuppressed: false);
    public static readonly DiagnosticDescriptor CardOfAnotherManifest = new("PROV805", "Model card names another manifest", DiagnosticSeverity.Error, canBeSuppressed: false);
    public static readonly DiagnosticDescriptor RecordMalformed = new("PROV806", "Build record or envelope cannot be read", DiagnosticSeverity.Error, canBeSuppressed: false);

    // 8xx, continued: verification attestations made elsewhere (docs/scale.md). Never a silent fallback, never a pass.
    public static readonly DiagnosticDescriptor AttestationMalformed = new("PROV807", "Verification attestation cannot be read", DiagnosticSeverity.Error, canBeSuppressed: false);
    public static readonly DiagnosticDescriptor AttestationSignatureInvalid = new("PROV808", "Verification attestation signature does not verify", DiagnosticSeverity.Error, canBeSuppressed: false);
    public static readonly DiagnosticDescriptor AttestationKeyUntrusted = new("PROV809", "Verification attestation signed by an untrusted key", DiagnosticSeverity.Error, canBeSuppressed: false);
    public static readonly DiagnosticDescriptor AttestationOtherManifest = new("PROV810", "Verification attestation is for another manifest", DiagnosticSeverity.Error, canBeSuppressed: false);
    public static readonly DiagnosticDescriptor AttestationExpired = new("PROV811", "Verification attestation is too old", DiagnosticSeverity.Error, canBeSuppressed: false);
    public static readonly DiagnosticDescriptor AttestationDigestDisagrees = new("PROV812", "Verification attestation disagrees with the manifest", DiagnosticSeverity.Error, canBeSuppressed: false);
    public static readonly DiagnosticDescriptor ShardsIncomplete = new("PROV813", "Shards do not cover every file exactly once", DiagnosticSeverity.Error, canBeSuppressed: false);

    // 9xx: the tool itself.
    public static readonly DiagnosticDescriptor InternalError = new("PROV900", "Internal error", DiagnosticSeverity.Error, canBeSuppressed: false);

    public static System.Collections.Generic.IReadOnlyList<DiagnosticDescriptor> All { get; } = new[]
    {
        ManifestNotFound, NotParseable, InvalidValue, UnknownField, LimitExceeded, DatasetMissing, InvalidSetting,
        InvalidSuppression, ExpiredSuppression, UnusedSuppression,
        NoDigest, MalformedDigest, DigestMismatch, FileMissing, PathOutsideDataRoot, DigestWithoutBytes, DuplicateFile, FileUnreadable, FileChangedWhileVerifying, FileTooLarge,
        NoSourceRecords, SourceNotPinned, RightsBasisMissing, RightsBasisVague, DuplicateSource,
        NoTransforms, TransformNotVersioned, OptOutNotRemoved, ExclusionReportMissing, TransformInputUnavailable, DuplicateTransform,
        ReviewerStatusMissing, ReviewRejected, ReviewQuarantined, LimitsWithoutRisks,
        QuarantineBlocksUse, QuarantineRecordInvalid, QuarantineLiftedWithoutEvidence, QuarantineStatusMismatch, QuarantineUnrelated, QuarantineOtherVersion,
        ByteDriftWithoutExplanation, UnreviewedProcessChange, RiskDroppedWithoutNote, TransformRemovedOrMoved, BaselineUnreadable,
        StampFailed, TemplateMarkersInvalid, StampInputMissing, NoModelArtifact, StampOfAnotherProject, SigningKeyUnusable,
        SignatureInvalid, SignatureMissing, ArtifactInNoRecord, ManifestNotFoundByHash, CardOfAnotherManifest, RecordMalformed,
        AttestationMalformed, AttestationSignatureInvalid, AttestationKeyUntrusted, AttestationOtherManifest, AttestationExpired, AttestationDigestDisagrees, ShardsIncomplete,
        InternalError,
    };
}
