package io.addralloc.engine;

import io.addralloc.result.Finding;

/**
 * A finding a suppression took out of the count: it leaves the console's list of problems but is
 * counted in the summary, and SARIF keeps it as a suppressed result.
 *
 * @param finding the finding, as checked
 * @param inSource true when an {@code addralloc:ignore} comment in the file suppressed it (SARIF's
 *     {@code inSource}), false when the suppressions file did ({@code external})
 * @param reason why, as the suppression says (empty when it gives none)
 * @param by where the suppression stands, {@code path:line} (the suppressions file's entry, or the comment)
 */
public record SuppressedFinding(Finding finding, boolean inSource, String reason, String by) {
    public SuppressedFinding {
        reason = reason == null ? "" : Finding.escape(reason.strip());
        by = Finding.escape(by);
    }
}
