using System.Reflection;

namespace Provenance.Build.IntegrationTests;

internal static class Repository
{
    /// <summary>The folder that holds Provenance.Build.sln, found above the test assembly.</summary>
    public static string Root { get; } = Find();

    /// <summary>The configuration these tests were built in (Debug or Release), which the packed code was built in too.</summary>
    public static string Configuration { get; } = typeof(Repository).Assembly.GetCustomAttributes<System.Reflection.AssemblyMetadataAttribute>().First(a => a.Key == "Configuration").Value!;

    /// <summary>The `provenance` tool built from this repository.</summary>
    public static string Tool { get; } = Path.Combine(Root, "src", "Provenance.Cli", "bin", Configuration, "net8.0", "provenance.dll");

    private static string Find()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Provenance.Build.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Provenance.Build.sln not found above the test assembly.");
    }
}
