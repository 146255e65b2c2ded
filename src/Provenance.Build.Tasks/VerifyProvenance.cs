using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.Build.Framework;
using Provenance.Diagnostics;
using Provenance.Documents;
using Provenance.Gate;
using Provenance.Verification;

namespace Provenance.Build.Tasks;

/// <summary>Runs the provenance gate for one project and logs every gap as a coded, located diagnostic.</summary>
public sealed class VerifyProvenance : ProvenanceTask
{
    [Required]
    public string ProjectDirectory { get; set; } = string.Empty;

    /// <summary>The project file: where diagnostics about settings (ProvenanceMode, suppressions, a missing manifest) point.</summary>
    public string? ProjectFile { get; set; }

    /// <summary>$(TreatWarningsAsErrors): MSBuild applies it to the compiler only, the gate applies it to its own warnings.</summary>
    public bool TreatWarningsAsErrors { get; set; }

    /// <summary>$(WarningsAsErrors) and $(WarningsNotAsErrors), semicolon-separated codes.</summary>
    public string? WarningsAsErrors { get; set; }

    public string? WarningsNotAsErrors { get; set; }

    public string? Manifest { get; set; }

    public string? Mode { get; set; }

    public string? Use { get; set; }

    public string[] DataRoots { get; set; } = new string[0];

    /// <summary>Quarantine record files; when none are given, quarantine/*.yaml|yml|json beside the manifest.</summary>
    public ITaskItem[]? QuarantineRecords { get; set; }

    /// <summary>ProvenanceSuppress items: the code as identity, with Justification and Until metadata.</summary>
    public ITaskItem[] Suppressions { get; set; } = new ITaskItem[0];

    public int MaxParallelism { get; set; }

    public long MaxManifestBytes { get; set; }

    public int MaxDepth { get; set; }

    public int MaxNodes { get; set; }

    public int MaxStringLength { get; set; }

    /// <summary>ProvenanceVerificationAttestation: signed verification attestations; the files they vouch for are not read.</summary>
    public string[] VerificationAttestations { get; set; } = new string[0];

    /// <summary>ProvenanceTrustedKeys: PEM public keys whose attestations are trusted.</summary>
    public string[] TrustedKeys { get; set; } = new string[0];

    /// <summary>ProvenanceAttestationMaxAge: days ("7") or a TimeSpan ("7.00:00:00"); default 7 days.</summary>
    public string? AttestationMaxAge { get; set; }

    /// <summary>ProvenanceMaxDataFileBytes: data files larger than this are PROV110 and never read.</summary>
    public string? MaxDataFileBytes { get; set; }

    /// <summary>ProvenanceCacheSettleSeconds: how long ago a file must have changed before cached mode trusts its identity.</summary>
    public string? CacheSettleSeconds { get; set; }

    /// <summary><c>cached</c> (skip files whose identity is unchanged since they verified) or <c>full</c> (read every byte).</summary>
    public string? VerifyDigests { get; set; }

    /// <summary>ProvenanceDigestStore: <c>false</c> turns the shared digest store off (every project reads its own files).</summary>
    public string? DigestStore { get; set; }

    /// <summary>ProvenanceDigestStoreMinBytes: only data files at least this long are shared (default 1 MiB; 0 shares every file).</summary>
    public string? DigestStoreMinBytes { get; set; }

    /// <summary>ProvenanceCacheDirectory: the shared digest store's folder; the per-user cache folder when empty.</summary>
    public string? CacheDirectory { get; set; }

    /// <summary>The digest cache file; no cache when empty.</summary>
    public string? DigestCacheFile { get; set; }

    /// <summary>Where the gate summary (read by the stamping tasks) is written; written only when it changes.</summary>
    public string? SummaryFile { get; set; }

    /// <summary>The manifest of the last accepted build: a path or a git revision.</summary>
    public string? Baseline { get; set; }

    /// <summary>A release build: byte drift and removed transforms are errors.</summary>
    public bool ReleaseBuild { get; set; }

    /// <summary>Where to write the diagnostics as a SARIF 2.1.0 log; none when empty.</summary>
    public string? SarifLog { get; set; }

