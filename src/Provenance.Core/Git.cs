using System;
using System.Diagnostics;
using System.IO;

namespace Provenance;

/// <summary>Runs git as a child process; null when git is missing, fails or takes longer than ten seconds.</summary>
internal static class Git
{
    public static byte[]? Run(string workingDirectory, params string[] arguments)
    {
        try
        {
            var start = new ProcessStartInfo("git")
            {
                WorkingDirectory = workingDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                CreateNoWindow = true,
            };
            start.Arguments = string.Join(" ", Array.ConvertAll(arguments, Quote));
            using var process = Process.Start(start);
            if (process is null)
            {
                return null;
            }

            using var output = new MemoryStream();
            var error = process.StandardError.ReadToEndAsync();
            process.StandardOutput.BaseStream.CopyTo(output);
            if (!process.WaitForExit(10_000))
            {
                process.Kill();
                return null;
            }

            error.Wait();
            return process.ExitCode == 0 ? output.ToArray() : null;
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException or IOException)
        {
            return null;
        }
    }

    public static string? RunText(string workingDirectory, params string[] arguments)
    {
        var bytes = Run(workingDirectory, arguments);
        return bytes is null ? null : System.Text.Encoding.UTF8.GetString(bytes);
    }

    private static string Quote(string argument) =>
        argument.Length > 0 && argument.IndexOfAny(new[] { ' ', '"', '\t' }) < 0 ? argument : "\"" + argument.Replace("\"", "\\\"") + "\"";
}
