namespace Provenance.Verification;

/// <summary>How digests are verified: <c>cached</c> skips files whose identity is unchanged since they last verified; <c>full</c> reads every byte.</summary>
public enum DigestVerification
{
    Cached,
    Full,
}
