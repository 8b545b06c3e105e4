package io.addralloc.libvirt;

import io.addralloc.libvirt.domain.DefineSimulation;
import io.addralloc.libvirt.domain.Problem;
import io.addralloc.libvirt.write.DomainWriter;
import io.addralloc.libvirt.write.UnifiedDiff;
import io.addralloc.libvirt.xml.XmlFile;
import io.addralloc.libvirt.xml.XmlSyntaxError;
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
     * @param diff a unified diff of the change, or null when nothing changes
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
        XmlFile xml;
        try {
            xml = XmlFile.parse(content);
        } catch (XmlSyntaxError e) {
            return new Outcome(FileChecker.unreadable(path, e), null, 0, 0, 0, null);
        }
        if (!xml.root().getName().equals("domain")) {
            // assign writes only domains, but reports what verify reports of the rest.
            return new Outcome(FileChecker.check(path, xml), null, 0, 0, 0, null);
        }
        DefineSimulation.Outcome sim = DefineSimulation.run(xml.root());
        List<Finding> findings = new ArrayList<>();
        if (sim.unsupportedReason() != null) {
            findings.add(new Finding(Rule.DOMAIN_NOT_SUPPORTED, Rule.DOMAIN_NOT_SUPPORTED.severity(), path,
                    xml.root().line(), xml.root().column(), sim.unsupportedReason() + "; this file is left as it is"));
        }
        for (Problem p : sim.problems()) {
            findings.add(DomainVerifier.toFinding(path, xml.root(), p));
        }
        FileResult result = new FileResult(path, FileKind.DOMAIN, findings, FileFacts.ofDomain(xml.root()));
        if (result.hasErrors() || sim.domain() == null) {
            return new Outcome(result, null, 0, 0, 0, null);
        }
        DomainWriter.Result written = DomainWriter.write(xml, sim.domain(), macs);
        if (written.text() == null) {
            return new Outcome(result, null, 0, 0, 0, null);
        }
        return new Outcome(result, xml.source().encode(written.text()), written.addresses(), written.elements(),
                written.replacements(), UnifiedDiff.of(path, xml.source().text(), written.text()));
    }
}