    /// <summary>The directory SARIF paths are relative to (the repository root, for code scanning).</summary>
    public string? SarifBaseDirectory { get; set; }

    /// <summary>Where a passing cached run records what it saw, so that the next build with nothing changed replays it.</summary>
    public string? StateFile { get; set; }

    /// <summary>
    /// Return <see cref="ObservedFiles"/> and <see cref="VerifiedFiles"/> as items (the SDK's training step needs them as
    /// inputs). Off by default: tens of thousands of items cost a no-op build more than the gate itself.
    /// </summary>
    public bool ReturnFileLists { get; set; }

    /// <summary>
    /// Where to list the manifest and every file the gate looked at, one per line, for Visual Studio's fast up-to-date check;
    /// rewritten only when the list changes.
    /// </summary>
    public string? InputsFile { get; set; }

    [Output]
    public string? ManifestPath { get; private set; }

    [Output]
    public string? ManifestHash { get; private set; }

    [Output]
    public string? ReviewerStatus { get; private set; }

    [Output]
    public bool Passed { get; private set; }

    /// <summary>The SHA-256 of the summary this run wrote; the stamping tasks accept only that summary.</summary>
    [Output]
    public string? SummaryDigest { get; private set; }

    /// <summary>Every file the gate looked at (full paths), verified or not: the training step's data inputs.</summary>
    [Output]
    public ITaskItem[] ObservedFiles { get; private set; } = new ITaskItem[0];

    /// <summary>Every file whose digest verified (full paths).</summary>
    [Output]
    public ITaskItem[] VerifiedFiles { get; private set; } = new ITaskItem[0];

