package io.addralloc.libvirt;

import java.util.List;

/**
 * What checking one file found.
 *
 * @param path the file as reported (relative to the project)
 * @param kind what the file is
 * @param findings every finding, in {@link Finding#ORDER}
 */
public record FileResult(String path, FileKind kind, List<Finding> findings) {
    public FileResult {
        findings = findings.stream().sorted(Finding.ORDER).toList();
    }

    public boolean hasErrors() {
        return findings.stream().anyMatch(f -> f.severity() == Severity.ERROR);
    }
}
