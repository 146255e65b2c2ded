using System;
using System.IO;
using Microsoft.Win32.SafeHandles;
using Provenance.Verification;

namespace Provenance.Files;

/// <summary>
/// A file opened once, below its data root, for reading: the identity comes from the open handle, and the bytes are read
/// from that same handle, so no rename, link or swap between a check and a read can substitute other bytes.
/// </summary>
public sealed class OpenedFile : IDisposable
{
    private readonly SafeFileHandle handle;
    private readonly Func<SafeFileHandle, FileIdentity> identityOf;

    internal OpenedFile(SafeFileHandle handle, FileIdentity identity, Func<SafeFileHandle, FileIdentity> identityOf)
    {
        this.handle = handle;
        this.identityOf = identityOf;
        Identity = identity;
    }

    /// <summary>The identity of the opened file when it was opened.</summary>
    public FileIdentity Identity { get; }

    /// <summary>The identity of the opened file now (after reading, to catch writes during the read).</summary>
    public FileIdentity CurrentIdentity() => identityOf(handle);

    /// <summary>A stream over the handle; disposing it leaves the handle to this object.</summary>
    public Stream OpenRead() => new FileStream(new SafeFileHandle(handle.DangerousGetHandle(), ownsHandle: false), System.IO.FileAccess.Read, bufferSize: 1);

    public void Dispose() => handle.Dispose();
}

/// <summary>The outcome of opening (or looking at) a file below a data root.</summary>
public sealed class OpenResult
{
    public OpenResult(OpenStatus status, FileIdentity identity, OpenedFile? file = null, string? problem = null)
    {
        Status = status;
        Identity = identity;
        File = file;
        Problem = problem;
    }

    public OpenStatus Status { get; }

    /// <summary>The identity of what the path names, from the handle; default when it could not be opened.</summary>
    public FileIdentity Identity { get; }

    /// <summary>The open file, when opened for reading; the caller disposes it.</summary>
    public OpenedFile? File { get; }

    /// <summary>The system's reason, for <see cref="OpenStatus.Unreadable"/>.</summary>
    public string? Problem { get; }

    public static OpenResult Failed(OpenStatus status, string? problem = null) => new(status, default, null, problem);
}