    protected override void ExecuteCore()
    {
        if (!GateModes.TryParse(Mode, out var mode))
        {
            LogDiagnostic(new Diagnostic(Rules.InvalidSetting, Settings, $"ProvenanceMode '{Mode}' is not enforce, audit or off."));
            return;
        }

        if (mode == GateMode.Off)
        {
            return;
        }

        DigestVerification verification;
        switch ((VerifyDigests ?? string.Empty).Trim().ToLowerInvariant())
        {
            case "":
            case "cached":
                verification = DigestVerification.Cached;
                break;
            case "full":
                verification = DigestVerification.Full;
                break;
            default:
                LogDiagnostic(new Diagnostic(Rules.InvalidSetting, Settings, $"ProvenanceVerifyDigests '{VerifyDigests}' is not cached or full."));
                return;
        }

        bool shareDigests;
        switch ((DigestStore ?? string.Empty).Trim().ToLowerInvariant())
        {
            case "":
            case "true":
                shareDigests = true;
                break;
            case "false":
                shareDigests = false;
                break;
            default:
                LogDiagnostic(new Diagnostic(Rules.InvalidSetting, Settings, $"ProvenanceDigestStore '{DigestStore}' is not true or false."));
                return;
        }

        if (!TryParseLong(MaxDataFileBytes, "ProvenanceMaxDataFileBytes", Verification.EvidenceVerifier.DefaultMaxFileBytes, out var maxDataFileBytes)
            || !TryParseLong(DigestStoreMinBytes, "ProvenanceDigestStoreMinBytes", Provenance.DigestStore.SharedDigestStore.DefaultMinimumBytes, out var storeMinimumBytes, allowZero: true)
            || !TryParseSeconds(CacheSettleSeconds, out var settleTime)
            || !TryParseAge(AttestationMaxAge, out var maxAge))
        {
            return;
        }

        var options = new GateOptions(ProjectDirectory)
        {
            MaxDataFileBytes = maxDataFileBytes,
            Attestations = VerificationAttestations.Where(a => !string.IsNullOrWhiteSpace(a)).Select(a => a.Trim()).ToList(),
            TrustedKeys = TrustedKeys.Where(k => !string.IsNullOrWhiteSpace(k)).Select(k => k.Trim()).ToList(),
            AttestationMaxAge = maxAge,
            CacheSettleTime = settleTime,
            TreatWarningAsError = WarningsAsErrorsPolicy(),
            SettingsFile = ProjectFile,
            VerifyDigests = verification,
            Baseline = string.IsNullOrWhiteSpace(Baseline) ? null : Baseline!.Trim(),
            ReleaseBuild = ReleaseBuild,
            DigestCachePath = string.IsNullOrWhiteSpace(DigestCacheFile) ? null : DigestCacheFile,
            DigestStoreDirectory = !shareDigests ? null : string.IsNullOrWhiteSpace(CacheDirectory) ? Provenance.DigestStore.DigestStoreLocation.Default() : Path.GetFullPath(Path.Combine(ProjectDirectory, CacheDirectory!.Trim())),
            DigestStoreMinimumBytes = storeMinimumBytes,
            BuildStartedUtc = BuildStart.For(BuildEngine),
            SummaryPath = string.IsNullOrEmpty(SummaryFile) ? null : SummaryFile,
            StatePath = string.IsNullOrEmpty(StateFile) ? null : StateFile,
            Progress = line => Log.LogMessage(MessageImportance.Normal, line),
            ManifestPath = Manifest,
            Mode = mode,
            Use = string.IsNullOrWhiteSpace(Use) ? Quarantine.Uses.Training : Use!.Trim(),
            DataRoots = DataRoots.Where(r => !string.IsNullOrWhiteSpace(r)).ToList(),
            QuarantineRecordPaths = QuarantineRecords?.Select(i => i.ItemSpec).ToList(),
            Suppressions = Suppressions.Select(ToSuppression).ToList(),
            MaxParallelism = MaxParallelism > 0 ? MaxParallelism : System.Environment.ProcessorCount,
            Limits = new ReadLimits
            {
                MaxFileBytes = MaxManifestBytes > 0 ? MaxManifestBytes : ReadLimits.Default.MaxFileBytes,
                MaxDepth = MaxDepth > 0 ? MaxDepth : ReadLimits.Default.MaxDepth,
                MaxNodes = MaxNodes > 0 ? MaxNodes : ReadLimits.Default.MaxNodes,
                MaxStringLength = MaxStringLength > 0 ? MaxStringLength : ReadLimits.Default.MaxStringLength,
            },
            CancellationToken = CancellationToken,
        };

        var result = ProvenanceGate.Run(options);
        foreach (var diagnostic in result.Diagnostics)
        {
            LogDiagnostic(diagnostic);
        }

        if (result.Baseline is not null)
        {
            Log.LogMessage(MessageImportance.High, result.Changes.Count == 0
                ? $"Provenance: no change since baseline {result.Baseline}."
                : $"Provenance: changes since baseline {result.Baseline}:" + string.Concat(result.Changes.Select(c => "\n  " + c.Describe())));
        }

        if (!string.IsNullOrWhiteSpace(SarifLog))
        {
            var baseDirectory = string.IsNullOrWhiteSpace(SarifBaseDirectory) ? ProjectDirectory : SarifBaseDirectory!;
            Stamping.AtomicFile.WriteIfChanged(Path.GetFullPath(Path.Combine(ProjectDirectory, SarifLog!)), Reporting.SarifWriter.Write(result.Diagnostics, baseDirectory));
        }

        ManifestPath = result.ManifestPath;
        ManifestHash = result.ManifestHash;
        ReviewerStatus = result.ReviewerStatus;
        Passed = result.Passed && !Log.HasLoggedErrors;
        SummaryDigest = Passed ? result.SummaryDigest : null;
        if (ReturnFileLists)
        {
            VerifiedFiles = result.VerifiedFiles.Select(f => (ITaskItem)new Microsoft.Build.Utilities.TaskItem(f.FullPath)).ToArray();
            ObservedFiles = result.ObservedFiles.Select(f => (ITaskItem)new Microsoft.Build.Utilities.TaskItem(f)).ToArray();
        }

        WriteInputs(result);
        Log.LogMessage(MessageImportance.Normal, result.Replayed
            ? $"Provenance: nothing changed since the last passing gate (manifest, quarantine records, settings and the identity of all {result.Statistics.Files:N0} files): result replayed without reading data ({verification.ToString().ToLowerInvariant()} mode)."
            : $"Provenance: verified {result.Statistics.Describe()} ({verification.ToString().ToLowerInvariant()} mode).");
        var errors = result.Diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error);
        var warnings = result.Diagnostics.Count(d => d.Severity == DiagnosticSeverity.Warning);
        Log.LogMessage(
            MessageImportance.Normal,
            result.Passed
                ? $"Provenance: {result.ManifestPath} passed the gate for '{options.Use}' ({mode.ToName()}): training_manifest={result.ManifestHash}; {result.VerifiedFiles.Count} file(s) verified; {warnings} warning(s)."
                : $"Provenance: {result.ManifestPath ?? ProjectDirectory} failed the gate for '{options.Use}' with {errors} error(s) and {warnings} warning(s).");
    }

    /// <summary>A replayed result saw exactly the files of the run that wrote the list, so the list only needs to exist.</summary>
    private void WriteInputs(GateResult result)
    {
        if (string.IsNullOrWhiteSpace(InputsFile) || result.ManifestPath is null || (result.Replayed && File.Exists(InputsFile)))
        {
            return;
        }

        try
        {
            Stamping.AtomicFile.WriteIfChanged(InputsFile!, string.Concat(new[] { result.ManifestPath }.Concat(result.ObservedFiles).Select(f => f + "\n")));
        }
        catch (System.Exception ex) when (ex is IOException or System.UnauthorizedAccessException)
        {
            // Only Visual Studio's fast up-to-date check reads the list; the build itself does not depend on it.
            Log.LogMessage(MessageImportance.Low, $"Provenance: could not write {InputsFile}: {ex.Message}");
        }
    }

    private bool TryParseLong(string? text, string property, long fallback, out long value, bool allowZero = false)
    {
        value = fallback;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        if (long.TryParse(text!.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out value) && (value > 0 || (allowZero && value == 0)))
        {
            return true;
        }

        LogDiagnostic(new Diagnostic(Rules.InvalidSetting, Settings, $"{property} '{text}' is not a {(allowZero ? "" : "positive ")}whole number of bytes."));
        return false;
    }

    private bool TryParseSeconds(string? text, out System.TimeSpan? value)
    {
        value = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        if (double.TryParse(text!.Trim(), System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds <= 86400)
        {
            value = System.TimeSpan.FromSeconds(seconds);
            return true;
        }

        LogDiagnostic(new Diagnostic(Rules.InvalidSetting, Settings, $"ProvenanceCacheSettleSeconds '{text}' is not a number of seconds from 0 to 86400."));
        return false;
    }

    private bool TryParseAge(string? text, out System.TimeSpan age)
    {
        age = System.TimeSpan.FromDays(7);
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        var value = text!.Trim();
        if (double.TryParse(value, System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out var days) && days >= 0)
        {
            age = System.TimeSpan.FromDays(days);
            return true;
        }

        if (System.TimeSpan.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out age) && age >= System.TimeSpan.Zero)
        {
            return true;
        }

        LogDiagnostic(new Diagnostic(Rules.InvalidSetting, Settings, $"ProvenanceAttestationMaxAge '{text}' is not a number of days (7) or a time span (7.00:00:00)."));
        return false;
    }

    private SourceLocation Settings => new(string.IsNullOrEmpty(ProjectFile) ? null : ProjectFile);

    /// <summary>The engine's answer (-warnaserror, MSBuildWarningsAsErrors), and the project's TreatWarningsAsErrors lists.</summary>
    private System.Func<string, bool> WarningsAsErrorsPolicy()
    {
        var engine = Build.Tasks.WarningsAsErrors.For(BuildEngine);
        var codes = Codes(WarningsAsErrors);
        var exempt = Codes(WarningsNotAsErrors);
        return code => engine?.Invoke(code) == true || codes.Contains(code) || (TreatWarningsAsErrors && !exempt.Contains(code));
    }

    private static System.Collections.Generic.HashSet<string> Codes(string? list) =>
        new((list ?? string.Empty).Split(new[] { ';', ',' }, System.StringSplitOptions.RemoveEmptyEntries).Select(c => c.Trim()), System.StringComparer.OrdinalIgnoreCase);

    private Suppression ToSuppression(ITaskItem item) =>
        new(item.ItemSpec, item.GetMetadata("Justification"), item.GetMetadata("Until"), Settings);
}
