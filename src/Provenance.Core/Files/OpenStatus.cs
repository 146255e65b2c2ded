namespace Provenance.Files;

/// <summary>Why a file below a data root could, or could not, be opened.</summary>
public enum OpenStatus
{
    Opened,
    Missing,
    Directory,

    /// <summary>A FIFO, device or socket: no fixed bytes, and opening some of them blocks.</summary>
    NotRegular,

    /// <summary>A symbolic link (or '..' inside a link target) leads out of the data root, or a link is absolute.</summary>
    Escapes,
    LinkLoop,
    Unreadable,
}
