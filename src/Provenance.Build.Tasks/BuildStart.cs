using System;
using System.IO;
using System.Linq;
using Microsoft.Build.Framework;

namespace Provenance.Build.Tasks;

/// <summary>
/// When this build began, as this MSBuild node can know it. Full mode trusts a read from the shared digest store only when
/// it finished after this moment (docs/scale.md), so the moment must never be earlier than the build's real start:
/// <list type="bullet">
/// <item>a process that runs exactly one build (the dotnet CLI, MSBuild.exe, or a worker node started for this build
/// only, /nodeReuse:false) started after the build began: its start time, plus 100 ms for the precision of process start times;</item>
/// <item>any other host (a reused node, an IDE, the MSBuild server): the moment its first gate of this build ran.</item>
/// </list>
/// MSBuild drops the registered object when the build ends (RegisteredTaskObjectLifetime.Build), so a reused node's next
/// build starts anew.
/// </summary>
internal sealed class BuildStart
{
    private const string Key = "Provenance.Build.Tasks.BuildStart";
    private static readonly TimeSpan ClockPrecision = TimeSpan.FromMilliseconds(100);

    private BuildStart(DateTime utc) => Utc = utc;

    public DateTime Utc { get; }

    public static DateTime For(IBuildEngine engine)
    {
        if (engine is not IBuildEngine4 registry)
        {
            return DateTime.UtcNow;
        }

        if (registry.GetRegisteredTaskObject(Key, RegisteredTaskObjectLifetime.Build) is BuildStart known)
        {
            return known.Utc;
        }

        var now = DateTime.UtcNow;
        var start = new BuildStart(RunsOneBuild(Environment.GetCommandLineArgs()) && ProcessStart() is { } process && process + ClockPrecision < now ? process + ClockPrecision : now);
        registry.RegisterTaskObject(Key, start, RegisteredTaskObjectLifetime.Build, allowEarlyCollection: false);
        return start.Utc;
    }

    /// <summary>True for a process that builds once and exits: the dotnet CLI, MSBuild itself, or a node that is not reused.</summary>
    internal static bool RunsOneBuild(string[] commandLine)
    {
        if (commandLine.Length == 0)
        {
            return false;
        }

        var program = Path.GetFileName(commandLine[0]);
        var switches = commandLine.Skip(1).Where(a => a.Length > 1 && (a[0] == '/' || a[0] == '-')).Select(a => a.TrimStart('/', '-').ToLowerInvariant()).ToList();
        if (string.Equals(program, "dotnet.dll", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (string.Equals(program, "MSBuild.dll", StringComparison.OrdinalIgnoreCase) || string.Equals(program, "MSBuild.exe", StringComparison.OrdinalIgnoreCase))
        {
            var nodeMode = switches.FirstOrDefault(s => s.StartsWith("nodemode:", StringComparison.Ordinal));
            return nodeMode is null || (nodeMode == "nodemode:1" && switches.Contains("nodereuse:false"));
        }

        return false;
    }

    private static DateTime? ProcessStart()
    {
        try
        {
            using var self = System.Diagnostics.Process.GetCurrentProcess();
            return self.StartTime.ToUniversalTime();
        }
        catch (Exception ex) when (ex is InvalidOperationException or NotSupportedException or System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
