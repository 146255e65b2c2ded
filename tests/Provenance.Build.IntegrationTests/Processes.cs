using System.Diagnostics;

namespace Provenance.Build.IntegrationTests;

/// <summary>Runs a real client (git, openssl, bash, the provenance tool) and captures its exit code and output.</summary>
public static class Processes
{
    public static (int ExitCode, string Output) Run(string directory, string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output + error.Result);
    }

    /// <summary>The provenance tool built from this repository.</summary>
    public static (int ExitCode, string Output) Tool(string directory, params string[] arguments) =>
        Run(directory, "dotnet", new[] { Repository.Tool }.Concat(arguments).ToArray());

    /// <summary>git with a fixed identity and no signing, asserting success.</summary>
    public static string Git(string directory, params string[] arguments)
    {
        var run = Run(directory, "git", new[] { "-c", "user.name=test", "-c", "user.email=test@example.invalid", "-c", "commit.gpgsign=false" }.Concat(arguments).ToArray());
        Assert.True(run.ExitCode == 0, $"git {string.Join(' ', arguments)}: {run.Output}");
        return run.Output.Trim();
    }
}
