using System.Collections.Generic;
using Provenance.Diagnostics;
using Provenance.Documents;
using Provenance.Gate;

namespace Provenance.Quarantine;

/// <summary>Reads the quarantine records and applies them to the manifest's sources for this build's use.</summary>
public sealed class ApplyQuarantine : IGateStage
{
    public void Run(GateRun run)
    {
        if (run.Manifest is null || run.Verifier is null)
        {
            return;
        }

        var records = LoadQuarantineRecords(run.QuarantinePaths, run.Options.Limits, run.Diagnostics);
        run.QuarantineHistory = new QuarantineEvaluator(run.Verifier).Evaluate(run.Manifest, records, run.Options.Use, run.Diagnostics);
    }

    /// <summary>
    /// Reads every record. Anything wrong while reading one (a duplicate key, a bad date, a value of the wrong type) makes
    /// it invalid, is PROV502 (which cannot be suppressed), and an invalid record blocks every use of its source.
    /// </summary>
    private static IReadOnlyList<QuarantineRecord> LoadQuarantineRecords(IReadOnlyList<string> paths, ReadLimits limits, DiagnosticBag diagnostics)
    {
        var records = new List<QuarantineRecord>();
        foreach (var path in paths)
        {
            var found = new DiagnosticBag();
            var document = DocumentLoader.Load(path, limits, found);
            var record = document is null ? null : QuarantineRecordReader.Read(document, found);
            foreach (var diagnostic in found.Items)
            {
                if (diagnostic.Descriptor == Rules.UnknownField || !diagnostic.Descriptor.CanBeSuppressed)
                {
                    diagnostics.Add(diagnostic);
                    continue;
                }

                diagnostics.Add(new Diagnostic(Rules.QuarantineRecordInvalid, diagnostic.Location, diagnostic.Message + " The record is not valid, so it blocks every use of its source until it is fixed."));
                if (record is not null)
                {
                    record.IsValid = false;
                }
            }

            if (record is not null)
            {
                records.Add(record);
            }
        }

        return records;
    }
}
