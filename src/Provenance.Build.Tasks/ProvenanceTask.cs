using System;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using Provenance.Diagnostics;

namespace Provenance.Build.Tasks;

/// <summary>
/// Base of every Provenance task: logs core diagnostics with code, location and help link, and turns any unexpected
/// exception into PROV900 instead of MSB4018 and a stack trace (the detail goes to the diagnostic log).
/// </summary>
public abstract class ProvenanceTask : Task, ICancelableTask
{
    private readonly System.Threading.CancellationTokenSource cancellation = new();

    protected System.Threading.CancellationToken CancellationToken => cancellation.Token;

    public void Cancel() => cancellation.Cancel();

    public sealed override bool Execute()
    {
        try
        {
            ExecuteCore();
        }
        catch (OperationCanceledException)
        {
            Log.LogMessage(MessageImportance.High, "Provenance: canceled; nothing was written.");
            return false;
        }
        catch (Exception ex)
        {
            var internalError = new Diagnostic(Rules.InternalError, SourceLocation.None, $"{GetType().Name} failed unexpectedly ({ex.GetType().Name}: {ex.Message}). Nothing was verified or stamped; this is a bug in Provenance.Build, please report it (run with -v:diag for the full detail).");
            LogDiagnostic(internalError);
            Log.LogMessage(MessageImportance.Low, ex.ToString());
        }

        return !Log.HasLoggedErrors;
    }

    protected abstract void ExecuteCore();

    protected void LogDiagnostic(Diagnostic diagnostic)
    {
        var location = diagnostic.Location;
        var file = location.File ?? string.Empty;
        var descriptor = diagnostic.Descriptor;
        switch (diagnostic.Severity)
        {
            case DiagnosticSeverity.Error:
                Log.LogError(null, descriptor.Id, descriptor.Id, descriptor.HelpLink, file, location.Line, location.Column, 0, 0, diagnostic.Message);
                break;
            case DiagnosticSeverity.Warning:
                Log.LogWarning(null, descriptor.Id, descriptor.Id, descriptor.HelpLink, file, location.Line, location.Column, 0, 0, diagnostic.Message);
                break;
            default:
                var message = diagnostic.IsSuppressed
                    ? $"{descriptor.Id} suppressed (justification: {diagnostic.SuppressionJustification}): {diagnostic.Message}"
                    : $"{descriptor.Id}: {diagnostic.Message}";
                Log.LogMessage(null, descriptor.Id, descriptor.Id, file, location.Line, location.Column, 0, 0, diagnostic.IsSuppressed ? MessageImportance.High : MessageImportance.Normal, message);
                break;
        }
    }
}
