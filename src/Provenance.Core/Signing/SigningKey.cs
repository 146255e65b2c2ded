using System;
using System.Security.Cryptography;
using Provenance.Verification;

namespace Provenance.Signing;

/// <summary>
/// An ECDSA P-256 key from PEM (PKCS#8 "PRIVATE KEY", SEC1 "EC PRIVATE KEY", or "PUBLIC KEY" to verify): the key type
/// cosign generates and verifies. The key id is the lowercase hex SHA-256 of the public key's SubjectPublicKeyInfo. No
/// message of this type ever holds key material.
/// </summary>
public sealed class SigningKey : IDisposable
{
    private const string P256 = "1.2.840.10045.3.1.7";
    private readonly ECDsa key;

    private SigningKey(ECDsa key, bool hasPrivateKey)
    {
        this.key = key;
        HasPrivateKey = hasPrivateKey;
#if NET
        KeyId = FileDigest.ComputeSha256(key.ExportSubjectPublicKeyInfo());
#else
        KeyId = string.Empty;
#endif
    }

    public string KeyId { get; }

    public bool HasPrivateKey { get; }

    /// <summary>Reads a PEM key; null with <paramref name="problem"/> (never the key's text) when it cannot be used.</summary>
    public static SigningKey? FromPem(string pem, out string problem)
    {
#if NET
        problem = string.Empty;
        if (pem.Contains("ENCRYPTED PRIVATE KEY", StringComparison.Ordinal))
        {
            problem = "the key is encrypted with a passphrase; give an unencrypted PKCS#8 or SEC1 key (keep it in a CI secret, not in the repository)";
            return null;
        }

        var ecdsa = ECDsa.Create();
        try
        {
            ecdsa.ImportFromPem(pem);
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            ecdsa.Dispose();
            problem = IsOtherKeyType(pem)
                ? "the key is not an ECDSA key; Provenance.Build signs with ECDSA P-256 (`provenance keygen`, or `openssl ecparam -name prime256v1 -genkey`)"
                : "the file holds no PEM ECDSA key (PKCS#8 'PRIVATE KEY', SEC1 'EC PRIVATE KEY' or 'PUBLIC KEY')";
            return null;
        }

        var parameters = ecdsa.ExportParameters(includePrivateParameters: false);
        if (parameters.Curve.Oid?.Value != P256 && parameters.Curve.Oid?.FriendlyName is not ("nistP256" or "ECDSA_P256" or "prime256v1"))
        {
            ecdsa.Dispose();
            problem = $"the key is on curve {parameters.Curve.Oid?.FriendlyName ?? "unknown"}, not P-256 (prime256v1)";
            return null;
        }

        bool hasPrivate;
        try
        {
            hasPrivate = ecdsa.ExportParameters(includePrivateParameters: true).D is not null;
        }
        catch (CryptographicException)
        {
            hasPrivate = false;
        }

        return new SigningKey(ecdsa, hasPrivate);
#else
        problem = "signing needs the .NET MSBuild (dotnet build); the .NET Framework MSBuild cannot read PEM keys";
        return null;
#endif
    }

#if NET
    private static bool IsOtherKeyType(string pem)
    {
        if (pem.Contains("BEGIN OPENSSH", StringComparison.Ordinal))
        {
            return true;
        }

        using var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(pem);
            return true;
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            return false;
        }
    }
#endif

    /// <summary>A new P-256 key pair, as PKCS#8 and SubjectPublicKeyInfo PEM.</summary>
    public static (string PrivatePem, string PublicPem, string KeyId) Generate()
    {
#if NET
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return (ecdsa.ExportPkcs8PrivateKeyPem(), ecdsa.ExportSubjectPublicKeyInfoPem(), FileDigest.ComputeSha256(ecdsa.ExportSubjectPublicKeyInfo()));
#else
        throw new PlatformNotSupportedException("Key generation needs .NET 8.");
#endif
    }

    /// <summary>The public half as PEM (SubjectPublicKeyInfo).</summary>
    public string PublicPem()
    {
#if NET
        return key.ExportSubjectPublicKeyInfoPem();
#else
        throw new PlatformNotSupportedException();
#endif
    }

    /// <summary>ECDSA over SHA-256 of <paramref name="data"/>, DER-encoded (as openssl and cosign expect).</summary>
    public byte[] Sign(byte[] data)
    {
#if NET
        return key.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
#else
        throw new PlatformNotSupportedException();
#endif
    }

    public bool Verify(byte[] data, byte[] derSignature)
    {
#if NET
        try
        {
            return key.VerifyData(data, derSignature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        }
        catch (CryptographicException)
        {
            return false;
        }
#else
        return false;
#endif
    }

    public void Dispose() => key.Dispose();
}
