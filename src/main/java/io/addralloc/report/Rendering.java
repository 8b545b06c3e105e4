package io.addralloc.report;

import java.io.IOException;
import java.io.UncheckedIOException;

/** A report written to an {@link Appendable} as it is made, and the same report as a string. */
@FunctionalInterface
public interface Rendering {
    void writeTo(Appendable out) throws IOException;

    /** The report as a string (tests, and callers that want it whole). */
    static String asString(Rendering r) {
        StringBuilder sb = new StringBuilder();
        try {
            r.writeTo(sb);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringBuilder does not fail
        }
        return sb.toString();
    }
}
