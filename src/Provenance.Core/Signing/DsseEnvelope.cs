using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace Provenance.Signing;

/// <summary>
/// A DSSE envelope (github.com/secure-systems-lab/dsse, v1): the payload's exact bytes, its type, and signatures over the
/// pre-authentication encoding PAE(type, payload) = "DSSEv1" SP len(type) SP type SP len(payload) SP payload.
/// </summary>
public sealed class DsseEnvelope
{
    public const string InTotoPayloadType = "application/vnd.in-toto+json";

    public DsseEnvelope(string payloadType, byte[] payload, IReadOnlyList<(string KeyId, byte[] Signature)> signatures)
    {
        PayloadType = payloadType;
        Payload = payload;
        Signatures = signatures;
    }

    public string PayloadType { get; }

    public byte[] Payload { get; }

    public IReadOnlyList<(string KeyId, byte[] Signature)> Signatures { get; }

    public static byte[] PreAuthenticationEncoding(string payloadType, byte[] payload)
    {
        var type = Encoding.UTF8.GetBytes(payloadType);
        var header = Encoding.ASCII.GetBytes(string.Format(CultureInfo.InvariantCulture, "DSSEv1 {0} ", type.Length));
        var middle = Encoding.ASCII.GetBytes(string.Format(CultureInfo.InvariantCulture, " {0} ", payload.Length));
        return header.Concat(type).Concat(middle).Concat(payload).ToArray();
    }

    public static DsseEnvelope Sign(string payloadType, byte[] payload, SigningKey key) =>
        new(payloadType, payload, new[] { (key.KeyId, key.Sign(PreAuthenticationEncoding(payloadType, payload))) });

    /// <summary>The signatures made by <paramref name="key"/> that verify; empty when none does.</summary>
    public bool IsSignedBy(SigningKey key) =>
        Signatures.Any(s => (s.KeyId.Length == 0 || s.KeyId == key.KeyId) && key.Verify(PreAuthenticationEncoding(PayloadType, Payload), s.Signature));

    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("payloadType", PayloadType);
            json.WriteString("payload", Convert.ToBase64String(Payload));
            json.WriteStartArray("signatures");
            foreach (var (keyId, signature) in Signatures)
            {
                json.WriteStartObject();
                json.WriteString("keyid", keyId);
                json.WriteString("sig", Convert.ToBase64String(signature));
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    /// <summary>Parses an envelope; null with <paramref name="problem"/> when it is not one.</summary>
    public static DsseEnvelope? FromJson(string text, out string problem)
    {
        problem = string.Empty;
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("payloadType", out var type) || type.ValueKind != JsonValueKind.String
                || !root.TryGetProperty("payload", out var payload) || payload.ValueKind != JsonValueKind.String
                || !root.TryGetProperty("signatures", out var signatures) || signatures.ValueKind != JsonValueKind.Array)
            {
                problem = "it is not a DSSE envelope (payloadType, payload and signatures are required)";
                return null;
            }

            var list = new List<(string, byte[])>();
            foreach (var signature in signatures.EnumerateArray())
            {
                var keyId = signature.TryGetProperty("keyid", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString()! : string.Empty;
                if (!signature.TryGetProperty("sig", out var sig) || sig.ValueKind != JsonValueKind.String)
                {
                    problem = "a signature has no 'sig'";
                    return null;
                }

                list.Add((keyId, Convert.FromBase64String(sig.GetString()!)));
            }

            return new DsseEnvelope(type.GetString()!, Convert.FromBase64String(payload.GetString()!), list);
        }
        catch (Exception ex) when (ex is JsonException or FormatException)
        {
            problem = $"it is not a DSSE envelope ({ex.GetType().Name})";
            return null;
        }
    }
}
