using System.Security.Cryptography;
using System.Text;

namespace Provenance.Build.IntegrationTests;

/// <summary>
/// A project in its own temporary folder, isolated from this repository's build files, restoring Provenance.Build from
/// the test feed. Writes project files, copies samples, and runs real <c>dotnet build</c> on them.
/// </summary>
public sealed class TestProject
{
    private readonly PackageFeed feed;

    /// <param name="folder">A folder name for the project below its unique one, to test names with unusual characters.</param>
    public TestProject(PackageFeed feed, string name = "Training", string? folder = null)
    {
        this.feed = feed;
        Name = name;
        Directory = Path.Combine(feed.Root, "projects", Guid.NewGuid().ToString("N").Substring(0, 12), folder ?? string.Empty).TrimEnd(Path.DirectorySeparatorChar);
        System.IO.Directory.CreateDirectory(Directory);
        Write("Directory.Build.props", "<Project />");
        Write("Directory.Build.targets", "<Project />");
        Write("nuget.config", feed.NuGetConfig);
    }

    public string Name { get; }

    public string Directory { get; }

    public string ProjectFile => Path.Combine(Directory, Name + ".csproj");

    public string OutputDirectory => Path.Combine(Directory, "bin", "Debug", "net10.0");

    /// <summary>A class library that references the package; <paramref name="body"/> goes inside the Project element.</summary>
    public TestProject WriteLibrary(string body = "")
    {
        Write(Name + ".csproj", $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Provenance.Build" Version="{PackageFeed.Version}" PrivateAssets="all" />
              </ItemGroup>
            {body}
            </Project>
            """);
        Write("Model.cs", "namespace Training; public static class Model { public const string Name = \"support-classifier\"; }\n");
        return this;
    }

    /// <summary>Copies a sample from samples/ (without bin, obj and its nuget.config) into this project's folder.</summary>
    public TestProject CopySample(string sample)
    {
        var source = Path.Combine(feed.RepoRoot, "samples", sample);
        foreach (var file in System.IO.Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            var first = relative.Split(Path.DirectorySeparatorChar)[0];
            if (first is "bin" or "obj" || relative == "nuget.config")
            {
                continue;
            }

            var target = Path.Combine(Directory, relative);
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }

        return this;
    }

    public string Write(string relativePath, string content)
    {
        var full = Path.Combine(Directory, relativePath);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        return full;
    }

    public string Read(string relativePath) => File.ReadAllText(Path.Combine(Directory, relativePath));

    public string Path_(string relativePath) => Path.Combine(Directory, relativePath);

    public static string Sha256(string content) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)));

    public static string Sha256File(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    public BuildOutput Build(params string[] arguments) => Run("build", arguments);

    public BuildOutput Run(string verb, params string[] arguments)
    {
        // -bl splits its argument at ';', so a project folder named with one keeps its log beside it.
        var logFolder = Directory.Contains(';') ? Path.GetDirectoryName(Directory)! : Directory;
        var all = new List<string> { verb, "-nodeReuse:false", "-bl:" + Path.Combine(logFolder, verb + ".binlog") };
        if (File.Exists(Path.Combine(Directory, Name + ".proj")))
        {
            all.Add(Name + ".proj");
        }

        all.AddRange(arguments);
        return DotNet.Run(Directory, feed.Environment, all.ToArray());
    }

    public BuildOutput Run(string verb, IReadOnlyDictionary<string, string?> environment, params string[] arguments)
    {
        var merged = new Dictionary<string, string?>(feed.Environment);
        foreach (var (key, value) in environment)
        {
            merged[key] = value;
        }

        var all = new List<string> { verb, "-nodeReuse:false" };
        all.AddRange(arguments);
        return DotNet.Run(Directory, merged, all.ToArray());
    }
}
