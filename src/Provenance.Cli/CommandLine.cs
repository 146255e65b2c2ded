using System;
using System.Collections.Generic;

namespace Provenance.Cli;

/// <summary>Positional arguments and <c>--name value</c> options of one command; repeated options collect every value.</summary>
internal sealed class CommandLine
{
    private readonly Dictionary<string, List<string>> options = new(StringComparer.Ordinal);
    private readonly HashSet<string> flags = new(StringComparer.Ordinal);

    private CommandLine(string verb) => Verb = verb;

    public string Verb { get; }

    public List<string> Arguments { get; } = new();

    /// <exception cref="UsageException">An option needs a value and has none.</exception>
    public static CommandLine Parse(string[] args, ISet<string> flagNames)
    {
        var line = new CommandLine(args.Length == 0 ? "help" : args[0]);
        for (var i = 1; i < args.Length; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                line.Arguments.Add(arg);
                continue;
            }

            var equals = arg.IndexOf('=');
            var name = equals > 0 ? arg.Substring(2, equals - 2) : arg.Substring(2);
            if (flagNames.Contains(name))
            {
                line.flags.Add(name);
                continue;
            }

            string value;
            if (equals > 0)
            {
                value = arg.Substring(equals + 1);
            }
            else if (i + 1 < args.Length)
            {
                value = args[++i];
            }
            else
            {
                throw new UsageException($"--{name} needs a value.");
            }

            if (!line.options.TryGetValue(name, out var values))
            {
                line.options[name] = values = new List<string>();
            }

            values.Add(value);
        }

        return line;
    }

    public string? Option(string name) => options.TryGetValue(name, out var values) ? values[values.Count - 1] : null;

    public IReadOnlyList<string> Options(string name) => options.TryGetValue(name, out var values) ? values : Array.Empty<string>();

    public bool Flag(string name) => flags.Contains(name);

    public void RejectUnknown(params string[] known)
    {
        foreach (var name in options.Keys)
        {
            if (Array.IndexOf(known, name) < 0)
            {
                throw new UsageException($"'{Verb}' has no option --{name}.");
            }
        }
    }
}

internal sealed class UsageException : Exception
{
    public UsageException(string message)
        : base(message)
    {
    }
}
