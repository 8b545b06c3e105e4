package io.addralloc.result;

import io.addralloc.libvirt.xml.LocatedElement;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.dom4j.Element;

/**
 * What identifies a finding across edits of its file: its rule, its file's path and the element it
 * is about, never its line or its message. SARIF's {@code addralloc/v2} fingerprints hash
 * {@link #key}; the baseline keeps the parts as they are, and names the element by
 * {@link #elementKey}, which also survives devices inserted before it.
 */
public final class FindingFingerprint {
    private FindingFingerprint() {}

    /** Rule, path and element in one string: what SARIF's fingerprint hashes. */
    public static String key(Finding f, String path) {
        return f.rule().id() + "\n" + path + "\n" + f.element();
    }

    /** The key with which of the alike findings of a file this is (1 for the first), hashed: 32 hex digits. */
    public static String hash(String key, int occurrence) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] d = sha.digest((key + "\n" + occurrence).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /**
     * The element {@code f} is about, as the baseline names it. A finding on an element of its file
     * ({@link Finding#element()} a path from the root) is named by {@link #elementKey} of the element
     * at its position, when the file's tree is given and holds one there; a finding the checks across
     * files name by a value ({@code mac 52:54:00:00:00:01}) keeps that; else {@link Finding#element()}.
     * The same file gives the same name whether or not the result came from the cache, as long as the
     * tree is given whenever the file has findings.
     */
    public static String element(Finding f, FindingElements elements) {
        if (elements == null || !f.element().startsWith("/")) {
            return f.element();
        }
        LocatedElement at = elements.at(f);
        return at == null ? f.element() : Finding.escape(elementKey(at));
    }

    /**
     * The element by its names from the root, each step qualified by what identifies it among its
     * siblings, not by its place: {@code /domain/devices/interface[mac=52:54:00:00:00:02]/address},
     * {@code /domain/devices/disk[target=vdb]}, {@code /domain/devices/controller[type=pci,index=3]}.
     * An alias names any device ({@code [alias=ua-net0]}). A step with nothing that identifies it is
     * counted among its siblings of that name that also have nothing ({@code [2]}, only when there are
     * several), and a value two siblings share is counted the same way ({@code [target=vda][2]}).
     */
    public static String elementKey(Element e) {
        Element parent = e.getParent();
        String ident = identifying(e);
        String step = e.getQualifiedName();
        List<Element> alike = parent == null ? List.of(e) : parent.elements(e.getQName()).stream()
                .filter(s -> java.util.Objects.equals(identifying(s), ident)).toList();
        if (ident != null) {
            step += "[" + ident + "]";
        }
        if (alike.size() > 1) {
            step += "[" + (alike.indexOf(e) + 1) + "]";
        }
        return (parent == null ? "" : elementKey(parent)) + "/" + step;
    }

    /** What identifies a device (or a DHCP host) among its siblings, or null. */
    static String identifying(Element e) {
        String alias = attribute(e.element("alias"), "name");
        if (alias != null) {
            return "alias=" + alias;
        }
        return switch (e.getName()) {
            case "interface" -> first("mac=", lower(attribute(e.element("mac"), "address")),
                    "target=", attribute(e.element("target"), "dev"));
            case "disk" -> first("target=", attribute(e.element("target"), "dev"));
            case "filesystem" -> first("target=", attribute(e.element("target"), "dir"));
            case "controller" -> e.attributeValue("type") == null ? null
                    : "type=" + e.attributeValue("type") + (e.attributeValue("index") == null ? ""
                            : ",index=" + e.attributeValue("index"));
            case "channel", "serial", "console", "parallel" -> first("target=", attribute(e.element("target"), "name"),
                    "port=", attribute(e.element("target"), "port"));
            case "hostdev" -> hostdevSource(e.element("source"));
            case "host" -> first("mac=", lower(e.attributeValue("mac")), "name=", e.attributeValue("name"));
            default -> null;
        };
    }

    private static String hostdevSource(Element source) {
        if (source == null) {
            return null;
        }
        Element a = source.element("address");
        if (a != null && a.attributeValue("bus") != null) {
            StringBuilder sb = new StringBuilder("source=");
            for (String name : List.of("domain", "bus", "slot", "function", "device")) {
                if (a.attributeValue(name) != null) {
                    sb.append(sb.length() > 7 ? "," : "").append(name).append(':').append(a.attributeValue(name));
                }
            }
            return sb.toString();
        }
        String vendor = attribute(source.element("vendor"), "id");
        String product = attribute(source.element("product"), "id");
        return vendor == null && product == null ? null : "source=" + vendor + ":" + product;
    }

    private static String attribute(Element e, String name) {
        return e == null ? null : e.attributeValue(name);
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }

    /** The first value given, after its label; null when none is. */
    private static String first(String... labelValue) {
        for (int i = 0; i < labelValue.length; i += 2) {
            if (labelValue[i + 1] != null && !labelValue[i + 1].isBlank()) {
                return labelValue[i] + labelValue[i + 1].strip();
            }
        }
        return null;
    }
}
