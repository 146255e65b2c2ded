using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Text;
using Provenance.Verification;

namespace Provenance.Cli.Commands;

/// <summary><c>provenance hash</c>: 'files:' entries (path and sha256) for files and directories.</summary>
internal static class HashCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("path") { Arity = ArgumentArity.OneOrMore, Description = "Files or directories to hash." };
        var relativeTo = new Option<string?>("--relative-to") { Description = "Print paths relative to this folder (default: here)." };
        var command = new Command("hash", "Prints 'files:' entries (path and sha256) for files and directories, for a manifest.") { paths, relativeTo };
        command.SetAction(parse => Run(parse.GetValue(paths)!, parse.GetValue(relativeTo)));
        return command;
    }

    private static int Run(string[] paths, string? relativeToOption)
    {
        var relativeTo = Path.GetFullPath(relativeToOption ?? Directory.GetCurrentDirectory());
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                files.AddRange(Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Select(Path.GetFullPath));
            }
            else if (File.Exists(path))
            {
                files.Add(Path.GetFullPath(path));
            }
            else
            {
                Console.Error.WriteLine($"{path}: error PROV104: no such file or directory.");
                return 2;
            }
        }

        files = files.Distinct().OrderBy(f => f, StringComparer.Ordinal).ToList();
        var digests = new string[files.Count];
        var total = files.Sum(f => new FileInfo(f).Length);
        long done = 0;
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        var next = TimeSpan.FromSeconds(2);
        var work = System.Threading.Tasks.Task.Run(() => System.Threading.Tasks.Parallel.For(0, files.Count, i =>
        {
            digests[i] = FileDigest.ComputeSha256(files[i]);
            System.Threading.Interlocked.Add(ref done, new FileInfo(files[i]).Length);
        }));
        while (!work.Wait(200))
        {
            if (stopwatch.Elapsed >= next)
            {
                Console.Error.WriteLine($"hashing: {VerificationStatistics.FormatBytes(System.Threading.Interlocked.Read(ref done))} of {VerificationStatistics.FormatBytes(total)}, {files.Count:N0} files");
                next = stopwatch.Elapsed + TimeSpan.FromSeconds(3);
            }
        }

        var output = new StringBuilder("files:\n");
        for (var i = 0; i < files.Count; i++)
        {
            var relative = Path.GetRelativePath(relativeTo, files[i]).Replace('\\', '/');
            output.Append("  - path: ").Append(Quote(relative)).Append('\n').Append("    sha256: ").Append(digests[i]).Append('\n');
        }

        Console.Write(output);
        return 0;
    }

    private static string Quote(string value) =>
        value.Length > 0 && value.All(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' or '/' or '@') ? value : System.Text.Json.JsonSerializer.Serialize(value);
}
