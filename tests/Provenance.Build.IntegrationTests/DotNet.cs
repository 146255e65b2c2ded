using System.Diagnostics;
using System.Text;

namespace Provenance.Build.IntegrationTests;

/// <summary>Runs the dotnet CLI as a child process with a clean MSBuild environment and captures what it prints.</summary>
public static class DotNet
{
    public static BuildOutput Run(string workingDirectory, IReadOnlyDictionary<string, string?> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The test host inherits MSBuild's own variables from `dotnet test`; a child build must not.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || k.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(key);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        foreach (var (key, value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(key);
            }
            else
            {
                start.Environment[key] = value;
            }
        }

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet {string.Join(" ", arguments)} did not finish in 5 minutes:\n{output}");
        }

        process.WaitForExit();
        return new BuildOutput(process.ExitCode, output.ToString(), $"dotnet {string.Join(" ", arguments)} (in {workingDirectory})");
    }
}

public sealed record BuildOutput(int ExitCode, string Text, string Command)
{
    public IEnumerable<string> Lines => Text.Split('\n').Select(l => l.TrimEnd('\r'));

    /// <summary>Distinct PROV codes printed as errors or warnings (<c>error PROV103:</c>).</summary>
    public string[] Codes(string severity) =>
        System.Text.RegularExpressions.Regex.Matches(Text, $@"\b{severity} (PROV\d{{3}}):").Select(m => m.Groups[1].Value).Distinct().OrderBy(c => c, StringComparer.Ordinal).ToArray();

    public override string ToString() => $"{Command} exited {ExitCode}\n{Text}";
}
