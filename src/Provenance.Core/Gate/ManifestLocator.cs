using System.IO;
using System.Linq;
using Provenance.Diagnostics;

namespace Provenance.Gate;

/// <summary>Finds the manifest: the explicit path, else the first of provenance.yaml, provenance.yml, provenance.json.</summary>
public static class ManifestLocator
{
    public static readonly string[] DefaultNames = { "provenance.yaml", "provenance.yml", "provenance.json" };

    /// <param name="settingsFile">The project file, where a missing manifest is reported; the folder when there is none.</param>
    public static string? Find(string projectDirectory, string? explicitPath, DiagnosticBag diagnostics, string? settingsFile = null)
    {
        if (!string.IsNullOrWhiteSpace(explicitPath))
        {
            var full = Path.GetFullPath(Path.Combine(projectDirectory, explicitPath!));
            if (File.Exists(full))
            {
                return full;
            }

            diagnostics.Add(Rules.ManifestNotFound, new SourceLocation(settingsFile ?? full), $"the manifest named by ProvenanceManifest does not exist: {full}. Fix the path, or remove the property to use provenance.yaml beside the project.");
            return null;
        }

        var candidates = DefaultNames.Select(n => Path.Combine(projectDirectory, n)).ToList();
        var found = candidates.FirstOrDefault(File.Exists);
        if (found is null)
        {
            diagnostics.Add(Rules.ManifestNotFound, new SourceLocation(settingsFile ?? projectDirectory), $"no provenance manifest found. Looked for {string.Join(", ", candidates)}. Add a manifest (see docs/manifest.md), point ProvenanceManifest at it, or set ProvenanceMode=off for projects that train on no data.");
        }

        return found;
    }
}
