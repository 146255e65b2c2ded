using System.Reflection;

namespace Provenance.Build.IntegrationTests;

/// <summary>
/// Packs Provenance.Build (and Provenance.Build.Sdk) once per test run into a temporary feed, with an isolated
/// NUGET_PACKAGES folder, so every test builds against the package exactly as users get it.
/// </summary>
public sealed class PackageFeed : IDisposable
{
    public const string Version = "1.0.0";

    public PackageFeed()
    {
        RepoRoot = Repository.Root;
        Root = Path.Combine(Path.GetTempPath(), "provenance-e2e", Guid.NewGuid().ToString("N"));
        FeedDirectory = Path.Combine(Root, "feed");
        PackagesDirectory = Path.Combine(Root, "packages");
        Directory.CreateDirectory(FeedDirectory);
        Directory.CreateDirectory(PackagesDirectory);
        var configuration = Repository.Configuration;
        foreach (var project in PackedProjects)
        {
            var pack = DotNet.Run(RepoRoot, new Dictionary<string, string?>(), "pack", Path.Combine(RepoRoot, project), "-c", configuration, "-o", FeedDirectory, "-nodeReuse:false", "-p:Version=" + Version);
            if (pack.ExitCode != 0)
            {
                throw new InvalidOperationException("Packing failed:\n" + pack);
            }
        }
    }

    public static IReadOnlyList<string> PackedProjects { get; } = new[] { "src/Provenance.Build/Provenance.Build.csproj", "src/Provenance.Build.Sdk/Provenance.Build.Sdk.csproj" };

    public string RepoRoot { get; }

    public string Root { get; }

    public string FeedDirectory { get; }

    public string PackagesDirectory { get; }

    public IReadOnlyDictionary<string, string?> Environment => new Dictionary<string, string?>
    {
        ["NUGET_PACKAGES"] = PackagesDirectory,
        ["SOURCE_DATE_EPOCH"] = null,
        // The shared digest store of the builds under test, not the user's.
        ["XDG_CACHE_HOME"] = Path.Combine(Root, "cache"),
    };

    public string NuGetConfig => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <configuration>
          <packageSources>
            <clear />
            <add key="provenance-test-feed" value="{FeedDirectory}" />
          </packageSources>
        </configuration>
        """;

    public void Dispose()
    {
        if (System.Environment.GetEnvironmentVariable("PROVENANCE_KEEP_TEST_DIRECTORIES") == "1")
        {
            return;
        }

        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PackageFeedCollection : ICollectionFixture<PackageFeed>
{
    public const string Name = "package feed";
}
