using System;
using System.Collections.Generic;
using System.Reflection;
using Microsoft.Build.Framework;

namespace Provenance.Build.Tasks;

/// <summary>
/// Whether MSBuild will turn a warning with a given code into an error. <see cref="IBuildEngine8.ShouldTreatWarningAsError"/>
/// answers for -warnaserror:CODE and for MSBuildWarningsAsErrors, but misses a bare -warnaserror whenever the project has a
/// list of its own (the .NET SDK always adds NU1605): MSBuild's LoggingService.GetWarningsForProject unions the project's
/// list with the global empty set that means "every warning", and the "every" is lost. The logging service still converts
/// the warning when it is logged, so the build fails while the gate would have said "passed". The global set is therefore
/// also read from the logging service; if anything is not where MSBuild 17 keeps it, only the engine's answer counts.
/// </summary>
internal static class WarningsAsErrors
{
    public static Func<string, bool>? For(IBuildEngine engine)
    {
        if (engine is not IBuildEngine8 engine8)
        {
            return null;
        }

        var global = GlobalSets(engine);
        return code => engine8.ShouldTreatWarningAsError(code) || (global is { } sets && sets.AllAreErrors && !sets.Exempt(code));
    }

    private static (bool AllAreErrors, Func<string, bool> Exempt)? GlobalSets(IBuildEngine engine)
    {
        try
        {
            const BindingFlags Instance = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;
            var context = engine.GetType().GetField("_taskLoggingContext", Instance)?.GetValue(engine);
            var service = context?.GetType().GetProperty("LoggingService", Instance)?.GetValue(context);
            if (service is null)
            {
                return null;
            }

            ICollection<string>? Set(string name) => service.GetType().GetProperty(name, Instance)?.GetValue(service) as ICollection<string>;
            var asErrors = Set("WarningsAsErrors");
            var notAsErrors = Set("WarningsNotAsErrors");
            var asMessages = Set("WarningsAsMessages");
            return (asErrors is { Count: 0 }, code => notAsErrors?.Contains(code) == true || asMessages?.Contains(code) == true);
        }
        catch (Exception ex) when (ex is TargetInvocationException or MemberAccessException or InvalidCastException or NotSupportedException)
        {
            return null;
        }
    }
}
