using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Provenance.Signing;

namespace Provenance.Trace;

/// <summary>A build record as trace reads it: from provenance.intoto.json, or from the payload of its DSSE envelope.</summary>
public sealed class BuildRecordFile
{
    private BuildRecordFile(string path, byte[] statement, DsseEnvelope? envelope, IReadOnlyList<(string Name, string Sha256)> subjects, string manifestPath, string manifestHash, string? project)
    {
        Path = path;
        Statement = statement;
        Envelope = envelope;
        Subjects = subjects;
        ManifestPath = manifestPath;
        ManifestHash = manifestHash;
        Project = project;
    }

    /// <summary>The file read: the record, or the envelope when only it was found.</summary>
    public string Path { get; }

    /// <summary>The statement's exact bytes.</summary>
    public byte[] Statement { get; }

    /// <summary>The envelope beside the record (or the file itself), when there is one.</summary>
    public DsseEnvelope? Envelope { get; private set; }

    public string? EnvelopePath { get; private set; }

    public IReadOnlyList<(string Name, string Sha256)> Subjects { get; }

    /// <summary>The manifest as the record names it: relative to the project, '/' separated.</summary>
    public string ManifestPath { get; }

    /// <summary><c>sha256:&lt;64 hex&gt;</c>.</summary>
    public string ManifestHash { get; }

    /// <summary>The project, relative to the record's folder; null in records older than this field.</summary>
    public string? Project { get; }

    /// <summary>Reads a record or an envelope; null with <paramref name="problem"/> when the file is neither.</summary>
    public static BuildRecordFile? Read(string path, out string problem)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            problem = ex.Message;
            return null;
        }

        DsseEnvelope? envelope = null;
        string? envelopePath = null;
        var text = System.Text.Encoding.UTF8.GetString(bytes);
        if (text.Contains("\"payloadType\"", StringComparison.Ordinal))
        {
            envelope = DsseEnvelope.FromJson(text, out problem);
            if (envelope is null)
            {
                return null;
            }

            envelopePath = path;
            bytes = envelope.Payload;
        }

        var record = Parse(path, bytes, out problem);
        if (record is null)
        {
            return null;
        }

        if (envelope is null)
        {
            var sibling = System.IO.Path.ChangeExtension(path, ".dsse.json");
            if (File.Exists(sibling))
            {
                envelope = DsseEnvelope.FromJson(File.ReadAllText(sibling), out _);
                envelopePath = envelope is null ? null : sibling;
            }
        }

        record.Envelope = envelope;
        record.EnvelopePath = envelopePath;
        return record;
    }

    private static BuildRecordFile? Parse(string path, byte[] statement, out string problem)
    {
        problem = string.Empty;
        try
        {
            using var document = JsonDocument.Parse(statement);
            var root = document.RootElement;
            if (!root.TryGetProperty("_type", out var type) || type.GetString() != Stamping.BuildRecordWriter.StatementType
                || !root.TryGetProperty("predicate", out var predicate) || !predicate.TryGetProperty("manifest", out var manifest))
            {
                problem = "it is not a Provenance.Build record (an in-toto Statement v1 with a manifest in its predicate)";
                return null;
            }

            var subjects = root.TryGetProperty("subject", out var list) && list.ValueKind == JsonValueKind.Array
                ? list.EnumerateArray().Select(s => (s.GetProperty("name").GetString() ?? string.Empty, s.GetProperty("digest").GetProperty("sha256").GetString() ?? string.Empty)).ToList()
                : new List<(string, string)>();
            var hash = "sha256:" + manifest.GetProperty("digest").GetProperty("sha256").GetString();
            var project = predicate.TryGetProperty("project", out var p) ? p.GetString() : null;
            return new BuildRecordFile(path, statement, null, subjects, manifest.GetProperty("path").GetString() ?? string.Empty, hash, project);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            problem = $"it is not a readable build record ({ex.GetType().Name})";
            return null;
        }
    }
}
