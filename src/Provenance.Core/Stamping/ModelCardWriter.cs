using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Provenance.Diagnostics;

namespace Provenance.Stamping;

/// <summary>
/// Renders the model card: Hugging Face front matter plus the provenance section, or, given a project's own card, that
/// card with only the region between the provenance markers replaced.
/// </summary>
public static class ModelCardWriter
{
    public const string BeginMarker = "<!-- provenance:begin -->";
    public const string EndMarker = "<!-- provenance:end -->";

    private static readonly JsonSerializerOptions YamlString = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Render(GateSummary summary, IReadOnlyList<StampedFile> modelArtifacts)
    {
        var text = new StringBuilder();
        text.Append("---\n");
        text.Append("datasets:\n");
        text.Append("- ").Append(Quote(summary.Dataset ?? "unknown")).Append('\n');
        text.Append("tags:\n- training-data-provenance\n- provenance-build\n");
        text.Append("provenance:\n");
        text.Append("  training_manifest: ").Append(Quote(summary.ManifestHash ?? "unknown")).Append('\n');
        text.Append("  reviewer_status: ").Append(Quote(summary.ReviewerStatus ?? "missing")).Append('\n');
        text.Append("  unresolved_risks:").Append(summary.UnresolvedRisks.Count == 0 ? " []\n" : "\n");
        foreach (var risk in summary.UnresolvedRisks)
        {
            text.Append("  - ").Append(Quote(risk)).Append('\n');
        }

        if (summary.ModelBuild is not null)
        {
            text.Append("  model_build: ").Append(Quote(summary.ModelBuild)).Append('\n');
        }

        text.Append("  gate: ").Append(Quote(GateState(summary))).Append('\n');
        text.Append("---\n\n");
        text.Append("# ").Append(Escape(summary.ModelBuild ?? summary.Dataset ?? "Model")).Append("\n\n");
        text.Append(BeginMarker).Append('\n').Append(RenderSection(summary, modelArtifacts)).Append(EndMarker).Append('\n');
        return text.ToString();
    }

    /// <summary>The template with the marker region replaced; every byte outside the markers is kept.</summary>
    public static string RenderIntoTemplate(string template, string templatePath, GateSummary summary, IReadOnlyList<StampedFile> modelArtifacts, DiagnosticBag diagnostics)
    {
        var begin = template.IndexOf(BeginMarker, StringComparison.Ordinal);
        var end = template.IndexOf(EndMarker, StringComparison.Ordinal);
        if (begin < 0 || end < 0 || end < begin
            || template.IndexOf(BeginMarker, begin + BeginMarker.Length, StringComparison.Ordinal) >= 0
            || template.IndexOf(EndMarker, end + EndMarker.Length, StringComparison.Ordinal) >= 0)
        {
            diagnostics.Add(Rules.TemplateMarkersInvalid, new SourceLocation(templatePath, LineOf(template, Math.Max(0, begin)), 1), $"the model card template must hold exactly one '{BeginMarker}' followed by one '{EndMarker}'; the provenance section is written between them.");
            return template;
        }

        var newline = template.Contains("\r\n") ? "\r\n" : "\n";
        var section = RenderSection(summary, modelArtifacts).Replace("\n", newline);
        var start = begin + BeginMarker.Length;
        return template.Substring(0, start) + newline + section + template.Substring(end);
    }

    public static bool HasMarkers(string text) => text.Contains(BeginMarker);

