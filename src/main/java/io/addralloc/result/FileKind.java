package io.addralloc.result;

/** What a scanned file turned out to be. */
public enum FileKind {
    /** A libvirt {@code <domain>}: checked. */
    DOMAIN,
    /** A libvirt {@code <network>}: checked. */
    NETWORK,
    /** Well-formed XML of some other kind: skipped and counted. */
    FOREIGN,
    /** Not readable as XML at all: one finding says why. */
    UNREADABLE
}
