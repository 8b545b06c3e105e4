package io.addralloc.engine;

import io.addralloc.libvirt.define.DefineSimulation;
import io.addralloc.libvirt.model.Problem;
import io.addralloc.libvirt.write.DomainWriter;
import io.addralloc.libvirt.write.UnifiedDiff;
import io.addralloc.libvirt.xml.SourceText;
import io.addralloc.libvirt.xml.XmlFile;
import io.addralloc.libvirt.xml.XmlSyntaxError;
import io.addralloc.result.FileResult;
import io.addralloc.result.Finding;
import io.addralloc.rules.Rule;
import java.util.ArrayList;
import java.util.List;

/**
 * The entry point of the libvirt layer for {@code assign}: checks one file like
 * {@link FileChecker} and, when it has no errors, computes the file with every address libvirt
 * would choose written in. Stateless and thread-safe. Writing the bytes is the caller's job.
 */
public final class FileAssigner {

    /**
     * What assign would do to one file.
     *
     * @param result the check result (a file with errors is never rewritten)
     * @param newContent the new bytes, or null when the file stays as it is
     * @param addresses addresses added or completed
     * @param elements device elements added (controllers, hubs, balloon, video)
     * @param replacements values the edit had to change rather than insert: placeholders libvirt
     *     itself replaces, such as {@code port='0'} or a function on an all-zero PCI address
     * @param diff a unified diff of the change, or null when nothing changes or no diff was asked for
     */
    public record Outcome(FileResult result, byte[] newContent, int addresses, int elements, int replacements,
            String diff) {
        public boolean changed() {
            return newContent != null;
        }
    }

    public Outcome assign(String path, byte[] content) {
        return assign(path, content, List.of());
    }

    /**
     * What assign does to one file.
     *
     * @param macs MACs for the interfaces that have none, in document order (see {@link MacPlan})
     */
    public Outcome assign(String path, byte[] content, List<String> macs) {
        return draft(path, content, macs, true).complete(macs);
    }

    /**
     * What assign does to one file, except for the MACs of interfaces that have none: those
     * depend on every other file of the build (see {@link MacPlan}), so a build drafts every
     * file first and completes the drafts that {@link Draft#wantsMacs() want MACs} once all
     * results are in. The file is parsed and simulated once either way; a draft keeps its new
     * text, not its document.
     *
     * @param withDiff whether the outcome carries a unified diff (only a dry run prints one)
     */
    public Draft draft(String path, byte[] content, boolean withDiff) {
        return draft(path, content, null, withDiff);
    }

    /** @param macs the MACs to write, or null to leave a placeholder for each interface without one */
    private static Draft draft(String path, byte[] content, List<String> macs, boolean withDiff) {
        XmlFile xml;
        try {
            xml = XmlFile.parse(content);
        } catch (XmlSyntaxError e) {
            return Draft.unchanged(FileChecker.unreadable(path, e));
        }
        if (!xml.root().getName().equals("domain")) {
            // assign writes only domains, but reports what verify reports of the rest.
            return Draft.unchanged(FileChecker.check(path, xml));
        }
        DefineSimulation.Outcome sim = DefineSimulation.run(xml.root());
        List<Finding> findings = new ArrayList<>();
        if (sim.unsupportedReason() != null) {
            findings.add(new Finding(Rule.DOMAIN_NOT_SUPPORTED, Rule.DOMAIN_NOT_SUPPORTED.severity(), path,
                    xml.root().line(), xml.root().column(), sim.unsupportedReason() + "; this file is left as it is",
                    xml.root().identity(), null));
        }
        io.addralloc.libvirt.xml.LocatedElement.Identities ids = new io.addralloc.libvirt.xml.LocatedElement.Identities();
        for (Problem p : sim.problems()) {
            findings.add(DomainVerifier.toFinding(path, xml.root(), p, ids));
        }
        FileResult result = DomainVerifier.result(path, xml, sim, findings);
        if (result.hasErrors() || sim.domain() == null) {
            return Draft.unchanged(result);
        }
        int wanted = macs != null ? 0 : DomainWriter.interfacesWithoutMac(xml.root()).size();
        DomainWriter.Result written = DomainWriter.write(xml, sim.domain(), macs != null ? macs
                : Draft.placeholders(wanted));
        return new Draft(path, wanted > 0 ? content : null, result, xml.source(), written, wanted, withDiff);
    }


