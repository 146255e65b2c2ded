using System;
using System.CommandLine;
using System.IO;
using System.Linq;
using Provenance.Attestations;
using Provenance.Diagnostics;
using Provenance.Documents;
using Provenance.Gate;
using Provenance.Manifests;
using Provenance.Signing;

namespace Provenance.Cli.Commands;

/// <summary><c>provenance attest merge</c>: shard statements into one signed verification attestation.</summary>
internal static class AttestCommand
{
    public static Command Create()
    {
        var shards = new Argument<string[]>("shard") { Arity = ArgumentArity.OneOrMore, Description = "The shard statements (provenance verify --shard K/N --attest FILE)." };
        var manifest = new Option<string>("--manifest") { Description = "The manifest the shards verified.", DefaultValueFactory = _ => "provenance.yaml" };
        var key = new Option<string>("--key") { Description = "The PEM ECDSA P-256 private key that signs the attestation.", Required = true };
        var output = new Option<string>("--output", "-o") { Description = "The signed attestation (a DSSE envelope).", Required = true };
        var merge = new Command("merge", "Checks that the shards verified one manifest and cover every file exactly once, and writes one signed attestation. Exit 1 otherwise.") { shards, manifest, key, output };
        merge.SetAction(parse => Merge(parse.GetValue(shards)!, parse.GetValue(manifest)!, parse.GetValue(key)!, parse.GetValue(output)!));
        return new Command("attest", "Verification attestations made elsewhere (a cluster, a CI matrix) that the build accepts without reading the bytes.") { merge };
    }

    private static int Merge(string[] shardFiles, string manifestPath, string keyPath, string outputPath)
    {
        if (!File.Exists(keyPath))
        {
            throw new UsageException($"the key file '{keyPath}' does not exist.");
        }

        using var key = SigningKey.FromPem(File.ReadAllText(keyPath), out var problem);
        if (key is null || !key.HasPrivateKey)
        {
            throw new UsageException($"error PROV706: the key '{keyPath}' cannot sign: {(key is null ? problem : "it is a public key")}.");
        }

        var diagnostics = new DiagnosticBag();
        var full = Path.GetFullPath(manifestPath);
        var bytes = File.Exists(full) ? DocumentLoader.Read(full, ReadLimits.Default, diagnostics) : null;
        var document = bytes is null ? null : DocumentLoader.Parse(full, bytes, ReadLimits.Default, diagnostics);
        var manifest = document is null ? null : ManifestReader.Read(document, diagnostics);
        if (manifest is null)
        {
            Console.Error.WriteLine(diagnostics.Items.FirstOrDefault()?.ToString() ?? $"{full}: error PROV001: the manifest does not exist.");
            return 2;
        }

        var shards = new System.Collections.Generic.List<(string, VerificationStatement)>();
        foreach (var file in shardFiles)
        {
            var statement = File.Exists(file) ? VerificationStatement.FromJson(File.ReadAllBytes(file), out problem) : null;
            if (statement is null)
            {
                Console.WriteLine(new Diagnostic(Rules.AttestationMalformed, new SourceLocation(Path.GetFullPath(file)), File.Exists(file) ? problem : "the shard statement does not exist."));
                return 1;
            }

            shards.Add((file, statement));
        }

        var merged = AttestationMerge.Merge(shards, manifest, ManifestHash.Compute(bytes!), diagnostics);
        foreach (var diagnostic in diagnostics.Items)
        {
            Console.WriteLine(diagnostic);
        }

        if (merged is null)
        {
            return 1;
        }

        var envelope = DsseEnvelope.Sign(DsseEnvelope.InTotoPayloadType, System.Text.Encoding.UTF8.GetBytes(merged.ToJson()), key);
        Stamping.AtomicFile.WriteIfChanged(Path.GetFullPath(outputPath), envelope.ToJson());
        Console.WriteLine($"merged {shards.Count} shard(s), {merged.Subjects.Count} file(s), into {outputPath}, signed with key {key.KeyId.Substring(0, 12)}; verified at {merged.VerifiedAt:yyyy-MM-dd'T'HH:mm'Z'}.");
        return 0;
    }
}
