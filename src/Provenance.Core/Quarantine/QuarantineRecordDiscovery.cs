using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Provenance.Diagnostics;

namespace Provenance.Quarantine;

/// <summary>
/// Finds the quarantine records beside a manifest: every .yaml, .yml and .json file (any case, hidden ones too) in a
/// folder named quarantine (any case) and all its subfolders. A record that is silently skipped would let blocked data
/// through, so anything else in those folders is PROV502, except Markdown notes and .gitkeep/.keep placeholders, and
/// a linked subfolder is not followed but reported.
/// </summary>
public static class QuarantineRecordDiscovery
{
    private const int MaxDepth = 16;

    public static IReadOnlyList<string> Find(string manifestDirectory, DiagnosticBag diagnostics)
    {
        var found = new List<string>();
        if (!Directory.Exists(manifestDirectory))
        {
            return found;
        }

        var pending = new Stack<(string Folder, int Depth)>();
        foreach (var folder in Directory.EnumerateDirectories(manifestDirectory).Where(d => string.Equals(Path.GetFileName(d), "quarantine", StringComparison.OrdinalIgnoreCase)))
        {
            pending.Push((folder, 0));
        }

        while (pending.Count > 0)
        {
            var (folder, depth) = pending.Pop();
            if (IsLink(folder))
            {
                diagnostics.Add(Rules.QuarantineRecordInvalid, new SourceLocation(folder), "this quarantine folder is a symbolic link, which the gate does not follow. Keep quarantine records in the repository's own quarantine/ folder.");
                continue;
            }

            if (depth > MaxDepth)
            {
                diagnostics.Add(Rules.QuarantineRecordInvalid, new SourceLocation(folder), $"quarantine folders nest deeper than {MaxDepth} levels here; records below are not read. Flatten the folder.");
                continue;
            }

            foreach (var file in Directory.EnumerateFiles(folder))
            {
                var name = Path.GetFileName(file);
                var extension = Path.GetExtension(name).ToLowerInvariant();
                if (extension is ".yaml" or ".yml" or ".json")
                {
                    found.Add(file);
                }
                else if (extension != ".md" && name is not (".gitkeep" or ".keep"))
                {
                    diagnostics.Add(Rules.QuarantineRecordInvalid, new SourceLocation(file), $"'{name}' is in a quarantine folder but is not a record (.yaml, .yml or .json), so it is not read. Rename it if it is a record, or move it out of the quarantine folder.");
                }
            }

            foreach (var sub in Directory.EnumerateDirectories(folder))
            {
                pending.Push((sub, depth + 1));
            }
        }

        return found.OrderBy(f => f, StringComparer.Ordinal).ToList();
    }

    private static bool IsLink(string path) => (File.GetAttributes(path) & FileAttributes.ReparsePoint) != 0;
}
