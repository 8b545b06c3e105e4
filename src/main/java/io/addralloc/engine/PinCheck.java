package io.addralloc.engine;

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
        int line = 0;
        int column = 0;
        String element = "";
        try {
            XmlFile before = XmlFile.parse(content);
            XmlFile after = XmlFile.parse(outcome.newContent());
            String a = before.source().text();
            String b = after.source().text();
            int offset = 0;
            while (offset < a.length() && offset < b.length() && a.charAt(offset) == b.charAt(offset)) {
                offset++;
            }
            // Inserted text starts with a tag: back to the end of the tag before it, so that the element
            // found is the one the insertion goes into, not the one it goes before.
            offset = a.lastIndexOf('>', Math.max(offset - 1, 0)) + 1;
            LocatedElement at = FindingElements.of(before).at(before.source().line(offset),
                    before.source().column(offset));
            if (at != null) {
                line = at.line();
                column = at.column();
                element = at.identity();
            }
        } catch (XmlSyntaxError e) {
            // assign changes only files that parse; keep the finding on the whole file otherwise.
        }
        return new Finding(Rule.PIN_UNPINNED, requirePinned ? Severity.ERROR : Rule.PIN_UNPINNED.severity(), path, line,
                column, "not pinned: assign would " + changes(outcome) + ", starting here; libvirt fills these in on"
                        + " define, differently as hosts and versions differ. Run mvn addralloc:assign and commit the"
                        + " result", element, null);
    }

    /** {@code add 6 addresses and 4 elements}, {@code change 1 value}: what assign would do, in words. */
    static String changes(FileAssigner.Outcome o) {
        StringBuilder sb = new StringBuilder();
        if (o.addresses() > 0 || o.elements() > 0) {
            sb.append("add ").append(count(o.addresses(), "address", "addresses"));
            if (o.elements() > 0) {
                sb.append(o.addresses() > 0 ? " and " : "").append(count(o.elements(), "element", "elements"));
            }
        }
        if (o.replacements() > 0) {
            sb.append(sb.length() > 0 ? " and " : "").append("change ")
                    .append(count(o.replacements(), "value", "values"));
        }
        return sb.length() > 0 ? sb.toString() : "change this file";
    }

    private static String count(int n, String one, String many) {
        return n == 0 ? "" : n + " " + (n == 1 ? one : many);
    }
}
