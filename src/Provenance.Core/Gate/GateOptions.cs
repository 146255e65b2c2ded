using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Provenance.Documents;

namespace Provenance.Gate;

/// <summary>Everything one gate run needs; the MSBuild task and the command-line tool fill it from their own settings.</summary>
public sealed class GateOptions
{
    public GateOptions(string projectDirectory) => ProjectDirectory = projectDirectory;

    public string ProjectDirectory { get; }

    /// <summary>The manifest path (relative to the project directory), or null to look for provenance.yaml/.yml/.json.</summary>
    public string? ManifestPath { get; set; }

    public GateMode Mode { get; set; } = GateMode.Enforce;

    /// <summary>The file the settings come from (the project file), where setting and missing-manifest diagnostics point.</summary>
    public string? SettingsFile { get; set; }

    /// <summary>What this build is for, as a use token; quarantine records block or allow it.</summary>
    public string Use { get; set; } = Quarantine.Uses.Training;

    /// <summary>Directories evidence may live in (relative to the project directory); empty means the manifest's directory.</summary>
    public IReadOnlyList<string> DataRoots { get; set; } = Array.Empty<string>();

    /// <summary>The data roots as full paths: <see cref="DataRoots"/> below the project, or the manifest's folder.</summary>
    public IReadOnlyList<string> ResolveDataRoots(string manifestDirectory) =>
        DataRoots.Count == 0
            ? new[] { manifestDirectory }
            : DataRoots.Select(r => System.IO.Path.GetFullPath(System.IO.Path.Combine(ProjectDirectory, r))).ToArray();

    /// <summary>Quarantine record files; null means quarantine/*.yaml, *.yml, *.json beside the manifest.</summary>
    public IReadOnlyList<string>? QuarantineRecordPaths { get; set; }

    public IReadOnlyList<Suppression> Suppressions { get; set; } = Array.Empty<Suppression>();

    /// <summary>The date suppressions expire against.</summary>
    public DateTime Today { get; set; } = DateTime.UtcNow.Date;

    public ReadLimits Limits { get; set; } = ReadLimits.Default;

    public int MaxParallelism { get; set; } = Environment.ProcessorCount;

    /// <summary>Where the digest cache lives (per project, in the intermediate folder); null for no cache.</summary>
    public string? DigestCachePath { get; set; }

    /// <summary>
    /// The shared digest store's folder (docs/scale.md): projects and processes share one read of each large file. Null
    /// for none; <see cref="DigestStore.DigestStoreLocation.Default"/> is the per-user default the build uses.
    /// </summary>
    public string? DigestStoreDirectory { get; set; }

    /// <summary>Only files at least this long go through the shared digest store; smaller ones cost less to read again.</summary>
    public long DigestStoreMinimumBytes { get; set; } = DigestStore.SharedDigestStore.DefaultMinimumBytes;

    /// <summary>
    /// When this build began. Full mode trusts a read from the shared digest store only when it finished after this
    /// moment; null means when this gate run began.
    /// </summary>
    public DateTime? BuildStartedUtc { get; set; }

    /// <summary>
    /// How long ago a file must have last changed before cached mode trusts its identity; null for the platform's default
    /// (see <see cref="Verification.SettleTime"/>).
    /// </summary>
    public TimeSpan? CacheSettleTime { get; set; }

    /// <summary>Data files larger than this are PROV110 and never read.</summary>
    public long MaxDataFileBytes { get; set; } = Verification.EvidenceVerifier.DefaultMaxFileBytes;

    public Verification.DigestVerification VerifyDigests { get; set; } = Verification.DigestVerification.Full;

    /// <summary>Where the gate writes its summary for the stamping steps (only when it changes); none when null.</summary>
    public string? SummaryPath { get; set; }

    /// <summary>
    /// Where a passing run records what it saw, so that a later cached run with nothing changed replays the result from stat
    /// calls instead of reading and parsing the evidence again. Never used in full mode.
    /// </summary>
    public string? StatePath { get; set; }

    /// <summary>The manifest of the last accepted build: a path (relative to the project) or a git revision; no drift check when null.</summary>
    public string? Baseline { get; set; }

    /// <summary>A release build: byte drift and removed transforms are errors instead of warnings.</summary>
    public bool ReleaseBuild { get; set; }

    /// <summary>Receives progress lines while verification runs longer than about two seconds.</summary>
    public Action<string>? Progress { get; set; }

    public CancellationToken CancellationToken { get; set; }

    /// <summary>Signed verification attestations (DSSE envelopes, docs/scale.md): files they vouch for are not read.</summary>
    public IReadOnlyList<string> Attestations { get; set; } = Array.Empty<string>();

    /// <summary>PEM public keys whose verification attestations are trusted.</summary>
    public IReadOnlyList<string> TrustedKeys { get; set; } = Array.Empty<string>();

    /// <summary>How old an attestation may be (from the earliest shard's verification).</summary>
    public TimeSpan AttestationMaxAge { get; set; } = TimeSpan.FromDays(7);

    /// <summary>The clock attestations are aged against.</summary>
    public DateTimeOffset Now { get; set; } = DateTimeOffset.UtcNow;

    /// <summary>
    /// Whether the host turns a warning with this code into an error (MSBuild's -warnaserror and WarningsAsErrors): such a
    /// warning fails the gate here too, so no summary, state or stamp says "passed" for a build that failed.
    /// </summary>
    public Func<string, bool>? TreatWarningAsError { get; set; }
}
