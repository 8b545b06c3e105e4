package io.addralloc.libvirt;

import io.addralloc.libvirt.xml.XmlFile;
import io.addralloc.libvirt.xml.XmlSyntaxError;
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
