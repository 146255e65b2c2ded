using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Provenance.Diagnostics;

namespace Provenance.Gate;

/// <summary>
/// Applies suppressions: a matching valid suppression turns a diagnostic into a visible message naming its justification.
/// A suppression without justification, with a bad date, past its Until date, or that matched nothing is reported and
/// suppresses nothing.
/// </summary>
internal static class SuppressionPolicy
{
    public static IReadOnlyList<Diagnostic> Apply(IReadOnlyList<Diagnostic> diagnostics, IReadOnlyList<Suppression> suppressions, DateTime today, DiagnosticBag report)
    {
        var valid = new List<Suppression>();
        foreach (var suppression in suppressions)
        {
            if (IsUsable(suppression, today, report))
            {
                valid.Add(suppression);
            }
        }

        var used = new HashSet<Suppression>();
        var result = new List<Diagnostic>(diagnostics.Count);
        foreach (var diagnostic in diagnostics)
        {
            var match = diagnostic.Descriptor.CanBeSuppressed
                ? valid.FirstOrDefault(s => string.Equals(s.Code, diagnostic.Id, StringComparison.OrdinalIgnoreCase))
                : null;
            if (match is null)
            {
                result.Add(diagnostic);
                continue;
            }

            used.Add(match);
            result.Add(diagnostic.AsSuppressed(match.Justification!, match.Until));
        }

        foreach (var suppression in valid.Where(s => !used.Contains(s)))
        {
            report.Add(Rules.UnusedSuppression, suppression.Location, $"the suppression of {suppression.Code} matched nothing in this build. Remove it, so it cannot hide a future gap.");
        }

        return result;
    }

    private static string WhyNotSuppressible(DiagnosticDescriptor descriptor)
    {
        if (descriptor == Rules.InvalidSuppression || descriptor == Rules.ExpiredSuppression || descriptor == Rules.UnusedSuppression)
        {
            return "it reports on the suppressions themselves, and one suppression must not hide what is wrong with another. Fix or remove the suppression it names.";
        }

        if (descriptor == Rules.InvalidSetting)
        {
            return "it means a Provenance setting has a value the gate does not know, so the gate cannot tell what was asked. Fix the setting.";
        }

        if (descriptor == Rules.InternalError)
        {
            return "it means the gate itself failed, so nothing was verified. Report it with the input that caused it.";
        }

        return "it means evidence could not be read or verified, or a quarantine is in force, and a suppression would turn that into a pass. Fix the evidence, or build with ProvenanceMode=audit to see every gap as a warning.";
    }

    private static bool IsUsable(Suppression suppression, DateTime today, DiagnosticBag report)
    {
        var descriptor = Rules.All.FirstOrDefault(r => string.Equals(r.Id, suppression.Code, StringComparison.OrdinalIgnoreCase));
        if (descriptor is null)
        {
            report.Add(Rules.InvalidSuppression, suppression.Location, $"ProvenanceSuppress '{suppression.Code}' names no Provenance rule. Use a code such as PROV204 (see docs/rules).");
            return false;
        }

        if (!descriptor.CanBeSuppressed)
        {
            report.Add(Rules.InvalidSuppression, suppression.Location, $"{descriptor.Id} ({descriptor.Title}) cannot be suppressed: {WhyNotSuppressible(descriptor)}");
            return false;
        }

        if (string.IsNullOrWhiteSpace(suppression.Justification))
        {
            report.Add(Rules.InvalidSuppression, suppression.Location, $"the suppression of {suppression.Code} has no Justification, so it suppresses nothing. Add Justification=\"why this gap is acceptable, and who decided\".");
            return false;
        }

        if (!string.IsNullOrWhiteSpace(suppression.Until))
        {
            if (!DateTime.TryParseExact(suppression.Until!.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var until))
            {
                report.Add(Rules.InvalidSuppression, suppression.Location, $"the suppression of {suppression.Code} has Until=\"{suppression.Until}\", which is not a yyyy-MM-dd date, so it suppresses nothing.");
                return false;
            }

            if (until.Date < today.Date)
            {
                report.Add(Rules.ExpiredSuppression, suppression.Location, $"the suppression of {suppression.Code} expired on {suppression.Until} and no longer applies. Fix the gap, or renew the suppression with a new justification and date.");
                return false;
            }
        }

        return true;
    }
}
