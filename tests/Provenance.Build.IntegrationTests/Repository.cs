namespace Provenance.Build.IntegrationTests;

internal static class Repository
{
    /// <summary>The folder that holds Provenance.Build.sln, found above the test assembly.</summary>
    public static string Root { get; } = Find();

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
