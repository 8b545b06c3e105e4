package io.addralloc.engine;

import io.addralloc.libvirt.define.DefineSimulation;
import io.addralloc.libvirt.xml.XmlFile;
import io.addralloc.libvirt.xml.XmlSyntaxError;
import io.addralloc.result.FileFacts;
import io.addralloc.result.FileKind;
import io.addralloc.result.FileResult;
import io.addralloc.result.Finding;
import io.addralloc.rules.Rule;
import io.addralloc.rules.Severity;
import java.util.List;

/**
 * The entry point of the libvirt layer for {@code verify}: turns the bytes of one file into a
 * {@link FileResult}. Stateless and thread-safe; one instance can check files in parallel.
 */
public final class FileChecker {

    /**
     * Checks one file.
     *
     * @param path the path to report (relative to the project, forward slashes)
     * @param content the file's bytes, exactly as stored
     */
    public FileResult check(String path, byte[] content) {
        XmlFile xml;
        try {
            xml = XmlFile.parse(content);
        } catch (XmlSyntaxError e) {
            return unreadable(path, e);
        }
        return check(path, xml);
    }

    /**
     * What verify finds in one file, with what the report draws: the parsed file and, for a
     * domain, the simulation's outcome, which holds the domain as libvirt will have it.
     *
     * @param xml the parsed file, or null when it is not XML
     * @param simulation the simulated define of a domain, or null for any other file
     */
    public record Inspection(FileResult result, XmlFile xml, DefineSimulation.Outcome simulation) {
    }

    /** Checks one file as {@link #check(String, byte[])} does, and keeps what was read and simulated. */
    public Inspection inspect(String path, byte[] content) {
        XmlFile xml;
        try {
            xml = XmlFile.parse(content);
        } catch (XmlSyntaxError e) {
            return new Inspection(unreadable(path, e), null, null);
        }
        if (!xml.root().getName().equals("domain")) {
            return new Inspection(check(path, xml), xml, null);
        }
        DefineSimulation.Outcome sim = DefineSimulation.run(xml.root());
        return new Inspection(DomainVerifier.result(path, xml, sim, DomainVerifier.findings(path, xml, sim)), xml, sim);
    }

    /** Checks a file already parsed (assign parses it itself and reports non-domains through here). */
    static FileResult check(String path, XmlFile xml) {
        String root = xml.root().getName();
        return switch (root) {
            case "domain" -> DomainVerifier.verify(path, xml);
            case "network" -> new FileResult(path, FileKind.NETWORK, NetworkChecks.findings(path, xml),
                    FileFacts.ofNetwork(xml.root()));
            default -> new FileResult(path, FileKind.FOREIGN, List.of());
        };
    }

    /** The result for a file that is not XML; the message never quotes the file's content. */
    public static FileResult unreadable(String path, XmlSyntaxError e) {
        Finding f = new Finding(Rule.XML_NOT_WELL_FORMED, Severity.ERROR, path, e.line(), e.column(),
                "not well-formed XML: " + e.getMessage());
        return new FileResult(path, FileKind.UNREADABLE, List.of(f));
    }
}
