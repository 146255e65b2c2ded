using System;
using Microsoft.Build.Framework;

namespace Provenance.Build.Tasks;

/// <summary>
/// When this build began, as this MSBuild node knows it: the moment its first gate ran. MSBuild drops the object when the
/// build ends (RegisteredTaskObjectLifetime.Build), so the next build, even in a reused node, starts anew. Full mode
/// trusts a read from the shared digest store only when it finished after this moment (docs/scale.md).
/// </summary>
internal sealed class BuildStart
{
    private const string Key = "Provenance.Build.Tasks.BuildStart";

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

        var now = new BuildStart(DateTime.UtcNow);
        registry.RegisterTaskObject(Key, now, RegisteredTaskObjectLifetime.Build, allowEarlyCollection: false);
        return now.Utc;
    }
}