    /**
     * What assign would write into a domain verify has already parsed and simulated, for the pinned
     * check: the same edit as {@link #assign}, without a diff; null for a file with errors.
     *
     * @param macs MACs for the interfaces that have none (any valid ones will do to count the edit)
     */
    static DomainWriter.Result written(XmlFile xml, DefineSimulation.Outcome sim, FileResult result, List<String> macs) {
        if (result.hasErrors() || sim == null || sim.domain() == null) {
            return null;
        }
        return DomainWriter.write(xml, sim.domain(), macs);
    }

    /**
     * A file's outcome but for the MACs of its interfaces that have none; while it waits for
     * them it holds the new text with a placeholder for each MAC, and the file's bytes in case
     * fewer MACs come than it has such interfaces.
     */
    public static final class Draft {
        private final String path;
        private final byte[] content;
        private final FileResult result;
        private final SourceText source;
        private final DomainWriter.Result written;
        private final int wanted;
        private final boolean withDiff;

        private Draft(String path, byte[] content, FileResult result, SourceText source, DomainWriter.Result written,
                int wanted, boolean withDiff) {
            this.path = path;
            this.content = content;
            this.result = result;
            this.source = source;
            this.written = written;
            this.wanted = wanted;
            this.withDiff = withDiff;
        }

        private static Draft unchanged(FileResult result) {
            return new Draft(result.path(), null, result, null, null, 0, false);
        }

        /** The check result, which the MACs do not change. */
        public FileResult result() {
            return result;
        }

        /** Whether the file gets MACs, so that {@link #complete} needs the build's plan. */
        public boolean wantsMacs() {
            return wanted > 0;
        }

        /**
         * The outcome with these MACs given, in document order, to the interfaces that have none.
         * Interfaces beyond the list keep having none.
         */
        public Outcome complete(List<String> macs) {
            if (written == null || written.text() == null) {
                return new Outcome(result, null, 0, 0, 0, null);
            }
            String text = written.text();
            if (wanted > 0) {
                if (macs.size() < wanted) {
                    // Only when the 2^24 MACs of 52:54:00 are used up: write the file again with what there is.
                    return draft(path, content, macs, withDiff).complete(macs);
                }
                text = fill(text, macs);
            }
            return new Outcome(result, source.encode(text), written.addresses(), written.elements(),
                    written.replacements(), withDiff ? UnifiedDiff.of(Finding.escape(path), source.text(), text) : null);
        }

        /**
         * Stand-ins for MACs, each unique and impossible in the file itself: XML 1.0 has no way to
         * write U+0000, so any text that parsed holds none.
         */
        static List<String> placeholders(int n) {
            List<String> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(PLACEHOLDER + i + PLACEHOLDER);
            }
            return out;
        }

        private static String fill(String text, List<String> macs) {
            StringBuilder sb = new StringBuilder(text.length() + 16 * macs.size());
            int pos = 0;
            for (int open = text.indexOf(PLACEHOLDER); open >= 0; open = text.indexOf(PLACEHOLDER, pos)) {
                int close = text.indexOf(PLACEHOLDER, open + 1);
                sb.append(text, pos, open).append(macs.get(Integer.parseInt(text.substring(open + 1, close))));
                pos = close + 1;
            }
            return sb.append(text, pos, text.length()).toString();
        }

        private static final String PLACEHOLDER = "\0";
    }
}
