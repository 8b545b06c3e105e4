package io.addralloc.rules;

/** How much a finding matters. Only {@link #ERROR} can fail a build. */
public enum Severity {
    /** libvirt would refuse the file, or the file cannot be read at all. */
    ERROR,
    /** libvirt accepts the file, but it probably does not do what its author meant. */
    WARNING,
    /** Worth knowing; never a problem. */
    INFO;

    /** The lower-case word used in console lines and reports ({@code error}, ...). */
    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
