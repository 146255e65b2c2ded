using System.Reflection;

namespace Provenance;

public static class ToolInformation
{
    /// <summary>The product version (informational version without the source revision suffix).</summary>
    public static string Version { get; } = Read();

    private static string Read()
    {
        var informational = typeof(ToolInformation).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        if (string.IsNullOrEmpty(informational))
        {
            return typeof(ToolInformation).Assembly.GetName().Version?.ToString() ?? "unknown";
        }

        var plus = informational!.IndexOf('+');
        return plus < 0 ? informational : informational.Substring(0, plus);
    }
}
