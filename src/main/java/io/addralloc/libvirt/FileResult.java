package io.addralloc.libvirt;

import java.util.ArrayList;
import java.util.List;

/**
 * What checking one file found.
 *
 * @param path the file as reported (relative to the project)
 * @param kind what the file is
 * @param findings every finding, in {@link Finding#ORDER}
 * @param facts what the checks across files need of this file
 */
public record FileResult(String path, FileKind kind, List<Finding> findings, FileFacts facts) {
    public FileResult {
        findings = findings.stream().sorted(Finding.ORDER).toList();
    }

    public FileResult(String path, FileKind kind, List<Finding> findings) {
        this(path, kind, findings, FileFacts.NONE);
    }

    public boolean hasErrors() {
        return findings.stream().anyMatch(f -> f.severity() == Severity.ERROR);
    }

    /** This result with {@code more} findings added. */
    public FileResult plus(List<Finding> more) {
        if (more.isEmpty()) {
            return this;
        }
        List<Finding> all = new ArrayList<>(findings);
        all.addAll(more);
        return new FileResult(path, kind, all, facts);
    }
}
