package io.addralloc.engine;

import io.addralloc.libvirt.define.DefineSimulation;
import io.addralloc.libvirt.model.Problem;
import io.addralloc.libvirt.xml.LocatedElement;
import io.addralloc.libvirt.xml.XmlFile;
import io.addralloc.result.FileFacts;
import io.addralloc.result.FileKind;
import io.addralloc.result.FileResult;
import io.addralloc.result.Finding;
import io.addralloc.rules.Rule;
import java.util.ArrayList;
import java.util.List;

/** Checks one libvirt domain by simulating libvirt's define and reporting what it would refuse. */
final class DomainVerifier {
    private DomainVerifier() {}

    /** The domain's result: its findings, and the facts the checks across files and the hot-plug rule need. */
    static FileResult verify(String path, XmlFile xml) {
        DefineSimulation.Outcome outcome = DefineSimulation.run(xml.root());
        return result(path, xml, outcome, findings(path, xml, outcome));
    }

    static FileResult result(String path, XmlFile xml, DefineSimulation.Outcome outcome, List<Finding> findings) {
        return new FileResult(path, FileKind.DOMAIN, findings, FileFacts.ofDomain(xml.root())
                .withHotplug(HotplugCapacity.measure(outcome, xml.root())));
    }

    static List<Finding> findings(String path, XmlFile xml, DefineSimulation.Outcome outcome) {
        List<Finding> findings = new ArrayList<>();
        if (outcome.unsupportedReason() != null) {
            findings.add(new Finding(Rule.DOMAIN_NOT_SUPPORTED, Rule.DOMAIN_NOT_SUPPORTED.severity(), path,
                    xml.root().line(), xml.root().column(), outcome.unsupportedReason()
                            + "; this file's addresses are not checked", xml.root().identity(), null));
        }
        LocatedElement.Identities ids = new LocatedElement.Identities();
        for (Problem p : outcome.problems()) {
            findings.add(toFinding(path, xml.root(), p, ids));
        }
        return findings;
    }

    static Finding toFinding(String path, LocatedElement root, Problem p, LocatedElement.Identities ids) {
        LocatedElement at = p.at() != null ? p.at() : root;
        LocatedElement other = p.other();
        return new Finding(p.rule(), p.severity(), path, at.line(), at.column(), p.message(), ids.of(at),
                other == null ? null : new Finding.Related(null, other.line(), other.column(), ids.of(other)));
    }
}
