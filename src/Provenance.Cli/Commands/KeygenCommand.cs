using System;
using System.CommandLine;
using System.IO;
using Provenance.Signing;

namespace Provenance.Cli.Commands;

/// <summary><c>provenance keygen</c>: an ECDSA P-256 key pair for signing build records; the private key readable by its owner only.</summary>
internal static class KeygenCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "The folder for provenance-signing.key.pem and provenance-signing.pub.pem.", DefaultValueFactory = _ => "." };
        var force = new Option<bool>("--force") { Description = "Replace existing key files." };
        var command = new Command("keygen", "Writes an ECDSA P-256 key pair (PKCS#8 private key, owner-only; SubjectPublicKeyInfo public key) and prints its key id.") { output, force };
        command.SetAction(parse =>
        {
            var folder = Path.GetFullPath(parse.GetValue(output)!);
            var privatePath = Path.Combine(folder, "provenance-signing.key.pem");
            var publicPath = Path.Combine(folder, "provenance-signing.pub.pem");
            if (!parse.GetValue(force) && (File.Exists(privatePath) || File.Exists(publicPath)))
            {
                throw new UsageException($"{privatePath} or {publicPath} exists already; use --force to replace them.");
            }

            Directory.CreateDirectory(folder);
            var (privatePem, publicPem, keyId) = SigningKey.Generate();
            WriteOwnerOnly(privatePath, privatePem);
            File.WriteAllText(publicPath, publicPem);
            Console.WriteLine($"wrote {privatePath} (private: keep it secret, e.g. in a CI secret as PROVENANCE_SIGNING_KEY) and {publicPath}");
            Console.WriteLine($"key id {keyId}");
            return 0;
        });
        return command;
    }

    private static void WriteOwnerOnly(string path, string text)
    {
        if (OperatingSystem.IsWindows())
        {
            File.WriteAllText(path, text);
            return;
        }

        // Created with mode 600, so the key is never readable by others, not even for a moment.
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite };
        using var stream = new FileStream(path, options);
        using var writer = new StreamWriter(stream);
        writer.Write(text);
    }
}