    private static string RenderSection(GateSummary summary, IReadOnlyList<StampedFile> modelArtifacts)
    {
        var text = new StringBuilder();
        text.Append("## Training data provenance\n\n");
        text.Append("```\n").Append(OneLine(ProvenanceStory.ModelCardLine(summary))).Append("\n```\n\n");
        text.Append(Escape(ProvenanceStory.ClosingSentence(summary))).Append("\n\n");

        if (summary.OpenGaps.Count > 0)
        {
            text.Append("### Open gaps\n\n");
            text.Append($"This card was stamped in {summary.Mode} mode. The evidence does not support these claims yet:\n\n");
            foreach (var gap in summary.OpenGaps)
            {
                text.Append($"- {gap.Code}{(gap.Line > 0 ? $" (manifest line {gap.Line})" : string.Empty)}: {Escape(gap.Message)}\n");
            }

            text.Append('\n');
        }

        if (summary.Suppressed.Count > 0)
        {
            text.Append("### Suppressed gaps\n\n");
            text.Append("The build passed with these gaps suppressed by ProvenanceSuppress; each names who accepted it and why:\n\n");
            foreach (var gap in summary.Suppressed)
            {
                var where = gap.File is null ? string.Empty : $" ({Escape(gap.File)}{(gap.Line > 0 ? $" line {gap.Line}" : string.Empty)})";
                text.Append($"- {gap.Code}{where}: {Escape(gap.Message)} Justification: {Escape(gap.Justification)}{(gap.Until is null ? string.Empty : $" (until {Escape(gap.Until)})")}\n");
            }

            text.Append('\n');
        }

        if (summary.Baseline is not null)
        {
            text.Append($"### Changes since baseline {Escape(summary.Baseline)}\n\n");
            AppendList(text, summary.Changes.Select(c => c.Description).ToList(), "No change.");
            text.Append('\n');
        }

        text.Append("### Sources\n\n| Source | Role | Rights basis | Reviewer status |\n|---|---|---|---|\n");
        foreach (var source in summary.Sources)
        {
            text.Append($"| {Escape(source.Id)} | {Escape(source.Role ?? "data")} | {Escape(source.RightsBasis ?? summary.RightsBasis ?? "missing")} | {Escape(source.ReviewerStatus ?? summary.ReviewerStatus ?? "missing")} |\n");
        }

        text.Append("\nRights basis: ").Append(Escape(summary.RightsBasis ?? "missing")).Append("\n\n");
        text.Append("### Transforms, in order\n\n");
        for (var i = 0; i < summary.Transforms.Count; i++)
        {
            text.Append($"{i + 1}. {Escape(summary.Transforms[i])}\n");
        }

        text.Append("\nExclusion report: ").Append(Escape(summary.ExclusionReport ?? "none")).Append("\n\n");
        text.Append("Reviewer status: ").Append(Escape(summary.ReviewerStatus ?? "missing"));
        if (summary.ReviewedBy is not null || summary.ReviewedAt is not null)
        {
            text.Append($" ({Escape(summary.ReviewedBy ?? "reviewer not named")}, {Escape(summary.ReviewedAt ?? "date not recorded")})");
        }

        text.Append("\n\n### Unresolved risks\n\n");
        AppendList(text, summary.UnresolvedRisks, "none recorded");
        var attested = summary.Files.Any(f => f.Attestation is not null);
        text.Append(attested ? "\n### Verified data\n\n| File | SHA-256 | Verified by |\n|---|---|---|\n" : "\n### Verified data\n\n| File | SHA-256 |\n|---|---|\n");
        foreach (var file in summary.Files)
        {
            var by = !attested ? string.Empty
                : file.Attestation is null ? " this build |"
                : $" {Escape(file.Attestation)} (key {Escape(file.AttestationKeyId ?? "?").Substring(0, Math.Min(12, (file.AttestationKeyId ?? "?").Length))}, {Escape(file.AttestationTime ?? "?")}) |";
            text.Append($"| {Escape(file.Path)} | `{file.Sha256}` |{by}\n");
        }

        if (modelArtifacts.Count > 0)
        {
            text.Append("\n### Model artifacts\n\n| File | SHA-256 |\n|---|---|\n");
            foreach (var artifact in modelArtifacts)
            {
                text.Append($"| {Escape(artifact.Name)} | `{artifact.Sha256}` |\n");
            }
        }

        text.Append("\n### Quarantine history\n\n");
        if (summary.QuarantineHistory.Count == 0)
        {
            text.Append("No quarantine record touched these sources.\n");
        }

        foreach (var entry in summary.QuarantineHistory)
        {
            text.Append($"- {Escape(entry.Id ?? entry.File)}: {Escape(entry.SourceRecord ?? "?")} was quarantined");
            text.Append(entry.OpenedAt is null ? string.Empty : $" on {entry.OpenedAt}").Append(entry.OpenedBy is null ? string.Empty : $" by {Escape(entry.OpenedBy)}");
            text.Append($" (trigger: {Escape(entry.Trigger ?? "?")}; blocked: {Uses(entry.BlockedUses)}; allowed: {Uses(entry.AllowedUses)}; exit condition: {Escape(entry.ExitCondition ?? "?")}); ");
            text.Append(entry.Status == "lifted"
                ? $"lifted{(entry.LiftedAt is null ? string.Empty : " on " + entry.LiftedAt)}{(entry.LiftedBy is null ? string.Empty : " by " + Escape(entry.LiftedBy))}"
                : "still active");
            if (entry.ExitEvidence.Count > 0)
            {
                text.Append(" with exit evidence ").Append(string.Join(", ", entry.ExitEvidence.Select(e => $"{Escape(e.Path)} (`sha256:{e.Sha256}`)")));
            }

            text.Append(". Record: ").Append(Escape(entry.File)).Append('\n');
        }

        text.Append('\n');
        return text.ToString();
    }

    private static string GateState(GateSummary summary)
    {
        var suppressed = summary.Suppressed.Count == 0 ? string.Empty : $", {summary.Suppressed.Count} suppressed";
        return summary.OpenGaps.Count == 0
            ? $"passed ({summary.Mode}, use {summary.Use}{suppressed})"
            : $"{summary.OpenGaps.Count} open gap(s) ({summary.Mode}, use {summary.Use}{suppressed})";
    }

    private static string Uses(List<string> uses) => uses.Count == 0 ? "none" : string.Join(", ", uses);

    private static void AppendList(StringBuilder text, IReadOnlyList<string> items, string empty)
    {
        if (items.Count == 0)
        {
            text.Append(empty).Append('\n');
        }

        foreach (var item in items)
        {
            text.Append("- ").Append(Escape(item)).Append('\n');
        }
    }

    /// <summary>Manifest text in Markdown: one line (no line break of any kind can start a heading or a fence), no HTML, no table break.</summary>
    private static string Escape(string text) => OneLine(text).Replace("|", "\\|").Replace("<", "&lt;");

    private static string OneLine(string text)
    {
        var line = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            line.Append(char.IsControl(c) || c is '\u2028' or '\u2029' ? ' ' : c);
        }

        return line.ToString();
    }

    private static string Quote(string value) => JsonSerializer.Serialize(value, YamlString);

    private static int LineOf(string text, int index)
    {
        var line = 1;
        for (var i = 0; i < index && i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                line++;
            }
        }

        return line;
    }
}
