package io.addralloc.engine;

import io.addralloc.libvirt.write.DomainWriter;
import io.addralloc.libvirt.xml.LocatedElement;
import io.addralloc.libvirt.xml.XmlFile;
import io.addralloc.libvirt.xml.XmlSyntaxError;
import io.addralloc.result.Finding;
import io.addralloc.result.FindingElements;
import io.addralloc.rules.Rule;
import io.addralloc.rules.Severity;

/**
 * The pinned check ({@link Rule#PIN_UNPINNED}): verify's equivalent of {@code spotless:check} for
 * addresses. A file that assign would change gets one finding, at the first element assign would
 * change, saying how much it would add; a warning, or an error with {@code requirePinned}.
 */
public final class PinCheck {
    private PinCheck() {}

    /**
     * The finding for a file assign would change, or null when it would leave it as it is.
     *
     * @param path the file as reported
     * @param content the file's bytes as they are
     * @param outcome what assign would do to them ({@link FileAssigner#assign}, or a completed draft)
     * @param requirePinned whether an unpinned file is an error
     */
    public static Finding unpinned(String path, byte[] content, FileAssigner.Outcome outcome, boolean requirePinned) {
        if (!outcome.changed()) {
            return null;
        }
        XmlFile before;
        String after;
        try {
            before = XmlFile.parse(content);
            after = XmlFile.parse(outcome.newContent()).source().text();
        } catch (XmlSyntaxError e) {
            // assign changes only files that parse; keep the finding on the whole file otherwise.
            return finding(path, null, changes(outcome), requirePinned);
        }
        return finding(path, firstChanged(before, after), changes(outcome), requirePinned);
    }

    /**
     * The finding for a file that verify has parsed ({@code before}) and that assign would write as
     * {@code written}, or null when that leaves the file as it is. verify's way: no second parse of
     * the file and none of the text assign would write, which cost more than the rest of the check.
     */
    static Finding unpinned(String path, XmlFile before, DomainWriter.Result written, boolean requirePinned) {
        if (written.text() == null) {
            return null;
        }
        return finding(path, firstChanged(before, written.text()),
                changes(written.addresses(), written.elements(), written.replacements()), requirePinned);
    }

    /** The element of {@code before} that the first change of its text into {@code after} goes into, or null. */
    private static LocatedElement firstChanged(XmlFile before, String after) {
        String a = before.source().text();
        int offset = 0;
        while (offset < a.length() && offset < after.length() && a.charAt(offset) == after.charAt(offset)) {
            offset++;
        }
        // Inserted text starts with a tag: back to the end of the tag before it, so that the element
        // found is the one the insertion goes into, not the one it goes before.
        offset = a.lastIndexOf('>', Math.max(offset - 1, 0)) + 1;
        return FindingElements.at(before, before.source().line(offset), before.source().column(offset));
    }

    private static Finding finding(String path, LocatedElement at, String changes, boolean requirePinned) {
        return new Finding(Rule.PIN_UNPINNED, requirePinned ? Severity.ERROR : Rule.PIN_UNPINNED.severity(), path,
                at == null ? 0 : at.line(), at == null ? 0 : at.column(), "not pinned: assign would " + changes
                        + ", starting here; libvirt fills these in on define, differently as hosts and versions differ."
                        + " Run mvn addralloc:assign and commit the result", at == null ? "" : at.identity(), null);
    }

    /** {@code add 6 addresses and 4 elements}, {@code change 1 value}: what assign would do, in words. */
    static String changes(FileAssigner.Outcome o) {
        return changes(o.addresses(), o.elements(), o.replacements());
    }

    private static String changes(int addresses, int elements, int replacements) {
        StringBuilder sb = new StringBuilder();
        if (addresses > 0 || elements > 0) {
            sb.append("add ").append(count(addresses, "address", "addresses"));
            if (elements > 0) {
                sb.append(addresses > 0 ? " and " : "").append(count(elements, "element", "elements"));
            }
        }
        if (replacements > 0) {
            sb.append(sb.length() > 0 ? " and " : "").append("change ")
                    .append(count(replacements, "value", "values"));
        }
        return sb.length() > 0 ? sb.toString() : "change this file";
    }

    private static String count(int n, String one, String many) {
        return n == 0 ? "" : n + " " + (n == 1 ? one : many);
    }
}
